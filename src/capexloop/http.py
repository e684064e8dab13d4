"""A small HTTP client for data loaders: rate limit, retries with backoff, on-disk cache,
offline mode. Loaders (FRED, SEC) build on it; engines never touch the network."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import httpx
from tenacity import retry, retry_if_exception, stop_after_attempt, wait_exponential

from ._files import atomic_path, cache_file
from .errors import CapexloopError

__all__ = ["CachedClient", "FetchError"]


class FetchError(CapexloopError):
    """A download failed or returned something unusable."""


class _Retryable(Exception):
    pass


class CachedClient:
    """GET with at most ``rate`` requests per second, retries on 429/5xx and network errors,
    and a cache of validated bodies under ``cache_dir`` (atomic writes)."""

    service = "web"

    def __init__(self, cache_dir: Path, *, offline: bool = False, rate: float = 2.0,
                 retries: int = 4, transport: httpx.BaseTransport | None = None,
                 headers: dict | None = None, timeout: float = 30.0) -> None:
        self.cache_dir = Path(cache_dir)
        self.offline = offline
        self.retries = retries
        self._interval = 1.0 / rate
        self._lock = threading.Lock()
        self._next = 0.0
        self.client = httpx.Client(transport=transport, timeout=timeout, headers=headers or {})

    def close(self) -> None:
        self.client.close()

    def _wait(self) -> None:
        with self._lock:
            now = time.monotonic()
            if self._next > now:
                time.sleep(self._next - now)
            self._next = max(now, self._next) + self._interval

    def cache_path(self, name: str, key: dict) -> Path:
        return cache_file(self.cache_dir, name, key)

    def get(self, url: str, params: dict | None = None, *, what: str = "") -> httpx.Response:
        """GET with rate limit and retries; raises :class:`FetchError` when it keeps failing."""
        def retryable(exc: BaseException) -> bool:
            return isinstance(exc, _Retryable | httpx.TransportError)

        @retry(retry=retry_if_exception(retryable), stop=stop_after_attempt(self.retries),
               wait=wait_exponential(multiplier=0.5, max=8), reraise=True)
        def once() -> httpx.Response:
            self._wait()
            r = self.client.get(url, params=params)
            if r.status_code == 429 or r.status_code >= 500:
                raise _Retryable(f"HTTP {r.status_code}")
            return r

        try:
            return once()
        except _Retryable as err:
            raise FetchError(f"{self.service} did not answer after {self.retries} tries ({err})",
                             field=what or None) from None
        except httpx.TransportError as err:
            raise FetchError(f"network error talking to {self.service}: {err}; use offline mode "
                             "with a filled cache", field=what or None) from None

    def cached_text(self, path: Path, fetch, validate, *, what: str) -> str:
        """The cached body at ``path``, or ``fetch()``'s body once ``validate`` accepts it."""
        if path.exists():
            return path.read_text(encoding="utf-8")
        if self.offline:
            raise FetchError(f"{what} is not in the cache and offline mode is on; run once "
                             "online to fill it", field=what)
        body = fetch()
        validate(body)
        with atomic_path(path) as tmp:
            tmp.write_text(body, encoding="utf-8")
        return body
