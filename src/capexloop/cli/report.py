"""``report`` and ``dashboard``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ._app import app
from ._common import AsOfOpt, DatasetOpt, DbOpt, ScopeOpt, resolve_ledger


@app.command("dashboard")
def dashboard_cmd(
    dataset: DatasetOpt = None, db: DbOpt = None,
    host: Annotated[str, typer.Option(help="interface to bind (default: this machine only)")] =
    "127.0.0.1",
    port: Annotated[int, typer.Option(help="port")] = 8050,
) -> None:
    """Open the interactive dashboard (needs the [dashboard] extra)."""
    from .._console import console
    from ..errors import CapexloopError

    try:
        from ..dashboard.app import serve
    except ImportError:
        raise CapexloopError("the dashboard needs the [dashboard] extra: pip install "
                             "'capexloop[dashboard]'", field="dashboard") from None
    led = resolve_ledger(dataset, db, default="ai2025")
    console.print(f"dashboard on http://{host}:{port}/ (Ctrl-C to stop)")
    serve(led, host=host, port=port)


@app.command()
def report(
    dataset: DatasetOpt = None, db: DbOpt = None,
    out: Annotated[Path, typer.Option("-o", "--out", help="HTML file")] = Path(
        "capexloop-report.html"),
    sections: Annotated[str | None, typer.Option(help="comma-separated subset of sections")] = None,
    scope: ScopeOpt = "all",
    as_of: AsOfOpt = None,
) -> None:
    """Write the self-contained offline HTML report (of the ledger as of --as-of, stated in
    its header)."""
    from .._console import console
    from ..report import write_report

    led = resolve_ledger(dataset, db, default="ai2025", as_of=as_of)
    keys = [s.strip() for s in sections.split(",")] if sections else None
    write_report(led, out, sections=keys, scope=scope)
    console.print(f"[green]wrote[/] {out}" + (f" (as of {led.as_of})" if led.as_of else ""))
