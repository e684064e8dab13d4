"""``circularity``, ``map`` and ``history``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ._app import app
from ._common import AsOfOpt, DatasetOpt, DbOpt, JsonOpt, ScopeOpt, emit_json, money, resolve_ledger


@app.command("circularity")
def circularity_cmd(
    dataset: DatasetOpt = None, db: DbOpt = None,
    max_len: Annotated[int, typer.Option("--max-len", help="longest cycle (entities)")] = 4,
    amount: Annotated[str, typer.Option(help="point of ranges: low | mid | high")] = "mid",
    start: Annotated[str | None, typer.Option(help="window start YYYY-MM-DD")] = None,
    end: Annotated[str | None, typer.Option(help="window end YYYY-MM-DD")] = None,
    top: Annotated[int, typer.Option(help="cycles to list")] = 10,
    rows: Annotated[int, typer.Option(help="largest vendors / labs listed per table (--json "
                                           "has all)")] = 50,
    scope: ScopeOpt = "all",
    as_of: AsOfOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Round-trip revenue, money cycles, Finn cycling index, financing mix, concentration."""
    from ..network import circularity

    led = resolve_ledger(dataset, db, default="ai2025")
    res = circularity(led, max_len=max_len, amount=amount, start=start, end=end,  # type: ignore[arg-type]
                      scope=scope, as_of=as_of)
    if as_json:
        return emit_json(res.to_dict(top_cycles=top))
    from rich.table import Table

    from .._console import console
    from ..network.cycles import bottleneck_text

    console.print(f"scope: [bold]{res.scope.value}[/] — {res.scope.label}"
                  + (f"; as of [bold]{res.as_of}[/]" if res.as_of else ""))
    rt = res.round_trip.to_frame()
    t = Table("vendor", "ledger revenue", "financing given", "round trip (proportional)",
              "upper bound (earmarked)", "share", title=f"{res.name}: round-trip revenue")
    for r in rt.head(rows).itertuples():
        t.add_row(r.entity, money(r.revenue), money(r.financing_out), money(r.round_trip),
                  money(r.round_trip_upper), f"{r.share:.1%} .. {r.share_upper:.1%}")
    tot = res.round_trip.totals()
    t.caption = (f"system: {money(tot['proportional'])} .. {money(tot['earmarked'])} of "
                 f"{money(tot['revenue'])} ({tot['share']:.1%} .. {tot['share_upper']:.1%})")
    if len(rt) > rows:
        t.caption += f"; {rows} of {len(rt)} vendors listed"
    console.print(t)
    cap = res.round_trip.capped
    if cap["proportional"] or cap["earmarked"]:
        console.print(f"[yellow]capped at scale:[/] {cap['proportional']} vendors not traced "
                      f"proportionally (0 in the system total), {cap['earmarked']} with the bound "
                      "min(financing, revenue) instead of an exact earmarked max-flow")
    floor = ("" if res.cycles.complete else
             f", bottleneck >= {money(res.cycles.min_bottleneck)}: enumeration capped")
    ct = Table("bottleneck", "cycle",
               title=f"{len(res.cycles)} money cycles (<= {max_len}{floor})")
    for c, b in list(res.cycles)[:top]:
        ct.add_row(bottleneck_text(b), " → ".join((*c, c[0])))
    console.print(ct)
    console.print(f"Finn cycling index: [bold]{res.finn.fci:.4f}[/] "
                  f"({money(res.finn.cycled_throughflow)} of {money(res.finn.total_throughflow)}"
                  " throughflow cycles)"
                  + (f"; at most {res.finn.fci_high:.4f} ({res.finn.capped} small nodes bounded)"
                     if res.finn.capped else ""))
    if res.structure is not None:
        console.print(res.structure.summary().splitlines()[0])
    console.print(res.mix.summary())
    console.print(res.mix_all.summary())
    if len(res.concentration):
        cc = Table("vendor", "revenue", "customers", "HHI", "top1", "top2", "top4",
                   title="customer concentration (ledger flows)")
        for r in res.concentration.head(rows).itertuples():
            cc.add_row(r.vendor, money(r.revenue), str(r.customers), f"{r.hhi:.3f}",
                       f"{r.top1:.0%}", f"{r.top2:.0%}", f"{r.top4:.0%}")
        console.print(cc)
    for r in res.reported_concentration.itertuples():
        console.print(f"reported: {r.vendor} {r.date}: {r.shares} → HHI ≥ {r.hhi_min:.3f} "
                      f"({r.sources})")
    cov_rows = res.coverage
    if len(cov_rows) > rows:
        cov_rows = cov_rows.sort_values("commitments_ledger", ascending=False, kind="stable")
        console.print(f"coverage: {rows} largest of {len(cov_rows)} labs")
    for r in cov_rows.head(rows).itertuples():
        cov = "n/a" if r.coverage != r.coverage else f"{r.coverage:.0f}x revenue"
        rev = f"{money(r.revenue)} ({r.revenue_year})" if r.revenue == r.revenue else "n/a"
        console.print(f"coverage: {r.lab}: commitments {money(r.commitments_stated)} stated, "
                      f"{money(r.commitments_ledger)} in ledger deals; revenue {rev}; {cov}"
                      + (f"; missing: {r.missing}" if r.missing else ""),
                      markup=False, highlight=False)
    if res.unknown_deals:
        console.print(f"[yellow]{len(res.unknown_deals)} deals of unknown amount left out:[/] "
                      + ", ".join(res.unknown_deals[:rows])
                      + (", …" if len(res.unknown_deals) > rows else ""))


@app.command("map")
def map_cmd(
    dataset: DatasetOpt = None, db: DbOpt = None,
    out: Annotated[Path, typer.Option("-o", "--out", help="svg, png, pdf or dot")] = Path(
        "map.svg"),
    amount: Annotated[str, typer.Option(help="point of ranges: low | mid | high")] = "mid",
    scope: ScopeOpt = "all",
    as_of: AsOfOpt = None,
) -> None:
    """Draw the three-layer map (goods solid blue seller → buyer, financing dotted red
    financier → recipient, non-binding dashed pale; a legend says so)."""
    from .._console import console
    from ..network import render_map

    render_map(resolve_ledger(dataset, db, default="ai2025", as_of=as_of), out,
               amount=amount, scope=scope)  # type: ignore[arg-type]
    console.print(f"[green]wrote[/] {out} (scope: {scope}"
                  + (f"; as of {as_of}" if as_of else "") + ")")


@app.command("history")
def history_cmd(
    dataset: DatasetOpt = None, db: DbOpt = None,
    start: Annotated[str | None, typer.Option(
        help="first quarter (2024Q1, 2024-03-31) [default: the first dated deal]")] = None,
    end: Annotated[str | None, typer.Option(
        help="last quarter [default: the last dated deal, or --as-of]")] = None,
    amount: Annotated[str, typer.Option(help="point of ranges: low | mid | high")] = "mid",
    scope: ScopeOpt = "all",
    as_of: AsOfOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Exposure quarter by quarter: round-trip share, lab commitments vs revenue and the
    financing mix, each quarter on the ledger as it stood at the quarter's end."""
    from .._console import console
    from ..network.history import exposure_history

    res = exposure_history(resolve_ledger(dataset, db, default="ai2025", as_of=as_of),
                           start, end, amount=amount, scope=scope)  # type: ignore[arg-type]
    if as_json:
        return emit_json(res.to_dict())
    console.print(res.summary(), markup=False, highlight=False)
    console.print(f"data: {res.source}", markup=False, highlight=False)
