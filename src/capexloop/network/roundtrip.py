"""Round-trip revenue: how much of a vendor's ledger revenue is its own financing coming back.

Attribution rules
-----------------
Money is fungible, so "NVIDIA's $100B came back as chip purchases" needs a rule. Two are given,
and the truth for any allocation of spending lies between them:

``proportional`` (default; pro-rata tracing, as in input–output "flow tracing"). Each entity
spends from a pool of size ``S_j = max(inflow_j, outflow_j)`` (the excess of outflow over ledger
inflow is funded from outside the ledger: own revenue, cash, other investors). Every dollar it
pays out carries the same mix of origins as its pool. Vendor ``V``'s money enters the system
through ``V``'s *financing* deals ``F[V, :]`` and travels along every money flow; it stops when
it reaches ``V`` again. With ``P = diag(1/S) W`` and ``P₋ᵥ`` = ``P`` with column ``V`` zeroed,
the V-money arriving at each entity is ``m = F[V, :] (I − P₋ᵥ)⁻¹`` and the round-tripped
revenue is ``RT_V = Σ_C m_C G[C, V] / S_C`` (goods payments to ``V``). The one-hop part
(``V`` finances ``C``, ``C`` buys from ``V``) is ``Σ_C F[V, C] G[C, V] / S_C``.
Small ledgers (≤ ``DENSE_MAX`` entities) solve all vendors at once with the Sherman–Morrison
identity on ``N = (I − P)⁻¹``; larger ones propagate every vendor's money at once through the
sparse flows inside its strongly connected component (money that leaves it never returns), with
``V`` absorbing (:mod:`capexloop.network._propagate`): cost vendors × deals × steps, no inverse.

Scale caps (stated, not silent): the proportional rule traces the ``PROPORTIONAL_MAX_VENDORS``
largest vendors (others NaN); the earmarked max-flow runs for the ``EARMARK_MAX_VENDORS`` largest
(a max-flow per vendor costs more than linear time in deals), the others get the bound
``min(financing into V's component, goods revenue from it)`` and ``earmarked_exact`` is False.

``earmarked`` (upper bound). Financing is assumed spent first on the financier's goods, along
any chain of payments: the maximum flow from ``V``'s financing deals back to ``V``'s goods
revenue through the money graph (capacities = payments). For one hop this is
``Σ_C min(F[V, C], G[C, V])``.

Both satisfy ``RT_V ≤ min(financing by V, revenue of V)`` and proportional ≤ earmarked.

References: Leontief (1936) for the inverse; the tracing rule is the proportional-sharing
principle of flow tracing (Bialek 1996; Kirschen, Allan & Strbac 1997).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import scipy.sparse as sp
import scipy.sparse.linalg as spla
from scipy.sparse.csgraph import connected_components, maximum_flow

from .._results import ResultMixin, records
from ..ledger.model import Ledger
from ..ledger.quantities import format_usd
from ._propagate import absorbed_propagation
from .graph import AmountChoice, FlowMatrices, flow_matrices

__all__ = ["RoundTrip", "round_trip", "round_trip_share"]

#: the earmarked bound runs max-flow on integer capacities in this unit (USD)
EARMARK_UNIT = 1e3
#: up to this many entities the proportional rule uses one dense inverse (exact, O(n³))
DENSE_MAX = 200
#: largest vendors (by min(financing, revenue)) traced under the proportional rule; each costs
#: one row of sparse propagation (rows × deals per step), the rest are reported as NaN
PROPORTIONAL_MAX_VENDORS = 300
#: largest vendors given an exact earmarked max-flow (each one max-flow over its component's
#: deals, superlinear in deals); the rest get the bound min(financing in, revenue from) it
EARMARK_MAX_VENDORS = 50


@dataclass(frozen=True)
class RoundTrip(ResultMixin):
    """Per-entity round-trip revenue (USD) under both attribution rules."""

    ids: tuple[str, ...]
    revenue: np.ndarray
    financing_out: np.ndarray
    proportional: np.ndarray
    proportional_direct: np.ndarray
    earmarked: np.ndarray
    earmarked_direct: np.ndarray
    earmarked_exact: np.ndarray | None = None

    @property
    def capped(self) -> dict[str, int]:
        """How many vendors got a bound instead of an exact value, per rule."""
        ear = 0 if self.earmarked_exact is None else int((~self.earmarked_exact).sum())
        return {"proportional": int(np.isnan(self.proportional).sum()), "earmarked": ear}

    @property
    def share(self) -> np.ndarray:
        """Proportional round-trip as a share of ledger revenue (NaN without revenue)."""
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(self.revenue > 0, self.proportional / self.revenue, np.nan)

    @property
    def share_upper(self) -> np.ndarray:
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(self.revenue > 0, self.earmarked / self.revenue, np.nan)

    def totals(self) -> dict[str, float]:
        rev = float(self.revenue.sum())
        prop = float(np.nansum(self.proportional))
        return {"revenue": rev, "proportional": prop,
                "earmarked": float(self.earmarked.sum()),
                "share": prop / rev if rev else float("nan"),
                "share_upper": float(self.earmarked.sum() / rev) if rev else float("nan")}

    def to_frame(self, vendors_only: bool = True) -> pd.DataFrame:
        df = pd.DataFrame({
            "entity": self.ids, "revenue": self.revenue, "financing_out": self.financing_out,
            "round_trip": self.proportional, "round_trip_direct": self.proportional_direct,
            "round_trip_upper": self.earmarked, "round_trip_upper_direct": self.earmarked_direct,
            "share": self.share, "share_upper": self.share_upper,
            "upper_exact": (np.ones(len(self.ids), bool) if self.earmarked_exact is None
                            else self.earmarked_exact)})
        if vendors_only:
            df = df[(df.revenue > 0) & (df.financing_out > 0)]
        return df.sort_values(["round_trip_upper", "entity"], ascending=[False, True],
                              kind="stable").reset_index(drop=True)

    def summary(self) -> str:
        df = self.to_frame()
        lines = [f"{'vendor':<14}{'revenue':>10}{'financed':>10}{'round trip':>22}{'share':>16}"]
        for r in df.itertuples():
            lines.append(f"{r.entity:<14}{format_usd(r.revenue):>10}{format_usd(r.financing_out):>10}"
                         f"{format_usd(r.round_trip) + '..' + format_usd(r.round_trip_upper):>22}"
                         f"{r.share:>8.1%}..{r.share_upper:.1%}")
        t = self.totals()
        lines.append(f"system: {format_usd(t['proportional'])}..{format_usd(t['earmarked'])} of "
                     f"{format_usd(t['revenue'])} goods revenue round-trips "
                     f"({t['share']:.1%}..{t['share_upper']:.1%})")
        return "\n".join(lines)

    __str__ = summary

    def to_dict(self) -> dict:
        return {"vendors": records(self.to_frame()), "system": self.totals()}


def _pools(W: sp.csr_matrix) -> np.ndarray:
    inflow = np.asarray(W.sum(axis=0)).ravel()
    outflow = np.asarray(W.sum(axis=1)).ravel()
    return np.maximum(inflow, outflow)


def _vendors(F: sp.csr_matrix, G: sp.csr_matrix) -> np.ndarray:
    return np.flatnonzero((np.asarray(F.sum(axis=1)).ravel() > 0)
                          & (np.asarray(G.sum(axis=0)).ravel() > 0))


def cyclic_core(W: sp.csr_matrix) -> tuple[np.ndarray, sp.csr_matrix]:
    """Strongly connected component labels (``-1`` outside any cycle) and ``W`` restricted to
    edges inside one component. Money that leaves a vendor's component never comes back, so
    both round-trip rules and Finn's index only need these edges."""
    n = W.shape[0]
    _, lab = connected_components(W, directed=True, connection="strong")
    size = np.bincount(lab, minlength=n)
    lab = np.where(size[lab] > 1, lab, -1)
    Wc = W.tocoo()
    keep = (lab[Wc.row] >= 0) & (lab[Wc.row] == lab[Wc.col])
    inner = sp.csr_matrix((Wc.data[keep], (Wc.row[keep], Wc.col[keep])), shape=W.shape)
    return lab, inner


def _proportional(F: sp.csr_matrix, G: sp.csr_matrix, *, max_vendors: int | None = None
                  ) -> tuple[np.ndarray, np.ndarray]:
    """Proportional round trips (``NaN`` for vendors beyond the cap) and their one-hop part."""
    W = (F + G).tocsr()
    n = W.shape[0]
    S = _pools(W)
    inv_s = np.divide(1.0, S, out=np.zeros(n), where=S > 0)
    Gs = (sp.diags(inv_s) @ G).tocsc()           # goods payments per unit of pool
    direct = np.asarray((F.multiply(Gs.T)).sum(axis=1)).ravel()
    vendors = _vendors(F, G)
    total = np.zeros(n)
    if vendors.size == 0:
        return total, direct
    if n <= DENSE_MAX:
        total[vendors] = _proportional_dense(F, Gs, sp.diags(inv_s) @ W, vendors)
        return np.clip(total, 0.0, None), direct
    lab, inner = cyclic_core(W)
    vendors = vendors[lab[vendors] >= 0]          # a vendor outside every cycle: nothing returns
    cap = PROPORTIONAL_MAX_VENDORS if max_vendors is None else max_vendors
    if vendors.size > cap:
        size = np.minimum(np.asarray(F.sum(axis=1)).ravel(), np.asarray(G.sum(axis=0)).ravel())
        order = np.argsort(-size[vendors], kind="stable")
        total[vendors[order[cap:]]] = np.nan
        vendors = np.sort(vendors[order[:cap]])
    P = (sp.diags(inv_s) @ inner).tocsr()
    _, collected = absorbed_propagation(P, F[vendors], vendors, Gs[:, vendors].T)
    total[vendors] = collected
    return np.clip(total, 0.0, None), direct


def _proportional_dense(F, Gs, P, vendors) -> np.ndarray:
    """All vendors at once with the Sherman–Morrison identity on the dense ``N = (I − P)⁻¹``."""
    n = P.shape[0]
    A = (sp.identity(n, format="csc") - sp.csc_matrix(P))
    try:
        import scipy.linalg as sla  # dense path only

        N = sla.inv(A.toarray(), check_finite=False)   # Leontief-type inverse
        if not np.all(np.isfinite(N)):
            raise np.linalg.LinAlgError("singular")
    except (np.linalg.LinAlgError, ValueError):
        return _proportional_loop(F, Gs, P, vendors)
    Fv = F[vendors].toarray()                       # (v, n) seeds
    R = Fv @ N                                      # (v, n): m without absorption
    Pcol = sp.csc_matrix(P)[:, vendors].toarray()   # (n, v): u_V = P[:, V]
    a = np.einsum("vk,kv->v", R, Pcol)              # R[V] · u_V
    b = np.einsum("vk,kv->v", N[vendors], Pcol)     # e_V N u_V
    M = R - (a / (1.0 + b))[:, None] * N[vendors]   # Sherman–Morrison: V absorbing
    Gv = Gs[:, vendors].toarray()                   # (n, v)
    return np.einsum("vk,kv->v", M, Gv)


def _proportional_loop(F, Gs, P, vendors) -> np.ndarray:
    """Per-vendor sparse solves of m (I − P₋ᵥ) = F[V]: the reference second method (tests)."""
    n = P.shape[0]
    out = np.empty(len(vendors))
    Pc = sp.csc_matrix(P)
    for t, v in enumerate(vendors):
        Pv = Pc.copy()
        Pv.data[Pv.indptr[v]:Pv.indptr[v + 1]] = 0.0   # V absorbing: nothing flows on from V
        A = (sp.identity(n, format="csc") - Pv).T.tocsc()
        m = spla.spsolve(A, F[v].toarray().ravel())
        out[t] = float(Gs[:, v].toarray().ravel() @ m)
    return out


def _earmarked(F: sp.csr_matrix, G: sp.csr_matrix, *, max_vendors: int | None = None
               ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Earmarked round trips, their one-hop part, and which vendors got an exact max-flow.

    Vendors beyond the cap (by ``min(financing, revenue)``) get the bound
    ``min(financing into V's component, goods revenue from it)``, which is ≥ the max flow.
    """
    n = F.shape[0]
    direct = np.asarray(F.minimum(G.T.tocsr()).sum(axis=1)).ravel()
    vendors = _vendors(F, G)
    total = np.zeros(n)
    exact = np.ones(n, dtype=bool)
    if vendors.size == 0:
        return total, direct, exact
    W = (F + G).tocsr()
    lab, inner = cyclic_core(W)
    vendors = vendors[lab[vendors] >= 0]
    cap = EARMARK_MAX_VENDORS if max_vendors is None else max_vendors
    if vendors.size > cap:
        Fc, Gc = F.tocoo(), G.tocoo()
        fin_in = np.bincount(Fc.row, weights=Fc.data * (lab[Fc.row] == lab[Fc.col]), minlength=n)
        rev_in = np.bincount(Gc.col, weights=Gc.data * (lab[Gc.row] == lab[Gc.col]), minlength=n)
        bound = np.minimum(fin_in, rev_in)
        order = np.argsort(-bound[vendors], kind="stable")
        rest = vendors[order[cap:]]
        total[rest] = np.maximum(bound[rest], direct[rest])
        exact[rest] = False
        vendors = np.sort(vendors[order[:cap]])
    Ic = inner.tocoo()
    Fi, Gi = F.multiply(inner > 0).tocoo(), G.multiply(inner > 0).tocoo()
    for v in vendors:
        # source = v (its financing only), sink = new node n (goods payments to v);
        # only edges inside v's component can carry money back to v
        comp = lab[v]
        keep = (lab[Ic.row] == comp) & (Ic.col != v) & (Ic.row != v)
        fv, gv = Fi.row == v, Gi.col == v
        r = np.concatenate([Ic.row[keep], Fi.row[fv], Gi.row[gv]])
        c = np.concatenate([Ic.col[keep], Fi.col[fv], np.full(gv.sum(), n)])
        w = np.concatenate([Ic.data[keep], Fi.data[fv], Gi.data[gv]])
        cap_ = np.floor(w / EARMARK_UNIT).astype(np.int64)
        graph = sp.csr_matrix((cap_, (r, c)), shape=(n + 1, n + 1))
        graph.sum_duplicates()
        graph = graph.astype(np.int32) if graph.data.size == 0 or graph.data.max() < 2**31 \
            else graph
        total[v] = maximum_flow(graph, int(v), n).flow_value * EARMARK_UNIT
    return total, direct, exact


def round_trip(ledger: Ledger | FlowMatrices, *, amount: AmountChoice = "mid", start=None,
               end=None) -> RoundTrip:
    """Round-trip revenue of every entity (see the module docstring for the rules).

    >>> rt = round_trip(_toy())
    >>> round(float(rt.proportional[0]) / 1e9, 6), float(rt.earmarked[0]) / 1e9
    (50.0, 100.0)
    """
    fm = ledger if isinstance(ledger, FlowMatrices) else flow_matrices(
        ledger, amount=amount, start=start, end=end)
    F, G = fm.financing.tocsr(), fm.goods.tocsr()
    prop, prop_d = _proportional(F, G)
    ear, ear_d, ear_exact = _earmarked(F, G)
    return RoundTrip(fm.ids, np.asarray(G.sum(axis=0)).ravel(),
                     np.asarray(F.sum(axis=1)).ravel(), prop, prop_d, ear, ear_d, ear_exact)


def round_trip_share(ledger: Ledger, vendor: str, **kw) -> float:
    """Share of ``vendor``'s ledger revenue that is its own financing coming back (proportional)."""
    rt = round_trip(ledger, **kw)
    return float(rt.share[rt.ids.index(ledger.entity(vendor).id)])


def _toy() -> Ledger:
    """Hand example: NVIDIA invests $100B in OpenAI, which buys $500B of NVIDIA chips and
    $500B of Oracle cloud. OpenAI's pool is $1T, 10% of it NVIDIA's, so 10% of the $500B
    chip purchases (= $50B) is NVIDIA's money coming back; earmarked, all $100B is."""
    from ..ledger.model import Deal, Entity

    return Ledger(entities=[Entity(id="nvidia", name="NVIDIA"), Entity(id="openai", name="OpenAI"),
                            Entity(id="oracle", name="Oracle")],
                  deals=[Deal(id="eq", kind="equity", payer="nvidia", payee="openai",
                              amount_usd=100e9),
                         Deal(id="chips", kind="chip_purchase", payer="openai", payee="nvidia",
                              amount_usd=500e9),
                         Deal(id="cloud", kind="cloud_contract", payer="openai", payee="oracle",
                              amount_usd=500e9)])
