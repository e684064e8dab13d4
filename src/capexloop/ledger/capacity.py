"""Capacity counted once: deals' GW plus the data-centre sites owners build for themselves.

A deal's ``capacity_gw`` belongs to its payer (the buyer, lessee or user that committed to the
capacity), as elsewhere in capexloop. A :class:`~capexloop.ledger.model.Site`'s ``capacity_gw``
belongs to its owner and counts when

- the site is not ``cancelled`` and its capacity is known, and
- it is not ``covered_by`` a deal that is counted: a site linked to an active deal (not
  superseded, not cancelled, in the analysis' scope and window) that carries ``capacity_gw``
  is already in that deal's GW, so it counts once, through the deal. When every linked deal
  drops out (cancelled, out of scope, outside the window) the site counts on its own again.

Without a ``covered_by`` link a site and a deal are taken to be different capacity: capexloop
does not guess overlaps from names or places. Sites follow the deal scopes
(:func:`capexloop.ledger.scope.apply_scope`): *binding* keeps sites under construction or
operational, *drawn* only operational ones.

Totals: :func:`capacity_by_entity` (GW per entity), :func:`own_site_capacity` (one row per
site with whether it counts and why).
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from .model import Deal, Ledger, SiteStatus

__all__ = ["capacity_by_entity", "own_site_capacity"]


def _counted_deals(ledger: Ledger, deals: Iterable[Deal] | None) -> dict[str, Deal]:
    return {d.id: d for d in (ledger.active_deals() if deals is None else deals)}


def own_site_capacity(ledger: Ledger, deals: Iterable[Deal] | None = None) -> pd.DataFrame:
    """One row per site: ``site``, ``owner``, ``gw``, ``counted`` and ``reason`` (the rule
    in the module docstring). ``deals`` are the deals the analysis counts (default: the
    ledger's active deals)."""
    active = _counted_deals(ledger, deals)
    rows = []
    for s in ledger.sites:
        covering = [d for d in s.covered_by if d in active and active[d].capacity_gw]
        if s.status == SiteStatus.cancelled:
            counted, reason = False, "cancelled"
        elif s.capacity_gw is None:
            counted, reason = False, "capacity unknown"
        elif covering:
            counted, reason = False, "counted in deal " + ", ".join(covering)
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
