"""The three-layer map of a ledger (seed Figure 11), drawn with Graphviz.

Layers are ranks from top to bottom: investors, model providers, cloud, semiconductors, then the
telecom layers and ``other``. Arrows follow what is delivered: goods/services run seller → buyer
(the money for them runs the other way), solid blue; financing runs financier → recipient (money
and arrow agree), dotted red (seed E2). Non-binding deals (letters of intent, frameworks,
announced "up to" amounts) are drawn dashed in a pale colour with "LOI" in the label. Parallel
deals of the same flow type and bindingness between two entities are merged into one arrow whose
width grows with the log of the amount and whose label gives $ and GW; deals of unknown size are
drawn thin and grey with "?". A legend on the map states all of this.

Layout: Graphviz's ``dot`` where installed; otherwise ``graphviz-pure`` (a pure-Rust port of
``dot`` that installs from PyPI with capexloop), so the map draws after ``pip install`` alone.
"""

from __future__ import annotations

import itertools
import math
import shutil
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import graphviz

from .._files import atomic_path
from ..errors import CapexloopError
from ..ledger.model import Layer, Ledger
from ..ledger.quantities import format_usd
from ..ledger.scope import Scope, apply_scope, as_scope
from .graph import AmountChoice, select_deals

__all__ = ["LAYER_ORDER", "layout_engine", "map_graph", "render_map"]

LAYER_ORDER = [Layer.investor, Layer.model_provider, Layer.cloud, Layer.semiconductor,
               Layer.carrier, Layer.clec, Layer.equipment_vendor, Layer.other]
_LAYER_LABEL = {Layer.investor: "Investors", Layer.model_provider: "Model providers",
                Layer.cloud: "Cloud infrastructure", Layer.semiconductor: "Semiconductors",
                Layer.carrier: "Carriers", Layer.clec: "CLECs",
                Layer.equipment_vendor: "Equipment vendors", Layer.other: "Other"}
_FILL = {Layer.investor: "#fff3e0", Layer.model_provider: "#e8f5e9", Layer.cloud: "#e3f2fd",
         Layer.semiconductor: "#f3e5f5", Layer.carrier: "#e0f7fa", Layer.clec: "#fce4ec",
         Layer.equipment_vendor: "#ede7f6", Layer.other: "#f5f5f5"}
GOODS_COLOR, FIN_COLOR = "#1565c0", "#c62828"
#: pale colours of non-binding deals (letters of intent, frameworks)
GOODS_PALE, FIN_PALE = "#90caf9", "#ef9a9a"
_LEGEND = (
    '<<table border="0" cellborder="0" cellspacing="2">'
    '<tr><td colspan="2" align="left"><b>Legend</b> (scope: {scope})</td></tr>'
    '<tr><td><font color="{g}">━━▶</font></td><td align="left">goods/services: seller → buyer '
    '(money flows back buyer → seller)</td></tr>'
    '<tr><td><font color="{f}">┅┅▶</font></td><td align="left">financing: financier → '
    'recipient (money flows with the arrow)</td></tr>'
    '<tr><td><font color="{gp}">╌╌▶</font></td><td align="left">non-binding (LOI, framework, '
    'announced): dashed, pale</td></tr>'
    '<tr><td><font color="#9e9e9e">──▶</font></td><td align="left">amount unknown: thin grey, '
    '"?"</td></tr></table>>')


def map_graph(ledger: Ledger, *, amount: AmountChoice = "mid", start=None,
              end=None, scope: Scope | str = Scope.all) -> graphviz.Digraph:
    """The map as a :class:`graphviz.Digraph` (not yet rendered) of the deals in ``scope``."""
    scope = as_scope(scope)
    deals = select_deals(apply_scope(ledger, scope), start, end)
    g = graphviz.Digraph(ledger.name, graph_attr={
        "rankdir": "TB", "splines": "true", "nodesep": "0.35", "ranksep": "0.9",
        "fontname": "Helvetica",
        "label": f"{ledger.name}: goods (blue) and financing (red dotted); scope {scope.value}",
        "labelloc": "t", "fontsize": "16", "newrank": "true", "outputorder": "edgesfirst"},
        node_attr={"shape": "box", "style": "rounded,filled", "fontname": "Helvetica",
                   "fontsize": "11", "margin": "0.12,0.06"},
        edge_attr={"fontname": "Helvetica", "fontsize": "9", "arrowsize": "0.7"})
    used = {d.payer for d in deals} | {d.payee for d in deals}
    present = [e for e in ledger.entities if e.id in used] or list(ledger.entities)
    layers = [lay for lay in LAYER_ORDER if any(e.layer == lay for e in present)]
    for lay in layers:
        with g.subgraph(name=f"cluster_{lay.value}") as c:
            c.attr(label=_LAYER_LABEL[lay], style="rounded,dashed", color="#b0b8c8",
                   fontcolor="#5a6070", fontsize="12", rank="same")
            for e in present:
                if e.layer == lay:
                    c.node(e.id, e.name, fillcolor=_FILL[lay], tooltip=f"{e.name} ({e.id})")
    for upper, lower in itertools.pairwise(layers):  # keep layer order top-down
        a = next(e.id for e in present if e.layer == upper)
        b = next(e.id for e in present if e.layer == lower)
        g.edge(a, b, style="invis", weight="5")
    g.node("legend", _LEGEND.format(scope=scope.value, g=GOODS_COLOR, f=FIN_COLOR,
                                    gp=GOODS_PALE), shape="plaintext", style="",
           fontsize="10")
    merged: dict[tuple[str, str, bool, bool], list] = defaultdict(list)
    for d in deals:
        a, b = (d.payer, d.payee) if d.is_financing else (d.payee, d.payer)
        merged[(a, b, d.is_financing, _binding(d))].append(d)
    for (a, b, fin, firm), ds in sorted(merged.items()):
        known = [d.amount_usd.pick(amount) for d in ds if d.amount_usd is not None]
        gw = sum(d.capacity_gw or 0 for d in ds)
        usd = sum(known)
        label = format_usd(usd) if known else "?"
        if known and len(known) < len(ds):
            label += " + ?"
        if gw:
            label += f"\n{gw:g} GW"
        if not firm:
            label = "LOI " + label
        width = 0.8 + 1.2 * math.log10(1 + usd / 1e9) if known else 0.6
        color = (FIN_COLOR if fin else GOODS_COLOR) if firm else (FIN_PALE if fin else GOODS_PALE)
        g.edge(a, b, label=label, penwidth=f"{width:.2f}",
               color=color if known else "#9e9e9e", fontcolor=color,
               style=("dotted" if fin else "solid") if firm else "dashed",
               tooltip="; ".join(f"{d.id} ({', '.join(d.sources)})" for d in ds),
               constraint="false" if fin else "true")
    return g


def _binding(d) -> bool:
    """Drawn as binding: the same rule as :data:`Scope.binding`."""
    from ..ledger.scope import in_scope

    return in_scope(d, Scope.binding)


def layout_engine() -> str | None:
    """The layout program: system ``dot``, else the ``graphviz-pure`` executable installed
    beside this Python (or on PATH); None when neither is there."""
    dot = shutil.which("dot")
    if dot:
        return dot
    here = Path(sys.executable).parent / "graphviz-pure"
    return str(here) if here.exists() else shutil.which("graphviz-pure")


def _pipe(g: graphviz.Digraph, fmt: str) -> bytes:
    engine = layout_engine()
    if engine is None:
        raise CapexloopError("no Graphviz layout engine: install capexloop's dependency "
                             "graphviz-pure (pip) or Graphviz (apt-get install graphviz); "
                             "use -o map.dot for the source")
    run = subprocess.run([engine, f"-T{fmt}"], input=g.source.encode(), capture_output=True,
                         timeout=120, check=False)
    if run.returncode != 0 or not run.stdout:
        raise CapexloopError(f"the layout engine {Path(engine).name} failed: "
                             + run.stderr.decode(errors="replace").strip()[:300])
    return run.stdout


def render_map(ledger: Ledger, out: str | Path, *, fmt: str | None = None, **kw) -> Path:
    """Render the map to SVG, PNG, PDF or DOT (by suffix), atomically."""
    out = Path(out)
    fmt = fmt or out.suffix.lstrip(".").lower() or "svg"
    if fmt not in ("svg", "png", "pdf", "dot", "gv"):
        raise CapexloopError(f"unknown map format {fmt!r} (svg, png, pdf, dot)", source=str(out))
    g = map_graph(ledger, **kw)
    data = g.source.encode() if fmt in ("dot", "gv") else _pipe(g, fmt)
    with atomic_path(out) as tmp:
        tmp.write_bytes(data)
    return out


def map_svg(ledger: Ledger, **kw) -> str:
    """The map as inline SVG text (for the report); empty string without a layout engine."""
    if layout_engine() is None:
        return ""
    svg = _pipe(map_graph(ledger, **kw), "svg").decode()
    return svg[svg.find("<svg"):]
