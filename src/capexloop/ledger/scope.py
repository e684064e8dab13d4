"""Which deals an analysis counts: all of them, the binding ones, or the drawn ones.

A non-binding letter of intent and an executed, funded contract are different facts; every
analysis takes a scope and prints it, so a reader can see both views. The scopes are nested
(``all ⊇ binding ⊇ drawn``) and applied to deal records before anything else:

- ``all``: every deal record, letters of intent and "up to" frameworks included (cancelled and
  superseded records are left out later by :meth:`Ledger.active_deals`, as everywhere);
- ``binding``: definitive agreements — ``binding: true`` or status ``committed``/``drawn`` —
  that are not ``cancelled``, whether or not money has moved yet;
- ``drawn``: deals whose status is ``drawn`` (paid, delivered or funded).

Supersession is applied after the filter: a superseding record that falls outside the scope no
longer hides the records it replaces, so a binding first tranche still counts in the binding
view when a non-binding "up to" total supersedes it.

Data-centre sites follow the same ladder: *all* keeps every site, *binding* the ones under
construction or operational (an announced site is like a letter of intent), *drawn* the
operational ones; cancelled sites are out of the binding and drawn views.
"""

from __future__ import annotations

from enum import StrEnum

from .model import Deal, Ledger, Site, SiteStatus, Status

__all__ = ["Scope", "apply_scope", "as_scope", "in_scope", "site_in_scope"]


class Scope(StrEnum):
    all = "all"
    binding = "binding"
    drawn = "drawn"

    @property
    def label(self) -> str:
        """A short phrase for output headers: ``scope: binding deals only``."""
        return {"all": "all deals, announced letters of intent included",
                "binding": "binding deals only (definitive agreements, committed or drawn)",
                "drawn": "drawn deals only (paid, delivered or funded)"}[self.value]


def as_scope(value: Scope | str) -> Scope:
    """``value`` as a :class:`Scope`; anything else is a user error naming ``--scope``."""
    try:
        return Scope(str(value).strip().lower())
    except ValueError:
        from ..errors import CapexloopError

        raise CapexloopError(f"scope must be all, binding or drawn, got {value!r}",
                             field="--scope") from None


def in_scope(deal: Deal, scope: Scope | str) -> bool:
    """Whether one deal record belongs to ``scope`` (rule in the module docstring)."""
    scope = as_scope(scope)
    if scope is Scope.all:
        return True
    if deal.status == Status.cancelled:
        return False
    if scope is Scope.binding:
        return deal.binding or deal.status in (Status.committed, Status.drawn)
    return deal.status == Status.drawn


def site_in_scope(site: Site, scope: Scope | str) -> bool:
    """Whether a data-centre site belongs to ``scope`` (rule in the module docstring)."""
    scope = as_scope(scope)
    if scope is Scope.all:
        return True
    if scope is Scope.binding:
        return site.status in (SiteStatus.under_construction, SiteStatus.operational)
    return site.status == SiteStatus.operational


def apply_scope(ledger: Ledger, scope: Scope | str) -> Ledger:
    """The ledger with only the deals and sites in ``scope``; ``supersedes`` and ``covered_by``
    links to deals left out are dropped (so the records they replaced count again).
    Entities and observations stay.

    >>> from capexloop.ledger.datasets import load_dataset
    >>> led = apply_scope(load_dataset("ai2025"), "drawn")
    >>> sorted(d.id for d in led.active_deals())
    ['msft-openai-equity-2019-2023', 'openai-azure-spend-2019-2023']
    """
    scope = as_scope(scope)
    if scope is Scope.all:
        return ledger
    keep = [d for d in ledger.deals if in_scope(d, scope)]
    ids = {d.id for d in keep}
    deals = [d if all(s in ids for s in d.supersedes)
             else d.model_copy(update={"supersedes": [s for s in d.supersedes if s in ids]})
             for d in keep]
    sites = [x if all(d in ids for d in x.covered_by)
             else x.model_copy(update={"covered_by": [d for d in x.covered_by if d in ids]})
             for x in ledger.sites if site_in_scope(x, scope)]
    return ledger.model_copy(update={"deals": deals, "sites": sites})
