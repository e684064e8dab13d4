"""``circularity``, ``map`` and ``history``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ._app import app
from ._circularity import run as run_circularity
from ._common import AsOfOpt, DatasetOpt, DbOpt, JsonOpt, ScopeOpt, emit_json, resolve_ledger


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
    # plain invocations reach run_circularity without typer (capexloop.cli._fast)
    run_circularity(dataset, db, max_len=max_len, amount=amount, start=start, end=end, top=top,
                    rows=rows, scope=scope, as_of=as_of, as_json=as_json)


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
