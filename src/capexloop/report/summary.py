"""The five numbers at the top of the report, each computed from the engines with sources."""

from __future__ import annotations

import html

from ..ledger.datasets import load_dataset
from ..ledger.model import Ledger
from ..ledger.quantities import format_usd
from ..network import commitment_coverage, financing_mix, round_trip
from ..studies.circularity import round_trip_sources
from ..studies.economics import breakeven_inputs, reference_breakeven
from ..studies.stress import lead_lab_scenario

__all__ = ["executive_summary"]


def executive_summary(ledger: Ledger, src, scenario=None) -> list[dict]:
    """Up to five headline numbers; a number whose inputs are missing is left out. Values are
    HTML (entity ids are slugs; the ledger's name is escaped)."""
    items = []
    cov = commitment_coverage(ledger)
    cov = cov[cov.coverage == cov.coverage]
    if len(cov):
        r = cov.sort_values("coverage", ascending=False).iloc[0]
        items.append({"value": f"{r.coverage:.0f}×", "label": f"{r.lab}'s commitments "
                      f"({format_usd(r.commitments)}, {r.commitments_basis}) over its revenue "
                      f"({format_usd(r.revenue)}, {r.revenue_year})",
                      "sources": src(r.sources)})
    rt = round_trip(ledger).to_frame()
    if len(rt):
        r = rt.iloc[0]
        srcs = round_trip_sources(ledger, r.entity)
        items.append({"value": f"{r.share:.0%}–{r.share_upper:.0%}", "label": f"of {r.entity}'s "
                      "ledger revenue is its own financing coming back", "sources": src(srcs)})
    sc = scenario if scenario is not None else lead_lab_scenario(ledger)
    big = sc.largest_loss()
    if big is not None:
        who, usd = big
        sim = sc.run.simulation
        srcs = sorted({s for a in sim.inputs.balance.assumptions for s in a.source.split("; ")
                       if s.startswith("seed:")} | {"seed:D5", "seed:D6"})
        items.append({"value": format_usd(usd),
                      "label": f"losses at {who} over {sim.inputs.years[0]}–"
                      f"{sim.inputs.years[-1]} if {sc.lab}'s revenue is {sc.shortfall:.0%} below "
                      f"plan (scope {sim.inputs.scope}). {sim.baseline_gap()}",
                      "sources": src(srcs)})
    inp = breakeven_inputs(ledger)
    b = reference_breakeven(ledger)
    items.append({"value": f"${b.revenue[0] / 1e12:.1f}–{b.revenue[1] / 1e12:.0f}T/yr",
                  "label": f"AI revenue needed to earn {inp.roe:.0%} on "
                  f"{format_usd(inp.capex)} (the seed says $3.3–6T)",
                  "sources": src(["seed:F1", "seed:F3"])})
    mine, tel = financing_mix(ledger).shares(), financing_mix(load_dataset("telecom2000")).shares()
    if mine.sum() == mine.sum() and mine.sum() > 0:
        items.append({"value": f"{mine['equity']:.0%} equity", "label": "of vendor financing "
                      f"in {html.escape(ledger.name)}; telecom 2000: {tel['debt']:.0%} loans",
                      "sources": src(["seed:E14", "seed:C16", "seed:D3"])})
    for it in items:
        it["title"] = html.escape(it["label"])
    return items[:5]
