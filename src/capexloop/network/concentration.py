"""Customer concentration and commitment coverage.

Concentration of a vendor's revenue: top-k customer share ``CR_k`` and the Herfindahl–Hirschman
index ``HHI = Σ s_i²`` from ledger goods flows. When only concentration ratios are published
(seed E11: NVIDIA's top two customers 39%, top four 46%), the HHI is bounded below by splitting
each block of customers evenly and the unnamed rest infinitely finely:
``HHI ≥ Σ_blocks (share of block)² / (customers in block)``.

Commitment coverage of a lab: commitments / annual revenue, i.e. years of current revenue the
commitments represent. Commitments are the latest stated ``compute_commitments``, else the lab's
goods purchases in the ledger's deals; annual revenue is
:func:`capexloop.ledger.annual.annual_revenue` (latest fiscal year, TTM, run-rate or quarter ×
4; a projection only where no actual figure exists). What is missing is named, never zero.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import numpy as np
import pandas as pd

from ..errors import CapexloopError
from ..ledger.annual import annual_revenue, revenue_series
from ..ledger.capacity import capacity_by_entity
from ..ledger.dates import parse_period
from ..ledger.model import Layer, Ledger, Observation
from .graph import AmountChoice, FlowMatrices, flow_matrices

__all__ = ["commitment_coverage", "concentration", "hhi_lower_bound", "reported_concentration"]


def hhi_lower_bound(ks: Sequence[int], shares: Sequence[float]) -> float:
    """Smallest HHI consistent with cumulative top-k shares (``ks`` increasing).

    >>> round(hhi_lower_bound([2, 4], [0.39, 0.46]), 5)   # seed E11, NVIDIA
    0.0785
    """
    ks, shares = list(ks), list(shares)
    if any(b <= a for a, b in itertools.pairwise(ks)) or ks[0] < 1:
        raise CapexloopError("top-k sizes must be positive and increasing", field="k")
    if any(b < a for a, b in itertools.pairwise(shares)) or shares[-1] > 1 + 1e-12:
        raise CapexloopError("cumulative shares must be non-decreasing and at most 1",
                             field="shares")
    prev_k, prev_s, out, last_each = 0, 0.0, 0.0, float("inf")
    for k, s in zip(ks, shares, strict=True):
        each = (s - prev_s) / (k - prev_k)
        if each > last_each + 1e-12:
            raise CapexloopError("top-k shares imply a later customer larger than an earlier one",
                                 field="shares")
        out += (k - prev_k) * each**2
        prev_k, prev_s, last_each = k, s, each
    return out


def concentration(ledger: Ledger | FlowMatrices, *, ks: Sequence[int] = (1, 2, 4),
                  amount: AmountChoice = "mid") -> pd.DataFrame:
    """Top-k customer shares and HHI of every vendor's ledger goods revenue (O(deals log deals))."""
    fm = ledger if isinstance(ledger, FlowMatrices) else flow_matrices(ledger, amount=amount)
    G = fm.goods.tocoo()
    keep = G.data > 0
    vendor, usd = G.col[keep], G.data[keep]
    n = fm.n
    rev = np.bincount(vendor, weights=usd, minlength=n)
    order = np.lexsort((-usd, vendor))                     # by vendor, largest customer first
    vendor, usd = vendor[order], usd[order]
    share = usd / rev[vendor]
    first = np.searchsorted(vendor, vendor)                # start of each vendor's block
    rank = np.arange(vendor.size) - first
    vendors = np.flatnonzero(rev > 0)
    out = {"vendor": [fm.ids[j] for j in vendors], "revenue": rev[vendors],
           "customers": np.bincount(vendor, minlength=n)[vendors],
           "hhi": np.bincount(vendor, weights=share**2, minlength=n)[vendors]}
    for k in ks:
        out[f"top{k}"] = np.bincount(vendor, weights=share * (rank < k), minlength=n)[vendors]
    return pd.DataFrame(out).sort_values("revenue", ascending=False, kind="stable",
                                         ignore_index=True)


def _reported_shares(ledger: Ledger) -> pd.DataFrame:
    """Cumulative top-k shares per (vendor, date, basis) from ``top<k>_customer_share``
    (already cumulative) and ``customer_share_<basis>_<rank>`` (one customer each)."""
    rows = []
    ranked: dict[tuple[str, str, str], dict[int, tuple[float, list[str]]]] = {}
    for o in ledger.observations:
        m = o.metric
        if m.startswith("top") and m.endswith("_customer_share"):
            rows.append({"entity": o.entity, "date": str(o.date), "basis": "revenue",
                         "k": int(m[3:].split("_")[0]), "share": o.value.mid,
                         "sources": "; ".join(o.sources)})
        elif m.startswith("customer_share_"):
            parts = m.split("_")
            if len(parts) == 4 and parts[3].isdigit():
                ranked.setdefault((o.entity, str(o.date), parts[2]), {})[int(parts[3])] = (
                    o.value.mid, list(o.sources))
    for (entity, date, basis), by_rank in ranked.items():
        cum, srcs = 0.0, []
        for k in sorted(by_rank):
            if k != len(srcs) + 1:
                break   # a gap in the ranks: later cumulative shares are unknown
            cum += by_rank[k][0]
            srcs.append("; ".join(by_rank[k][1]))
            rows.append({"entity": entity, "date": date, "basis": basis, "k": k, "share": cum,
                         "sources": "; ".join(srcs)})
    return pd.DataFrame(rows, columns=["entity", "date", "basis", "k", "share", "sources"])


def reported_concentration(ledger: Ledger, *, latest_only: bool = False) -> pd.DataFrame:
    """Concentration from published customer shares (filings' "customer A was 22% of
    accounts receivable" notes, or stated top-k shares), with the HHI lower bound of
    :func:`hhi_lower_bound`; ``basis`` says whether the shares are of revenue or receivables.
    ``latest_only`` keeps each vendor's latest date per basis."""
    rows = []
    df = _reported_shares(ledger)
    for (entity, date, basis), grp in df.groupby(["entity", "date", "basis"]):
        grp = grp.sort_values("k")
        try:
            hmin = hhi_lower_bound(grp.k.tolist(), grp.share.tolist())
        except CapexloopError:
            hmin = float("nan")
        rows.append({"vendor": entity, "date": date, "basis": basis,
                     "shares": ", ".join(f"top{k} {s:.0%}" for k, s in zip(grp.k, grp.share,
                                                                           strict=True)),
                     "top1": float(grp.share.iloc[0]) if grp.k.iloc[0] == 1 else float("nan"),
                     "top_k": int(grp.k.iloc[-1]), "top_k_share": float(grp.share.iloc[-1]),
                     "hhi_min": hmin,
                     "sources": "; ".join(sorted(set("; ".join(grp.sources).split("; "))))})
    out = pd.DataFrame(rows, columns=["vendor", "date", "basis", "shares", "top1", "top_k",
                                      "top_k_share", "hhi_min", "sources"])
    if latest_only and len(out):
        out["_end"] = [str(parse_period(d).end) for d in out.date]
        out = (out.sort_values("_end").groupby(["vendor", "basis"], as_index=False).last()
               .drop(columns="_end"))
    return out


#: stated GW of compute commitments (both spellings occur in sources)
GW_METRICS = ("committed_compute_gw", "compute_commitments_gw")


def commitment_coverage(ledger: Ledger, *, amount: AmountChoice = "mid",
                        flows: FlowMatrices | None = None) -> pd.DataFrame:
    """Per model provider: commitments (stated, ledger sum, and the one used), annual revenue
    and its basis, years to cover, GW, and the inputs that are missing.

    Missing revenue or commitments stay missing (NaN), never zero. ``flows`` (the same windowed
    matrices the other measures use) default to the whole ledger. One pass over deals and
    observations.
    """
    fm = flows if flows is not None else flow_matrices(ledger, amount=amount)
    labs = [e.id for e in ledger.entities if e.layer == Layer.model_provider]
    cols = ["lab", "commitments_stated", "commitments_ledger", "commitments",
            "commitments_basis", "revenue", "revenue_year", "revenue_basis", "coverage",
            "gw_stated", "gw_ledger", "missing", "sources"]
    if not labs:
        return pd.DataFrame(columns=cols)
    spend = np.asarray(fm.goods.sum(axis=1)).ravel()
    deals = fm.deals or tuple(ledger.active_deals())
    gw = capacity_by_entity(ledger, deals)          # deals' GW by payer + own sites, once
    latest: dict[tuple[str, str], Observation] = {}
    wanted = {"compute_commitments", *GW_METRICS}
    for o in ledger.observations:                     # latest per (entity, metric), stable
        if o.metric in wanted:
            key = (o.entity, "gw" if o.metric in GW_METRICS else o.metric)
            cur = latest.get(key)
            if cur is None or _when(o) >= _when(cur):
                latest[key] = o
    index = fm.index
    unknown = set(fm.unknown)
    unpriced: dict[str, list[str]] = {}
    for d in ledger.active_deals():
        if d.id in unknown and not d.is_financing:
            unpriced.setdefault(d.payer, []).append(d.id)
    rows = []
    revenue = revenue_series(ledger)
    for lab in labs:
        stated = latest.get((lab, "compute_commitments"))
        gw_stated = latest.get((lab, "gw"))
        rev = annual_revenue(ledger, lab, series=revenue)
        ledger_sum = float(spend[index[lab]])
        if stated:
            commit, basis = stated.value.mid, f"stated {stated.date}"
        elif ledger_sum > 0:
            commit, basis = ledger_sum, "ledger deals"
        else:
            commit, basis = np.nan, "missing"
        missing = []
        if rev.missing:
            missing.append("revenue (no revenue, run-rate or quarter filed)")
        if not stated:
            missing.append("stated compute commitments ($)"
                           + (": ledger deals used" if ledger_sum > 0 else
                              " and priced purchases in ledger deals"))
        if not stated and lab in unpriced:
            missing.append(f"amount of {', '.join(unpriced[lab])}")
        srcs = sorted({*(stated.sources if stated else ()), *rev.sources,
                       *(gw_stated.sources if gw_stated else ())})
        rows.append({"lab": lab, "commitments_stated": stated.value.mid if stated else np.nan,
                     "commitments_ledger": ledger_sum, "commitments": commit,
                     "commitments_basis": basis, "revenue": rev.value,
                     "revenue_year": rev.label, "revenue_basis": rev.basis,
                     "coverage": commit / rev.value if rev.value > 0 else np.nan,
                     "gw_stated": gw_stated.value.mid if gw_stated else np.nan,
                     "gw_ledger": gw.get(lab, 0.0), "missing": "; ".join(missing),
                     "sources": "; ".join(srcs)})
    return pd.DataFrame(rows, columns=cols)


def _when(o: Observation):
    return o.date.start or o.date.end
