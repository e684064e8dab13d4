"""PSY bubble tests as studies: a user's series (the ``bubble`` command) and the reference
settings the report and dashboard use (S&P 500 P/D and the Nasdaq)."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from .._results import ResultMixin
from ..errors import CapexloopError

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["BubbleRun", "bubble_run"]


def _json_value(v: Any) -> Any:
    """An episode field as pandas' ``to_json(orient="records", date_format="iso")`` wrote it
    (the format of the ``--json`` output): dates ``YYYY-MM-DDThh:mm:ss.sss``, floats to 10
    decimals, NaN as null, numpy scalars as Python ones."""
    if isinstance(v, np.datetime64):
        return str(np.datetime_as_string(v.astype("datetime64[ms]"), unit="ms"))
    if isinstance(v, float | np.floating):
        return None if v != v else round(float(v), 10)
    return v.item() if isinstance(v, np.generic) else v


@dataclass(frozen=True)
class BubbleRun(ResultMixin):
    """A PSY result with critical values, and its date-stamped episodes (records; the
    ``episodes`` table is built from them on first use)."""

    series: str
    result: Any  # PSYResult with critical values
    records: tuple[dict[str, Any], ...]

    @functools.cached_property
    def episodes(self) -> pd.DataFrame:
        """The episodes as :func:`capexloop.bubble.datestamp` tabulates them."""
        import pandas as pd

        from ..bubble.datestamp import COLUMNS

        return pd.DataFrame(list(self.records), columns=list(COLUMNS))

    def to_dict(self) -> dict[str, Any]:
        res = self.result
        return {
            "series": self.series, "nobs": res.nobs, "min_window": res.min_window,
            "convention": res.convention, "lag": res.lag, "ic": res.ic, "adf": res.adf,
            "sadf": res.sadf, "gsadf": res.gsadf,
            "critical_values": {str(k): v for k, v in res.critical_values.items()},
            "cv_method": res.cv_method,
            "episodes": [{k: _json_value(v) for k, v in r.items()} for r in self.records]}

    def summary(self) -> str:
        return self.result.summary()


def bubble_run(*, dataset: str | None = None, csv: str | Path | None = None,
               ledger_series: str | None = None, ledger=None, freq: str = "M",
               min_window: int | None = None, lags: int = 0, ic: str | None = None,
               cv: str = "mc", reps: int | None = None, seed: int = 0, log: bool = False,
               progress: bool = False) -> BubbleRun:
    """GSADF/BSADF on one series: an embedded one (``sp500``, ``nasdaq``), a date,value CSV,
    or ``ENTITY.METRIC`` observations of ``ledger`` (exactly one of the three)."""
    from ..bubble import episode_records, load_series, psy, read_price_csv, with_critical_values
    from ..bubble.series import sp500_arrays

    if sum(x is not None for x in (dataset, csv, ledger_series)) != 1:
        raise CapexloopError("give one of --dataset sp500|nasdaq, --csv FILE or --ledger-series "
                             "ENTITY.METRIC", field="--dataset")
    dates = None
    if ledger_series:
        from ..bubble.series import ledger_series as _ls

        if ledger is None:
            raise CapexloopError("--ledger-series needs a ledger", field="--ledger-series")
        series = _ls(ledger, ledger_series)
    elif dataset == "sp500":              # read with numpy: no pandas on this path
        dates, series = sp500_arrays()
    else:
        series = read_price_csv(csv, freq) if csv else load_series(dataset, freq)
    name = "sp500_pd_ratio" if dates is not None else str(series.name)
    res = psy(series, min_window=min_window, lag=lags, ic=ic or "fixed", log=log, index=dates)
    res = with_critical_values(res, cv, reps=reps, seed=seed, progress=progress)
    return BubbleRun(name, res, tuple(episode_records(res)))


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
    from ..bubble import episode_records, nasdaq, psy, sp500_pd, with_critical_values

    cfg = REFERENCE_SERIES[name]
    series = sp500_pd() if name == "sp500" else nasdaq("M")
    res = with_critical_values(psy(series, min_window=cfg["min_window"], log=cfg["log"]), "mc",
                               reps=cfg["reps"])
    return BubbleRun(name, res, tuple(episode_records(res)))
