"""PSY bubble tests as studies: a user's series (the ``bubble`` command) and the reference
settings the report and dashboard use (S&P 500 P/D and the Nasdaq)."""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from .._results import ResultMixin
from ..errors import CapexloopError

__all__ = ["BubbleRun", "bubble_run"]


@dataclass(frozen=True)
class BubbleRun(ResultMixin):
    """A PSY result with critical values, and its date-stamped episodes."""

    series: str
    result: Any  # PSYResult with critical values
    episodes: pd.DataFrame

    def to_dict(self) -> dict[str, Any]:
        res = self.result
        return {
            "series": self.series, "nobs": res.nobs, "min_window": res.min_window,
            "convention": res.convention, "lag": res.lag, "ic": res.ic, "adf": res.adf,
            "sadf": res.sadf, "gsadf": res.gsadf,
            "critical_values": {str(k): v for k, v in res.critical_values.items()},
            "cv_method": res.cv_method,
            "episodes": json.loads(self.episodes.to_json(orient="records", date_format="iso"))}

    def summary(self) -> str:
        return self.result.summary()


def bubble_run(*, dataset: str | None = None, csv: str | Path | None = None,
               ledger_series: str | None = None, ledger=None, freq: str = "M",
               min_window: int | None = None, lags: int = 0, ic: str | None = None,
               cv: str = "mc", reps: int | None = None, seed: int = 0, log: bool = False,
               progress: bool = False) -> BubbleRun:
    """GSADF/BSADF on one series: an embedded one (``sp500``, ``nasdaq``), a date,value CSV,
    or ``ENTITY.METRIC`` observations of ``ledger`` (exactly one of the three)."""
    from ..bubble import datestamp, load_series, psy, read_price_csv, with_critical_values

    if sum(x is not None for x in (dataset, csv, ledger_series)) != 1:
        raise CapexloopError("give one of --dataset sp500|nasdaq, --csv FILE or --ledger-series "
                             "ENTITY.METRIC", field="--dataset")
    if ledger_series:
        from ..bubble.series import ledger_series as _ls

        if ledger is None:
            raise CapexloopError("--ledger-series needs a ledger", field="--ledger-series")
        series = _ls(ledger, ledger_series)
    else:
        series = read_price_csv(csv, freq) if csv else load_series(dataset, freq)
    res = psy(series, min_window=min_window, lag=lags, ic=ic or "fixed", log=log)
    res = with_critical_values(res, cv, reps=reps, seed=seed, progress=progress)
    return BubbleRun(str(series.name), res, datestamp(res))


#: The reference bubble tests shown by the report and the dashboard (one setting each).
REFERENCE_SERIES = {
    "sp500": {"title": "S&P 500 price/dividend ratio, 1871–2011 (Shiller; PSY 2015)",
              "min_window": 90, "log": False, "reps": None},
    "nasdaq": {"title": "Nasdaq Composite, monthly (arch.data.nasdaq)", "min_window": None,
               "log": True, "reps": 1000},
}


@functools.cache
def reference_bubble(name: str) -> BubbleRun:
    """PSY with Monte Carlo critical values on a reference series (computed once per process):
    the S&P 500 P/D ratio (minimum window 90, the exuber check values) or the log Nasdaq."""
    from ..bubble import datestamp, nasdaq, psy, sp500_pd, with_critical_values

    cfg = REFERENCE_SERIES[name]
    series = sp500_pd() if name == "sp500" else nasdaq("M")
    res = with_critical_values(psy(series, min_window=cfg["min_window"], log=cfg["log"]), "mc",
                               reps=cfg["reps"])
    return BubbleRun(name, res, datestamp(res))
