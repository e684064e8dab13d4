"""The seeds' own arithmetic, recomputed from their stated assumptions (the ``CHECK`` items).

Each :class:`SeedCheck` holds the claim as the seed states it, the value computed from the
figures stored in the datasets, the formula, and whether the two agree within a tolerance.
Nothing here copies a rounded claim: the computed value is what analyses use.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from .model import Ledger
from .quantities import Range

__all__ = ["SeedCheck", "checks_frame", "seed_checks"]


@dataclass(frozen=True)
class SeedCheck:
    """A seed claim next to the value computed from its own assumptions."""

    id: str
    what: str
    claimed: Range
    computed: Range
    unit: str
    formula: str
    rel_tol: float = 0.005
    at_least: bool = False

    @property
    def difference(self) -> tuple[float, float]:
        """``computed - claimed`` at the low and the high end."""
        return (self.computed.low - self.claimed.low, self.computed.high - self.claimed.high)

    @property
    def agrees(self) -> bool:
        """Within ``rel_tol`` at both ends (or, for an 'above X' claim, not below X)."""
        if self.at_least:
            return self.computed.low >= self.claimed.low
        return all(math.isclose(c, k, rel_tol=self.rel_tol) for c, k in
                   ((self.computed.low, self.claimed.low), (self.computed.high, self.claimed.high)))


def _obs(led: Ledger, entity: str, metric: str, date: str) -> float:
    o = led.observation(entity, metric, date)
    if o is None:
        raise KeyError(f"{entity}.{metric}@{date}")
    return o.value.low


def _gw(led: Ledger, payee: str) -> float:
    return sum(d.capacity_gw or 0.0 for d in led.active_deals()
               if d.payer == "openai" and d.payee == payee)


def _r(lo: float, hi: float | None = None) -> Range:
    return Range(low=lo, high=lo if hi is None else hi)


def seed_checks(ai: Ledger, telecom: Ledger) -> list[SeedCheck]:
    """Recompute every seed CHECK (and related derived figures) from the stored assumptions."""
    p = {x.id: x.value for x in ai.parameters}
    out: list[SeedCheck] = []
    # E12: committed compute in GW, sum of the parts
    parts = {v: _gw(ai, v) for v in ("nvidia", "amd", "broadcom", "oracle")}
    parts["coreweave"] = _obs(ai, "openai", "committed_compute_gw_coreweave", "2025-11")
    total_gw = sum(parts.values())
    out.append(SeedCheck("E12", "OpenAI committed compute", _r(_obs(ai, "openai",
               "committed_compute_gw", "2025-11")), _r(total_gw), "GW",
               " + ".join(f"{k} {v:g}" for k, v in parts.items()) + f" = {total_gw:g} (lower bound)"))
    # A2: 2028 revenue implied by a $74B loss at three quarters of revenue
    loss = _obs(ai, "openai", "operating_loss", "2028")
    share = _obs(ai, "openai", "operating_loss_to_revenue", "2028")
    out.append(SeedCheck("A2", "OpenAI 2028 revenue implied by its loss", _r(99e9), _r(loss / share),
                         "USD", f"{loss / 1e9:g}B / {share:g}"))
    # F2/F3/F5: break-even
    capex, dep, roe, tax = (p["ai_total_investment"], p["gpu_depreciation_rate"],
                            p["required_roe"], p["corporate_tax_rate"])
    ebitda = capex * dep + capex * roe / (1 - tax)
    out.append(SeedCheck("F2", "required annual AI EBITDA", _r(2e12), _r(ebitda), "USD",
                         f"capex×dep + capex×roe/(1−tax) = {capex * dep / 1e12:g}T + "
                         f"{capex * roe / 1e12:g}T/{1 - tax:g}"))
    m_lo, m_hi = p["ebitda_margin_cloud"], p["ebitda_margin_nvidia"]
    rev = _r(ebitda / m_hi, ebitda / m_lo)
    out.append(SeedCheck("F3", "required annual AI revenue", _r(3.3e12, 6e12), rev, "USD",
                         f"EBITDA / margin, margin {m_hi:g}..{m_lo:g}"))
    for users, cid in ((1e9, "1b"), (3e9, "3b")):
        claimed = next(o.value for o in ai.observations
                       if o.metric == f"claimed_revenue_per_user_{cid}")
        out.append(SeedCheck("F5", f"revenue per user, {users / 1e9:g}B users", claimed,
                             rev * (1 / users), "USD/user/year", f"required revenue / {users:g}"))
    # C5: doubling every 90 days
    claimed = _obs(telecom, "us_fiber_sector", "claimed_traffic_growth_per_year", "2000")
    out.append(SeedCheck("C5", "'doubling every 90 days' as yearly growth", _r(claimed),
                         _r(2 ** (365 / 90)), "x/year", "2^(365/90)"))
    # D9: Lucent revenue implied by the stated percentages
    for year, metric, pct_metric in (("2000", "customer_financing_allowance",
                                      "customer_financing_allowance_pct_revenue"),
                                     ("2001", "customer_financing_allowance",
                                      "customer_financing_allowance_pct_revenue"),
                                     ("2001", "total_allowances", "total_allowances_pct_revenue"),
                                     ("2001", "customer_financing_drawn",
                                      "customer_financing_drawn_pct_revenue")):
        amt, pct = _obs(telecom, "lucent", metric, year), _obs(telecom, "lucent", pct_metric, year)
        claimed = 28.8e9 if year == "2000" else 21.3e9
        out.append(SeedCheck("D9", f"Lucent FY{year} revenue implied by {metric}", _r(claimed),
                             _r(amt / pct), "USD", f"{amt / 1e6:g}M / {pct:g}"))
    # D8: the three allowances add up
    for year, claimed in (("1999", _obs(telecom, "lucent", "total_allowances", "1999")),
                          ("2001", _obs(telecom, "lucent", "total_allowances", "2001"))):
        parts3 = [_obs(telecom, "lucent", m, year) for m in (
            "customer_financing_allowance", "inventory_reserve", "receivables_allowance")]
        out.append(SeedCheck("D8", f"Lucent total allowances FY{year}", _r(claimed),
                             _r(sum(parts3)), "USD",
                             " + ".join(f"{x / 1e6:g}M" for x in parts3)))
    rev99 = _obs(telecom, "lucent", "revenue", "1999")
    out.append(SeedCheck("D8", "Lucent total allowances FY1999 as share of revenue",
                         _r(_obs(telecom, "lucent", "total_allowances_pct_revenue", "1999")),
                         _r(_obs(telecom, "lucent", "total_allowances", "1999") / rev99), "ratio",
                         "1.06B / 38.3B", rel_tol=0.05))
    # D12: CLEC capex per revenue dollar
    out.append(SeedCheck("D12", "CLEC capex per $ of revenue, 1999",
                         _r(_obs(telecom, "clec_sector", "capex_per_revenue", "1999")),
                         _r(_obs(telecom, "clec_sector", "capex", "1999")
                            / _obs(telecom, "clec_sector", "revenue", "1999")), "ratio",
                         "15.1B / 6.3B"))
    # E6: the four OpenAI contracts together
    four = sum(d.amount_usd.low for d in ai.active_deals() if d.payer == "openai"
               and d.payee in ("oracle", "nvidia", "amd", "broadcom") and d.amount_usd)
    out.append(SeedCheck("E6", "Oracle + NVIDIA + AMD + Broadcom contracts ('above $1T')",
                         _r(1e12), _r(four), "USD",
                         "sum of the four deals (GW-derived where the seed gives GW)",
                         at_least=True))
    return out


def checks_frame(checks: list[SeedCheck]) -> pd.DataFrame:
    return pd.DataFrame([{
        "id": c.id, "what": c.what, "claimed": str(c.claimed), "computed": str(c.computed),
        "unit": c.unit, "formula": c.formula, "agrees": c.agrees,
        "difference": "n/a (lower bound)" if c.at_least else
        " .. ".join(f"{d:+.4g}" for d in sorted(set(c.difference)))} for c in checks])
