"""The shipped US monthly macro dataset (rates, spreads, labour, surveys, equity), 1990 onward.

``data/us_monthly.csv`` holds one column per series; ``data/sources.yaml`` says for each column
its source id (``fred:FEDFUNDS`` …), unit, how the monthly value is formed (FRED's monthly series,
or the monthly mean / month-end close of a daily one) and where the shipped copy came from.
:func:`load_macro` reads both; :func:`refresh_macro` re-downloads the FRED-sourced columns with
:class:`~capexloop.macro.fred.FredClient` when online and writes the file atomically. Months a
source does not cover stay empty (never filled in): :meth:`MacroData.coverage` lists them.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd
import yaml

from ..errors import CapexloopError

if TYPE_CHECKING:
    from .fred import FredClient

__all__ = ["FRED_RECIPES", "MacroData", "SeriesInfo", "load_macro", "refresh_macro"]


@dataclass(frozen=True)
class SeriesInfo:
    """Provenance of one column: source id, unit, method and the copies it was taken from."""

    name: str
    title: str
    source: str
    url: str
    unit: str
    method: str
    origin: tuple[str, ...] = ()
    notes: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "title": self.title, "source": self.source, "url": self.url,
                "unit": self.unit, "method": self.method, "origin": list(self.origin),
                "notes": self.notes}


@dataclass(frozen=True)
class MacroData:
    """Monthly series on one calendar (index: month starts) with per-column provenance."""

    frame: pd.DataFrame
    info: dict[str, SeriesInfo] = field(default_factory=dict)

    def series(self, name: str) -> pd.Series:
        """One column without its empty months, ``attrs['source']`` set (e.g. ``fred:BAA``)."""
        if name not in self.frame:
            raise CapexloopError(f"unknown macro series {name!r}; known: "
                                 f"{', '.join(self.frame.columns)}", field="series")
        s = self.frame[name].dropna().rename(name)
        s.attrs["source"] = self.info[name].source if name in self.info else name
        return s

    def latest(self, name: str, *, asof: str | None = None) -> tuple[pd.Timestamp, float]:
        """The last month with a value (at or before ``asof``) and that value."""
        s = self.series(name)
        if asof is not None:
            s = s[s.index <= pd.Timestamp(asof)]
        if not len(s):
            raise CapexloopError(f"{name} has no value up to {asof}", field="series")
        return s.index[-1], float(s.iloc[-1])

    def coverage(self) -> pd.DataFrame:
        """First and last month, number of values and the empty months inside that span."""
        rows = []
        for c in self.frame.columns:
            s = self.frame[c]
            ok = s.dropna()
            inside = s.loc[ok.index[0]:ok.index[-1]] if len(ok) else s.iloc[:0]
            gaps = [m.strftime("%Y-%m") for m in inside.index[inside.isna()]]
            rows.append({"series": c, "source": self.info[c].source if c in self.info else "",
                         "first": ok.index[0].strftime("%Y-%m") if len(ok) else None,
                         "last": ok.index[-1].strftime("%Y-%m") if len(ok) else None,
                         "n": len(ok), "gaps": ", ".join(gaps)})
        return pd.DataFrame(rows)

    def summary(self) -> str:
        cov = self.coverage()
        lines = [f"US monthly macro data: {len(self.frame.columns)} series"]
        lines += [f"  {r.series:16s} {r.source:28s} {r.first}..{r.last}"
                  + (f"  missing: {r.gaps}" if r.gaps else "") for r in cov.itertuples()]
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        return {"series": {k: v.to_dict() for k, v in self.info.items()},
                "coverage": self.coverage().to_dict(orient="records")}


def _data_dir() -> Path:
    return Path(str(resources.files("capexloop.macro") / "data"))


def _read_info(path: Path) -> dict[str, SeriesInfo]:
    with open(path, encoding="utf-8") as fh:
        doc = yaml.safe_load(fh) or {}
    out = {}
    for name, d in (doc.get("series") or {}).items():
        out[name] = SeriesInfo(
            name=name, title=str(d.get("title", "")), source=str(d.get("source", "")),
            url=str(d.get("url", "")), unit=str(d.get("unit", "")),
            method=str(d.get("method", "")), origin=tuple(str(x) for x in d.get("origin") or ()),
            notes=" ".join(str(d[k]) for k in ("crosscheck", "coverage_note") if d.get(k)))
    return out


def load_macro(path: str | Path | None = None) -> MacroData:
    """Read the shipped dataset (or a file written by :func:`refresh_macro`)."""
    p = Path(path) if path else _data_dir() / "us_monthly.csv"
    try:
        df = pd.read_csv(p, index_col=0, dtype={"month": str})
    except FileNotFoundError:
        raise CapexloopError(f"no macro data file {p}", source=str(p)) from None
    try:
        df.index = pd.PeriodIndex(df.index, freq="M").to_timestamp()
    except ValueError as err:
        raise CapexloopError(f"bad month in {p.name}: {err}", source=str(p),
                             field="month") from None
    df.index.name = "month"
    info = _read_info(_data_dir() / "sources.yaml")
    return MacroData(df.astype(float), info)


# column -> (FRED id, how daily values become monthly: "as_is" | "mean" | "last", decimals)
FRED_RECIPES: dict[str, tuple[str, str, int | None]] = {
    "fed_funds": ("FEDFUNDS", "as_is", None),
    "tbill_3m": ("TB3MS", "as_is", None),
    "treasury_10y": ("DGS10", "mean", 2),
    "baa_yield": ("BAA", "as_is", None),
    "hy_oas": ("BAMLH0A0HYM2", "mean", 2),
    "unemployment": ("UNRATE", "as_is", None),
    "payrolls": ("PAYEMS", "as_is", None),
    "philly_activity": ("GACDFSA066MSFRBPHI", "as_is", None),
    "nasdaq": ("NASDAQCOM", "last", None),
    "sp500": ("SP500", "mean", 2),
    "recession": ("USREC", "as_is", None),
}


def _to_monthly(s: pd.Series, how: str, decimals: int | None) -> pd.Series:
    s = s.dropna()
    if not len(s):
        return s
    if how == "as_is":
        out = s.copy()
        out.index = out.index.to_period("M").to_timestamp()
        return out
    g = s.groupby(s.index.to_period("M"))
    out = g.mean() if how == "mean" else g.last()
    last = s.index.max()
    if last < last + pd.offsets.BMonthEnd(0):        # the last month is not complete yet
        out = out.iloc[:-1]
    out.index = out.index.to_timestamp()
    return out.round(decimals) if decimals is not None else out


def refresh_macro(client: FredClient, out: str | Path, *, base: MacroData | None = None,
                  start: str = "1990-01-01") -> MacroData:
    """Download every FRED-sourced column, form monthly values as the shipped file does, lay
    them over ``base`` (the shipped data by default: FRED's values win where both exist,
    columns FRED lacks, such as ISM's PMI, are kept), recompute the Baa−10y spread, and write
    ``out`` atomically. Network failures raise :class:`~capexloop.macro.fred.FredError`."""
    base = base or load_macro()
    df = base.frame.copy()
    for col, (sid, how, dec) in FRED_RECIPES.items():
        m = _to_monthly(client.observations(sid, start=start), how, dec)
        df = df.reindex(df.index.union(m.index))
        df.loc[m.index, col] = m.to_numpy()
    df["baa_spread_10y"] = (df["baa_yield"] - df["treasury_10y"]).round(2)
    df = df.sort_index()
    df.index.name = "month"
    frame = df.copy()
    df.index = df.index.strftime("%Y-%m")
    target = Path(out)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            df.to_csv(fh, float_format="%.10g")
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return MacroData(frame.astype(float), base.info)


def months_between(a: pd.Timestamp, b: pd.Timestamp) -> int:
    """Whole months from ``a`` to ``b`` (negative if ``b`` is earlier)."""
    return int((b.year - a.year) * 12 + b.month - a.month)

