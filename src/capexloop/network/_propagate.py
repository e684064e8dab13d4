"""Money propagation with one absorbing node per seed: the shared kernel of round trips and Finn.

Each row ``r`` of a batch starts as a vector of money at nodes, ``x₀ = seed_r``, and moves by the
pool-share matrix ``P`` (``x_{t+1} = x_t P``). Money arriving at the row's own node ``a_r`` is
absorbed (recorded and removed), so after convergence

    returned_r  = Σ_t x_t[a_r]                         (first-passage arrivals at a_r)
    collected_r = Σ_t Σ_c x_t[c] · C[r, c]             (e.g. goods payments into a_r)

which equals ``seed_r (I − P₋ₐ)⁻¹ C[r]ᵀ`` with column ``a_r`` of ``P`` zeroed — the quantity the
dense Sherman–Morrison formula gives, without forming an inverse. Cost: rows × nnz(P) per step;
``P`` is substochastic (pools are at least outflows), and the loop stops when every row's money
left in flight is below ``tol`` times what it started with (a geometric series: the rest of the
answer is below that mass divided by the leak rate). Rows that converge leave the batch.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

__all__ = ["absorbed_propagation"]


def absorbed_propagation(P: sp.csr_matrix, seeds: sp.spmatrix, absorb: np.ndarray,
                         collect: sp.spmatrix | None = None, *, tol: float = 1e-12,
                         max_steps: int = 100_000, block: int = 512
                         ) -> tuple[np.ndarray, np.ndarray]:
    """``(returned, collected)`` per seed row (see the module docstring).

    ``seeds`` and ``collect`` are ``(k, n)``; ``absorb`` holds each row's absorbing node.
    Seeds must be zero at their absorbing node.
    """
    seeds = sp.csr_matrix(seeds, dtype=float)
    k, n = seeds.shape
    absorb = np.asarray(absorb, dtype=np.int64)
    returned = np.zeros(k)
    collected = np.zeros(k)
    if k == 0:
        return returned, collected
    P = sp.csr_matrix(P, dtype=float)
    C = sp.csr_matrix(collect, dtype=float) if collect is not None else None
    if C is not None:                                   # step 0, before any money moves
        collected += np.asarray(seeds.multiply(C).sum(axis=1)).ravel()
    # work only on nodes money can move through (and the absorbing ones)
    Pc = P.tocoo()
    live = np.zeros(n, dtype=bool)
    live[Pc.row] = live[Pc.col] = True
    live[absorb] = True
    nodes = np.flatnonzero(live)
    pos = np.full(n, -1, dtype=np.int64)
    pos[nodes] = np.arange(nodes.size)
    PT = P[nodes][:, nodes].T.tocsr()
    seeds = seeds[:, nodes]
    at_all = pos[absorb]
    if C is not None:
        C = C[:, nodes].tocsr()
    for lo in range(0, k, block):
        rows = np.arange(lo, min(k, lo + block))
        X = np.ascontiguousarray(seeds[rows].toarray().T)        # (nodes, b): money at nodes
        start = X.sum(axis=0)
        active = np.flatnonzero(start > 0)
        X, rows, limit = X[:, active], rows[active], tol * start[active]
        if C is not None:                                         # sparse gather of C[r, c]
            Cb = C[rows].tocoo()
            c_node, c_col, c_val = Cb.col, Cb.row, Cb.data
        for _ in range(max_steps):
            if rows.size == 0:
                break
            X = PT @ X
            cols = np.arange(rows.size)
            at = at_all[rows]
            returned[rows] += X[at, cols]
            X[at, cols] = 0.0
            if C is not None:
                collected[rows] += np.bincount(c_col, weights=X[c_node, c_col] * c_val,
                                               minlength=rows.size)
            keep = X.sum(axis=0) > limit
            if not keep.all():
                X, rows, limit = np.ascontiguousarray(X[:, keep]), rows[keep], limit[keep]
                if C is not None:
                    remap = np.cumsum(keep) - 1
                    m = keep[c_col]
                    c_node, c_col, c_val = c_node[m], remap[c_col[m]], c_val[m]
    return returned, collected
