"""Plotly figures embedded offline: plotly.js is inlined once per report, never from a CDN."""

from __future__ import annotations

from dataclasses import dataclass

import plotly.graph_objects as go
import plotly.io as pio
from markupsafe import Markup

__all__ = ["ReportFigure", "plotly_js", "report_figure"]


@dataclass(frozen=True)
class ReportFigure:
    """A figure's two renderings, as the libraries produce them; the ``figure`` macro of
    ``templates/_macros.html.j2`` lays them out."""

    live: Markup     # plotly's div and script (uses the inlined plotly.js)
    static: Markup   # matplotlib's SVG: shown when scripts are off and in print


def plotly_js() -> str:
    """The plotly.js bundle shipped with the plotly package (inlined in the report head)."""
    from plotly.offline import get_plotlyjs

    return get_plotlyjs()


def static_svg(fig: go.Figure) -> str:
    """A static SVG of the figure's line, bar and histogram traces (matplotlib), shown when
    scripts are off and in print."""
    import io

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    matplotlib.rcParams["svg.hashsalt"] = "capexloop"   # stable element ids: same bytes each run
    f, ax = plt.subplots(figsize=(9, 3.2))
    for tr in fig.data:
        name = getattr(tr, "name", None) or ""
        if tr.type == "scatter" and tr.x is not None:
            ax.plot(list(tr.x), list(tr.y), label=name, lw=1)
        elif tr.type == "bar" and tr.x is not None:
            if getattr(tr, "orientation", None) == "h":
                ax.barh(list(tr.y), list(tr.x), left=list(tr.base) if tr.base is not None
                        else None, label=name)
            else:
                ax.bar([str(x) for x in tr.x], list(tr.y), label=name, alpha=0.7)
        elif tr.type == "histogram" and tr.x is not None:
            ax.hist(list(tr.x), bins=40, alpha=0.5, label=name)
    title = fig.layout.title.text if fig.layout.title and fig.layout.title.text else ""
    ax.set_title(title, fontsize=10)
    if any(getattr(tr, "name", None) for tr in fig.data):
        ax.legend(fontsize=7)
    f.tight_layout()
    buf = io.StringIO()
    f.savefig(buf, format="svg", metadata={"Date": None})
    plt.close(f)
    svg = buf.getvalue()
    return svg[svg.find("<svg"):]


def report_figure(fig: go.Figure, div_id: str) -> ReportFigure:
    """A figure as a div + script using the inlined plotly.js, with a static SVG fallback
    (``<noscript>``, and the print stylesheet shows it instead of the interactive chart)."""
    fig.update_layout(template="plotly_white", margin={"l": 60, "r": 20, "t": 50, "b": 50})
    live = pio.to_html(fig, full_html=False, include_plotlyjs=False, div_id=div_id,
                       config={"displaylogo": False, "responsive": True})
    return ReportFigure(Markup(live), Markup(static_svg(fig)))
