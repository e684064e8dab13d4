"""Report section: PSY bubble tests on the S&P 500 P/D ratio and the Nasdaq Composite."""

from __future__ import annotations

import plotly.graph_objects as go
from markupsafe import Markup
from plotly.subplots import make_subplots

from ..bubble import datestamp
from ..studies.bubble import reference_bubble
from .build import ReportContext, render, section
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


@section("bubble", "Bubble tests: Phillips–Shi–Yu GSADF and date-stamping", data="reference",
         says="Data: reference market series (Shiller's S&P 500 price/dividend ratio, the "
              "Nasdaq Composite), not the ledger {ledger}.")
def bubble_section(ctx: ReportContext) -> str:
    def view(name: str, title: str) -> dict:
        run = reference_bubble(name)
        res = run.result
        return {"summary": res.summary(), "figure": Markup(_figure(res, title, f"bubble-{name}")),
                "episodes": run.episodes.to_dict(orient="records"), "first": res.index[0],
                "last": res.index[-1], "min_window": res.min_window,
                "first_test": res.dates[0]}

    return render(ctx, "bubble", sp=view("sp500", "S&P 500 P/D: BSADF vs 95% critical value"),
                  nq=view("nasdaq", "Nasdaq (log): BSADF vs 95% critical value"))
