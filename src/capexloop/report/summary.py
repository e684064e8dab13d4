"""The five numbers at the top of the report, each computed from the engines with sources."""

from __future__ import annotations

import html

from ..economics import breakeven
from ..ledger.datasets import load_dataset
from ..ledger.model import Ledger
from ..ledger.quantities import format_usd
from ..network import commitment_coverage, financing_mix, round_trip

__all__ = ["executive_summary"]


def executive_summary(ledger: Ledger, src) -> list[dict]:
    """Up to five headline numbers; a number whose inputs are missing is left out."""
    items = []
    cov = commitment_coverage(ledger)
    cov = cov[cov.coverage == cov.coverage]
    if len(cov):
        r = cov.sort_values("coverage", ascending=False).iloc[0]
        items.append({"value": f"{r.coverage:.0f}×", "label": f"{r.lab}'s commitments "
                      f"({format_usd(r.commitments_stated)}) over its revenue",
                      "sources": src(r.sources)})
    rt = round_trip(ledger).to_frame()
    if len(rt):
        r = rt.iloc[0]
        srcs = sorted({s for d in ledger.active_deals() if (d.payer == r.entity and
                       d.is_financing) or (d.payee == r.entity and not d.is_financing)
                       for s in d.sources})
        items.append({"value": f"{r.share:.0%}–{r.share_upper:.0%}", "label": f"of {r.entity}'s "
                      "ledger revenue is its own financing coming back", "sources": src(srcs)})
    from ..studies.stress import stress_run
    from .stress_section import lead_lab

    lab = lead_lab(stress_run(ledger))
    if lab:
        run = stress_run(ledger, shocks={lab: 0.4})
        tot = run.simulation.total_losses()
        if len(tot) and tot.iloc[0] > 0:
            inp = run.simulation.inputs
            srcs = sorted({s for a in inp.balance.assumptions for s in a.source.split("; ")
                           if s.startswith("seed:")} | {"seed:D5", "seed:D6"})
            items.append({"value": format_usd(float(tot.iloc[0])),
                          "label": f"losses at {tot.index[0]} over {inp.years[0]}–"
                          f"{inp.years[-1]} if {lab}'s revenue is 40% below plan (scope "
                          f"{inp.scope}; {run.simulation.baseline_gap()})",
                          "sources": src(srcs)})
    b = breakeven(3e12, 0.30, 0.30, 0.25, [0.6, 0.3])
    items.append({"value": f"${b.revenue[0] / 1e12:.1f}–{b.revenue[1] / 1e12:.0f}T/yr",
                  "label": "AI revenue needed to earn 30% on $3T (the seed says $3.3–6T)",
                  "sources": src(["seed:F1", "seed:F3"])})
    mine, tel = financing_mix(ledger).shares(), financing_mix(load_dataset("telecom2000")).shares()
    if mine.sum() == mine.sum() and mine.sum() > 0:
        items.append({"value": f"{mine['equity']:.0%} equity", "label": "of vendor financing "
                      f"in {ledger.name}; telecom 2000: {tel['debt']:.0%} loans",
                      "sources": src(["seed:E14", "seed:C16", "seed:D3"])})
    for it in items:
        it["title"] = html.escape(it["label"])
    return items[:5]
