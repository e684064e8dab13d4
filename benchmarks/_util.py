"""Shared helpers for the benchmark scripts: timing and a one-line ratio report."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any


def timed(fn: Callable[[], Any], repeat: int = 1) -> tuple[float, Any]:
    """Best wall time of ``repeat`` runs and the last result."""
    best, out = float("inf"), None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
    return best, out


def report(workload: str, ours: float, peer_name: str, peer: float) -> None:
    print(f"{workload}: ours {ours:.3f} s, {peer_name} {peer:.3f} s, ratio {peer / ours:.1f}x")
