"""``bubble``."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from ._app import app
from ._bubble import CVS, FREQS, ICS
from ._bubble import run as run_bubble
from ._common import DbOpt, JsonOpt

FreqChoice = StrEnum("FreqChoice", {f: f for f in FREQS})
CvChoice = StrEnum("CvChoice", {c: c for c in CVS})
IcChoice = StrEnum("IcChoice", {c: c for c in ICS})


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
    # plain invocations reach run_bubble without typer (capexloop.cli._fast)
    run_bubble(dataset=dataset, csv=csv, ledger_series=ledger_series, db=db, freq=freq.value,
               min_window=min_window, lags=lags, ic=ic.value if ic else None, cv=cv.value,
               reps=reps, seed=seed, log=log, as_json=as_json)
