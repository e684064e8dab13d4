"""All ADF windows in numpy, one window length at a time: lagged regressions, information-
criterion lags and Monte Carlo batches, without compiled code.

With prefix sums ``S[t] = Σ_{r<t} z_r z_rᵀ`` the normal equations of a window are a difference
of two prefix sums. All windows of one length ``L`` start at consecutive rows, so each entry of
their normal equations is the difference of two slices of one column of ``S`` — for every
replication of a Monte Carlo batch at once. The t-ratio is then the same Cholesky solve as
:func:`capexloop.bubble._kernels._tstat`, written over arrays (same operations in the same
order), and each window length updates the running BSADF maximum of the end points it reaches.
Cost: O(T² p³) operations in O(T p³) numpy calls. The compiled kernels stay as the second
method the tests compare with (tests/bubble); using these instead saves their compilation
(1–6 s on first use after install).
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

__all__ = ["mc_batch", "psy_rows", "tstat_batch", "windows_fixed", "windows_ic"]

Entry = Callable[[int, int], np.ndarray]


def tstat_batch(m: Entry, p: int, col: int, den, null_one: bool
                ) -> tuple[np.ndarray, np.ndarray]:
    """t-ratio of regressor ``col`` and the SSR of many regressions at once.

    ``m(r, c)`` is entry ``(r, c)`` of each regression's ``(1+p)²`` block of normal equations
    (``[y'y, y'X; X'y, X'X]``, any common array shape); ``den`` the variance denominator
    (rows − coefficients). Cholesky ``X'X = LLᵀ``, ``β = L⁻ᵀL⁻¹X'y``, SSR ``= y'y − β'X'y``,
    ``[(X'X)⁻¹]_cc = ‖L⁻¹e_c‖²``; NaN where ``X'X`` is not positive definite (then SSR is NaN
    too) or the SSR is not positive (as the kernel)."""
    L: list[list[np.ndarray]] = [[None] * p for _ in range(p)]  # type: ignore[list-item]
    bad = np.zeros(np.shape(m(1, 1)), dtype=bool)
    with np.errstate(divide="ignore", invalid="ignore"):
        for i in range(p):
            for j in range(i + 1):
                s = m(1 + i, 1 + j)
                for k in range(j):
                    s = s - L[i][k] * L[j][k]
                if i == j:
                    bad |= s <= 1e-300
                    L[i][i] = np.sqrt(s)
                else:
                    L[i][j] = s / L[j][j]
        z: list[np.ndarray] = []
        for i in range(p):
            s = m(0, 1 + i)
            for k in range(i):
                s = s - L[i][k] * z[k]
            z.append(s / L[i][i])
        beta: list[np.ndarray] = [None] * p  # type: ignore[list-item]
        for i in range(p - 1, -1, -1):
            s = z[i]
            for k in range(i + 1, p):
                s = s - L[k][i] * beta[k]
            beta[i] = s / L[i][i]
        ssr = m(0, 0)
        for i in range(p):
            ssr = ssr - beta[i] * m(0, 1 + i)
        v: list[np.ndarray] = []
        for i in range(p):
            s = 1.0 if i == col else 0.0
            for k in range(i):
                s = s - L[i][k] * v[k]
            v.append(s / L[i][i])
        inv_cc = v[0] * v[0]
        for i in range(1, p):
            inv_cc = inv_cc + v[i] * v[i]
        sig2 = ssr / den
        b = beta[col] - 1.0 if null_one else beta[col]
        stat = b / np.sqrt(sig2 * inv_cc)
    stat = np.where(bad | (sig2 <= 0), np.nan, stat)
    return stat, np.where(bad, np.nan, ssr)


def _columns(S: np.ndarray) -> list[list[np.ndarray]]:
    """``S[..., t, r, c]`` as contiguous columns ``[r][c]`` of shape ``(t, ...)``: windows of
    one length are then contiguous blocks for every replication (about 1.5× faster than
    replications first)."""
    return [[np.ascontiguousarray(np.moveaxis(S[..., r, c], -1, 0)) for c in range(S.shape[-1])]
            for r in range(S.shape[-2])]


#: One series has few windows per length: up to this many windows (lengths × starts) are
#: evaluated per numpy call, several lengths at once (a Monte Carlo batch fills a call with
#: one length across its replications).
GROUP_WINDOWS = 16_384


def _lengths(first: int, last: int, n_first: int, lead: tuple[int, ...]):
    """Window lengths ``first … last`` in groups: one at a time with leading (replication)
    axes, else as many as fill :data:`GROUP_WINDOWS` with ``n_first`` windows each."""
    size = 1 if lead else max(1, GROUP_WINDOWS // max(n_first, 1))
    for lo in range(first, last + 1, size):
        yield np.arange(lo, min(lo + size, last + 1))


def _gather(col: np.ndarray, start: np.ndarray | int, n: int, lengths: np.ndarray
            ) -> np.ndarray:
    """``col[start + s + L]`` for every length ``L`` in ``lengths`` and ``s < n``: a slice for
    one length, else a gather clipped to the column (windows past the end are masked by the
    caller). Shape ``(len(lengths), n, ...)``."""
    if lengths.size == 1:
        first = int(lengths[0]) + int(start)
        return col[first:first + n][None]
    idx = np.minimum(np.arange(n) + lengths[:, None] + start, col.shape[0] - 1)
    return col[idx]


def windows_fixed(S: np.ndarray, p: int, col: int, minw: int, dof: int
                  ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """exuber convention (as :func:`capexloop.bubble._kernels.windows_fixed`): every window of
    regression rows ``[a, b]`` with ``b − a + 1 ≥ minw``; ``S`` is ``(..., N + 1, q, q)``
    (leading axes: replications). Returns BADF, BSADF and the start of each BSADF maximum
    (the first one, as the kernel), each ``(..., N − minw + 1)``."""
    C = _columns(S)
    N = S.shape[-3] - 1
    lead = S.shape[:-3]
    m = N - minw + 1
    badf = np.full((m, *lead), np.nan)
    bsadf = np.full((m, *lead), -np.inf)
    arg = np.zeros((m, *lead), dtype=np.int64)
    for lengths in _lengths(minw, N, N - minw + 1, lead):
        n = N - int(lengths[0]) + 1             # windows a = 0 … n − 1, b = a + length − 1

        def entry(r, c, lengths=lengths, n=n):
            return _gather(C[r][c], 0, n, lengths) - C[r][c][:n]

        den = (lengths - dof).reshape(-1, *[1] * (1 + len(lead)))
        stat, _ = tstat_batch(entry, p, col, den, True)
        for g, length in enumerate(lengths):
            sg = stat[g, :N - length + 1]
            badf[length - minw] = sg[0]
            _update_max(bsadf, arg, sg, length - minw)
    return _last(badf), _last(bsadf), _last(arg)


def _last(a: np.ndarray) -> np.ndarray:
    """Window axis back to the end: ``(m, ...)`` → ``(..., m)``."""
    return np.moveaxis(a, 0, -1)


def _update_max(best: np.ndarray, arg: np.ndarray, stat: np.ndarray, first: int
                ) -> np.ndarray:
    """Fold one window length into the running maxima of the end points ``first …`` and
    return where it won. The length grows, so the start falls: ``>=`` keeps the earliest
    start on ties (as the kernels, which scan starts upwards and keep a strict maximum);
    NaN never wins."""
    cur = best[first:]
    win = stat >= cur
    cur[win] = stat[win]
    starts = np.broadcast_to(np.arange(stat.shape[0]).reshape((-1,) + (1,) * (stat.ndim - 1)),
                             stat.shape)
    arg[first:][win] = starts[win]
    return win


def windows_ic(S: np.ndarray, T: int, minw: int, kmax: int, ic: int, fixed: bool
               ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """psymonitor convention (as :func:`capexloop.bubble._kernels.windows_ic`): windows of
    observations ``[s, e]``, lagged differences rebuilt inside each window, the lag chosen
    per window by AIC (``ic`` 1) or BIC (2) with psymonitor's criterion
    ``log 2π + SSR/rows + penalty·p/rows``, or fixed at ``kmax``. ``S`` is
    ``(..., T + 1, q, q)`` (leading axes: replications). Returns BADF, BSADF, the start of
    each BSADF maximum and the lag of that window, each ``(..., T − minw + 1)``."""
    C = _columns(S)
    lead = S.shape[:-3]
    m = T - minw + 1
    badf = np.full((m, *lead), np.nan)
    bsadf = np.full((m, *lead), -np.inf)
    arg = np.zeros((m, *lead), dtype=np.int64)
    lags = np.zeros((m, *lead), dtype=np.int64)
    log2pi = math.log(2 * math.pi)
    per_length = (-1, *[1] * (1 + len(lead)))
    for lengths in _lengths(minw, T, T - minw + 1, lead):
        n = T - int(lengths[0]) + 1             # windows s = 0 … n − 1, e = s + length − 1
        t1 = lengths - 1
        shape = (lengths.size, n, *lead)
        best_ic = np.full(shape, np.inf)
        best_stat = np.full(shape, np.nan)
        best_k = np.zeros(shape, dtype=np.int64)
        for k in range(kmax if fixed else 0, kmax + 1):
            rows, p = t1 - k, 2 + k
            den = t1 - 2 if k == 0 else rows - kmax - 2
            ok = (rows > p + 1) & (den > 0)     # the kernel stops at the first infeasible k
            if not ok.any():
                break

            def entry(r, c, lengths=lengths, n=n, k=k):
                return _gather(C[r][c], 0, n, lengths) - C[r][c][1 + k:1 + k + n]

            stat, ssr = tstat_batch(entry, p, 0, np.where(ok, den, 1).reshape(per_length),
                                    False)
            okb = ok.reshape(per_length)
            stat = np.where(okb, stat, np.nan)
            if fixed:
                best_stat, best_k = stat, np.broadcast_to(np.where(okb, k, 0), shape)
                break
            ssr = np.where(okb, ssr, np.nan)
            r_ = np.where(ok, rows, 1)
            pen = (np.full(r_.shape, 2.0) if ic == 1 else
                   np.array([math.log(x) for x in r_.tolist()])).reshape(per_length)
            rr = r_.reshape(per_length)
            val = log2pi + ssr / rr + pen * p / rr
            win = val < best_ic                  # NaN never wins; ties keep the smaller lag
            best_ic = np.where(win, val, best_ic)
            best_stat = np.where(win, stat, best_stat)
            best_k = np.where(win, k, best_k)
        for g, length in enumerate(lengths):
            ng = T - length + 1
            sg, kg = best_stat[g, :ng], best_k[g, :ng]
            badf[length - minw] = sg[0]
            win = _update_max(bsadf, arg, sg, length - minw)
            lags[length - minw:][win] = kg[win]
    return _last(badf), _last(bsadf), _last(arg), _last(lags)


def _prefix_sums(Y: np.ndarray, lag: int) -> np.ndarray:
    """Prefix sums ``(R, N + 1, q, q)`` of each row's regression rows, standardised as
    :func:`capexloop.bubble._kernels._prefix_sums` does (same operations: sequential mean and
    variance, products, sequential cumulative sums), so the Monte Carlo equals the kernel's."""
    R, T = Y.shape
    N = T - 1 - lag
    mu = np.cumsum(Y, axis=1)[:, -1] / T
    dev = Y - mu[:, None]
    sd = np.sqrt(np.cumsum(dev * dev, axis=1)[:, -1] / T)
    rows = np.arange(lag + 1, T)
    Z = np.empty((R, N, 3 + lag))
    Z[:, :, 0] = dev[:, rows] / sd[:, None]
    Z[:, :, 1] = 1.0
    Z[:, :, 2] = dev[:, rows - 1] / sd[:, None]
    for j in range(1, lag + 1):
        Z[:, :, 2 + j] = (Y[:, rows - j] - Y[:, rows - j - 1]) / sd[:, None]
    S = np.zeros((R, N + 1, 3 + lag, 3 + lag))
    np.cumsum(Z[:, :, :, None] * Z[:, :, None, :], axis=1, out=S[:, 1:])
    return S


def mc_batch(Y: np.ndarray, minw: int, lag: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """SADF, GSADF and the BSADF sequence of every row of ``Y`` (exuber convention): what
    :func:`capexloop.bubble._kernels.mc_batch_lag0` / ``mc_batch_exuber`` return."""
    S = _prefix_sums(Y, lag)
    if lag == 0:
        badf, bsadf = _windows_lag0_batch(S, minw)
    else:
        badf, bsadf, _ = windows_fixed(S, 2 + lag, 1, minw, 2 + lag)
    return _sup(badf), bsadf.max(axis=-1), bsadf


def _sup(badf: np.ndarray) -> np.ndarray:
    """SADF: the largest BADF of each series ignoring NaN (NaN if all are), as ``nanmax``."""
    nan = np.isnan(badf)
    sadf = np.where(nan, -np.inf, badf).max(axis=-1)
    return np.where(nan.all(axis=-1), np.nan, sadf)


def psy_rows(Y: np.ndarray, minw: int, lag: int, convention: str
             ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """SADF, GSADF and BSADF of every row of ``Y`` with a fixed lag, each row's numbers
    exactly those of :func:`capexloop.bubble.psy.psy` on that row (same prefix sums, same
    window arithmetic), computed as one batch."""
    from .psy import prefix_sums

    S = np.stack([prefix_sums(row, lag, convention) for row in Y])
    if convention == "psymonitor":
        badf, bsadf, _, _ = windows_ic(S, Y.shape[1], minw, lag, 0, True)
    elif lag == 0:
        badf, bsadf = _windows_lag0_batch(S, minw)
    else:
        badf, bsadf, _ = windows_fixed(S, 2 + lag, 1, minw, 2 + lag)
    return _sup(badf), bsadf.max(axis=-1), bsadf


def _windows_lag0_batch(S: np.ndarray, minw: int) -> tuple[np.ndarray, np.ndarray]:
    """BADF and BSADF of many series without lagged differences: the closed form of
    :func:`capexloop.bubble._kernels._tstat2` (same operations; the row count ``a11`` of a
    window is its length, exactly)."""
    C = _columns(S)
    R, N = S.shape[0], S.shape[1] - 1
    m = N - minw + 1
    badf = np.full((m, R), np.nan)
    bsadf = np.full((m, R), -np.inf)
    yy_, y1_, y2_, a12_, a22_ = C[0][0], C[0][1], C[0][2], C[1][2], C[2][2]
    with np.errstate(divide="ignore", invalid="ignore"):
        for length in range(minw, N + 1):
            n = N - length + 1
            yy = yy_[length:] - yy_[:n]
            y1 = y1_[length:] - y1_[:n]
            y2 = y2_[length:] - y2_[:n]
            a12 = a12_[length:] - a12_[:n]
            a22 = a22_[length:] - a22_[:n]
            a11 = float(length)
            det = a11 * a22 - a12 * a12
            b1 = (a22 * y1 - a12 * y2) / det
            b2 = (a11 * y2 - a12 * y1) / det
            sig2 = (yy - b1 * y1 - b2 * y2) / (length - 2)
            stat = (b2 - 1.0) / np.sqrt(sig2 * (a11 / det))
            bad = (det <= 1e-300 * (a11 * a22 + 1e-300)) | ~(sig2 > 0)
            stat[bad] = np.nan
            badf[length - minw] = stat[0]
            cur = bsadf[length - minw:]
            np.fmax(cur, stat, out=cur)
    return _last(badf), _last(bsadf)
