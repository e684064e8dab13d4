"""The report's charts as plotly figures: the report embeds them offline, the dashboard shows
the same figures live (one definition of each chart)."""

from __future__ import annotations

import plotly.graph_objects as go
from plotly.subplots import make_subplots

__all__ = ["EVENT_MARKS", "bubble_chart", "history_chart", "stage_chart"]

FIN = "#c62828"
#: dated events marked on the stage timeline
EVENT_MARKS = (("2000-03-10", "Nasdaq peak"), ("2001-12-02", "Enron"),
               ("2002-07-21", "WorldCom"))


def bubble_chart(res, episodes, title: str) -> go.Figure:
    """BSADF against its 95% critical value, the series on a second axis, episodes shaded."""
    d = res.dates
    fig = make_subplots(specs=[[{"secondary_y": True}]])
    fig.add_trace(go.Scatter(x=d, y=res.bsadf, name="BSADF", line={"color": "#1565c0"}))
    fig.add_trace(go.Scatter(x=d, y=res.cv_sequence[0.95], name="95% critical value",
                             line={"color": FIN, "dash": "dash"}))
    fig.add_trace(go.Scatter(x=d, y=res.y[res.first:res.first + res.bsadf.size], name="series",
                             line={"color": "#8a8f99", "width": 1}), secondary_y=True)
    for ep in episodes.itertuples():
        fig.add_vrect(x0=ep.start, x1=ep.end, fillcolor=FIN, opacity=0.15, line_width=0)
    fig.update_layout(title=title, height=380)
    return fig


def stage_chart(reading) -> go.Figure:
    """Monthly stage of the burst monitor with the dated events."""
    t = reading.table
    fig = go.Figure(go.Scatter(x=t.index, y=t.stage, mode="lines", line={"shape": "hv"},
                               name="stage", hovertext=t.reasons))
    for d, label in EVENT_MARKS:
        fig.add_vline(x=d, line_dash="dot", line_color=FIN)
        fig.add_annotation(x=d, y=3.2, text=label, showarrow=False)
    fig.update_layout(title="Monthly stage from data (0 none, 1 macro, 2 filings, "
                      "3 write-downs/defaults); dotted: annotations",
                      yaxis={"range": [-0.2, 3.5]}, height=340)
    return fig


def history_chart(history) -> go.Figure:
    """Round-trip share (proportional and earmarked bound) and the equity share of vendor
    financing by quarter (:func:`capexloop.network.history.exposure_history`)."""
    t = history.table
    fig = go.Figure()
    for col, name, style in (("round_trip_share", "round-trip share (proportional)",
                              {"color": FIN}),
                             ("round_trip_share_upper", "round-trip share (earmarked bound)",
                              {"color": FIN, "dash": "dash"}),
                             ("equity_share", "equity share of vendor financing",
                              {"color": "#1565c0"})):
        fig.add_trace(go.Scatter(x=list(t.quarter), y=list(t[col]), name=name, line=style,
                                 mode="lines+markers"))
    fig.update_layout(title="Circularity quarter by quarter (ledger as of each quarter's end)",
                      yaxis={"tickformat": ".0%"}, height=340)
    return fig
