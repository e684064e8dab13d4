"""Scope: which deals count as obligations — ``all``, ``binding`` or ``drawn``.

* ``all`` — every active deal (not cancelled, not superseded), announced letters of intent
  and "up to" frameworks included;
* ``binding`` — definitive agreements only: ``binding: true`` or status ``committed``/``drawn``;
* ``drawn`` — money already paid or goods delivered (status ``drawn``).

Every analysis that turns deals into money applies one scope and prints it.
"""

from __future__ import annotations

from enum import StrEnum

from .model import Deal, Ledger, Status

__all__ = ["Scope", "apply_scope", "in_scope"]


class Scope(StrEnum):
    all = "all"
    binding = "binding"
    drawn = "drawn"

    @property
    def description(self) -> str:
        return {"all": "all active deals, announced letters of intent included",
                "binding": "binding deals only (definitive agreements, committed or drawn)",
                "drawn": "drawn deals only (money paid, goods delivered)"}[self.value]


def in_scope(deal: Deal, scope: Scope | str) -> bool:
    """Whether one (active) deal belongs to ``scope``."""
    scope = Scope(scope)
    if deal.status == Status.cancelled:
        return False
    if scope == Scope.all:
        return True
    if scope == Scope.binding:
        return deal.binding or deal.status in (Status.committed, Status.drawn)
    return deal.status == Status.drawn


def apply_scope(ledger: Ledger, scope: Scope | str) -> Ledger:
    """The ledger with only the active deals in ``scope`` (other records unchanged).

    >>> from capexloop.ledger.datasets import load_dataset
    >>> led = apply_scope(load_dataset("ai2025"), "drawn")
    >>> sorted(d.id for d in led.deals)
    ['msft-openai-equity-2019-2023', 'openai-azure-spend-2019-2023']
    """
    deals = [d for d in ledger.active_deals() if in_scope(d, scope)]
    return ledger.model_copy(update={"deals": deals})
