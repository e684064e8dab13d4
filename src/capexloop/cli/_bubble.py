"""``capexloop bubble``: its options as plain data and its body, typer-free (the typer command in
:mod:`capexloop.cli.bubble` and the fast path of :mod:`capexloop.cli._fast` both call
:func:`run`)."""

from __future__ import annotations

from pathlib import Path

from ._fast import Opt

__all__ = ["CVS", "FREQS", "ICS", "OPTIONS", "run"]

#: The choices of ``--freq``, ``--ic`` and ``--cv``.
FREQS = ("M", "W", "D")
ICS = ("aic", "bic")
CVS = ("mc", "wild")

OPTIONS = (
    Opt("--dataset", "dataset", "str", None, aliases=("-d",)),
    Opt("--csv", "csv", "path", None),
    Opt("--ledger-series", "ledger_series", "str", None),
    Opt("--db", "db", "path", None),
    Opt("--freq", "freq", FREQS, "M"),
    Opt("--min-window", "min_window", "int", None),
    Opt("--lags", "lags", "int", 0),
    Opt("--ic", "ic", ICS, None),
    Opt("--cv", "cv", CVS, "mc"),
    Opt("--reps", "reps", "int", None),
    Opt("--seed", "seed", "int", 0),
    Opt("--log", "log", "flag", False, off="--no-log"),
    Opt("--json", "as_json", "flag", False),
)


def run(dataset: str | None = None, csv: Path | None = None, ledger_series: str | None = None,
        db: Path | None = None, freq: str = "M", min_window: int | None = None, lags: int = 0,
        ic: str | None = None, cv: str = "mc", reps: int | None = None, seed: int = 0,
        log: bool = False, as_json: bool = False) -> None:
    """Run the PSY tests on the series and print the summary and the episodes (or JSON)."""
    from ..studies.bubble import bubble_run

    led = None
    if ledger_series:
        from ..ledger.open import open_ledger

        led = open_ledger(None, db, "ai2025")
    res = bubble_run(dataset=dataset, csv=csv, ledger_series=ledger_series, ledger=led,
                     freq=freq, min_window=min_window, lags=lags, ic=ic, cv=cv, reps=reps,
                     seed=seed, log=log, progress=not as_json)
    if as_json:
        from ._json import emit_json

        return emit_json(res.to_dict())
    from itertools import pairwise

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
