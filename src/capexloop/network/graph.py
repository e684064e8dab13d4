"""A ledger as arrays and graphs: money flows (payer → payee) and goods flows (seller → buyer).

Conventions used across :mod:`capexloop.network`: ``W[i, j]`` is USD paid by ``i`` to ``j``
(summed over active deals with known amounts, the chosen point of each range); ``F`` holds the
financing part of ``W`` and ``G`` the goods/services part, so ``W = F + G``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

import numpy as np
import scipy.sparse as sp

from ..errors import CapexloopError
from ..ledger.model import Deal, Ledger
from ..ledger.quantities import format_usd

if TYPE_CHECKING:  # networkx is imported when a graph is built, not with the package
    import networkx as nx

__all__ = ["AmountChoice", "FlowMatrices", "flow_matrices", "goods_graph", "money_graph",
           "select_deals"]

AmountChoice = Literal["low", "mid", "high"]


def select_deals(ledger: Ledger, start: dt.date | str | None = None,
                 end: dt.date | str | None = None) -> list[Deal]:
    """Active deals whose announced period can overlap ``[start, end]`` (undated ones included)."""
    lo = dt.date.fromisoformat(str(start)) if start else dt.date.min
    hi = dt.date.fromisoformat(str(end)) if end else dt.date.max
    if lo > hi:
        raise CapexloopError(f"window start {lo} is after its end {hi}", field="window")
    if not start and not end:       # no window: every active deal
        return ledger.active_deals()
    out = []
    for d in ledger.active_deals():
        p = d.announced
        if p is None or ((p.start or dt.date.min) <= hi and (p.end or dt.date.max) >= lo):
            out.append(d)
    return out


@dataclass(frozen=True)
class FlowMatrices:
    """Sparse flow matrices indexed by entity id (``ids[i]`` is row/column ``i``).

    ``unknown`` lists deals left out of the dollar matrices because their amount is unknown
    (never counted as zero); ``unknown_pairs[i, j]`` counts them per ordered pair, so structural
    measures (cycles, degrees) still see every deal as an edge.
    """

    ids: tuple[str, ...]
    financing: sp.csr_matrix
    goods: sp.csr_matrix
    unknown: tuple[str, ...] = ()
    deals: tuple[Deal, ...] = field(default=(), repr=False)
    unknown_pairs: sp.csr_matrix | None = field(default=None, repr=False)

    @property
    def index(self) -> dict[str, int]:
        return {e: i for i, e in enumerate(self.ids)}

    @property
    def money(self) -> sp.csr_matrix:
        return (self.financing + self.goods).tocsr()

    @property
    def n(self) -> int:
        return len(self.ids)

    def structure(self, unknown_weight: float = -1.0) -> sp.csr_matrix:
        """Money adjacency with every deal as an edge: known USD where a pair has any known
        amount, ``unknown_weight`` where all its deals have unknown amounts."""
        W = self.money.tocsr()
        if self.unknown_pairs is None or self.unknown_pairs.nnz == 0:
            return W
        only = self.unknown_pairs.astype(bool).astype(float) - W.astype(bool).astype(float)
        only.data[only.data < 0] = 0.0
        only.eliminate_zeros()
        return (W + only * unknown_weight).tocsr()



def flow_matrices(ledger: Ledger, *, amount: AmountChoice = "mid", start=None,
                  end=None) -> FlowMatrices:
    """Build :class:`FlowMatrices` from a ledger for a date window and an amount choice.

    >>> from capexloop.ledger import load_dataset
    >>> fm = flow_matrices(load_dataset("ai2025"))
    >>> float(fm.financing[fm.index["nvidia"], fm.index["openai"]]) / 1e9
    100.0
    """
    ids = tuple(e.id for e in ledger.entities)
    index = {e: i for i, e in enumerate(ids)}
    deals = select_deals(ledger, start, end)
    rows = {True: ([], [], []), False: ([], [], [])}
    unknown = []
    ur, uc = [], []
    for d in deals:
        if d.amount_usd is None:
            unknown.append(d.id)
            ur.append(index[d.payer])
            uc.append(index[d.payee])
            continue
        r, c, v = rows[d.is_financing]
        r.append(index[d.payer])
        c.append(index[d.payee])
        v.append(d.amount_usd.pick(amount))
    n = len(ids)

    def mat(part):
        r, c, v = part
        return sp.csr_matrix((np.asarray(v, float), (np.asarray(r, int), np.asarray(c, int))),
                             shape=(n, n))

    upairs = mat((ur, uc, [1.0] * len(ur)))
    return FlowMatrices(ids, mat(rows[True]), mat(rows[False]), tuple(unknown), tuple(deals),
                        upairs)


def _edge_attrs(d: Deal, amount: AmountChoice) -> dict:
    return {"key": d.id, "kind": d.kind.value, "flow": "financing" if d.is_financing else "goods",
            "amount": d.amount_usd.pick(amount) if d.amount_usd else None,
            "label": format_usd(d.amount_usd), "gw": d.capacity_gw, "sources": d.sources,
            "status": d.status.value}


def _graph(ledger: Ledger, deals: list[Deal], amount: AmountChoice, goods_direction: bool):
    import networkx as nx

    g = nx.MultiDiGraph(name=ledger.name)
    for e in ledger.entities:
        g.add_node(e.id, name=e.name, layer=e.layer.value)
    for d in deals:
        a, b = (d.payee, d.payer) if goods_direction else (d.payer, d.payee)
        attrs = _edge_attrs(d, amount)
        g.add_edge(a, b, **attrs)
    return g


def money_graph(ledger: Ledger, *, amount: AmountChoice = "mid", start=None,
                end=None) -> nx.MultiDiGraph:
    """Every active deal as an edge ``payer → payee`` keyed by deal id (money direction)."""
    return _graph(ledger, select_deals(ledger, start, end), amount, goods_direction=False)


def goods_graph(ledger: Ledger, *, amount: AmountChoice = "mid", start=None,
                end=None) -> nx.MultiDiGraph:
    """Goods/services deals as edges ``seller → buyer`` (the solid blue arrows of Figure 11)."""
    deals = [d for d in select_deals(ledger, start, end) if not d.is_financing]
    return _graph(ledger, deals, amount, goods_direction=True)
