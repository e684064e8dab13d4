"""Argument checks shared by the stress engines (validate once at the boundary)."""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from ..errors import CapexloopError

__all__ = ["as_batch", "as_liabilities", "check_unit"]


def as_liabilities(L, name: str = "liabilities") -> sp.csr_matrix:
    """A square, finite, non-negative liability matrix (``L[i, j]`` = what i owes j)."""
    M = sp.csr_matrix(L, dtype=float)
    if M.shape[0] != M.shape[1]:
        raise CapexloopError(f"{name} must be square, got shape {M.shape}", field=name)
    if not np.all(np.isfinite(M.data)):
        raise CapexloopError(f"{name} contains NaN or infinite values", field=name)
    if (M.data < 0).any():
        raise CapexloopError(f"{name} must be non-negative", field=name)
    M.setdiag(0)
    M.eliminate_zeros()
    return M


def as_batch(x, n: int, name: str) -> tuple[np.ndarray, bool]:
    """``(n,)`` → ``(1, n)``; ``(s, n)`` kept. Returns the array and whether it was 1-D."""
    a = np.asarray(x, dtype=float)
    single = a.ndim == 1
    a = np.atleast_2d(a)
    if a.ndim != 2 or a.shape[1] != n:
        raise CapexloopError(f"{name} must have shape ({n},) or (scenarios, {n}), got {a.shape}",
                             field=name)
    if not np.all(np.isfinite(a)):
        raise CapexloopError(f"{name} contains NaN or infinite values", field=name)
    return a, single


def check_unit(value: float, name: str) -> float:
    v = float(value)
    if not 0.0 <= v <= 1.0:
        raise CapexloopError(f"{name} must lie in [0, 1], got {v}", field=name)
    return v
