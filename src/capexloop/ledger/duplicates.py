"""Find deals that probably describe the same flow twice, and say why.

Deals are compared within a *family*: the same payer and payee, and the same kind — except that
goods kinds naming one purchase of capacity (``cloud_contract``, ``compute_purchase``) are one
family, and so are ``chip_purchase`` and ``equipment_purchase``: one source files the Oracle
contract as a cloud contract, another as a compute purchase. Two active deals are *likely
duplicates* when their dates can overlap and their amounts agree (ranges intersect within 5 %).
A deal whose amount equals the sum of several others of its family is a *cumulative total
beside its tranches* whatever its own date ("$13B invested through 2026" beside 2019–2023
tranches), as long as no tranche starts after the total's period ends. Unknown amounts never
match on amount. Every flag carries the reason it was raised.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from .model import Deal, DealKind

__all__ = ["DuplicateFlag", "duplicate_flags", "family", "likely_duplicates"]

_TOL = 0.05


def _close(a: tuple[float, float], b: tuple[float, float]) -> bool:
    lo1, hi1 = a
    lo2, hi2 = b
    return lo1 <= hi2 * (1 + _TOL) and lo2 <= hi1 * (1 + _TOL)


def _dates_overlap(a: Deal, b: Deal) -> bool:
    if a.announced is None or b.announced is None:
        return True
    return a.announced.overlaps(b.announced)


def _not_after(part: Deal, total: Deal) -> bool:
    """A tranche can be inside a cumulative total unless it starts after the total ends."""
    if part.announced is None or total.announced is None:
        return True
    s, e = part.announced.start, total.announced.end
    return s is None or e is None or s <= e


_FAMILY = {DealKind.compute_purchase: "capacity", DealKind.cloud_contract: "capacity",
           DealKind.chip_purchase: "hardware", DealKind.equipment_purchase: "hardware"}


def family(kind: DealKind) -> str:
    """The comparison family of a deal kind (goods kinds naming the same purchase share one)."""
    return _FAMILY.get(kind, kind.value)


@dataclass(frozen=True)
class DuplicateFlag:
    """One group of deal ids that look like a double count, the larger total first."""

    ids: tuple[str, ...]
    reason: str

    def __str__(self) -> str:
        return f"{' + '.join(self.ids)}: {self.reason}"


def _usd(d: Deal) -> str:
    from .quantities import format_usd

    return format_usd(d.amount_usd)


def likely_duplicates(deals: Iterable[Deal], only_with: set[str] | None = None,
                      max_parts: int = 6) -> list[list[str]]:
    """Groups of deal ids that look like double counts (see :func:`duplicate_flags`).

    >>> from capexloop.ledger.model import Deal
    >>> mk = lambda i, a: Deal(id=i, kind="equity", payer="m", payee="o", amount_usd=a)
    >>> likely_duplicates([mk("total", 13e9), mk("t1", 1e9), mk("t2", 2e9), mk("t3", 10e9)])
    [['total', 't1', 't2', 't3']]
    """
    return [list(f.ids) for f in duplicate_flags(deals, only_with, max_parts)]


def duplicate_flags(deals: Iterable[Deal], only_with: set[str] | None = None,
                    max_parts: int = 6) -> list[DuplicateFlag]:
    """Likely double counts with their reasons; ``only_with`` keeps groups that contain at
    least one of these ids (e.g. a new import)."""
    groups: dict[tuple[str, str, str], list[Deal]] = defaultdict(list)
    for d in deals:
        groups[(d.payer, d.payee, family(d.kind))].append(d)
    found: list[DuplicateFlag] = []
    for members in groups.values():
        if len(members) < 2:
            continue
        known = [d for d in members if d.amount_usd is not None]
        used: set[str] = set()
        # sums first: one deal equal to the sum of 2..max_parts others (a cumulative total)
        for total in sorted(known, key=lambda d: -d.amount_usd.high):
            others = [d for d in known if d.id != total.id and d.id not in used
                      and _not_after(d, total) and d.amount_usd.high < total.amount_usd.low
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
                parts = sorted(hit, key=lambda d: d.id)
                found.append(DuplicateFlag(
                    (total.id, *(d.id for d in parts)),
                    f"{total.id} ({_usd(total)}) equals the sum of {len(parts)} deals of the "
                    f"same payer, payee and kind ({' + '.join(_usd(d) for d in parts)}): a "
                    "cumulative total beside its tranches"))
                used.update([total.id, *(d.id for d in hit)])
        rest = [d for d in known if d.id not in used]
        for a, b in itertools.combinations(rest, 2):
            if b.id in used or a.id in used:
                continue
            if _dates_overlap(a, b) and _close((a.amount_usd.low, a.amount_usd.high),
                                               (b.amount_usd.low, b.amount_usd.high)):
                x, y = sorted([a, b], key=lambda d: d.id)
                kinds = ("the same kind" if x.kind == y.kind else
                         f"kinds {x.kind.value} and {y.kind.value}, which name the same purchase")
                found.append(DuplicateFlag(
                    (x.id, y.id), f"same payer and payee, {kinds}, amounts within 5 % "
                    f"({_usd(x)} vs {_usd(y)}) and dates that can overlap"))
                used.update([a.id, b.id])
    if only_with is not None:
        found = [g for g in found if only_with & set(g.ids)]
    return found
