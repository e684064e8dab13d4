"""Compiled kernels: the ADF t-statistic of every window from cumulative normal equations.

With ``S[t] = Σ_{r<t} z_r z_rᵀ`` over regression rows ``z_r = (dependent, regressors)``,
the normal equations of rows ``a..b`` are ``S[b+1] − S[a]`` — O(1) per window, so all
O(T²) windows cost O(T² p³) with p ≤ 10 regressors.
"""

from __future__ import annotations

import math

import numba
import numpy as np


@numba.njit(cache=True)
def _tstat2(Sb, Sa, col, den, null_one):
    """Closed form for two regressors (constant and lagged level, no lagged differences)."""
    yy = Sb[0, 0] - Sa[0, 0]
    y1 = Sb[0, 1] - Sa[0, 1]
    y2 = Sb[0, 2] - Sa[0, 2]
    a11 = Sb[1, 1] - Sa[1, 1]
    a12 = Sb[1, 2] - Sa[1, 2]
    a22 = Sb[2, 2] - Sa[2, 2]
    det = a11 * a22 - a12 * a12
    if det <= 1e-300 * (a11 * a22 + 1e-300):
        return np.nan, np.nan
    b1 = (a22 * y1 - a12 * y2) / det
    b2 = (a11 * y2 - a12 * y1) / det
    ssr = yy - b1 * y1 - b2 * y2
    sig2 = ssr / den
    if sig2 <= 0:
        return np.nan, ssr
    if col == 0:
        inv, b = a22 / det, b1
    else:
        inv, b = a11 / det, b2
    if null_one:
        b -= 1.0
    return b / math.sqrt(sig2 * inv), ssr


@numba.njit(cache=True)
def _tstat(M, p, col, den_off, null_one, L, z, beta, v):
    """t-stat of regressor ``col`` from the (1+p)² block M; den = rows − den_off.

    M[0,0] = y'y, M[0,1:] = y'X, M[1:,1:] = X'X. ``L, z, beta, v`` are work buffers.
    """
    for i in range(p):
        for j in range(i + 1):
            s = M[1 + i, 1 + j]
            for k in range(j):
                s -= L[i, k] * L[j, k]
            if i == j:
                if s <= 1e-300:
                    return np.nan, np.nan
                L[i, i] = math.sqrt(s)
            else:
                L[i, j] = s / L[j, j]
    # beta = (X'X)^-1 X'y
    for i in range(p):
        s = M[0, 1 + i]
        for k in range(i):
            s -= L[i, k] * z[k]
        z[i] = s / L[i, i]
    for i in range(p - 1, -1, -1):
        s = z[i]
        for k in range(i + 1, p):
            s -= L[k, i] * beta[k]
        beta[i] = s / L[i, i]
    ssr = M[0, 0]
    for i in range(p):
        ssr -= beta[i] * M[0, 1 + i]
    # [(X'X)^-1]_{col,col} = || L^-1 e_col ||^2
    for i in range(p):
        s = 1.0 if i == col else 0.0
        for k in range(i):
            s -= L[i, k] * v[k]
        v[i] = s / L[i, i]
    inv_cc = 0.0
    for i in range(p):
        inv_cc += v[i] * v[i]
    sig2 = ssr / den_off
    if sig2 <= 0:
        return np.nan, ssr
    b = beta[col] - (1.0 if null_one else 0.0)
    return b / math.sqrt(sig2 * inv_cc), ssr


@numba.njit(cache=True)
def windows_fixed(S, p, col, minw, dof):
    """exuber convention: all windows of regression rows [a, b], b − a + 1 ≥ minw.

    Returns badf (N−minw+1,), bsadf (N−minw+1,) and the start of each BSADF maximum.
    ``dof`` = number of estimated coefficients (rows − dof is the variance denominator).
    For lagged differences (p > 2); without them see :func:`windows_fixed2` (and, uncompiled,
    :mod:`capexloop.bubble._closed_form`).
    """
    N = S.shape[0] - 1
    m = N - minw + 1
    badf = np.full(m, np.nan)
    bsadf = np.full(m, -np.inf)
    arg = np.zeros(m, dtype=np.int64)
    q = S.shape[1]
    M = np.empty((q, q))
    L, z, beta, v = np.zeros((p, p)), np.zeros(p), np.zeros(p), np.zeros(p)
    for b in range(minw - 1, N):
        i = b - minw + 1
        Sb = S[b + 1]
        for a in range(0, b - minw + 2):
            for r in range(q):
                for c in range(q):
                    M[r, c] = Sb[r, c] - S[a, r, c]
            stat, _ = _tstat(M, p, col, (b - a + 1) - dof, True, L, z, beta, v)
            if a == 0:
                badf[i] = stat
            if stat > bsadf[i]:
                bsadf[i] = stat
                arg[i] = a
    return badf, bsadf, arg


@numba.njit(cache=True)
def windows_fixed2(S, col, minw, dof):
    """:func:`windows_fixed` for two regressors (constant and lagged level), closed form."""
    N = S.shape[0] - 1
    m = N - minw + 1
    badf = np.full(m, np.nan)
    bsadf = np.full(m, -np.inf)
    arg = np.zeros(m, dtype=np.int64)
    for b in range(minw - 1, N):
        i = b - minw + 1
        Sb = S[b + 1]
        for a in range(0, b - minw + 2):
            stat, _ = _tstat2(Sb, S[a], col, (b - a + 1) - dof, True)
            if a == 0:
                badf[i] = stat
            if stat > bsadf[i]:
                bsadf[i] = stat
                arg[i] = a
    return badf, bsadf, arg


@numba.njit(cache=True)
def windows_ic(S, T, minw, kmax, ic, fixed):
    """psymonitor convention: windows of observations [s, e] of y (e − s + 1 ≥ minw); lagged
    differences rebuilt inside the window; lag k ∈ 0..kmax chosen per window by IC
    (ic: 1 AIC, 2 BIC, psymonitor's formulas) or fixed at kmax (``fixed``).

    Row t (1..T−1) of S holds (Δy_t, y_{t−1}, 1, Δy_{t−1}, …, Δy_{t−kmax}); S[t] sums rows < t.
    """
    m = T - minw + 1
    badf = np.full(m, np.nan)
    bsadf = np.full(m, -np.inf)
    arg = np.zeros(m, dtype=np.int64)
    lags = np.zeros(m, dtype=np.int64)
    q = kmax + 3
    M = np.empty((q, q))
    L, z, beta, v = np.zeros((q, q)), np.zeros(q), np.zeros(q), np.zeros(q)
    for e in range(minw - 1, T):
        i = e - minw + 1
        for s in range(0, e - minw + 2):
            t1 = e - s
            best_ic = np.inf
            best_stat = np.nan
            best_k = 0
            k0 = kmax if fixed else 0
            for k in range(k0, kmax + 1):
                rows = t1 - k
                p = 2 + k
                if rows <= p + 1:
                    break
                for r in range(p + 1):
                    for c in range(p + 1):
                        M[r, c] = S[e + 1, r, c] - S[s + 1 + k, r, c]
                den = t1 - 2 if k == 0 else rows - kmax - 2
                if den <= 0:
                    break
                stat, ssr = _tstat(M, p, 0, den, False, L, z, beta, v)
                if fixed:
                    best_stat = stat
                    best_k = k
                    break
                pen = 2.0 if ic == 1 else math.log(rows)
                val = math.log(2 * math.pi) + ssr / rows + pen * p / rows
                if val < best_ic:
                    best_ic = val
                    best_stat = stat
                    best_k = k
            if s == 0:
                badf[i] = best_stat
            if best_stat > bsadf[i]:
                bsadf[i] = best_stat
                arg[i] = s
                lags[i] = best_k
    return badf, bsadf, arg, lags


@numba.njit(cache=True)
def _prefix_sums(y, lag, Z, S):
    """S[t] = Σ_{r<t} z_r z_rᵀ of the standardised rows z_r = (y_r, 1, y_{r−1}, Δy lags)."""
    N, q = Z.shape
    mu = y.mean()
    sd = y.std()
    for t in range(N):
        row = t + lag + 1
        Z[t, 0] = (y[row] - mu) / sd
        Z[t, 1] = 1.0
        Z[t, 2] = (y[row - 1] - mu) / sd
        for j in range(1, lag + 1):
            Z[t, 2 + j] = (y[row - j] - y[row - j - 1]) / sd
    for t in range(N):
        for a in range(q):
            for b in range(q):
                S[t + 1, a, b] = S[t, a, b] + Z[t, a] * Z[t, b]


@numba.njit(cache=True)
def mc_batch_exuber(Y, minw, lag):
    """SADF, GSADF and BSADF of many series (rows of Y), exuber convention, lag ≥ 1."""
    R, T = Y.shape
    N = T - 1 - lag
    p = 2 + lag
    q = p + 1
    m = N - minw + 1
    sadf = np.empty(R)
    gsadf = np.empty(R)
    seqs = np.empty((R, m))
    Z = np.empty((N, q))
    S = np.zeros((N + 1, q, q))
    for r in range(R):
        _prefix_sums(Y[r], lag, Z, S)
        badf, bsadf, _ = windows_fixed(S, p, 1, minw, p)
        sadf[r] = np.nanmax(badf)
        gsadf[r] = bsadf.max()
        seqs[r] = bsadf
    return sadf, gsadf, seqs


@numba.njit(cache=True)
def mc_batch_lag0(Y, minw):
    """:func:`mc_batch_exuber` without lagged differences (closed-form windows only, so the
    default critical values compile the smallest kernel)."""
    R, T = Y.shape
    N = T - 1
    m = N - minw + 1
    sadf = np.empty(R)
    gsadf = np.empty(R)
    seqs = np.empty((R, m))
    Z = np.empty((N, 3))
    S = np.zeros((N + 1, 3, 3))
    for r in range(R):
        _prefix_sums(Y[r], 0, Z, S)
        badf, bsadf, _ = windows_fixed2(S, 1, minw, 2)
        sadf[r] = np.nanmax(badf)
        gsadf[r] = bsadf.max()
        seqs[r] = bsadf
    return sadf, gsadf, seqs
