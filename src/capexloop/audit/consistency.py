"""Consistency checks the ledger allows beyond the fact sheet.

* :func:`double_counted_chips` — a lab's cloud contract and a chip deal of the same lab both
  count as its commitments; when the cloud provider buys its accelerators from that chip vendor
  (a provider → vendor purchase in the ledger), part of the chips may be paid twice in the sum.
  The overlap is bounded by the smaller of the two GW figures, priced at the chip deal's $/GW.
* :func:`usd_per_gw_outliers` — dollars and GW of the same deal imply a price per GW; a deal
  whose $/GW is more than ``factor`` times away from the median of the other deals (leave one
  out) has a GW or a dollar figure that is not comparable (seed:E12's CoreWeave: $22B for
  "more than 20 GW" is ~$1.1B/GW against Oracle's ~$67B/GW).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..ledger.model import Ledger

__all__ = ["double_counted_chips", "usd_per_gw_outliers"]

CHIP_KINDS = {"chip_purchase", "equipment_purchase"}
CLOUD_KINDS = {"cloud_contract", "compute_purchase", "lease"}
COMMITTED_GW = "committed_compute_gw_{payee}"


def _gw(led: Ledger, d) -> tuple[float, str]:
    """A deal's GW: its own ``capacity_gw``, else the payer's ``committed_compute_gw_<payee>``
    observation (how the seeds state CoreWeave's share), else NaN."""
    if d.capacity_gw:
        return float(d.capacity_gw), "deal"
    o = led.observation(d.payer, COMMITTED_GW.format(payee=d.payee))
    return (o.value.low, f"observation {o.metric}") if o is not None else (np.nan, "")


def double_counted_chips(ledger: Ledger) -> pd.DataFrame:
    """Pairs (lab → cloud contract, lab → chip deal) whose provider buys from the same vendor."""
    deals = ledger.active_deals()
    buys = {(d.payer, d.payee): d for d in deals if d.kind in CHIP_KINDS}
    rows = []
    for c in deals:
        if c.kind not in CLOUD_KINDS:
            continue
        for v in deals:
            if v.kind not in CHIP_KINDS or v.payer != c.payer or (c.payee, v.payee) not in buys:
                continue
            gw_c, _ = _gw(ledger, c)
            gw_v, _ = _gw(ledger, v)
            overlap = float(np.nanmin([gw_c, gw_v])) if not (np.isnan(gw_c) and
                                                             np.isnan(gw_v)) else np.nan
            per = v.amount_usd.low / gw_v if v.amount_usd and gw_v == gw_v and gw_v else np.nan
            cap = min(x.amount_usd.low for x in (c, v) if x.amount_usd) if (
                c.amount_usd or v.amount_usd) else np.nan
            usd = overlap * per if overlap == overlap and per == per else cap
            rows.append({"lab": c.payer, "cloud_deal": c.id, "provider": c.payee,
                         "chip_deal": v.id, "vendor": v.payee,
                         "link_deal": buys[(c.payee, v.payee)].id,
                         "overlap_gw_max": overlap, "overlap_usd_max": min(usd, cap),
                         "rule": f"{c.payee} buys from {v.payee}; both deals are "
                                 f"{c.payer}'s commitments: at most min(GW) × chip $/GW "
                                 "may be counted twice"})
    return pd.DataFrame(rows, columns=["lab", "cloud_deal", "provider", "chip_deal", "vendor",
                                       "link_deal", "overlap_gw_max", "overlap_usd_max", "rule"])


def usd_per_gw_outliers(ledger: Ledger, *, factor: float = 3.0) -> pd.DataFrame:
    """$/GW of every deal with both figures against the leave-one-out median of the others."""
    rows = []
    for d in ledger.active_deals():
        if d.amount_usd is None:
            continue
        gw, how = _gw(ledger, d)
        if np.isnan(gw) or gw <= 0:
            continue
        rows.append({"deal": d.id, "kind": str(d.kind), "payer": d.payer, "payee": d.payee,
                     "usd": d.amount_usd.low, "gw": gw, "gw_from": how,
                     "usd_per_gw": d.amount_usd.low / gw,
                     "derived": bool(getattr(d, "derived_from", ""))})
    df = pd.DataFrame(rows, columns=["deal", "kind", "payer", "payee", "usd", "gw", "gw_from",
                                     "usd_per_gw", "derived"])
    if len(df) < 2:
        return df.assign(reference=np.nan, ratio=np.nan, outlier=False)
    v = df.usd_per_gw.to_numpy()
    ref = np.array([np.median(np.delete(v, i)) for i in range(len(v))])
    ratio = v / ref
    return df.assign(reference=ref, ratio=ratio,
                     outlier=(ratio > factor) | (ratio < 1 / factor))
