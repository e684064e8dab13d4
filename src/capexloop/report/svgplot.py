"""Static SVG of a plotly figure's line, bar and histogram traces, written directly.

The report shows it when scripts are off and in print. Drawn without matplotlib (whose import,
font cache and layout engine were the largest cost of a first report): axes with "nice" ticks
(1, 2, 5 × 10ᵏ; years on date axes), one polyline per line trace (gaps at missing values), bars
(vertical, or horizontal with a base), 40-bin histograms, a title and a legend.
"""

from __future__ import annotations

import datetime as dt
import html
import math
from typing import Any

import numpy as np

__all__ = ["static_svg"]

W, H = 900, 320
LEFT, RIGHT, TOP, BOTTOM = 64, 20, 34, 40
COLORS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2",
          "#7f7f7f", "#bcbd22", "#17becf")
DAY = 86_400.0


def _values(v: Any) -> np.ndarray:
    return np.asarray(list(v) if v is not None else [], dtype=object)


def _kind(vals: list[np.ndarray]) -> str:
    """"date", "num" or "cat" for the values of one axis across traces."""
    flat = [x for a in vals for x in a if x is not None]
    if not flat:
        return "num"
    if all(isinstance(x, dt.date | np.datetime64) for x in flat):
        return "date"
    if all(isinstance(x, int | float | np.integer | np.floating) and not isinstance(x, bool)
           for x in flat):
        return "num"
    return "cat"


def _to_float(a: np.ndarray, kind: str, cats: dict[str, int]) -> np.ndarray:
    if kind == "date":                                       # seconds since the epoch
        return np.array([np.nan if x is None else
                         np.datetime64(x, "s").astype("int64") for x in a], dtype=float)
    if kind == "cat":
        return np.array([cats.setdefault(str(x), len(cats)) for x in a], dtype=float)
    return np.array([np.nan if x is None else float(x) for x in a], dtype=float)


def _ticks(lo: float, hi: float, kind: str) -> list[tuple[float, str]]:
    if kind == "date":
        y0 = dt.datetime.fromtimestamp(lo, dt.UTC).year
        y1 = dt.datetime.fromtimestamp(hi, dt.UTC).year + 1
        step = next(s for s in (1, 2, 5, 10, 20, 25, 50, 100) if (y1 - y0) / s <= 8)
        out = []
        for y in range((y0 // step) * step, y1 + 1, step):
            t = dt.datetime(y, 1, 1, tzinfo=dt.UTC).timestamp()
            if lo <= t <= hi:
                out.append((t, str(y)))
        return out
    span = hi - lo or 1.0
    raw = span / 5
    mag = 10 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 5, 10) if m * mag >= raw)
    first = math.ceil(lo / step) * step
    n = math.floor((hi - first) / step + 1e-9) + 1
    return [(first + i * step, f"{first + i * step:.10g}") for i in range(max(n, 0))]


def static_svg(fig) -> str:
    """The SVG text of ``fig`` (a plotly Figure)."""
    traces = []
    for tr in fig.data:
        if tr.type == "scatter" and tr.x is not None and tr.y is not None:
            traces.append(("line", _values(tr.x), _values(tr.y), tr))
        elif tr.type == "bar" and tr.x is not None and tr.y is not None:
            traces.append(("barh" if getattr(tr, "orientation", None) == "h" else "bar",
                           _values(tr.x), _values(tr.y), tr))
        elif tr.type == "histogram" and tr.x is not None:
            traces.append(("hist", _values(tr.x), None, tr))
    xkind = _kind([t[1] for t in traces if t[0] in ("line", "bar")])
    ykind = "cat" if any(t[0] == "barh" for t in traces) else "num"
    xcats: dict[str, int] = {}
    ycats: dict[str, int] = {}
    shapes = []                      # (kind, x array, y array, base, name)
    for kind, x, y, tr in traces:
        name = getattr(tr, "name", None) or ""
        if kind == "hist":
            v = np.array([float(a) for a in x if a is not None], dtype=float)
            v = v[np.isfinite(v)]
            counts, edges = np.histogram(v, bins=40) if v.size else (np.zeros(0), np.zeros(1))
            shapes.append(("hist", edges, counts.astype(float), None, name))
        elif kind == "barh":
            base = (np.array([float(b) for b in tr.base], dtype=float) if tr.base is not None
                    else np.zeros(len(x)))
            shapes.append(("barh", _to_float(x, "num", {}), _to_float(y, "cat", ycats), base,
                           name))
        else:
            shapes.append((kind, _to_float(x, xkind, xcats), _to_float(y, "num", {}), None,
                           name))
    xs, ys = [], []
    for kind, x, y, base, _ in shapes:
        if kind == "barh":
            xs += [base, base + x]
            ys += [y - 0.4, y + 0.4]
        elif kind == "hist":
            xs.append(x)
            ys += [np.zeros(1), y]
        elif kind == "bar":
            xs += [x - 0.4, x + 0.4]
            ys += [np.zeros(1), y]
        else:
            xs.append(x)
            ys.append(y)
    xv = np.concatenate(xs) if xs else np.zeros(1)
    yv = np.concatenate(ys) if ys else np.zeros(1)
    xv, yv = xv[np.isfinite(xv)], yv[np.isfinite(yv)]
    x0, x1 = (float(xv.min()), float(xv.max())) if xv.size else (0.0, 1.0)
    y0, y1 = (float(yv.min()), float(yv.max())) if yv.size else (0.0, 1.0)
    if x1 == x0:
        x0, x1 = x0 - 1, x1 + 1
    if y1 == y0:
        y0, y1 = y0 - 1, y1 + 1
    pad = 0.04 * (y1 - y0)
    y0, y1 = y0 - (pad if ykind == "num" else 0), y1 + (pad if ykind == "num" else 0)
    pw, ph = W - LEFT - RIGHT, H - TOP - BOTTOM

    def px(v):
        return LEFT + (np.asarray(v, dtype=float) - x0) / (x1 - x0) * pw

    def py(v):
        return TOP + ph - (np.asarray(v, dtype=float) - y0) / (y1 - y0) * ph

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" '
           f'viewBox="0 0 {W} {H}" font-family="sans-serif" font-size="10">',
           f'<rect x="{LEFT}" y="{TOP}" width="{pw}" height="{ph}" fill="none" '
           'stroke="#444" stroke-width="0.8"/>']
    title = fig.layout.title.text if fig.layout.title and fig.layout.title.text else ""
    if title:
        out.append(f'<text x="{W / 2:.1f}" y="18" text-anchor="middle" font-size="12">'
                   f"{html.escape(title)}</text>")
    xticks = ([(float(i), c) for c, i in xcats.items()] if xkind == "cat"
              else _ticks(x0, x1, xkind))
    if xkind == "cat" and len(xticks) > 24:
        xticks = xticks[::math.ceil(len(xticks) / 24)]
    for v, label in xticks:
        X = float(px(v))
        out.append(f'<line x1="{X:.1f}" y1="{TOP + ph}" x2="{X:.1f}" y2="{TOP + ph + 4}" '
                   f'stroke="#444"/><text x="{X:.1f}" y="{TOP + ph + 15}" '
                   f'text-anchor="middle">{html.escape(label[:14])}</text>')
    yticks = ([(float(i), c) for c, i in ycats.items()] if ykind == "cat"
              else _ticks(y0, y1, "num"))
    for v, label in yticks:
        Y = float(py(v))
        out.append(f'<line x1="{LEFT - 4}" y1="{Y:.1f}" x2="{LEFT}" y2="{Y:.1f}" stroke="#444"/>'
                   f'<text x="{LEFT - 6}" y="{Y + 3:.1f}" text-anchor="end">'
                   f"{html.escape(label[:24])}</text>")
    legend = []
    nbars = sum(s[0] == "bar" for s in shapes)
    k_bar = 0
    for k, (kind, x, y, base, name) in enumerate(shapes):
        color = COLORS[k % len(COLORS)]
        if kind == "line":
            ok = np.isfinite(x) & np.isfinite(y)
            runs = np.split(np.flatnonzero(ok), np.flatnonzero(np.diff(np.flatnonzero(ok)) > 1)
                            + 1)
            for r in runs:
                if r.size:
                    pts = " ".join(f"{a:.1f},{b:.1f}" for a, b in zip(px(x[r]), py(y[r]),
                                                                        strict=True))
                    out.append(f'<polyline points="{pts}" fill="none" stroke="{color}" '
                               'stroke-width="1"/>')
        else:
            if kind == "hist":
                left, right, top, bottom = x[:-1], x[1:], y, np.zeros_like(y)
            elif kind == "barh":
                left, right, top, bottom = base, base + x, y + 0.4, y - 0.4
            else:
                w = 0.8 / max(nbars, 1)
                left = x - 0.4 + k_bar * w
                right, top, bottom = left + w, y, np.zeros_like(y)
                k_bar += 1
            for a, b, c, d in zip(px(left), px(right), py(top), py(bottom), strict=True):
                if np.isfinite([a, b, c, d]).all():
                    out.append(f'<rect x="{min(a, b):.1f}" y="{min(c, d):.1f}" '
                               f'width="{abs(b - a):.1f}" height="{abs(d - c):.1f}" '
                               f'fill="{color}" fill-opacity="0.7"/>')
        if name:
            legend.append((name, color))
    for i, (name, color) in enumerate(legend[:12]):
        Y = TOP + 10 + 13 * i
        out.append(f'<rect x="{W - RIGHT - 190}" y="{Y - 7}" width="10" height="8" '
                   f'fill="{color}"/><text x="{W - RIGHT - 176}" y="{Y}">'
                   f"{html.escape(name[:34])}</text>")
    out.append("</svg>")
    return "\n".join(out)
