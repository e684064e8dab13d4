"""Report section: the three-layer map and the circularity tables."""

from __future__ import annotations

from markupsafe import Markup

from ..network import circularity, financing_mix
from ..network.mapplot import map_svg
from ..studies.circularity import round_trip_sources
from ..studies.reference import ai_reference, telecom_reference
from .build import ReportContext, render, section

MAP_LIMIT = 150



@section("circularity", "Circularity: the three-layer map, round trips and cycles", data="both",
         says="Data: the ledger {ledger}; the financing-mix table also shows the reference "
              "datasets ai2025 and telecom2000 for comparison.")
def circularity_section(ctx: ReportContext) -> str:
    led = ctx.ledger
    res = circularity(led, scope=ctx.scope)
    too_big = len(led.entities) > MAP_LIMIT
    svg = "" if too_big else (map_svg(led, scope=ctx.scope) or "")
    both = res.structure.finances_and_sells if res.structure is not None else ()
    rt = res.round_trip.to_frame()
    mixes = []
    for ref in (ai_reference(), telecom_reference()):
        mx = financing_mix(ref)
        mixes.append({"name": ref.name, "shares": list(mx.shares()), "usd": mx.by_group().sum(),
                      "sources": sorted({s for d in ref.deals if d.is_financing
                                         for s in d.sources})})
    return render(
        ctx, "circularity", too_big=too_big, map_limit=MAP_LIMIT, n_entities=len(led.entities),
        svg=Markup(svg),
        round_trips=[r._asdict() | {"sources": round_trip_sources(led, r.entity)}
                     for r in rt.head(30).itertuples()],
        system=res.round_trip.totals(), n_cycles=len(res.cycles), max_len=res.cycles.max_len,
        fci=res.finn.fci, cycled=res.finn.cycled_throughflow,
        throughflow=res.finn.total_throughflow,
        cycles=[{"path": " → ".join((*c, c[0])), "bottleneck": b}
                for c, b in list(res.cycles)[:15]],
        n_unknown_cycles=res.cycles.unknown_count, finance_and_sell=list(both),
        scope=res.scope.value, scope_label=res.scope.label,
        mixes=mixes, reported=res.reported_concentration.to_dict(orient="records"),
        concentration=res.concentration.to_dict(orient="records"),
        coverage=res.coverage.to_dict(orient="records"), unknown=list(res.unknown_deals))


def _history_says(ctx: ReportContext) -> str:
    return "Data: " + ctx.history().source + "."


@section("history", "Circularity over time: quarter by quarter", says=_history_says)
def history_section(ctx: ReportContext) -> str:
    from .charts import history_chart
    from .figures import report_figure

    h = ctx.history()
    rows = h.table.to_dict(orient="records")
    fig = report_figure(history_chart(h), "circularity-history") if rows else None
    return render(ctx, "history", rows=rows, figure=fig)
