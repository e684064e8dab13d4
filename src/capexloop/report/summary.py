"""The five numbers at the top of the report, each computed from the engines with sources."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..ledger.model import Ledger
from ..ledger.quantities import format_usd
from ..network import commitment_coverage, financing_mix, round_trip
from ..studies.circularity import round_trip_sources
from ..studies.economics import breakeven_inputs, reference_breakeven
from ..studies.reference import telecom_reference
from ..studies.stress import lead_lab_scenario

__all__ = ["Headline", "executive_summary"]


@dataclass(frozen=True)
class Headline:
    """One number of the executive summary: its value, what it measures, and its sources."""

    value: str
    label: str
    sources: Sequence[str] | str   # a list, or one ``;``-separated string (as in the tables)


def executive_summary(ledger: Ledger, scenario=None) -> list[Headline]:
    """Up to five headline numbers as text; a number whose inputs are missing is left out.
    The financing-mix comparison uses the reference dataset ``telecom2000``, and says so."""
    items = []
    cov = commitment_coverage(ledger)
    cov = cov[cov.coverage == cov.coverage]
    if len(cov):
        r = cov.sort_values("coverage", ascending=False).iloc[0]
        items.append(Headline(f"{r.coverage:.0f}×", f"{r.lab}'s commitments "
                              f"({format_usd(r.commitments)}, {r.commitments_basis}) over its "
                              f"revenue ({format_usd(r.revenue)}, {r.revenue_year})",
                              r.sources))
    rt = round_trip(ledger).to_frame()
    if len(rt):
        r = rt.iloc[0]
        items.append(Headline(f"{r.share:.0%}–{r.share_upper:.0%}", f"of {r.entity}'s ledger "
                              "revenue is its own financing coming back",
                              round_trip_sources(ledger, r.entity)))
    sc = scenario if scenario is not None else lead_lab_scenario(ledger)
    big = sc.largest_loss()
    if big is not None:
        who, usd = big
        sim = sc.run.simulation
        srcs = sorted({s for a in sim.inputs.balance.assumptions for s in a.source.split("; ")
                       if s.startswith("seed:")} | {"seed:D5", "seed:D6"})
        items.append(Headline(format_usd(usd),
                              f"losses at {who} if {sc.lab}'s revenue is {sc.shortfall:.0%} "
                              f"below plan. {sc.headline}. {sim.baseline_gap()}", tuple(srcs)))
    inp = breakeven_inputs(ledger)
    b = reference_breakeven(ledger)
    items.append(Headline(f"${b.revenue[0] / 1e12:.1f}–{b.revenue[1] / 1e12:.0f}T/yr",
                          f"AI revenue needed to earn {inp.roe:.0%} on "
                          f"{format_usd(inp.capex)} (the seed says $3.3–6T)",
                          ("seed:F1", "seed:F3")))
    mine = financing_mix(ledger).shares()
    tel = financing_mix(telecom_reference()).shares()
    if mine.sum() == mine.sum() and mine.sum() > 0:
        items.append(Headline(f"{mine['equity']:.0%} equity", "of vendor financing in "
                              f"{ledger.name}; telecom 2000: {tel['debt']:.0%} loans",
                              ("seed:E14", "seed:C16", "seed:D3")))
    return items[:5]
