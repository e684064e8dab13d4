"""File utilities shared by every package: atomic writes and the on-disk cache.

Imports nothing from capexloop, so any layer may use it (the ledger, engines, loaders, the
report).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

__all__ = ["atomic_path", "cache_file", "cache_root", "cached_arrays"]


@contextlib.contextmanager
def atomic_path(out: str | Path) -> Iterator[Path]:
    """Yield a temporary path beside ``out``; rename it onto ``out`` only on success."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
    os.close(fd)
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; give the file normal permissions
    try:
        yield Path(tmp)
        os.replace(tmp, out)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def cache_root(explicit: str | Path | None = None) -> Path:
    """The cache directory: ``explicit``, else ``$CAPEXLOOP_CACHE``, else
    ``~/.cache/capexloop``."""
    return Path(explicit or os.environ.get("CAPEXLOOP_CACHE",
                                           Path.home() / ".cache" / "capexloop"))


def cache_file(directory: Path, name: str, key: dict[str, Any], *, digits: int = 16,
               suffix: str = "") -> Path:
    """``directory/name-<sha256 of key>suffix``: one file per distinct key."""
    blob = json.dumps(key, sort_keys=True, default=str)
    return directory / f"{name}-{hashlib.sha256(blob.encode()).hexdigest()[:digits]}{suffix}"


def cached_arrays(path: Path, compute: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    """numpy arrays stored at ``path`` (``.npz``), computed and written atomically on a miss; a
    read-only cache directory only means no caching."""
    import numpy as np

    if path.exists():
        with np.load(path) as f:
            return {k: f[k] for k in f.files}
    out = compute()
    try:
        with atomic_path(path) as tmp, tmp.open("wb") as fh:
            np.savez(fh, **out)
    except OSError:
        pass
    return out
