"""The telecom-2000 vs AI-2025 analogy table: each row computed from the datasets and cited."""

from __future__ import annotations

import pandas as pd

from ..ledger.model import Ledger
from ..network.mix import financing_mix

__all__ = ["analogy_table"]


def _obs(led: Ledger, entity: str, metric: str):
    o = led.observation(entity, metric)
    return (o.value, o.sources) if o else (None, [])


def _fmt_range(r, pct=False, suffix="") -> str:
    if r is None:
        return "missing"
    f = (lambda x: f"{x:.0%}") if pct else (lambda x: f"{x:.3g}{suffix}")
    return f(r.low) if r.is_point else f"{f(r.low)}–{f(r.high)}"


def analogy_table(telecom: Ledger, ai: Ledger) -> pd.DataFrame:
    """Rows: measure, telecom 2000, AI 2025, how computed, sources."""
    tel = telecom
    rows = []

    lit, s1 = _obs(tel, "us_fiber_sector", "fiber_lit_share")
    util, s2 = _obs(ai, "openai", "gpu_utilization")
    rows.append(("capacity in use", f"{_fmt_range(lit, True)} of fiber lit (2002)",
                 f"{_fmt_range(util, True)} GPU utilisation", "stated", s1 + s2))

    capex, a = _obs(tel, "clec_sector", "capex")
    rev, b = _obs(tel, "clec_sector", "revenue")
    ai_capex, c = _obs(ai, "openai", "capex_plan_10y")
    ai_rev, d = _obs(ai, "openai", "revenue")
    clec = capex.mid / rev.mid
    lab = (ai_capex.mid / 10) / ai_rev.mid
    rows.append(("capex per $ of revenue", f"{clec:.2f}× (CLECs 1999)",
                 f"{lab:.1f}× (OpenAI: $1T over 10 years / 2025 revenue)",
                 "capex / revenue", a + b + c + d))

    commit, e = _obs(ai, "openai", "compute_commitments")
    rows.append(("commitments per $ of revenue", "missing",
                 f"{commit.mid / ai_rev.mid:.0f}× (OpenAI)", "commitments / revenue", e + d))

    de, f = _obs(tel, "clec_sector", "debt_to_equity")
    ext, g = _obs(tel, "clec_sector", "external_funding_share")
    mix_t, mix_a = financing_mix(tel), financing_mix(ai)
    rows.append(("leverage", f"debt/equity above {de.mid:g} (CLECs); >{ext.low:.0%} externally "
                 "funded", "labs funded by equity; debt share of vendor financing "
                 f"{mix_a.shares()['debt']:.0%}", "stated; financing mix from the ledger",
                 f + g))

    sh_t, sh_a = mix_t.shares(), mix_a.shares()
    src_t = sorted({s for x in tel.deals if x.is_financing for s in x.sources})
    src_a = sorted({s for x in ai.deals if x.is_financing for s in x.sources})
    rows.append(("vendor financing mix", f"loans {sh_t['debt']:.0%}, equity {sh_t['equity']:.0%}",
                 f"equity & warrants {sh_a['equity']:.0%}, loans {sh_a['debt']:.0%}, "
                 f"backstops {sh_a['contingent']:.0%}", "ledger deals by kind (seed E14 claim "
                 "computed)", src_t + src_a))

    vf_t, h = _obs(tel, "clec_sector", "vendor_credit_received")
    vf_a = mix_a.by_group().sum()
    rows.append(("vendor financing extended", f"more than ${vf_t.mid / 1e9:.0f}B (Lucent, Nortel, "
                 "Cisco)", f"${vf_a / 1e9:.0f}B (NVIDIA, AMD, CoreWeave, Microsoft; known amounts)",
                 "stated; sum of ledger vendor-financing deals", h + src_a))

    claim, i = _obs(tel, "us_fiber_sector", "claimed_traffic_growth_per_year")
    meas, j = _obs(tel, "us_fiber_sector", "measured_traffic_growth_per_year")
    loss, k = _obs(ai, "openai", "operating_loss")
    ratio, m = _obs(ai, "openai", "operating_loss_to_revenue")
    rev28 = loss.mid / ratio.mid
    g_ai = (rev28 / ai_rev.mid) ** (1 / 3) - 1
    rows.append(("growth claimed vs measured",
                 f"'doubling every 90 days' = {2 ** (365 / 90):.1f}×/yr (seed says {claim.mid:g}×) "
                 f"vs {meas.mid:g}×/yr measured",
                 f"OpenAI plan 2025→2028: {1 + g_ai:.2f}×/yr ($13B → ${rev28 / 1e9:.0f}B); "
                 "measured: missing", "2^(365/90); (loss/share ÷ revenue)^(1/3)", i + j + d + k + m))

    top3, n_ = _obs(tel, "lucent", "top3_customer_share")
    top2, o = _obs(ai, "nvidia", "top2_customer_share")
    top4, p = _obs(ai, "nvidia", "top4_customer_share")
    rows.append(("customer concentration", f"Lucent top 3: {top3.mid:.0%} (1999)",
                 f"NVIDIA top 2: {top2.mid:.0%}, top 4: {top4.mid:.0%}", "reported", n_ + o + p))

    dd, q = _obs(tel, "nasdaq", "drawdown_from_peak")
    drop, r = _obs(ai, "nvidia", "daily_return")
    rows.append(("market stress so far", f"Nasdaq {dd.mid:.0%} peak to trough",
                 f"NVIDIA {drop.mid:.0%} in a day (4 Nov 2025)", "reported", q + r))
    df = pd.DataFrame(rows, columns=["measure", "telecom_2000", "ai_2025", "how", "sources"])
    df["sources"] = df["sources"].map(lambda s: "; ".join(sorted(set(s))))
    return df
