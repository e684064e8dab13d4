"""Simple money cycles up to a length, with their bottleneck amounts, ranked.

A money cycle ``v0 → v1 → … → v0`` follows payments (financing or goods, summed per ordered
pair); its *bottleneck* is the smallest payment on it, the most money that can have gone round.
Enumeration extends all open paths one step at a time as arrays over the CSR adjacency, keeping a
path only while every later node is larger than its first (so each cycle is found once, from its
smallest node) — no Python loop over nodes.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import pandas as pd
import scipy.sparse as sp

from ..errors import CapexloopError
from ..ledger.model import Ledger
from ..ledger.quantities import format_usd
from .graph import AmountChoice, FlowMatrices, flow_matrices

__all__ = ["CycleTable", "money_cycles", "simple_cycles_array"]


def simple_cycles_array(W: sp.spmatrix, max_len: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """All simple cycles of the directed graph ``W != 0`` with 2..max_len nodes.

    Returns one ``(nodes, bottleneck)`` pair per length: ``nodes`` is ``(m, L)`` (each row a
    cycle starting at its smallest node) and ``bottleneck`` the minimum edge weight on it.
    Self-loops are ignored.
    """
    if max_len < 0:
        raise CapexloopError(f"max_len must be >= 0, got {max_len}", field="max_len")
    W = sp.csr_matrix(W, dtype=float)
    W.setdiag(0)
    W.eliminate_zeros()
    indptr, indices, data = W.indptr, W.indices, W.data
    n = W.shape[0]
    out: list[tuple[np.ndarray, np.ndarray]] = []
    if max_len < 2 or n == 0:
        return out
    # paths of one edge (u -> v) with v > u; start = u
    src = np.repeat(np.arange(n), np.diff(indptr))
    keep = indices > src
    paths = np.stack([src[keep], indices[keep]], axis=1)
    bottle = data[keep]
    for length in range(2, max_len + 1):
        last = paths[:, -1]
        deg = indptr[last + 1] - indptr[last]
        rep = np.repeat(np.arange(len(paths)), deg)
        if rep.size == 0:
            break
        offs = np.arange(rep.size) - np.repeat(np.cumsum(deg) - deg, deg)
        nxt = indices[indptr[last][rep] + offs]
        w = data[indptr[last][rep] + offs]
        start = paths[rep, 0]
        closing = nxt == start
        if closing.any():
            out.append((paths[rep[closing]], np.minimum(bottle[rep[closing]], w[closing])))
        if length == max_len:
            break
        ok = nxt > start
        for col in range(1, paths.shape[1]):
            ok &= nxt != paths[rep, col]
        paths = np.concatenate([paths[rep[ok]], nxt[ok, None]], axis=1)
        bottle = np.minimum(bottle[rep[ok]], w[ok])
    return out


@dataclass(frozen=True)
class CycleTable:
    """Money cycles ranked by bottleneck (USD)."""

    ids: tuple[str, ...]
    cycles: tuple[tuple[str, ...], ...]
    bottleneck: np.ndarray
    max_len: int

    def __len__(self) -> int:
        return len(self.cycles)

    def __iter__(self) -> Iterator[tuple[tuple[str, ...], float]]:
        return iter(zip(self.cycles, self.bottleneck.tolist(), strict=True))

    def to_frame(self, top: int | None = None) -> pd.DataFrame:
        df = pd.DataFrame({"cycle": [" → ".join((*c, c[0])) for c in self.cycles],
                           "length": [len(c) for c in self.cycles],
                           "bottleneck": self.bottleneck})
        return df.head(top) if top else df

    def summary(self, top: int = 10) -> str:
        lines = [f"{len(self)} money cycles of length <= {self.max_len}"]
        for c, b in list(self)[:top]:
            lines.append(f"  {format_usd(b):>9}  {' → '.join((*c, c[0]))}")
        return "\n".join(lines)

    __str__ = summary


def money_cycles(ledger: Ledger | FlowMatrices, max_len: int = 4, *,
                 amount: AmountChoice = "mid", start=None, end=None) -> CycleTable:
    """All simple money cycles of up to ``max_len`` entities, largest bottleneck first.

    >>> from capexloop.ledger import load_dataset
    >>> t = money_cycles(load_dataset("ai2025"), max_len=2)
    >>> t.cycles[0], float(t.bottleneck[0]) / 1e9
    (('openai', 'nvidia'), 100.0)
    """
    fm = ledger if isinstance(ledger, FlowMatrices) else flow_matrices(
        ledger, amount=amount, start=start, end=end)
    parts = simple_cycles_array(fm.money, max_len)
    if parts:
        nodes = [tuple(fm.ids[i] for i in row) for arr, _ in parts for row in arr]
        bott = np.concatenate([b for _, b in parts])
    else:
        nodes, bott = [], np.zeros(0)
    order = sorted(range(len(nodes)), key=lambda k: (-bott[k], len(nodes[k]), nodes[k]))
    return CycleTable(fm.ids, tuple(nodes[k] for k in order), bott[order], max_len)
