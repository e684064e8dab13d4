"""Find deals that probably describe the same flow twice.

Two active deals are *likely duplicates* when they share payer, payee and kind, their dates
can overlap, and their amounts agree (ranges intersect within 5 %) — or when one deal's amount
equals the sum of several others of the same group (a $13B total beside its $1B + $2B + $10B
tranches). Unknown amounts never match on amount.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterable

from .model import Deal

__all__ = ["likely_duplicates"]

_TOL = 0.05


def _close(a: tuple[float, float], b: tuple[float, float]) -> bool:
    lo1, hi1 = a
    lo2, hi2 = b
    return lo1 <= hi2 * (1 + _TOL) and lo2 <= hi1 * (1 + _TOL)


def _dates_overlap(a: Deal, b: Deal) -> bool:
    if a.announced is None or b.announced is None:
        return True
    return a.announced.overlaps(b.announced)


def likely_duplicates(deals: Iterable[Deal], only_with: set[str] | None = None,
                      max_parts: int = 6) -> list[list[str]]:
    """Groups of deal ids that look like double counts, each sorted, larger totals first.

    ``only_with`` keeps groups that contain at least one of these ids (e.g. a new import).

    >>> from capexloop.ledger.model import Deal
    >>> mk = lambda i, a: Deal(id=i, kind="equity", payer="m", payee="o", amount_usd=a)
    >>> likely_duplicates([mk("total", 13e9), mk("t1", 1e9), mk("t2", 2e9), mk("t3", 10e9)])
    [['total', 't1', 't2', 't3']]
    """
    groups: dict[tuple[str, str, str], list[Deal]] = defaultdict(list)
    for d in deals:
        groups[(d.payer, d.payee, d.kind.value)].append(d)
    found: list[list[str]] = []
    for members in groups.values():
        if len(members) < 2:
            continue
        known = [d for d in members if d.amount_usd is not None]
        used: set[str] = set()
        # sums first: one deal equal to the sum of 2..max_parts others with overlapping dates
        for total in sorted(known, key=lambda d: -d.amount_usd.high):
            others = [d for d in known if d.id != total.id and d.id not in used
                      and _dates_overlap(d, total) and d.amount_usd.high < total.amount_usd.low
                      * (1 + _TOL)]
            hit = None
            for k in range(2, min(max_parts, len(others)) + 1):
                for combo in itertools.combinations(others, k):
                    s = (sum(d.amount_usd.low for d in combo), sum(d.amount_usd.high for d in combo))
                    if _close(s, (total.amount_usd.low, total.amount_usd.high)):
                        hit = combo
                        break
                if hit:
                    break
                if len(others) > 16:  # keep the subset search bounded on big groups
                    break
            if hit:
                found.append([total.id, *sorted(d.id for d in hit)])
                used.update([total.id, *(d.id for d in hit)])
        rest = [d for d in known if d.id not in used]
        for a, b in itertools.combinations(rest, 2):
            if b.id in used or a.id in used:
                continue
            if _dates_overlap(a, b) and _close((a.amount_usd.low, a.amount_usd.high),
                                               (b.amount_usd.low, b.amount_usd.high)):
                found.append(sorted([a.id, b.id]))
                used.update([a.id, b.id])
    if only_with is not None:
        found = [g for g in found if only_with & set(g)]
    return found
