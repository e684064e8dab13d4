"""All ADF windows without lagged differences (the default ``lag=0``), in numpy.

With regressors (1, y_{t−1}) the normal equations of rows ``a..b`` are 2 × 2: from the
prefix sums ``S[t] = Σ_{r<t} z_r z_rᵀ`` of ``z_r = (y_r, 1, y_{r−1})`` the t-ratio of ρ − 1 is
closed form (Cramer's rule), exactly as :func:`capexloop.bubble._kernels._tstat2` computes it.
Windows are evaluated in blocks of end points, so the default test needs no compiled code and
no numba import.
"""

from __future__ import annotations

import numpy as np

__all__ = ["windows_lag0"]

#: end points per block: a block holds ``BLOCK × rows`` windows (arrays small enough for the
#: cache: 32 is ~2× faster than 256 at T = 1,683)
BLOCK = 32


def windows_lag0(S: np.ndarray, minw: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """BADF, BSADF and the start of each BSADF maximum over windows of regression rows
    ``[a, b]`` with ``b − a + 1 ≥ minw`` (exuber convention, ``dof = 2``); ``S`` is
    ``(N + 1, 3, 3)`` prefix sums of ``(y_t, 1, y_{t−1})``."""
    N = S.shape[0] - 1
    m = N - minw + 1
    badf, bsadf = np.full(m, np.nan), np.full(m, -np.inf)
    arg = np.zeros(m, dtype=np.int64)
    cum = {k: np.ascontiguousarray(S[:, i, j]) for k, (i, j) in
           {"yy": (0, 0), "y1": (0, 1), "y2": (0, 2), "a11": (1, 1), "a12": (1, 2),
            "a22": (2, 2)}.items()}
    for lo in range(0, m, BLOCK):
        hi = min(m, lo + BLOCK)
        b = np.arange(minw - 1 + lo, minw - 1 + hi)[:, None]   # window ends (rows)
        na = hi - 1 + 1                                        # starts 0 .. b_max − minw + 1
        a = np.arange(na)[None, :]
        d = {k: v[b + 1] - v[None, :na] for k, v in cum.items()}
        yy, y1, y2, a11, a12, a22 = (d[k] for k in ("yy", "y1", "y2", "a11", "a12", "a22"))
        with np.errstate(divide="ignore", invalid="ignore"):
            det = a11 * a22 - a12 * a12
            b1 = (a22 * y1 - a12 * y2) / det
            b2 = (a11 * y2 - a12 * y1) / det
            sig2 = (yy - b1 * y1 - b2 * y2) / ((b - a + 1) - 2)
            stat = (b2 - 1.0) / np.sqrt(sig2 * (a11 / det))
        bad = (det <= 1e-300 * (a11 * a22 + 1e-300)) | ~(sig2 > 0) | (a > b - minw + 1)
        stat[bad] = -np.inf
        badf[lo:hi] = np.where(bad[:, 0], np.nan, stat[:, 0])
        arg[lo:hi] = np.argmax(stat, axis=1)
        bsadf[lo:hi] = stat[np.arange(hi - lo), arg[lo:hi]]
    return badf, bsadf, arg
