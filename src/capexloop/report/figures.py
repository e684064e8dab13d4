"""Plotly figures embedded offline: plotly.js is inlined once per report, never from a CDN."""

from __future__ import annotations

from dataclasses import dataclass

import plotly.graph_objects as go
import plotly.io as pio
from markupsafe import Markup

from .svgplot import static_svg

__all__ = ["ReportFigure", "plotly_js", "report_figure"]


@dataclass(frozen=True)
class ReportFigure:
    """A figure's two renderings, as the libraries produce them; the ``figure`` macro of
    ``templates/_macros.html.j2`` lays them out."""

    live: Markup     # plotly's div and script (uses the inlined plotly.js)
    static: Markup   # a static SVG (svgplot): shown when scripts are off and in print


def plotly_js() -> str:
    """The plotly.js bundle shipped with the plotly package (inlined in the report head)."""
    from plotly.offline import get_plotlyjs

    return get_plotlyjs()


def report_figure(fig: go.Figure, div_id: str) -> ReportFigure:
    """A figure as a div + script using the inlined plotly.js, with a static SVG fallback
    (``<noscript>``, and the print stylesheet shows it instead of the interactive chart)."""
    fig.update_layout(template="plotly_white", margin={"l": 60, "r": 20, "t": 50, "b": 50})
    live = pio.to_html(fig, full_html=False, include_plotlyjs=False, div_id=div_id,
                       config={"displaylogo": False, "responsive": True})
    return ReportFigure(Markup(live), Markup(static_svg(fig)))
