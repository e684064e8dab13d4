"""FRED loader: series observations by id, with cache, retries, rate limit and offline mode.

Two sources: the API (``series/observations``, JSON, needs a key from ``FRED_API_KEY`` or the
``api_key`` argument; supports real-time periods and vintage dates) and, without a key, the
keyless graph CSV download. Responses are cached on disk (keyed by the request, never by the
key) and written atomically; ``offline=True`` reads only the cache. Requests are limited to
``rate`` per second and retried with exponential backoff on HTTP 429/5xx and network errors.
Missing values (FRED's ``.``) become NaN. Results are :class:`pandas.Series` with
``attrs["source"] = "fred:<ID>"``.
"""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import httpx
import numpy as np
import pandas as pd

from .._files import cache_root
from ..errors import CapexloopError
from ..http import CachedClient, FetchError

__all__ = ["FredClient", "FredError", "align"]

API = "https://api.stlouisfed.org/fred/series/observations"
GRAPH = "https://fred.stlouisfed.org/graph/fredgraph.csv"

FredError = FetchError


class FredClient(CachedClient):
    """Fetch FRED series. ``transport`` lets tests replay recorded responses."""

    service = "FRED"

    def __init__(self, api_key: str | None = None, *, cache_dir: str | Path | None = None,
                 offline: bool = False, rate: float = 2.0, retries: int = 4,
                 transport: httpx.BaseTransport | None = None, timeout: float = 30.0) -> None:
        self.api_key = api_key if api_key is not None else os.environ.get("FRED_API_KEY")
        root = cache_root(cache_dir)
        super().__init__(root / "fred", offline=offline, rate=rate, retries=retries,
                         transport=transport, timeout=timeout,
                         headers={"User-Agent": "capexloop"})

    def observations(self, series_id: str, *, start: str | None = None, end: str | None = None,
                     realtime_start: str | None = None, realtime_end: str | None = None,
                     vintage_dates: str | None = None) -> pd.Series:
        """Observations of one series (API with a key, else the keyless CSV)."""
        sid = series_id.strip().upper()
        if not sid or not sid.replace("_", "").isalnum():
            raise FredError(f"{series_id!r} is not a FRED series id", field="series_id")
        use_api = bool(self.api_key)
        if not use_api and (realtime_start or realtime_end or vintage_dates):
            raise FredError("real-time periods and vintages need the API: set FRED_API_KEY",
                            field="api_key")
        params: dict = {"series_id": sid, "mode": "api" if use_api else "csv"}
        for k, v in (("observation_start", start), ("observation_end", end),
                     ("realtime_start", realtime_start), ("realtime_end", realtime_end),
                     ("vintage_dates", vintage_dates)):
            if v:
                params[k] = v

        def fetch() -> str:
            if use_api:
                q = {k: v for k, v in params.items() if k != "mode"} | {
                    "api_key": self.api_key, "file_type": "json"}
                r = self.get(API, q, what="series_id")
            else:
                q = {"id": sid} | ({"cosd": start} if start else {}) | (
                    {"coed": end} if end else {})
                r = self.get(GRAPH, q, what="series_id")
            if r.status_code == 400 and use_api:
                raise FredError(f"FRED refused {sid}: {_api_error(r)}", field="series_id")
            if r.status_code == 404:
                raise FredError(f"unknown FRED series {sid!r}", field="series_id")
            if r.status_code != 200:
                raise FredError(f"FRED answered HTTP {r.status_code} for {sid}",
                                field="series_id")
            return r.text

        body = self.cached_text(self.cache_path(sid, params), fetch,
                                lambda b: _parse(b, sid, use_api), what=sid)
        s = _parse(body, sid, use_api)
        if start:
            s = s[s.index >= pd.Timestamp(start)]
        if end:
            s = s[s.index <= pd.Timestamp(end)]
        return s


def _api_error(r: httpx.Response) -> str:
    try:
        return r.json().get("error_message", r.text[:200])
    except ValueError:
        return r.text[:200]


def _parse(body: str, sid: str, api: bool) -> pd.Series:
    try:
        if api:
            doc = json.loads(body)
            obs = doc["observations"]
            idx = pd.to_datetime([o["date"] for o in obs])
            vals = [np.nan if o["value"] == "." else float(o["value"]) for o in obs]
        else:
            if body.lstrip().startswith("<"):
                raise ValueError("HTML instead of CSV (unknown series?)")
            df = pd.read_csv(io.StringIO(body))
            date_col = df.columns[0]
            if date_col.upper() not in ("DATE", "OBSERVATION_DATE") or df.shape[1] < 2:
                raise ValueError(f"unexpected header {list(df.columns)}")
            idx = pd.to_datetime(df[date_col])
            vals = pd.to_numeric(df.iloc[:, 1].replace(".", np.nan), errors="raise")
    except (ValueError, KeyError, TypeError, json.JSONDecodeError) as err:
        raise FredError(f"malformed FRED response for {sid}: {err}", field="series_id") from None
    s = pd.Series(np.asarray(vals, dtype=float), index=pd.DatetimeIndex(idx), name=sid)
    s.attrs["source"] = f"fred:{sid}"
    return s


def align(series: dict[str, pd.Series], freq: str = "MS", how: str = "last") -> pd.DataFrame:
    """Put series of different frequencies on one calendar (``MS`` month starts by default):
    higher frequencies are aggregated (``last`` or ``mean``), lower ones carried forward."""
    if how not in ("last", "mean"):
        raise CapexloopError("how must be last or mean", field="how")
    out = {}
    for name, s in series.items():
        s = s.dropna().sort_index()
        r = s.resample(freq)
        out[name] = (r.last() if how == "last" else r.mean()).ffill()
    return pd.DataFrame(out)
