"""Report section: PSY bubble tests on the S&P 500 P/D ratio and the Nasdaq Composite."""

from __future__ import annotations

import html

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ..bubble import datestamp
from ..studies.bubble import reference_bubble
from .build import ReportContext, section
from .figures import figure_html


def _figure(res, title: str, div: str) -> str:
    d = res.dates
    fig = make_subplots(specs=[[{"secondary_y": True}]])
    fig.add_trace(go.Scatter(x=d, y=res.bsadf, name="BSADF", line={"color": "#1565c0"}))
    fig.add_trace(go.Scatter(x=d, y=res.cv_sequence[0.95], name="95% critical value",
                             line={"color": "#c62828", "dash": "dash"}))
    fig.add_trace(go.Scatter(x=d, y=res.y[res.first:res.first + res.bsadf.size], name="series",
                             line={"color": "#8a8f99", "width": 1}), secondary_y=True)
    for ep in datestamp(res).itertuples():
        fig.add_vrect(x0=ep.start, x1=ep.end, fillcolor="#c62828", opacity=0.15, line_width=0)
    fig.update_layout(title=title, height=380)
    return figure_html(fig, div)


def _table(res) -> str:
    eps = datestamp(res)
    if eps.empty:
        return "<p>No episode at the 95% level.</p>"
    rows = ["<table><tr><th>Start</th><th>Peak</th><th>End</th><th>Months</th>"
            "<th>Max BSADF</th><th>Fall within a year of the peak</th></tr>"]
    for r in eps.itertuples():
        rows.append(f"<tr><td>{r.start:%Y-%m}</td><td>{r.peak:%Y-%m}</td><td>{r.end:%Y-%m}</td>"
                    f"<td>{r.duration}</td><td>{r.max_bsadf:.2f}</td>"
                    f"<td>{r.drawdown_after_peak:.0%}{' (collapse)' if r.collapse else ''}</td>"
                    "</tr>")
    rows.append("</table>")
    return "\n".join(rows)


@section("bubble", "Bubble tests: Phillips–Shi–Yu GSADF and date-stamping", data="reference",
         says="Data: reference market series (Shiller's S&P 500 price/dividend ratio, the "
              "Nasdaq Composite), not the ledger {ledger}.")
def bubble_section(ctx: ReportContext) -> str:
    sp = reference_bubble("sp500").result
    out = ["<p>Right-tailed ADF tests over every window (PSY 2015): a BSADF above its critical "
           "value marks an explosive episode; episodes shorter than log T observations are "
           "dropped. Statistics reproduce the R package exuber (lag 0, constant, minimum window "
           "90 regression rows: SADF 3.4432, GSADF 4.2069 on the S&P 500 P/D ratio).</p>",
           f"<h3>S&P 500 price/dividend ratio, 1871–2011 (Shiller; PSY 2015)</h3>"
           f"<pre>{html.escape(sp.summary())}</pre>",
           _figure(sp, "S&P 500 P/D: BSADF vs 95% critical value", "bubble-sp500"), _table(sp)]
    nq = reference_bubble("nasdaq").result
    nd = nq.index
    out += [f"<h3>Nasdaq Composite, monthly {nd[0]:%Y-%m} – {nd[-1]:%Y-%m} "
            "(arch.data.nasdaq)</h3>", f"<pre>{html.escape(nq.summary())}</pre>",
            _figure(nq, "Nasdaq (log): BSADF vs 95% critical value", "bubble-nasdaq"),
            _table(nq),
            f"<p class='note'>What this series can and cannot show: it starts in January 1999, "
            f"and the first BSADF needs {nq.min_window} months, so the first testable date is "
            f"{nq.dates[0]:%Y-%m} — after the 10 Mar 2000 peak {ctx.src(['seed:C1'])}. The run-up "
            "of 1995–2000 lies before the sample, so no dot-com episode can be stamped here; the "
            "S&P 500 P/D series above, which starts in 1871, does date it.</p>"]
    return "\n".join(out)
