"""Argument checks shared by the stress engines (validate once at the boundary).

Liability networks reach the clearing models as :class:`Edges` (debtor, creditor, amount
arrays): reading a file, checking it and clearing one scenario then need numpy only, so
``capexloop clear`` does not import scipy unless a default set is too large for a dense solve.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..errors import CapexloopError

__all__ = ["Edges", "as_batch", "as_edges", "as_liabilities", "check_unit"]


@dataclass(frozen=True)
class Edges:
    """A liability network as an edge list: ``debtor[k]`` owes ``creditor[k]`` ``amount[k]``
    among ``n`` banks (repeated pairs add up, as in a sparse matrix)."""

    debtor: np.ndarray
    creditor: np.ndarray
    amount: np.ndarray
    n: int

    @property
    def shape(self) -> tuple[int, int]:
        return (self.n, self.n)

    def owed(self) -> np.ndarray:
        """``p̄ = L 1``: what each bank owes in total."""
        return np.bincount(self.debtor, weights=self.amount,
                           minlength=self.n).astype(float, copy=False)

    def toarray(self) -> np.ndarray:
        """The dense ``n × n`` matrix ``L[i, j]`` (what i owes j)."""
        M = np.zeros((self.n, self.n))
        np.add.at(M, (self.debtor, self.creditor), self.amount)
        return M

    def tocsr(self):
        """The scipy CSR matrix ``L``."""
        import scipy.sparse as sp

        return sp.csr_matrix((self.amount, (self.debtor, self.creditor)), shape=self.shape)


def as_edges(L, name: str = "liabilities") -> Edges:
    """A square, finite, non-negative liability network as :class:`Edges` (diagonal and zero
    entries dropped). Accepts :class:`Edges`, scipy sparse matrices and array-likes."""
    if isinstance(L, Edges):
        n, r, c, x = L.n, L.debtor, L.creditor, np.asarray(L.amount, dtype=float)
    elif hasattr(L, "tocoo"):                              # scipy sparse, without importing it
        if L.shape[0] != L.shape[1]:
            raise CapexloopError(f"{name} must be square, got shape {L.shape}", field=name)
        coo = L.tocoo()
        n, r, c, x = L.shape[0], coo.row, coo.col, np.asarray(coo.data, dtype=float)
    else:
        M = np.asarray(L, dtype=float)
        if M.ndim != 2 or M.shape[0] != M.shape[1]:
            raise CapexloopError(f"{name} must be square, got shape {M.shape}", field=name)
        n = M.shape[0]
        r, c = np.nonzero(M)
        x = M[r, c]
    if not np.all(np.isfinite(x)):
        raise CapexloopError(f"{name} contains NaN or infinite values", field=name)
    if (x < 0).any():
        raise CapexloopError(f"{name} must be non-negative", field=name)
    r, c = np.asarray(r, dtype=np.int64), np.asarray(c, dtype=np.int64)
    keep = (r != c) & (x != 0)
    return Edges(r[keep], c[keep], x[keep], int(n))


def as_liabilities(L, name: str = "liabilities"):
    """A square, finite, non-negative liability matrix as scipy CSR (``L[i, j]`` = what i
    owes j)."""
    import scipy.sparse as sp

    if isinstance(L, Edges):
        L = L.tocsr()
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
