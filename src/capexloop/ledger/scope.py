"""Which deals an analysis counts: all of them, the binding ones, or the drawn ones.

A non-binding letter of intent and an executed, funded contract are different facts; every
analysis takes a scope so a reader can see both views (issue: "binding and status are stored
but ignored"). The rule, applied to deal records before anything else:

- ``all``: every deal record (cancelled and superseded ones are still left out later by
  :meth:`Ledger.active_deals`, as everywhere);
- ``binding``: deals with ``binding: true`` whose status is not ``cancelled``
  (definitive agreements, whether or not money has moved yet);
- ``drawn``: deals whose status is ``drawn`` (paid, delivered or funded), binding or not.

Supersession is applied after the filter: a superseding record that falls outside the scope no
longer hides the records it replaces, so a binding first tranche still counts in the binding
view when a non-binding "up to" total supersedes it.
"""

from __future__ import annotations

from enum import StrEnum

from .model import Deal, Ledger, Status

__all__ = ["SCOPE_HELP", "Scope", "apply_scope", "in_scope"]


class Scope(StrEnum):
    all = "all"
    binding = "binding"
    drawn = "drawn"

    @property
    def label(self) -> str:
        """A short phrase for output headers: ``scope: binding deals only``."""
        return {"all": "all deals", "binding": "binding deals only (not cancelled)",
                "drawn": "drawn deals only (paid, delivered or funded)"}[self.value]


SCOPE_HELP = ("which deals count: all (every record), binding (binding and not cancelled) or "
              "drawn (status drawn)")


def in_scope(deal: Deal, scope: Scope | str) -> bool:
    """Whether one deal belongs to ``scope`` (rule in the module docstring)."""
    scope = Scope(scope)
    if scope is Scope.all:
        return True
    if scope is Scope.binding:
        return deal.binding and deal.status != Status.cancelled
    return deal.status == Status.drawn


def apply_scope(ledger: Ledger, scope: Scope | str) -> Ledger:
    """The ledger with only the deals in ``scope``; ``supersedes`` links to deals left out are
    dropped (so the records they replaced count again). Entities, sites and observations stay."""
    scope = Scope(scope)
    if scope is Scope.all:
        return ledger
    keep = [d for d in ledger.deals if in_scope(d, scope)]
    ids = {d.id for d in keep}
    deals = [d if all(s in ids for s in d.supersedes)
             else d.model_copy(update={"supersedes": [s for s in d.supersedes if s in ids]})
             for d in keep]
    return ledger.model_copy(update={"deals": deals})
