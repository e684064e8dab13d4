"""Price series for the bubble tests: shipped S&P 500 P/D, the Nasdaq Composite from ``arch``,
user CSVs (date,value) and ledger observations.

The shipped S&P 500 file is read with numpy (:func:`sp500_arrays`), so ``capexloop bubble
--dataset sp500`` does not import pandas (about 0.45 s of its start-up); the other loaders
return pandas series and import pandas when called.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from ..errors import CapexloopError

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["DATA", "SERIES", "ledger_series", "load_series", "nasdaq", "read_price_csv", "sp500_arrays",
           "sp500_pd"]

#: The shipped data files (package data next to this module; a plain path, since
#: ``importlib.resources`` alone imports tempfile and shutil, ~3 ms of every bubble run).
DATA = Path(__file__).parent / "data"

SERIES = {
    "sp500": "S&P 500 price/dividend ratio, monthly 1871-01…2011-03 (Shiller; PSY 2015)",
    "nasdaq": "Nasdaq Composite close, daily 1999-01…2018 (arch.data.nasdaq), resampled",
}


def sp500_arrays(column: str = "pd_ratio") -> tuple[np.ndarray, np.ndarray]:
    """The shipped S&P 500 series as (first day of each month, ``datetime64[us]``; values):
    the numbers :func:`sp500_pd` holds, read without pandas (Python's ``float`` parses each
    cell, as pandas' parser does: bit-identical, tests/bubble)."""
    text = (DATA / "sp500_pd_1871_2011.csv").read_text(encoding="utf-8")
    header, *lines = text.splitlines()
    names = header.split(",")
    if column not in names[1:]:
        raise CapexloopError(f"unknown column {column!r} (one of: {', '.join(names[1:])})",
                             field="column")
    j = names.index(column)
    rows = [ln.split(",") for ln in lines if ln]
    dates = np.array([r[0] for r in rows], dtype="datetime64[M]").astype("datetime64[us]")
    return dates, np.array([float(r[j]) for r in rows])


def sp500_pd(column: str = "pd_ratio") -> pd.Series:
    """The shipped S&P 500 P/D series (see ``bubble/data/README.md``)."""
    import pandas as pd

    dates, values = sp500_arrays(column)
    return pd.Series(values, index=pd.DatetimeIndex(dates), name=f"sp500_{column}")


def _resample(s: pd.Series, freq: str) -> pd.Series:
    rule = {"M": "ME", "W": "W-FRI", "D": None}.get(freq.upper(), "invalid")
    if rule == "invalid":
        raise CapexloopError(f"frequency must be M, W or D, got {freq!r}", field="freq")
    return s if rule is None else s.resample(rule).last().dropna()


def nasdaq(freq: str = "M") -> pd.Series:
    """Nasdaq Composite (``arch.data.nasdaq``, daily from 4 Jan 1999), resampled.

    The file is read as ``arch.data.nasdaq.load()`` reads it, without importing ``arch`` (whose
    import loads statsmodels and matplotlib)."""
    from importlib.util import find_spec

    import pandas as pd

    spec = find_spec("arch")
    if spec is None or not spec.submodule_search_locations:
        raise CapexloopError("the Nasdaq series ships with the arch package: pip install arch",
                             field="--dataset")
    df = pd.read_csv(Path(spec.submodule_search_locations[0]) / "data" / "nasdaq" /
                     "nasdaq.csv.gz")
    if "Date" in df:
        df["Date"] = pd.to_datetime(df["Date"])
        df = df.set_index("Date")
    for c in df:
        df[c] = pd.to_numeric(df[c], errors="coerce")
    col = "Adj Close" if "Adj Close" in df else df.columns[-1]
    return _resample(df[col].astype(float).rename("nasdaq"), freq)


def read_price_csv(path: str | Path, freq: str = "D") -> pd.Series:
    """A user's ``date,value`` CSV; dates must be increasing and unique."""
    import pandas as pd

    path = Path(path)
    if not path.exists():
        raise CapexloopError("file not found", source=str(path))
    try:
        df = pd.read_csv(path)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as err:
        raise CapexloopError(f"cannot read CSV: {err}", source=str(path), line=1) from None
    if df.shape[1] < 2:
        raise CapexloopError("expected two columns: date,value", source=str(path), line=1)
    dates = pd.to_datetime(df.iloc[:, 0], errors="coerce")
    bad = dates.isna()
    if bad.any():
        i = int(bad.to_numpy().nonzero()[0][0])
        raise CapexloopError(f"cannot read {df.iloc[i, 0]!r} as a date", source=str(path),
                             line=i + 2, field=str(df.columns[0]))
    vals = pd.to_numeric(df.iloc[:, 1], errors="coerce")
    if vals.isna().any():
        i = int(vals.isna().to_numpy().nonzero()[0][0])
        raise CapexloopError(f"value {df.iloc[i, 1]!r} is missing or not a number",
                             source=str(path), line=i + 2, field=str(df.columns[1]))
    d = dates.to_numpy()
    if (d[1:] == d[:-1]).any():
        i = int((d[1:] == d[:-1]).nonzero()[0][0]) + 1
        raise CapexloopError(f"duplicate date {dates.iloc[i].date()}", source=str(path),
                             line=i + 2, field=str(df.columns[0]))
    if (d[1:] < d[:-1]).any():
        i = int((d[1:] < d[:-1]).nonzero()[0][0]) + 1
        raise CapexloopError(f"dates are not increasing ({dates.iloc[i].date()} after "
                             f"{dates.iloc[i - 1].date()})", source=str(path), line=i + 2,
                             field=str(df.columns[0]))
    s = pd.Series(vals.to_numpy(float), index=pd.DatetimeIndex(dates), name=path.stem)
    return _resample(s, freq)


def ledger_series(ledger, spec: str) -> pd.Series:
    """``ENTITY.METRIC`` observations of a ledger (e.g. ``cisco.share_price``) as a series,
    dated at the end of each observation's period."""
    import pandas as pd

    entity, sep, metric = spec.partition(".")
    if not sep:
        raise CapexloopError(f"{spec!r} must look like ENTITY.METRIC", field="--ledger-series")
    obs = ledger.series(ledger.entity(entity).id, metric)
    if not obs:
        raise CapexloopError(f"the ledger has no {metric!r} observations for {entity!r}",
                             field="--ledger-series")
    idx = pd.DatetimeIndex([pd.Timestamp(o.date.end or o.date.start) for o in obs])
    s = pd.Series([o.value.mid for o in obs], index=idx, name=spec)
    if idx.duplicated().any():
        raise CapexloopError(f"{spec}: two observations share a date", field="--ledger-series")
    s.attrs["sources"] = sorted({x for o in obs for x in o.sources})
    return s


def load_series(name: str, freq: str = "M") -> pd.Series:
    if name == "sp500":
        return sp500_pd()
    if name == "nasdaq":
        return nasdaq(freq)
    raise CapexloopError(f"unknown series {name!r} (one of: {', '.join(SERIES)})",
                         field="dataset")
