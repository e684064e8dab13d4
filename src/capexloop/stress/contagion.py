"""Default and distress cascades on exposures: Furfine (2003) and DebtRank, batched.

Conventions: ``L[i, j]`` is what ``i`` owes ``j``, so creditor ``j`` is exposed to debtor ``i``
by ``L[i, j]``. ``equity`` is initial equity ``E⁰`` (n,), ``shock`` an initial equity loss in
USD, shape (n,) or (s, n). Relative equity loss ``h_j = min(1, loss_j / E⁰_j)``; the impact
matrix ``Λ[j, i] = L[i, j] / E⁰_j`` is creditor j's exposure to i in units of j's own equity.

* Furfine (2003): a bank defaults when losses reach its equity; its creditors lose
  ``lgd × exposure``; repeat until no new default (at most n rounds).
* DebtRank (Battiston et al. 2012): ``h_j(t) = min(1, h_j(t−1) + Σ_{i∈D(t−1)} Λ[j,i] h_i(t−1))``
  where each node propagates its distress once (states undistressed → distressed → inactive).
* Linear DebtRank (Bardoscia et al. 2015): distress propagates on every round,
  ``h = min(1, h⁰ + Λ h)`` solved to its fixed point. Every bank's loss is measured against
  its *own* initial equity.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd
import scipy.sparse as sp

from .._results import ResultMixin, records
from ..errors import CapexloopError, ConvergenceWarning
from ._batch import as_batch, as_liabilities, check_unit

__all__ = ["CascadeResult", "debtrank", "furfine", "linear_debtrank"]


@dataclass(frozen=True)
class CascadeResult(ResultMixin):
    """Relative equity losses ``h`` (s, n), defaults and the round each bank defaulted."""

    model: str
    h: np.ndarray
    h0: np.ndarray
    default_round: np.ndarray   # (s, n); -1 = did not default
    n_iter: int
    converged: bool
    residual: float

    @property
    def defaulted(self) -> np.ndarray:
        return self.default_round >= 0

    def debtrank(self, weights: np.ndarray | None = None) -> np.ndarray:
        """DebtRank R = Σ v_j (h_j(T) − h_j(0)) per scenario (weights v sum to 1)."""
        n = self.h.shape[1]
        v = np.full(n, 1.0 / n) if weights is None else np.asarray(weights) / np.sum(weights)
        return (self.h - self.h0) @ v

    def to_frame(self, scenario: int = 0) -> pd.DataFrame:
        return pd.DataFrame({"h": self.h[scenario], "h0": self.h0[scenario],
                             "default_round": self.default_round[scenario]})

    def summary(self) -> str:
        return (f"{self.model}: {self.h.shape[0]} scenario(s), mean relative equity loss "
                f"{self.h.mean():.4f}, {self.defaulted.sum(axis=1).mean():.2f} defaults on average")

    __str__ = summary

    def to_dict(self, scenario: int = 0) -> dict:
        return {"model": self.model, "converged": self.converged, "iterations": self.n_iter,
                "debtrank": float(self.debtrank()[scenario]),
                "banks": records(self.to_frame(scenario))}


def _inputs(liabilities, equity, shock):
    Lm = as_liabilities(liabilities)
    n = Lm.shape[0]
    E0, _ = as_batch(equity, n, "equity")
    if E0.shape[0] != 1 or (E0 <= 0).any():
        raise CapexloopError("equity must be one vector of positive values", field="equity")
    S, _ = as_batch(shock, n, "shock")
    if (S < 0).any():
        raise CapexloopError("shock is an equity loss and must be non-negative", field="shock")
    e0 = E0[0]
    Lam = sp.diags(1.0 / e0) @ Lm.T               # Lam[j, i] = L[i, j] / E⁰_j
    return Lm, e0, S, Lam.tocsr()


def furfine(liabilities, equity, shock, *, lgd: float = 1.0) -> CascadeResult:
    """Furfine (2003) sequential default cascade with loss-given-default ``lgd``.

    Bank 0 loses its equity of 4 and fails; bank 1 loses 7 > 6 of the 7 it lent and fails in
    round 1; bank 2 then loses 8 < 10 and survives:

    >>> r = furfine([[0, 7, 0], [0, 0, 8], [0, 0, 0]], [4, 6, 10], [4, 0, 0])
    >>> r.default_round[0].tolist()
    [0, 1, -1]
    """
    lgd = check_unit(lgd, "lgd")
    Lm, e0, S, _ = _inputs(liabilities, equity, shock)
    n = S.shape[1]
    loss = S.copy()
    failed = loss >= e0
    rnd = np.where(failed, 0, -1)
    new = failed.copy()
    it = 0
    LT = Lm.T.tocsr()
    while new.any() and it < n:
        it += 1
        loss = loss + lgd * (LT @ new.T.astype(float)).T   # creditors of newly failed banks
        now = (loss >= e0) & ~failed
        rnd[now] = it
        failed |= now
        new = now
    h = np.minimum(1.0, loss / e0)
    return CascadeResult("furfine", h, np.minimum(1.0, S / e0), rnd, it, True, 0.0)


def debtrank(liabilities, equity, shock) -> CascadeResult:
    """Original DebtRank (Battiston et al. 2012): each distressed node propagates once."""
    _, e0, S, Lam = _inputs(liabilities, equity, shock)
    h0 = np.minimum(1.0, S / e0)
    h = h0.copy()
    distressed = h > 0
    inactive = np.zeros_like(distressed)
    it = 0
    n = h.shape[1]
    while distressed.any() and it <= n:
        it += 1
        push = np.where(distressed, h, 0.0)
        h_new = np.minimum(1.0, h + (Lam @ push.T).T)
        inactive |= distressed
        distressed = (h_new > 0) & ~inactive
        h = h_new
    rnd = np.where(h >= 1.0, 0, -1)
    return CascadeResult("debtrank", h, h0, rnd, it, True, 0.0)


def linear_debtrank(liabilities, equity, shock, *, tol: float = 1e-12,
                    max_iter: int = 10_000) -> CascadeResult:
    """Linear DebtRank (Bardoscia et al. 2015): ``h = min(1, h⁰ + Λh)`` at its fixed point."""
    _, e0, S, Lam = _inputs(liabilities, equity, shock)
    h0 = np.minimum(1.0, S / e0)
    h = h0.copy()
    res = np.inf
    it = 0
    for it in range(1, max_iter + 1):  # noqa: B007
        h_new = np.minimum(1.0, h0 + (Lam @ h.T).T)
        res = float(np.max(np.abs(h_new - h), initial=0.0))
        h = h_new
        if res <= tol:
            break
    ok = res <= tol
    if not ok:
        warnings.warn(f"linear_debtrank: no convergence after {it} iterations (residual "
                      f"{res:.3e})", ConvergenceWarning, stacklevel=2)
    rnd = np.where(h >= 1.0, 0, -1)
    return CascadeResult("linear_debtrank", h, h0, rnd, it, ok, res)
