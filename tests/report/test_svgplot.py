"""The static SVG fallback of report figures: well-formed, every trace drawn where its data
says, gaps at missing values, years on date axes (checked against hand-computed pixels)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import numpy as np
import plotly.graph_objects as go

from capexloop.report.svgplot import BOTTOM, LEFT, RIGHT, TOP, H, W, static_svg

NS = "{http://www.w3.org/2000/svg}"


def _svg(fig):
    return ET.fromstring(static_svg(fig))


def test_lines_with_a_gap_and_their_pixels():
    """y = x on x ∈ {0..4} with y[2] missing: two polylines; the axis spans 0..4 in x and
    0..4 padded by 4% in y, so (0, 0) and (4, 4) land on hand-computed pixels."""
    fig = go.Figure(go.Scatter(x=[0, 1, 2, 3, 4], y=[0, 1, None, 3, 4], name="a"))
    root = _svg(fig)
    lines = root.findall(f"{NS}polyline")
    assert len(lines) == 2
    pts = [tuple(map(float, p.split(","))) for p in lines[0].get("points").split()]
    pw, ph = W - LEFT - RIGHT, H - TOP - BOTTOM
    y0, y1 = -0.16, 4.16
    assert pts[0] == (LEFT, round(TOP + ph - (0 - y0) / (y1 - y0) * ph, 1))
    last = tuple(map(float, lines[1].get("points").split()[-1].split(",")))
    assert last == (LEFT + pw, round(TOP + ph - (4 - y0) / (y1 - y0) * ph, 1))
    assert "a" in [t.text for t in root.iter(f"{NS}text")]       # legend


def test_bars_histogram_and_horizontal_bars():
    fig = go.Figure([go.Bar(x=["p", "q", "r"], y=[1, 2, 3], name="b"),
                     go.Bar(x=["p", "q", "r"], y=[3, 2, 1], name="c")])
    root = _svg(fig)
    bars = [r for r in root.findall(f"{NS}rect") if r.get("fill-opacity")]
    assert len(bars) == 6
    heights = sorted(float(r.get("height")) for r in bars)
    assert heights[-1] == heights[-2] > 0 and abs(heights[0] * 3 - heights[-1]) < 0.5
    labels = [t.text for t in root.iter(f"{NS}text")]
    assert {"p", "q", "r"} <= set(labels)
    hist = _svg(go.Figure(go.Histogram(x=np.random.default_rng(0).normal(size=500))))
    assert len([r for r in hist.findall(f"{NS}rect") if r.get("fill-opacity")]) == 40
    h = _svg(go.Figure(go.Bar(y=["margin", "capex"], x=[1.0, 2.0], base=[3.0, 2.5],
                              orientation="h")))
    assert {"margin", "capex"} <= {t.text for t in h.iter(f"{NS}text")}


def test_date_axis_has_year_ticks():
    d = np.arange("1990-01", "2001-01", dtype="datetime64[M]").astype("datetime64[ns]")
    fig = go.Figure(go.Scatter(x=d, y=np.arange(d.size, dtype=float)))
    labels = {t.text for t in _svg(fig).iter(f"{NS}text")}
    assert {"1992", "1994", "1996", "1998", "2000"} <= labels
