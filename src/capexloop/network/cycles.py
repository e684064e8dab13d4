"""Simple money cycles up to a length, with their bottleneck amounts, ranked.

A money cycle ``v0 → v1 → … → v0`` follows payments (financing or goods, summed per ordered
pair); its *bottleneck* is the smallest payment on it, the most money that can have gone round.
Cycles are found on structure: a deal of unknown amount is still an edge, and a cycle with a leg
whose amount is unknown is listed with bottleneck *unknown* (NaN), ranked after the known ones.
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

from .._results import ResultMixin, records
from ..errors import CapexloopError
from ..ledger.model import Ledger
from ..ledger.quantities import format_usd
from .graph import AmountChoice, FlowMatrices, flow_matrices

__all__ = ["CycleTable", "TooManyPaths", "bottleneck_text", "money_cycles",
           "simple_cycles_array"]

#: open-path budget of one enumeration step (about 40 MB of int64 per path column)
MAX_PATHS = 5_000_000
#: ranked cycles kept in a :class:`CycleTable`
KEEP = 10_000
#: weight marking a pair whose deals all have unknown amounts (below every known payment)
_UNKNOWN = -1.0


class TooManyPaths(Exception):
    """The enumeration would hold more open paths than allowed."""


def simple_cycles_array(W: sp.spmatrix, max_len: int, *, max_paths: int | None = None
                        ) -> list[tuple[np.ndarray, np.ndarray]]:
    """All simple cycles of the directed graph ``W != 0`` with 2..max_len nodes.

    Returns one ``(nodes, bottleneck)`` pair per length: ``nodes`` is ``(m, L)`` (each row a
    cycle starting at its smallest node) and ``bottleneck`` the minimum edge weight on it.
    Self-loops are ignored. Raises :class:`TooManyPaths` before allocating more than
    ``max_paths`` path extensions in one step.
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
        if max_paths is not None and int(deg.sum()) > max_paths:
            raise TooManyPaths(int(deg.sum()))
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
        if max_paths is not None:         # the next step's check, before building its paths
            ext = int(np.bincount(nxt[ok], minlength=n) @ np.diff(indptr))
            if ext > max_paths:
                raise TooManyPaths(ext)
        paths = np.concatenate([paths[rep[ok]], nxt[ok, None]], axis=1)
        bottle = np.minimum(bottle[rep[ok]], w[ok])
    return out


@dataclass(frozen=True)
class CycleTable(ResultMixin):
    """Money cycles ranked by bottleneck (USD)."""

    ids: tuple[str, ...]
    cycles: tuple[tuple[str, ...], ...]
    bottleneck: np.ndarray
    max_len: int
    count: int | None = None
    min_bottleneck: float = 0.0

    @property
    def complete(self) -> bool:
        """False when only cycles with bottleneck ≥ ``min_bottleneck`` were enumerated."""
        return self.min_bottleneck == 0.0

    def __len__(self) -> int:
        """Cycles found (may exceed the ranked ones kept in ``cycles``)."""
        return len(self.cycles) if self.count is None else self.count

    def __iter__(self) -> Iterator[tuple[tuple[str, ...], float]]:
        return iter(zip(self.cycles, self.bottleneck.tolist(), strict=True))

    def to_frame(self, top: int | None = None) -> pd.DataFrame:
        df = pd.DataFrame({"cycle": [" → ".join((*c, c[0])) for c in self.cycles],
                           "length": [len(c) for c in self.cycles],
                           "bottleneck": self.bottleneck,
                           "bottleneck_known": ~np.isnan(self.bottleneck)})
        return df.head(top) if top else df

    def summary(self, top: int = 10) -> str:
        lines = [f"{len(self)} money cycles of length <= {self.max_len}"
                 + ("" if self.complete else
                    f" with bottleneck >= {format_usd(self.min_bottleneck)} (enumeration capped)")]
        for c, b in list(self)[:top]:
            lines.append(f"  {bottleneck_text(b):>9}  {' → '.join((*c, c[0]))}")
        return "\n".join(lines)

    __str__ = summary

    def to_dict(self, top: int = 20) -> dict:
        return {"count": len(self), "unknown_bottleneck": self.unknown_count,
                "max_len": self.max_len, "complete": self.complete,
                "top": records(self.to_frame(top))}

    @property
    def unknown_count(self) -> int:
        """Ranked cycles with a leg of unknown amount (bottleneck unknown)."""
        return int(np.isnan(self.bottleneck).sum())


def bottleneck_text(b: float) -> str:
    """``$1.2B``, or ``unknown`` for a cycle with a leg of unknown amount."""
    return "unknown" if b != b else format_usd(b)


def money_cycles(ledger: Ledger | FlowMatrices, max_len: int = 4, *,
                 amount: AmountChoice = "mid", start=None, end=None,
                 max_paths: int = MAX_PATHS, keep: int = KEEP) -> CycleTable:
    """All simple money cycles of up to ``max_len`` entities, largest bottleneck first.

    Scale cap (stated): the number of cycles grows exponentially with length in hub networks, so
    when one enumeration step would exceed ``max_paths`` open paths, the smallest payments are
    dropped (half of the remaining edges at a time) and only cycles whose bottleneck is at least
    the smallest kept payment are listed — exactly those, so the top of the ranking is exact —
    with ``min_bottleneck`` saying where the list stops. At most ``keep`` ranked cycles are
    stored; ``len()`` counts all found.

    >>> from capexloop.ledger import load_dataset
    >>> t = money_cycles(load_dataset("ai2025"), max_len=2)
    >>> t.cycles[0], float(t.bottleneck[0]) / 1e9
    (('openai', 'nvidia'), 100.0)
    """
    fm = ledger if isinstance(ledger, FlowMatrices) else flow_matrices(
        ledger, amount=amount, start=start, end=end)
    W = fm.structure(_UNKNOWN).tocsr()
    W.setdiag(0)
    W.eliminate_zeros()
    floor = 0.0
    while True:
        try:
            parts = simple_cycles_array(W, max_len, max_paths=max_paths)
            break
        except TooManyPaths:
            known = W.data > 0
            floor = float(np.median(W.data[known])) if known.any() else np.inf
            W.data[(W.data < floor) | ~known] = 0.0
            W.eliminate_zeros()
    if parts:
        arrs = [arr for arr, _ in parts]
        bott = np.concatenate([b for _, b in parts])
        length = np.concatenate([np.full(len(a), a.shape[1]) for a in arrs])
    else:
        arrs, bott, length = [], np.zeros(0), np.zeros(0, int)
    count = int(bott.size)
    first = np.lexsort((length, -bott))                    # bottleneck desc, then length
    if bott.size > keep:
        kth = first[keep - 1]
        top = first[(-bott[first] < -bott[kth]) | ((bott[first] == bott[kth])
                                                    & (length[first] <= length[kth]))]
    else:
        top = first
    offsets = np.cumsum([0, *[len(a) for a in arrs]])
    nodes = []
    for g in top:
        k = int(np.searchsorted(offsets, g, side="right") - 1)
        nodes.append(tuple(fm.ids[i] for i in arrs[k][g - offsets[k]]))
    order = sorted(range(len(nodes)), key=lambda t: (-bott[top[t]], len(nodes[t]), nodes[t]))[:keep]
    b = bott[top][order].astype(float)
    b[b < 0] = np.nan                                     # a leg of unknown amount
    return CycleTable(fm.ids, tuple(nodes[t] for t in order), b, max_len,
                      count=count, min_bottleneck=floor)
