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
#: the block's arrays, in preallocated contiguous buffers (written in place: ~25% faster at
#: T = 1,683 than fresh temporaries, same operations in the same order)
_ARRAYS = ("yy", "y1", "y2", "a11", "a12", "a22", "det", "u", "v")
#: the prefix-sum entry of each moment: z = (y_t, 1, y_{t−1})
_MOMENTS = {"yy": (0, 0), "y1": (0, 1), "y2": (0, 2), "a11": (1, 1), "a12": (1, 2),
            "a22": (2, 2)}


def windows_lag0(S: np.ndarray, minw: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """BADF, BSADF and the start of each BSADF maximum over windows of regression rows
    ``[a, b]`` with ``b − a + 1 ≥ minw`` (exuber convention, ``dof = 2``); ``S`` is
    ``(N + 1, 3, 3)`` prefix sums of ``(y_t, 1, y_{t−1})``.

    Per window, with the moments ``a11 = n``, ``a12 = Σy₋₁``, ``a22 = Σy₋₁²``, ``y1 = Σy``,
    ``y2 = Σy y₋₁``, ``yy = Σy²``: ``det = a11 a22 − a12²``, ``b1 = (a22 y1 − a12 y2)/det``,
    ``b2 = (a11 y2 − a12 y1)/det``, ``σ² = (yy − b1 y1 − b2 y2)/(n − 2)`` and the statistic
    ``(b2 − 1)/√(σ² a11/det)``: the t-ratio of ρ − 1 in the ADF regression of Phillips, Shi
    and Yu (2015, eq. 1) without lagged differences."""
    N = S.shape[0] - 1
    m = N - minw + 1
    badf, bsadf = np.full(m, np.nan), np.full(m, -np.inf)
    arg = np.zeros(m, dtype=np.int64)
    cum = {k: np.ascontiguousarray(S[:, i, j]) for k, (i, j) in _MOMENTS.items()}
    buf = np.empty((len(_ARRAYS), min(BLOCK, m) * m))
    # a start a > b − minw + 1 is too late only in a block's last columns: row k ends at
    # b = minw − 1 + lo + k and allows starts up to lo + k
    late = np.arange(BLOCK)[None, :] > np.arange(BLOCK)[:, None]
    for lo in range(0, m, BLOCK):
        hi = min(m, lo + BLOCK)
        nb, na = hi - lo, hi                       # end points; starts 0 .. b_max − minw + 1
        w = {k: x[:nb * na].reshape(nb, na) for k, x in zip(_ARRAYS, buf, strict=True)}
        yy, y1, y2, a11, a12, a22, det, u, v = (w[k] for k in _ARRAYS)
        end = np.arange(minw + lo, minw + hi)      # b + 1
        for k, c in cum.items():
            np.subtract(c[end][:, None], c[None, :na], out=w[k])
        with np.errstate(divide="ignore", invalid="ignore"):
            np.multiply(a11, a22, out=u)           # a11 a22
            np.multiply(a12, a12, out=det)
            np.subtract(u, det, out=det)           # det
            np.add(u, 1e-300, out=u)
            np.multiply(u, 1e-300, out=u)
            bad = det <= u                         # det ≤ 1e-300 (a11 a22 + 1e-300): singular
            np.multiply(a22, y1, out=u)
            np.multiply(a12, y2, out=v)
            np.subtract(u, v, out=u)
            np.divide(u, det, out=u)               # b1
            np.multiply(a11, y2, out=v)
            np.multiply(a12, y1, out=a22)          # a22 is not needed any more
            np.subtract(v, a22, out=v)
            np.divide(v, det, out=v)               # b2
            np.multiply(u, y1, out=u)
            np.subtract(yy, u, out=yy)
            np.multiply(v, y2, out=u)
            np.subtract(yy, u, out=yy)
            np.subtract(a11, 2.0, out=u)           # n − 2 (a11 = n exactly)
            np.divide(yy, u, out=yy)               # σ²
            np.divide(a11, det, out=u)
            np.multiply(yy, u, out=u)
            np.sqrt(u, out=u)
            np.subtract(v, 1.0, out=v)
            stat = np.divide(v, u, out=v)          # (b2 − 1) / √(σ² a11 / det)
        bad |= ~(yy > 0)
        bad[:, lo:hi] |= late[:nb, :hi - lo]
        np.copyto(stat, -np.inf, where=bad)
        badf[lo:hi] = np.where(bad[:, 0], np.nan, stat[:, 0])
        arg[lo:hi] = np.argmax(stat, axis=1)
        bsadf[lo:hi] = stat[np.arange(nb), arg[lo:hi]]
    return badf, bsadf, arg
