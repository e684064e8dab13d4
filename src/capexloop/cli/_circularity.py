"""``capexloop circularity``: its options as plain data and its body, typer-free (the typer
command in :mod:`capexloop.cli.network` and the fast path of :mod:`capexloop.cli._fast` both
call :func:`run`)."""

from __future__ import annotations

from pathlib import Path

from ._fast import Opt
from ._text import money

__all__ = ["OPTIONS", "run"]

OPTIONS = (
    Opt("--dataset", "dataset", "str", None, aliases=("-d",)),
    Opt("--db", "db", "path", None),
    Opt("--max-len", "max_len", "int", 4),
    Opt("--amount", "amount", "str", "mid"),
    Opt("--start", "start", "str", None),
    Opt("--end", "end", "str", None),
    Opt("--top", "top", "int", 10),
    Opt("--rows", "rows", "int", 50),
    Opt("--scope", "scope", "str", "all"),
    Opt("--as-of", "as_of", "str", None),
    Opt("--json", "as_json", "flag", False),
)


def run(dataset: str | None = None, db: Path | None = None, max_len: int = 4,
        amount: str = "mid", start: str | None = None, end: str | None = None, top: int = 10,
        rows: int = 50, scope: str = "all", as_of: str | None = None,
        as_json: bool = False) -> None:
    """Compute every circularity measure of the ledger and print them (tables, or JSON)."""
    from ..ledger.open import open_ledger
    from ..network import circularity

    led = open_ledger(dataset, db, "ai2025")
    res = circularity(led, max_len=max_len, amount=amount, start=start, end=end,  # type: ignore[arg-type]
                      scope=scope, as_of=as_of)
    if as_json:
        from ._json import emit_json

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
