"""Tabular views of a ledger for the CLI, the report and the dashboard."""

from __future__ import annotations

import pandas as pd

from .model import Ledger

__all__ = ["deals_frame", "entities_frame", "flow_totals"]


def entities_frame(ledger: Ledger) -> pd.DataFrame:
    return pd.DataFrame([{"id": e.id, "name": e.name, "layer": e.layer.value,
                          "country": e.country, "aliases": "; ".join(e.aliases),
                          "sources": "; ".join(e.sources)} for e in ledger.entities])


def deals_frame(ledger: Ledger, *, active_only: bool = False) -> pd.DataFrame:
    """One row per deal; ``amount_low``/``amount_high`` are NaN when the amount is unknown."""
    deals = ledger.active_deals(include_cancelled=True) if active_only else ledger.deals
    superseded = {s for d in ledger.deals for s in d.supersedes}
    return pd.DataFrame([{
        "id": d.id, "kind": d.kind.value, "flow": "financing" if d.is_financing else "goods",
        "payer": d.payer, "payee": d.payee,
        "amount_low": d.amount_usd.low if d.amount_usd else float("nan"),
        "amount_high": d.amount_usd.high if d.amount_usd else float("nan"),
        "capacity_gw": d.capacity_gw, "announced": str(d.announced) if d.announced else "",
        "status": d.status.value, "binding": d.binding, "derived": bool(d.derived_from),
        "superseded": d.id in superseded, "sources": "; ".join(d.sources), "notes": d.notes,
        "derived_from": d.derived_from} for d in deals],
        columns=["id", "kind", "flow", "payer", "payee", "amount_low", "amount_high",
                 "capacity_gw", "announced", "status", "binding", "derived", "superseded",
                 "sources", "notes", "derived_from"])


def flow_totals(ledger: Ledger) -> pd.DataFrame:
    """Totals of active deals by flow type and kind: low/high USD, count, unknown amounts, GW;
    then one ``capacity``/``own site`` row: data-centre sites counted by
    :mod:`capexloop.ledger.capacity` (``deals`` is the number of sites counted, ``gw`` their
    capacity; sites already in a deal's GW are not counted again)."""
    df = deals_frame(ledger)
    df = df[~df["superseded"] & (df["status"] != "cancelled")]
    g = df.groupby(["flow", "kind"], sort=True)
    out = pd.DataFrame({
        "deals": g.size(),
        "usd_low": g["amount_low"].sum(min_count=1),     # NaN when every amount is unknown
        "usd_high": g["amount_high"].sum(min_count=1),
        "unknown_amounts": g["amount_low"].apply(lambda s: int(s.isna().sum())),
        "derived_amounts": g["derived"].sum().astype(int),
        "gw": g["capacity_gw"].sum(min_count=1),
    }).reset_index()
    if ledger.sites:
        from .capacity import own_site_capacity

        own = own_site_capacity(ledger)
        own = own[own.counted]
        row = pd.DataFrame([{"flow": "capacity", "kind": "own site", "deals": len(own),
                             "usd_low": float("nan"), "usd_high": float("nan"),
                             "unknown_amounts": 0, "derived_amounts": 0,
                             "gw": float(own.gw.sum()) if len(own) else float("nan")}])
        out = pd.concat([out, row], ignore_index=True) if len(out) else row
    return out
