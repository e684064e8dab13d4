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

import hashlib
import io
import json
import os
import threading
import time
from pathlib import Path

import httpx
import numpy as np
import pandas as pd
from tenacity import (
    retry,
    retry_if_exception,
    stop_after_attempt,
    wait_exponential,
)

from ..errors import CapexloopError
from ..ledger.io import atomic_path

__all__ = ["FredClient", "FredError", "align"]

API = "https://api.stlouisfed.org/fred/series/observations"
GRAPH = "https://fred.stlouisfed.org/graph/fredgraph.csv"


class FredError(CapexloopError):
    """A FRED request failed or returned something unusable."""


class _Retryable(Exception):
    pass


class _RateLimiter:
    """At most ``rate`` calls per second (shared by threads of one client)."""

    def __init__(self, rate: float) -> None:
        self.interval = 1.0 / rate
        self.lock = threading.Lock()
        self.next = 0.0

    def wait(self) -> None:
        with self.lock:
            now = time.monotonic()
            if self.next > now:
                time.sleep(self.next - now)
            self.next = max(now, self.next) + self.interval


class FredClient:
    """Fetch FRED series. ``transport`` lets tests replay recorded responses."""

    def __init__(self, api_key: str | None = None, *, cache_dir: str | Path | None = None,
                 offline: bool = False, rate: float = 2.0, retries: int = 4,
                 transport: httpx.BaseTransport | None = None, timeout: float = 30.0) -> None:
        self.api_key = api_key if api_key is not None else os.environ.get("FRED_API_KEY")
        self.cache_dir = Path(cache_dir or os.environ.get(
            "CAPEXLOOP_CACHE", Path.home() / ".cache" / "capexloop")) / "fred"
        self.offline = offline
        self.limiter = _RateLimiter(rate)
        self.retries = retries
        self.client = httpx.Client(transport=transport, timeout=timeout,
                                   headers={"User-Agent": "capexloop"})

    def close(self) -> None:
        self.client.close()

    # ----------------------------------------------------------------------------------
    def _cache_path(self, params: dict) -> Path:
        key = json.dumps({k: v for k, v in params.items() if k != "api_key"}, sort_keys=True)
        return self.cache_dir / f"{params['series_id']}-{hashlib.sha256(key.encode()).hexdigest()[:16]}"

    def _get(self, url: str, params: dict) -> httpx.Response:
        def retryable(exc: BaseException) -> bool:
            return isinstance(exc, _Retryable | httpx.TransportError)

        @retry(retry=retry_if_exception(retryable), stop=stop_after_attempt(self.retries),
               wait=wait_exponential(multiplier=0.5, max=8), reraise=True)
        def once() -> httpx.Response:
            self.limiter.wait()
            r = self.client.get(url, params=params)
            if r.status_code == 429 or r.status_code >= 500:
                raise _Retryable(f"HTTP {r.status_code}")
            return r

        try:
            return once()
        except _Retryable as err:
            raise FredError(f"FRED did not answer after {self.retries} tries ({err})",
                            field=params.get("series_id") or params.get("id")) from None
        except httpx.TransportError as err:
            raise FredError(f"network error talking to FRED: {err}; use offline=True with a "
                            "filled cache", field=params.get("series_id")) from None

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
        path = self._cache_path(params)
        if path.exists():
            body = path.read_text(encoding="utf-8")
        elif self.offline:
            raise FredError(f"{sid} is not in the cache and offline mode is on; run once "
                            "online (with FRED_API_KEY, or keyless for the CSV download)",
                            field="series_id")
        else:
            if use_api:
                q = {k: v for k, v in params.items() if k != "mode"} | {
                    "api_key": self.api_key, "file_type": "json"}
                r = self._get(API, q)
            else:
                q = {"id": sid} | ({"cosd": start} if start else {}) | ({"coed": end} if end
                                                                       else {})
                r = self._get(GRAPH, q)
            if r.status_code == 400 and use_api:
                msg = _api_error(r)
                raise FredError(f"FRED refused {sid}: {msg}", field="series_id")
            if r.status_code == 404:
                raise FredError(f"unknown FRED series {sid!r}", field="series_id")
            if r.status_code != 200:
                raise FredError(f"FRED answered HTTP {r.status_code} for {sid}",
                                field="series_id")
            body = r.text
            _parse(body, sid, use_api)          # validate before caching
            with atomic_path(path) as tmp:
                tmp.write_text(body, encoding="utf-8")
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
