"""``bubble``."""

from __future__ import annotations

from enum import StrEnum
from itertools import pairwise
from pathlib import Path
from typing import Annotated

import typer

from ._app import app
from ._common import DbOpt, JsonOpt, emit_json, resolve_ledger

FreqChoice = StrEnum("FreqChoice", {f: f for f in ("M", "W", "D")})
CvChoice = StrEnum("CvChoice", {c: c for c in ("mc", "wild")})
IcChoice = StrEnum("IcChoice", {c: c for c in ("aic", "bic")})


@app.command("bubble")
def bubble_cmd(
    dataset: Annotated[str | None, typer.Option("--dataset", "-d", help="sp500 or nasdaq")] = None,
    csv: Annotated[Path | None, typer.Option(help="date,value CSV of prices")] = None,
    ledger_series: Annotated[str | None, typer.Option(
        "--ledger-series", help="ENTITY.METRIC observations of a ledger (with --db, else "
                                "the ai2025 dataset)")] = None,
    db: DbOpt = None,
    freq: Annotated[FreqChoice, typer.Option(help="resample to M, W or D")] = FreqChoice.M,
    min_window: Annotated[int | None, typer.Option(help="minimum window")] = None,
    lags: Annotated[int, typer.Option(help="fixed lag, or maximum lag with --ic")] = 0,
    ic: Annotated[IcChoice | None, typer.Option(help="choose the lag per window by aic or bic "
                                                     "(psymonitor convention)")] = None,
    cv: Annotated[CvChoice, typer.Option(help="mc (Monte Carlo) or wild (Phillips-Shi 2020)")] =
    CvChoice.mc,
    reps: Annotated[int | None, typer.Option(help="replications for the critical values")] = None,
    seed: Annotated[int, typer.Option(help="random seed")] = 0,
    log: Annotated[bool, typer.Option(help="test the log of the series")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Phillips–Shi–Yu SADF/GSADF/BSADF bubble tests with date-stamped episodes."""
    from ..studies.bubble import bubble_run

    led = resolve_ledger(None, db, default="ai2025") if ledger_series else None
    res = bubble_run(dataset=dataset, csv=csv, ledger_series=ledger_series, ledger=led,
                     freq=freq.value, min_window=min_window, lags=lags,
                     ic=ic.value if ic else None, cv=cv.value, reps=reps, seed=seed, log=log,
                     progress=not as_json)
    if as_json:
        return emit_json(res.to_dict())
    from rich.table import Table

    from .._console import console

    console.print(res.summary())
    eps = res.records
    if not eps:
        console.print("no episode: BSADF never stays above its 95% critical value for the "
                      "minimum duration")
        return None
    t = Table("start", "peak", "end", "duration", "collapse after peak", title="episodes (95%)")
    for r in eps:
        t.add_row(_day(r["start"]), _day(r["peak"]), _day(r["end"]), str(r["duration"]),
                  f"{r['drawdown_after_peak']:.0%}" + (" (collapse)" if r["collapse"] else ""))
    console.print(t)
    for a, b in pairwise(eps):
        gap = _months(b["start"]) - _months(a["end"]) - 1
        if gap <= 1:
            console.print(f"episodes ending {_day(a['end'])} and starting {_day(b['start'])} "
                          f"are {gap} month(s) apart: BSADF dipped below its critical "
                          "value only briefly; read them as one episode")
    return None


def _day(d) -> str:
    """An episode date as ``YYYY-MM-DD`` (positions of an undated series as they are)."""
    import numpy as np

    return str(np.datetime64(d, "D")) if isinstance(d, np.datetime64) else str(d)


def _months(d) -> int:
    """Months since 1970-01 of a date (its position for an undated series)."""
    import numpy as np

    if isinstance(d, np.datetime64):
        return int(np.datetime64(d, "M").astype(np.int64))
    return int(d)
