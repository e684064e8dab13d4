"""Capacity counted once: deals' GW plus the data-centre sites owners build for themselves.

A deal's ``capacity_gw`` belongs to its payer (the buyer, lessee or user that committed to the
capacity), as elsewhere in capexloop. A :class:`~capexloop.ledger.model.Site`'s ``capacity_gw``
belongs to its owner and counts when

- the site is not ``cancelled`` and its capacity is known, and
- it is not ``covered_by`` a deal that is counted: a site linked to an active deal (not
  superseded, not cancelled, in the analysis' scope and window) that carries ``capacity_gw``
  is already in that deal's GW, so it counts once, through the deal. When every linked deal
  drops out (cancelled, out of scope, outside the window) the site counts on its own again.

Without a ``covered_by`` link one structural match is taken as the same capacity: a lease,
cloud contract or compute purchase paid by one of the site's users to the site's owner for
the same GW (within 0.5 %) — the contract that rents out that site (each such deal covers at
most one site, sites in ledger order; a deal linked explicitly covers no other site).
Otherwise a site and a deal are different capacity: capexloop does not guess overlaps from
names or places. Sites follow the deal scopes
(:func:`capexloop.ledger.scope.apply_scope`): *binding* keeps sites under construction or
operational, *drawn* only operational ones.

Totals: :func:`capacity_by_entity` (GW per entity), :func:`own_site_capacity` (one row per
site with whether it counts and why).
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from .model import Deal, DealKind, Ledger, SiteStatus

__all__ = ["capacity_by_entity", "own_site_capacity"]


#: deal kinds by which a site's user rents the site's capacity from its owner
RENTING = frozenset({DealKind.lease, DealKind.cloud_contract, DealKind.compute_purchase})
#: relative tolerance for "the same GW"
SAME_GW = 0.005


def _counted_deals(ledger: Ledger, deals: Iterable[Deal] | None) -> dict[str, Deal]:
    return {d.id: d for d in (ledger.active_deals() if deals is None else deals)}


def own_site_capacity(ledger: Ledger, deals: Iterable[Deal] | None = None) -> pd.DataFrame:
    """One row per site: ``site``, ``owner``, ``gw``, ``counted`` and ``reason`` (the rule
    in the module docstring). ``deals`` are the deals the analysis counts (default: the
    ledger's active deals)."""
    active = _counted_deals(ledger, deals)
    used = {d for s in ledger.sites for d in s.covered_by}
    rows = []
    for s in ledger.sites:
        covering = [d for d in s.covered_by if d in active and active[d].capacity_gw]
        renting = [] if covering or s.capacity_gw is None else [
            d.id for d in active.values() if d.kind in RENTING and d.id not in used
            and d.payee == s.owner and d.payer in s.users and d.capacity_gw
            and abs(d.capacity_gw - s.capacity_gw) <= SAME_GW * s.capacity_gw][:1]
        if s.status == SiteStatus.cancelled:
            counted, reason = False, "cancelled"
        elif s.capacity_gw is None:
            counted, reason = False, "capacity unknown"
        elif covering:
            counted, reason = False, "counted in deal " + ", ".join(covering)
        elif renting:
            used.add(renting[0])
            counted, reason = False, (f"counted in deal {renting[0]} (a user renting the "
                                      "site from its owner, same GW)")
        else:
            counted, reason = True, "own capacity"
        rows.append({"site": s.id, "owner": s.owner, "gw": s.capacity_gw, "counted": counted,
                     "reason": reason})
    return pd.DataFrame(rows, columns=["site", "owner", "gw", "counted", "reason"])


def capacity_by_entity(ledger: Ledger, deals: Iterable[Deal] | None = None, *,
                       sites: bool = True) -> dict[str, float]:
    """GW per entity: the ``capacity_gw`` of counted deals by payer plus (``sites``) the
    counted own sites by owner, each capacity once."""
    active = _counted_deals(ledger, deals)
    gw: dict[str, float] = {}
    for d in active.values():
        if d.capacity_gw:
            gw[d.payer] = gw.get(d.payer, 0.0) + d.capacity_gw
    if sites:
        own = own_site_capacity(ledger, active.values())
        for r in own[own.counted].itertuples():
            gw[r.owner] = gw.get(r.owner, 0.0) + float(r.gw)
    return gw
