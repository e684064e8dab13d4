"""The analyst's dashboard: network, stress, bubbles, monitor, break-even, upload.

Views only compose: every number comes from the engines (network, stress, bubble, macro,
economics), exactly as in the report. One scope control (all | binding | drawn,
:mod:`capexloop.ledger.scope`) selects the deals the network, the deal lists, the circularity,
history and stress panels count, and one as-of control (a quarter end of the ledger's dates, or
the latest ledger as filed) reads the ledger as it stood then for the same panels
(:func:`capexloop.ledger.asof.as_of`, the rules of ``--as-of``). Every panel states the scope
and the date it shows, or that they do not apply to it. The server binds to 127.0.0.1 unless
told otherwise.
"""

from __future__ import annotations

import base64
import tempfile
from pathlib import Path

import dash
import dash_cytoscape as cyto
import numpy as np
import plotly.graph_objects as go
from dash import Input, Output, State, dcc, html

from ..errors import CapexloopError
from ..ledger import LedgerStore
from ..ledger.asof import as_of, date_span, quarters
from ..ledger.model import DealKind, Ledger, Status
from ..ledger.quantities import format_usd
from ..ledger.scope import Scope, apply_scope, as_scope
from ..network.mapplot import LAYER_ORDER

__all__ = ["create_app", "serve"]

GOODS, FIN = "#1565c0", "#c62828"


#: more nodes than this are not drawn: the largest by money flow are shown instead
MAX_NODES = 150


def _shown_entities(led: Ledger) -> list:
    if len(led.entities) <= MAX_NODES:
        return list(led.entities)
    flow: dict[str, float] = {}
    for d in led.active_deals():
        x = d.amount_usd.mid if d.amount_usd else 0.0
        flow[d.payer] = flow.get(d.payer, 0.0) + x
        flow[d.payee] = flow.get(d.payee, 0.0) + x
    top = set(sorted(flow, key=lambda k: -flow[k])[:MAX_NODES])
    return [e for e in led.entities if e.id in top]


def _elements(led: Ledger, kinds: list[str] | None, statuses: list[str] | None,
              years: list[int] | None) -> list[dict]:
    shown = _shown_entities(led)
    ids = {e.id for e in shown}
    layers = [lay for lay in LAYER_ORDER if any(e.layer == lay for e in shown)]
    nodes, counts = [], {}
    for e in shown:
        row = layers.index(e.layer)
        col = counts.get(e.layer, 0)
        counts[e.layer] = col + 1
        nodes.append({"data": {"id": e.id, "label": e.name, "layer": e.layer.value},
                      "position": {"x": 160 * col + 80 * (row % 2), "y": 140 * row},
                      "classes": e.layer.value})
    edges = []
    for d in led.active_deals():
        if d.payer not in ids or d.payee not in ids:
            continue
        if kinds and d.kind.value not in kinds:
            continue
        if statuses and d.status.value not in statuses:
            continue
        if years and d.announced and d.announced.start and d.announced.end and (
                d.announced.end.year < years[0] or d.announced.start.year > years[1]):
            continue
        a, b = (d.payer, d.payee) if d.is_financing else (d.payee, d.payer)
        amt = d.amount_usd.mid if d.amount_usd else 0.0
        edges.append({"data": {"id": d.id, "source": a, "target": b,
                               "label": format_usd(d.amount_usd),
                               "width": 1 + 2 * np.log10(1 + amt / 1e9)},
                      "classes": "financing" if d.is_financing else "goods"})
    return nodes + edges


STYLE = [
    {"selector": "node", "style": {"label": "data(label)", "font-size": 11, "text-valign": "center",
                                   "shape": "round-rectangle", "width": 90, "height": 30,
                                   "background-color": "#e3f2fd", "border-width": 1}},
    {"selector": ".model_provider", "style": {"background-color": "#e8f5e9"}},
    {"selector": ".semiconductor", "style": {"background-color": "#f3e5f5"}},
    {"selector": ".investor", "style": {"background-color": "#fff3e0"}},
    {"selector": "edge", "style": {"curve-style": "bezier", "target-arrow-shape": "triangle",
                                   "width": "data(width)", "label": "data(label)",
                                   "font-size": 8}},
    {"selector": ".goods", "style": {"line-color": GOODS, "target-arrow-color": GOODS}},
    {"selector": ".financing", "style": {"line-color": FIN, "target-arrow-color": FIN,
                                         "line-style": "dashed"}},
]


#: the as-of control's value for the ledger as filed (no cut)
LATEST = "latest"


def as_of_options(led: Ledger) -> list[dict]:
    """The as-of choices: the latest ledger as filed, then every quarter end from the one
    holding the first dated deal to the one holding the last, newest first."""
    span = date_span(led)
    opts = [{"label": "latest (ledger as filed)", "value": LATEST}]
    if span is not None:
        opts += [{"label": f"{q} (end {q.end.isoformat()})", "value": q.end.isoformat()}
                 for q in reversed(list(quarters(*span)))]
    return opts


def _cut(led: Ledger, when: str | None) -> Ledger:
    """``led`` as it stood at the end of ``when`` (``latest``/None: as filed)."""
    return led if when in (None, "", LATEST) else as_of(led, when)


def _when_note(when: str | None) -> str:
    if when in (None, "", LATEST):
        return "as of: latest (the ledger as filed, undated deals included)"
    return (f"as of: {when} (deals announced and observations filed by then, "
            "restructurings from their own date)")


def _scope_note(scope: str, what: str = "", when: str | None = None) -> str:
    """The line every ledger panel shows: ``scope: binding deals only (…); as of: 2024-06-30
    (…)``."""
    return (f"scope: {as_scope(scope).label}; {_when_note(when)}"
            + (f" — {what}" if what else ""))


#: panels whose numbers do not come from the ledger's deals say so
NOT_SCOPED = "scope and as-of date: do not apply — {}"


def _deals_table(led: Ledger, entity: str, scope: str = "all",
                 when: str | None = None) -> html.Div:
    deals = [d for d in led.deals if entity in (d.payer, d.payee)]
    if not deals:
        return html.Div([html.P(_scope_note(scope, when=when)),
                         html.Div(f"{entity}: no deals in this ledger")])
    rows = [html.Tr([html.Th(h) for h in ("deal", "kind", "payer → payee", "USD", "sources")])]
    for d in deals:
        rows.append(html.Tr([html.Td(d.id), html.Td(d.kind.value),
                             html.Td(f"{d.payer} → {d.payee}"), html.Td(format_usd(d.amount_usd)),
                             html.Td(", ".join(d.sources))]))
    return html.Div([html.H4(f"Deals of {entity}"), html.P(_scope_note(scope, when=when)),
                     html.Table(rows, className="deals")])


def stress_panel(run) -> html.Div:
    """The stress panel of a :class:`~capexloop.studies.stress.StressRun`: its one line of
    scope, horizon and assumptions, the baseline gap, defaults and losses per entity."""
    sim = run.simulation
    losses = sim.total_losses()
    default = {r.entity: f"{r.type} {r.year}" for r in sim.defaults.itertuples()}
    names = list(dict.fromkeys([*default, *losses.index]))
    rows = [html.Tr([html.Th(h) for h in ("entity", "default", "losses")])]
    for e in names:
        rows.append(html.Tr([html.Td(e), html.Td(default.get(e, "")),
                             html.Td(format_usd(float(losses.get(e, 0.0))))]))
    return html.Div([html.P(run.headline, id="stress-headline"),
                     html.P(sim.baseline_gap()), html.Table(rows, id="loss-rows")])


def _pct(x: float) -> str:
    return "—" if x != x else f"{x:.1%}"


def _usd(x: float) -> str:
    return "n/a" if x != x else format_usd(float(x))


def _circularity_view(res, n_deals: int) -> html.Div:
    """The measures of :func:`capexloop.network.circularity` the CLI prints first: system
    round trip, cycles, Finn index, financing mix, the largest vendors and labs' coverage."""
    tot = res.round_trip.totals()
    system = [("deals counted", str(n_deals), "circ-deals"),
              ("deals of unknown amount left out", str(len(res.unknown_deals)), "circ-unknown"),
              ("vendor revenue in the ledger", _usd(tot["revenue"]), "circ-revenue"),
              ("round trip (proportional .. earmarked bound)",
               f"{_usd(tot['proportional'])} .. {_usd(tot['earmarked'])}",
               "circ-rt-usd"),
              ("round-trip share (proportional)", _pct(tot["share"]), "circ-share"),
              ("round-trip share (earmarked bound)", _pct(tot["share_upper"]),
               "circ-share-upper"),
              ("money cycles", str(len(res.cycles)), "circ-cycles"),
              ("Finn cycling index", f"{res.finn.fci:.4f}", "circ-finn"),
              ("vendor financing mix", res.mix.summary().split(": ", 1)[-1], "circ-mix")]
    rows = [html.Tr([html.Th(k), html.Td(v, id=i)]) for k, v, i in system]
    out = [html.Table(rows, id="circ-system")]
    rt = res.round_trip.to_frame().head(10)
    if len(rt):
        vr = [html.Tr([html.Th(h) for h in ("vendor", "ledger revenue", "financing given",
                                             "round trip", "share")])]
        vr += [html.Tr([html.Td(r.entity), html.Td(_usd(r.revenue)),
                        html.Td(_usd(r.financing_out)), html.Td(_usd(r.round_trip)),
                        html.Td(f"{_pct(r.share)} .. {_pct(r.share_upper)}")])
               for r in rt.itertuples()]
        out += [html.H4("Largest vendors by ledger revenue"), html.Table(vr, id="circ-vendors")]
    cov = res.coverage
    if len(cov):
        cov = cov.sort_values("commitments_ledger", ascending=False, kind="stable").head(10)
        cr = [html.Tr([html.Th(h) for h in ("lab", "commitments stated", "in ledger deals",
                                             "annual revenue", "coverage")])]
        cr += [html.Tr([html.Td(r.lab), html.Td(_usd(r.commitments_stated)),
                        html.Td(_usd(r.commitments_ledger)),
                        html.Td("n/a" if r.revenue != r.revenue else
                                f"{_usd(r.revenue)} ({r.revenue_year})"),
                        html.Td("n/a" if r.coverage != r.coverage else
                                f"{r.coverage:.1f}× revenue")])
               for r in cov.itertuples()]
        out += [html.H4("Labs' commitments against revenue"), html.Table(cr, id="circ-coverage")]
    return html.Div(out)


def _bubble_figure(name: str) -> go.Figure:
    """The report's bubble chart of the report's reference test."""
    from ..report.charts import bubble_chart
    from ..studies.bubble import REFERENCE_SERIES, reference_bubble

    run = reference_bubble(name)
    return bubble_chart(run.result, run.episodes, REFERENCE_SERIES[name]["title"])


def _monitor_figure() -> go.Figure:
    """The report's stage timeline of the 1995–2003 backtest."""
    from ..report.charts import stage_chart
    from ..studies.monitor import monitor_study

    return stage_chart(monitor_study().backtest)


def _network_note(led: Ledger) -> str:
    if len(led.entities) <= MAX_NODES:
        return ""
    return (f"{len(led.entities)} entities: the {MAX_NODES} with the largest money flows are "
            "drawn; the stress and upload panels use the whole ledger.")


def create_app(ledger: Ledger) -> dash.Dash:
    """A Dash app over ``ledger`` (replaced by a valid uploaded file)."""
    from ..network import circularity
    from ..network.history import exposure_history
    from ..report.charts import history_chart
    from ..studies.economics import breakeven_inputs
    from ..studies.stress import LEAD_LAB_SHORTFALL, lead_lab_scenario, stress_run

    state: dict = {"ledger": ledger, "cache": {}}

    def view(when: str | None) -> Ledger:
        """The current ledger as of ``when`` (cut once per ledger and date)."""
        key = ("cut", id(state["ledger"]), when)
        if key not in state["cache"]:
            state["cache"][key] = _cut(state["ledger"], when)
        return state["cache"][key]
    app = dash.Dash(__name__, title="capexloop", serve_locally=True)
    years = sorted({d.announced.start.year for d in ledger.deals if d.announced and
                    d.announced.start} or {2025})

    def labs(when: str | None = None) -> list[str]:
        """Shockable labs of the ledger as of ``when``, the report's lead lab first (the same
        scenario as the report)."""
        sc = lead_lab_scenario(view(when))
        return [sc.lab, *[k for k in sc.labs if k != sc.lab]] if sc.lab else []

    be = breakeven_inputs(ledger)

    app.layout = html.Div([
        html.H2("capexloop — circular financing dashboard"),
        html.Div(id="ledger-name", children=f"ledger: {ledger.name}"),
        html.Div([html.Label("Deals that count: "),
                  dcc.RadioItems(id="scope", options=[s.value for s in Scope],
                                 value=Scope.all.value, inline=True)], id="scope-control"),
        html.Div([html.Label("Ledger as of: "),
                  dcc.Dropdown(id="as-of", options=as_of_options(ledger), value=LATEST,
                               clearable=False, style={"width": "360px"})],
                 id="as-of-control", style={"height": "60px", "overflow": "visible"}),
        # the graph comes before anything that renders late, and the controls above it have a
        # fixed height (the dropdown is loaded asynchronously and would push the graph down
        # after cytoscape cached where its canvas sits: clicks then hit the wrong element)
        html.H3("Three-layer network"),
        html.P(id="network-scope", children=_scope_note("all", when=LATEST)),
        cyto.Cytoscape(id="network", elements=_elements(ledger, None, None, None),
                       layout={"name": "preset"}, stylesheet=STYLE,
                       style={"width": "100%", "height": "520px", "border": "1px solid #ddd"}),
        html.Div(id="filters", children=[
            dcc.Checklist(id="kinds", options=[k.value for k in DealKind],
                          value=[k.value for k in DealKind], inline=True),
            dcc.Checklist(id="statuses", options=[s.value for s in Status],
                          value=[s.value for s in Status if s != Status.cancelled], inline=True),
            dcc.RangeSlider(id="years", min=min(years), max=max(years), step=1,
                            value=[min(years), max(years)],
                            marks={y: str(y) for y in years}),
        ]),
        html.Div(id="network-note", children=_network_note(ledger)),
        html.Div(id="node-deals", children="Click a node to see its deals and their sources."),
        html.H3("Circularity: round trips, cycles, financing mix, labs' coverage"),
        html.P(id="circ-scope", children=_scope_note("all", when=LATEST)),
        dcc.Loading(html.Div(id="circ-out")),
        html.H3("Circularity over time: quarter by quarter up to the as-of date"),
        html.P(id="history-scope", children=_scope_note("all", when=LATEST)),
        dcc.Graph(id="history-graph"),
        html.H3("Stress: a lab's revenue falls short of plan, year by year"),
        html.P(id="stress-scope", children=_scope_note("all", "only these deals are "
                                                             "obligations", LATEST)),
        dcc.Dropdown(id="lab", options=labs(), value=(labs() or [None])[0], clearable=False),
        html.Div(dcc.Slider(id="shortfall", min=0, max=90, step=10,
                            value=round(LEAD_LAB_SHORTFALL * 100),
                            marks={i: f"{i}%" for i in range(0, 91, 10)}), id="shortfall-wrap"),
        html.Div(id="loss-table"),
        html.H3("Bubble tests (PSY BSADF)"),
        html.P(NOT_SCOPED.format("market price series, not ledger deals"), id="bubble-scope"),
        dcc.Dropdown(id="series", options=["sp500", "nasdaq"], value="sp500", clearable=False),
        dcc.Graph(id="bubble-graph"),
        html.H3("Three-stage monitor (1995–2003 backtest)"),
        html.P(NOT_SCOPED.format("macro and market series, not ledger deals"),
               id="monitor-scope"),
        dcc.Graph(id="monitor-graph", figure=_monitor_figure()),
        html.H3("Break-even"),
        html.P(NOT_SCOPED.format("capex, depreciation, ROE and margin set below"),
               id="be-scope"),
        html.Div([html.Label("capex $T"), dcc.Slider(id="be-capex", min=1, max=6, step=0.5,
                                                      value=be.capex / 1e12),
                  html.Label("depreciation"), dcc.Slider(id="be-dep", min=0.1, max=0.5, step=0.05,
                                                         value=be.depreciation),
                  html.Label("ROE"), dcc.Slider(id="be-roe", min=0.05, max=0.5, step=0.05,
                                                value=be.roe),
                  html.Label("EBITDA margin"), dcc.Slider(id="be-margin", min=0.2, max=0.7,
                                                          step=0.05, value=0.45)]),
        html.Pre(id="be-out"),
        html.H3("Upload a ledger (CSV, YAML, JSON, XLSX)"),
        html.P("scope: every deal of the file is validated and stored; the panels above show "
               "the scope selected at the top", id="upload-scope"),
        dcc.Upload(id="upload", children=html.Div("Drop a file here or click to choose"),
                   style={"border": "1px dashed #888", "padding": "12px"}),
        html.Div(id="upload-status"),
    ], style={"fontFamily": "Helvetica, Arial, sans-serif", "margin": "16px"})

    @app.callback(Output("as-of", "options"), Output("as-of", "value"),
                  Input("ledger-name", "children"), prevent_initial_call=True)
    def new_dates(_name):
        return as_of_options(state["ledger"]), LATEST

    @app.callback(Output("network", "elements"), Output("network-scope", "children"),
                  Input("kinds", "value"), Input("statuses", "value"), Input("years", "value"),
                  Input("ledger-name", "children"), Input("scope", "value"),
                  Input("as-of", "value"))
    def filter_network(kinds, statuses, yrs, _name, scope, when):
        els = _elements(apply_scope(view(when), scope), kinds, statuses, yrs)
        n = sum(1 for e in els if "source" in e["data"])
        return els, _scope_note(scope, f"{n} deals drawn", when)

    @app.callback(Output("node-deals", "children"), Input("network", "tapNodeData"),
                  Input("scope", "value"), Input("as-of", "value"), prevent_initial_call=True)
    def show_deals(node, scope, when):
        if not node:
            return dash.no_update
        return _deals_table(apply_scope(view(when), scope), node["id"], scope, when)

    @app.callback(Output("circ-out", "children"), Output("circ-scope", "children"),
                  Input("ledger-name", "children"), Input("scope", "value"),
                  Input("as-of", "value"))
    def circ(_name, scope, when):
        led = view(when)
        res = circularity(led, scope=scope)
        n = len(apply_scope(led, scope).active_deals())
        return _circularity_view(res, n), _scope_note(scope, res.name, when)

    @app.callback(Output("history-graph", "figure"), Output("history-scope", "children"),
                  Input("ledger-name", "children"), Input("scope", "value"),
                  Input("as-of", "value"))
    def history(_name, scope, when):
        key = ("history", id(state["ledger"]), when, scope)
        if key not in state["cache"]:
            state["cache"][key] = exposure_history(view(when), scope=scope)
        h = state["cache"][key]
        last = h.table.quarter.iloc[-1] if len(h.table) else "no dated deals"
        return history_chart(h), _scope_note(scope, f"quarters up to {last}", when)

    @app.callback(Output("lab", "options"), Output("lab", "value"),
                  Input("ledger-name", "children"), Input("as-of", "value"),
                  State("lab", "value"), prevent_initial_call=True)
    def lab_choices(_name, when, current):
        opts = labs(when)
        return opts, (current if current in opts else (opts or [None])[0])

    @app.callback(Output("loss-table", "children"), Output("stress-scope", "children"),
                  Input("lab", "value"), Input("shortfall", "value"),
                  Input("ledger-name", "children"), Input("scope", "value"),
                  Input("as-of", "value"))
    def stress(lab, pct, _name, scope, when):
        note = _scope_note(scope, "only these deals are obligations", when)
        if not lab:
            return html.Div("No lab with commitments of known size in this ledger."), note
        run = stress_run(view(when), shocks={lab: (pct or 0) / 100}, scope=scope)
        return stress_panel(run), note

    @app.callback(Output("bubble-graph", "figure"), Input("series", "value"))
    def bubble(name):
        return _bubble_figure(name)

    @app.callback(Output("be-out", "children"), Input("be-capex", "value"),
                  Input("be-dep", "value"), Input("be-roe", "value"), Input("be-margin", "value"))
    def breakeven_out(capex, dep, roe, margin):
        from ..economics import breakeven

        return breakeven(capex * 1e12, dep, roe, be.tax, margin, users=[1e9]).summary()

    @app.callback(Output("upload-status", "children"), Output("ledger-name", "children"),
                  Input("upload", "contents"), State("upload", "filename"),
                  prevent_initial_call=True)
    def upload(contents, filename):
        if not contents:
            return dash.no_update, dash.no_update
        suffix = Path(filename or "upload.csv").suffix or ".csv"
        raw = base64.b64decode(contents.split(",", 1)[1])
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / f"{Path(filename or 'upload').stem}{suffix}"
            path.write_bytes(raw)
            try:
                with LedgerStore() as store:     # validate in a throw-away store
                    store.import_files([path], duplicates="keep-both")
                    new = store.load(name=Path(filename or "upload").stem)
            except CapexloopError as err:
                msg = str(err).replace(str(path), filename or path.name)
                return html.Div(f"Not loaded — {msg}", style={"color": FIN},
                                id="upload-error"), dash.no_update
        state["ledger"], state["cache"] = new, {}
        return (html.Div(f"Loaded {filename}: {len(new.entities)} entities, {len(new.deals)} "
                         "deals.", id="upload-ok"), f"ledger: {new.name}")

    return app


def serve(ledger: Ledger, host: str = "127.0.0.1", port: int = 8050) -> None:
    create_app(ledger).run(host=host, port=port, debug=False)
