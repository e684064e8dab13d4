"""Report section: Lucent's triple write-down and the AI vendors' early-warning lights."""

from __future__ import annotations

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ..forensics import ai_vendor_table, early_warning, lucent_thresholds, lucent_writedowns
from ..ledger.quantities import format_usd
from ..studies.forensics import AI_VENDORS
from ..studies.reference import telecom_reference
from .build import ReportContext, render, section
from .figures import report_figure

_COLORS = {"red": "#c62828", "amber": "#ef8f00", "green": "#2e7d32", "grey": "#9e9e9e"}


@section("forensics", "Vendor-financing forensics: Lucent's triple write-down and AI vendors",
         data="both", says="Data: Lucent's write-downs and the thresholds from the reference "
                           "telecom2000 dataset; the AI vendors and their lights from the ledger "
                           "{ledger}.")
def forensics_section(ctx: ReportContext) -> str:
    tel = telecom_reference()
    tw = lucent_writedowns(tel)
    t = tw.table.loc[["1999", "2000", "2001"]]
    fig = make_subplots(rows=1, cols=2, subplot_titles=("Allowances and reserves ($B)",
                                                        "As % of revenue"))
    for col, name, color in (("cf_allowance", "customer financing", "#c62828"),
                             ("inventory_reserve", "inventory", "#1565c0"),
                             ("receivables_allowance", "receivables", "#6a1b9a")):
        fig.add_trace(go.Bar(x=t.index, y=t[col] / 1e9, name=name, marker_color=color), 1, 1)
        fig.add_trace(go.Scatter(x=t.index, y=t[f"{col}_pct_revenue"] * 100, name=name,
                                 line={"color": color}, showlegend=False), 1, 2)
    fig.update_layout(barmode="stack", height=360)
    seeds = ["seed:D2", "seed:D3", "seed:D5", "seed:D6", "seed:D7", "seed:D8", "seed:D9"]
    context = {"lucent_sources": [*seeds, *tw.sources.get("revenue", [])],
               "figure": report_figure(fig, "lucent-writedowns"),
               "summary": tw.summary(), "all_vendors": AI_VENDORS, "vendors": []}
    led = ctx.ledger
    present = tuple(v for v in AI_VENDORS if v in led.entity_ids)
    if present:
        vt = ai_vendor_table(led, tel, vendors=present)
        vendors = [c for c in vt.columns if not c.endswith("_sources")]
        table = [{"measure": m, "cells": [
            {"text": "missing" if row[v] != row[v] else (
                format_usd(row[v]) if m.endswith("usd") else f"{row[v]:.3g}"),
             "sources": row[f"{v}_sources"]} for v in vendors]} for m, row in vt.iterrows()]
        th = lucent_thresholds(tel)
        lights = [r._asdict() | {"vendor": v, "color": _COLORS[r.light]} for v in present
                  for r in early_warning(led, v, thresholds=th).itertuples()]
        context |= {"vendors": vendors, "table": table, "lights": lights}
    return render(ctx, "forensics", **context)
