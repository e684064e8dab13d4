"""Plotly figures embedded offline: plotly.js is inlined once per report, never from a CDN."""

from __future__ import annotations

import plotly.graph_objects as go
import plotly.io as pio

__all__ = ["figure_html", "plotly_js"]


def plotly_js() -> str:
    """The plotly.js bundle shipped with the plotly package (inlined in the report head)."""
    from plotly.offline import get_plotlyjs

    return get_plotlyjs()


def figure_html(fig: go.Figure, div_id: str) -> str:
    """A figure as a div + script using the inlined plotly.js; a static table fallback is not
    needed for the numbers, which every section also prints as tables."""
    fig.update_layout(template="plotly_white", margin={"l": 60, "r": 20, "t": 50, "b": 50})
    return pio.to_html(fig, full_html=False, include_plotlyjs=False, div_id=div_id,
                       config={"displaylogo": False, "responsive": True})
