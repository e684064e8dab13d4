"""Finn's cycling index: the share of total system throughflow that is cycled (Finn 1976).

For flows ``f[i, j]`` (``i`` pays ``j``) with throughflows ``T_j = max(inflow_j, outflow_j)``
(the difference is boundary flow: money from or to outside the ledger), the output-oriented
flow-fraction matrix is ``g[i, j] = f[i, j] / T_i`` and the Leontief inverse ``N = (I − G)⁻¹``.
Node ``j`` cycles the fraction ``(n_jj − 1) / n_jj`` of its throughflow, and

    FCI = Σ_j T_j (n_jj − 1) / n_jj  /  Σ_j T_j .

FCI is 0 on an acyclic network and tends to 1 on a pure cycle as its boundary input vanishes.

``(n_jj − 1) / n_jj`` is also the probability that a unit leaving ``j`` ever comes back to ``j``
(``n_jj = 1 / (1 − ρ_j)``), so large networks need no inverse: only nodes inside a strongly
connected component can cycle, and each one's first-return mass is propagated through the sparse
flows of its component (:mod:`capexloop.network._propagate`). Scale cap (stated): this is done
for the ``FINN_MAX_NODES`` nodes with the largest throughflow; each other node's cycling lies
between 0 and the share of its outflow that stays inside its component, giving ``fci``
(lower) and ``fci_high`` (upper bound); they are equal when nothing is capped.

References: Finn, J. T. (1976) J. Theor. Biol. 56:363–380; Finn (1980) Ecology 61:562–571;
Allesina & Ulanowicz (2004) Comput. Biol. Chem. 28:227–233 (Cone Spring example).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import scipy.sparse as sp

from .._results import ResultMixin, records
from ..ledger.model import Ledger
from ._propagate import absorbed_propagation
from .graph import AmountChoice, FlowMatrices, flow_matrices

#: up to this many entities Finn's index uses the dense inverse (exact, O(n³))
DENSE_MAX = 200
#: nodes (largest throughflow first) whose cycling is propagated; one sparse row each
FINN_MAX_NODES = 300

__all__ = ["FinnResult", "finn_cycling_index"]


@dataclass(frozen=True)
class FinnResult(ResultMixin):
    """System FCI, per-node cycling efficiency and the throughflows behind them."""

    ids: tuple[str, ...]
    fci: float
    node_cycling: np.ndarray
    throughflow: np.ndarray
    fci_high: float | None = None

    @property
    def capped(self) -> int:
        """Nodes whose cycling was bounded (0..1) rather than computed."""
        return int(np.isnan(self.node_cycling).sum())

    @property
    def total_throughflow(self) -> float:
        return float(self.throughflow.sum())

    @property
    def cycled_throughflow(self) -> float:
        return float(np.nansum(self.node_cycling * self.throughflow))

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame({"entity": self.ids, "throughflow": self.throughflow,
                             "cycling": self.node_cycling,
                             "cycled": self.node_cycling * self.throughflow}
                            ).sort_values("cycled", ascending=False, kind="stable")

    def summary(self) -> str:
        hi = (f" (at most {self.fci_high:.4f}: {self.capped} small nodes bounded, not computed)"
              if self.capped else "")
        return (f"Finn cycling index {self.fci:.4f}{hi}: {self.cycled_throughflow:,.0f} of "
                f"{self.total_throughflow:,.0f} throughflow is cycled")

    def to_dict(self, top: int = 10) -> dict:
        return {"fci": self.fci, "total_throughflow": self.total_throughflow,
                "cycled_throughflow": self.cycled_throughflow,
                "nodes": records(self.to_frame().head(top))}


def finn_cycling_index(flows: Ledger | FlowMatrices | np.ndarray | sp.spmatrix, *,
                       imports: np.ndarray | None = None, amount: AmountChoice = "mid",
                       ids: tuple[str, ...] | None = None,
                       max_nodes: int | None = None) -> FinnResult:
    """Finn cycling index of a flow network (a ledger's money flows or a flow matrix).

    ``imports`` (boundary inflows) default to what balances each node:
    ``T = max(inflow, outflow)``; with explicit imports, ``T = inflow + imports``.

    >>> round(finn_cycling_index(np.array([[0, 1.0], [1.0, 0]]), imports=np.array([1e-9, 0])).fci, 6)
    1.0
    """
    if isinstance(flows, Ledger):
        flows = flow_matrices(flows, amount=amount)
    if isinstance(flows, FlowMatrices):
        ids = flows.ids
        flows = flows.money
    Fm = sp.csr_matrix(flows, dtype=float)
    n = Fm.shape[0]
    ids = ids or tuple(str(i) for i in range(n))
    inflow = np.asarray(Fm.sum(axis=0)).ravel()
    outflow = np.asarray(Fm.sum(axis=1)).ravel()
    T = inflow + np.asarray(imports, float) if imports is not None else np.maximum(inflow, outflow)
    if n == 0 or T.sum() == 0:
        return FinnResult(ids, 0.0, np.zeros(n), T)
    inv_t = np.divide(1.0, T, out=np.zeros(n), where=T > 0)
    if n <= DENSE_MAX or imports is not None:
        G = (sp.diags(inv_t) @ Fm).toarray()
        import scipy.linalg as sla  # dense path only

        N = sla.solve(np.eye(n) - G, np.eye(n), check_finite=False)
        nd = np.diag(N)
        eff = np.where(T > 0, (nd - 1.0) / nd, 0.0)
        eff = np.clip(eff, 0.0, 1.0)
        return FinnResult(ids, float(eff @ T / T.sum()), eff, T, float(eff @ T / T.sum()))
    from .roundtrip import cyclic_core

    lab, inner = cyclic_core(Fm)
    eff = np.zeros(n)
    core = np.flatnonzero(lab >= 0)
    max_nodes = FINN_MAX_NODES if max_nodes is None else max_nodes
    if core.size > max_nodes:
        order = np.argsort(-T[core], kind="stable")
        eff[core[order[max_nodes:]]] = np.nan
        core = np.sort(core[order[:max_nodes]])
    P = (sp.diags(inv_t) @ inner).tocsr()
    seeds = sp.csr_matrix((np.ones(core.size), (np.arange(core.size), core)),
                          shape=(core.size, n))
    ret, _ = absorbed_propagation(P, seeds, core)      # first-return mass of a unit at j
    eff[core] = np.clip(ret, 0.0, 1.0)
    total = T.sum()
    lo = float(np.nansum(eff * T) / total)
    out_share = np.asarray(P.sum(axis=1)).ravel()       # a return must first stay inside
    rest = np.isnan(eff)
    hi = float((np.nansum(eff * T) + (np.minimum(out_share, 1.0) * T)[rest].sum()) / total)
    return FinnResult(ids, lo, eff, T, hi)
