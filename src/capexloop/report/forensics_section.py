"""Report section: Lucent's triple write-down and the AI vendors' early-warning lights."""

from __future__ import annotations

import html

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ..forensics import ai_vendor_table, early_warning, lucent_thresholds, lucent_writedowns
from ..ledger.quantities import format_usd
from ..studies.forensics import AI_VENDORS
from .build import ReportContext, section
from .figures import figure_html

_COLORS = {"red": "#c62828", "amber": "#ef8f00", "green": "#2e7d32", "grey": "#9e9e9e"}


@section("forensics", "Vendor-financing forensics: Lucent's triple write-down and AI vendors",
         data="both", says="Data: Lucent's write-downs and the thresholds from the reference "
                           "telecom2000 dataset; the AI vendors and their lights from the ledger "
                           "{ledger}.")
def forensics_section(ctx: ReportContext) -> str:
    tw = lucent_writedowns()
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
    src = ctx.src([*seeds, *tw.sources.get("revenue", [])])
    out = [f"<p>Rebuilt from the dollar amounts {src}; every percentage the seed states is "
           "checked against them.</p>", figure_html(fig, "lucent-writedowns"),
           f"<pre>{html.escape(tw.summary())}</pre>"]
    led = ctx.ledger
    present = tuple(v for v in AI_VENDORS if v in led.entity_ids)
    if not present:
        out.append("<p class='empty'>This ledger holds none of the AI vendors compared with "
                   f"Lucent ({', '.join(AI_VENDORS)}).</p>")
        return "\n".join(out)
    vt = ai_vendor_table(led, vendors=present)
    vendors = [c for c in vt.columns if not c.endswith("_sources")]
    out.append("<h3>AI vendors beside Lucent FY1999 (missing data shown as missing)</h3>"
               "<table><tr><th>Measure</th>" + "".join(f"<th>{v}</th>" for v in vendors)
               + "</tr>")
    for m, row in vt.iterrows():
        cells = []
        for v in vendors:
            x = row[v]
            txt = "missing" if x != x else (format_usd(x) if m.endswith("usd") else f"{x:.3g}")
            cells.append(f"<td>{html.escape(txt)} {ctx.src(row[f'{v}_sources'])}</td>")
        out.append(f"<tr><td>{m}</td>{''.join(cells)}</tr>")
    out.append("</table><h3>Early-warning lights (thresholds: Lucent FY1999, the year before "
               "its write-downs)</h3><table><tr><th>Vendor</th><th>Ratio</th><th>Light</th>"
               "<th>Why</th></tr>")
    th = lucent_thresholds()
    for v in present:
        for r in early_warning(led, v, thresholds=th).itertuples():
            out.append(f"<tr><td>{v}</td><td>{r.ratio}</td><td><b style='color:"
                       f"{_COLORS[r.light]}'>{r.light}</b></td><td>{html.escape(r.reason)} "
                       f"{ctx.src(r.sources)}</td></tr>")
    out.append("</table><p class='note'>Revenue, receivables and inventory of today's vendors "
               "are not in the seed articles: load them with <code>capexloop sec fetch NVDA "
               "--concept revenue --concept receivables_net -o nvda.csv</code> and import the "
               "file to fill the grey lights.</p>")
    return "\n".join(out)
