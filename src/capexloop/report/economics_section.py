"""Report sections: the stage monitor, break-even arithmetic, lab roadmaps, telecom vs AI."""

from __future__ import annotations

import html

import plotly.graph_objects as go

from ..audit import seed_checks
from ..economics import analogy_table, lab_roadmaps, power_context, tornado
from ..ledger.datasets import load_dataset
from ..ledger.quantities import format_usd
from ..macro.stages import backtest_1995_2003, today
from ..studies.economics import breakeven_inputs, reference_breakeven
from .build import ReportContext, section
from .figures import figure_html


@section("monitor", "Three-stage burst monitor: 1995–2003 backtest and today", data="reference",
         says="Data: reference. Offline macro series and the events of the embedded telecom2000 "
              "dataset for the backtest, the ai2025 seed facts for today; not the ledger "
              "{ledger}.")
def monitor_section(ctx: ReportContext) -> str:
    bt = backtest_1995_2003()
    now = today()
    t = bt.table
    fig = go.Figure(go.Scatter(x=t.index, y=t.stage, mode="lines", line={"shape": "hv"},
                               name="stage", hovertext=t.reasons))
    for d, label in (("2000-03-10", "Nasdaq peak"), ("2001-12-02", "Enron"),
                     ("2002-07-21", "WorldCom")):
        fig.add_vline(x=d, line_dash="dot", line_color="#c62828")
        fig.add_annotation(x=d, y=3.2, text=label, showarrow=False)
    fig.update_layout(title="Monthly stage (0 none, 1 macro, 2 earnings warnings/capex cuts, "
                      "3 write-downs/defaults)", yaxis={"range": [-0.2, 3.5]}, height=340)
    out = ["<p>Rules: stage 1 when a macro signal fired in the last 6 months (T-bill +50 bp in "
           "6 months, Baa−Aaa widening beyond its 80th percentile, equity 20% below peak, PMI "
           "under 50 and falling, job gains under 50k); stage 2 when an earnings warning or "
           "capex cut happened in the last 12 months; stage 3 when a write-down, default or "
           "restatement did. Data: " + html.escape("; ".join(bt.sources.values())) + " "
           + ctx.src(["seed:C9", "seed:C11", "seed:C13", "seed:C14", "seed:C15", "seed:C17",
                      "seed:C18", "seed:C19"]) + ".</p>", figure_html(fig, "stage-timeline"),
           "<table><tr><th>Stage</th><th>Onset</th><th>Lead before Nasdaq peak (months)</th>"
           "<th>Before Enron</th><th>Before WorldCom</th></tr>"]
    for s in (1, 2, 3):
        on = bt.onset(s, "2000-03-10") or bt.onset(s, "2002-07-21")
        leads = [bt.lead_months(s, d) for d in ("2000-03-10", "2001-12-02", "2002-07-21")]
        out.append(f"<tr><td>{s}</td><td>{on:%Y-%m}</td>" + "".join(
            f"<td>{'n/a' if v is None else v}</td>" for v in leads) + "</tr>")
    last = now.table.iloc[-1]
    out.append("</table><p>A Baa−Aaa widening in late 1998 (LTCM) fired stage 1 and faded: a "
               "false alarm that the onset above ignores. <b>Today</b> "
               f"({now.table.index[-1]:%Y-%m}, seed facts only): stage {int(last.stage)}"
               f"{' — ' + html.escape(last.reasons) if last.reasons else ''} "
               f"{ctx.src(['seed:E14'])}. Load FRED series with <code>capexloop monitor --fred "
               "spread=BAA10Y --fred short_rate=FEDFUNDS</code> to update it.</p>")
    return "\n".join(out)


def _breakeven_says(ctx: ReportContext) -> str:
    inp = breakeven_inputs(ctx.ledger)
    if inp.ledger == ctx.ledger.name:
        return f"Data: the parameters stored in the ledger {ctx.ledger.name}."
    return (f"Data: reference. The ledger {ctx.ledger.name} stores no break-even parameters, so "
            f"those of the embedded {inp.ledger} dataset (seed F1) are used.")


@section("breakeven", "What must AI earn? Break-even arithmetic", data="both",
         says=_breakeven_says)
def breakeven_section(ctx: ReportContext) -> str:
    b = reference_breakeven(ctx.ledger, users=[1e9, 3e9])
    tor = tornado(b, margin=0.45)
    fig = go.Figure()
    for r in tor.itertuples():
        fig.add_trace(go.Bar(y=[r.input], x=[(r.high - r.low) / 1e12], base=[r.low / 1e12],
                             orientation="h", showlegend=False, marker_color="#1565c0"))
    fig.add_vline(x=tor.base[0] / 1e12, line_dash="dot")
    fig.update_layout(title="Required revenue ($T) when each input moves ±20% (margin 45%)",
                      height=300)
    checks = [c for c in seed_checks(load_dataset("ai2025"), load_dataset("telecom2000"))
              if c.id in ("F2", "F3", "F5")]
    rows = "".join(f"<tr><td>{ctx.src(['seed:' + c.id])}</td><td>{html.escape(c.what)}</td>"
                   f"<td>{c.claimed}</td><td>{c.computed}</td></tr>" for c in checks)
    comps = "".join(f"<tr><td>{html.escape(o.metric.replace('_', ' '))}</td>"
                    f"<td>{html.escape(format_usd(o.value))}</td><td>{ctx.src(o.sources)}</td>"
                    "</tr>" for o in load_dataset("ai2025").series("world", "automotive_revenue")
                    + load_dataset("ai2025").series("world", "advertising_revenue")
                    + load_dataset("ai2025").series("world", "mobile_phone_revenue"))
    return (f"<pre>{html.escape(b.summary())}</pre><p>Inputs {ctx.src(['seed:F1'])}: EBITDA = "
            "capex × (depreciation + ROE / (1 − tax)); revenue = EBITDA / margin.</p>"
            + figure_html(fig, "breakeven-tornado")
            + "<table><tr><th>Seed</th><th>Claim</th><th>Stated</th><th>Computed from its "
            f"inputs</th></tr>{rows}</table><h3>For scale: 2024 industry revenue</h3><table>"
            f"<tr><th>Industry</th><th>Revenue</th><th>Source</th></tr>{comps}</table>")


@section("roadmaps", "Lab roadmaps and the telecom-vs-AI table", data="both",
         says="Data: the ledger {ledger} (lab roadmaps and power); the telecom-vs-AI table "
              "compares the reference datasets telecom2000 and ai2025.")
def roadmaps_section(ctx: ReportContext) -> str:
    led = ctx.ledger
    df = lab_roadmaps(led)
    pw = power_context(led)

    def cell(v, f):
        return "n/a" if v != v else f(v)

    out = ["<table><tr><th>Lab</th><th>Revenue</th><th>Operating loss</th><th>Commitments</th>"
           "<th>GW</th><th>Coverage</th><th>Growth needed (5 years)</th><th>Planned growth to "
           "2028</th><th>Break-even</th><th>Sources</th></tr>"]
    for r in df.itertuples():
        out.append(f"<tr><td>{r.lab}</td><td>{cell(r.revenue, format_usd)}</td>"
                   f"<td>{cell(r.operating_loss, format_usd)}</td>"
                   f"<td>{cell(r.commitments, format_usd)}</td>"
                   f"<td>{cell(r.commitments_gw, lambda v: f'{v:g}')}</td>"
                   f"<td>{cell(r.coverage_years, lambda v: f'{v:.0f}× revenue')}</td>"
                   f"<td>{cell(r.required_growth, lambda v: f'{v:.0%}/yr')}</td>"
                   f"<td>{cell(r.planned_growth, lambda v: f'{v:.0%}/yr')}</td>"
                   f"<td>{cell(r.breakeven_year, lambda v: f'{v:.0f}')}</td>"
                   f"<td>{ctx.src(r.sources)}</td></tr>")
    from ..economics import revenue_path

    fig = go.Figure()
    for r in df.itertuples():
        if r.revenue == r.revenue and r.required_growth == r.required_growth:
            y0 = int(r.revenue_year[:4])
            need = revenue_path(r.revenue, r.required_growth, 5, y0)
            fig.add_trace(go.Scatter(x=need.index, y=need / 1e9, name=f"{r.lab}: needed to pay "
                                     f"{format_usd(r.commitments)} in 5 years"))
            if r.planned_growth == r.planned_growth:
                plan = revenue_path(r.revenue, r.planned_growth, 5, y0)
                fig.add_trace(go.Scatter(x=plan.index, y=plan / 1e9, name=f"{r.lab}: its own "
                                         "plan (seed A2)", line={"dash": "dot"}))
    fig.update_layout(title="Revenue path needed for the commitments vs the plan ($B)",
                      height=340)
    out.append("</table>" + (figure_html(fig, "roadmap-paths") if fig.data else ""))
    if df.empty:
        out.append("<p class='empty'>No model provider in this ledger has a roadmap figure.</p>")
    if pw["committed_gw"] == pw["committed_gw"] and "us_dc_demand_low" in pw:
        out.append(f"<p>Power: {pw['committed_gw']:g} GW committed vs US data-centre demand "
                   f"of {pw['us_dc_demand_low']:g}–{pw['us_dc_demand_high']:g} GW in 2024; "
                   f"{pw['target_gw_2033']:g} GW hoped for by 2033 "
                   f"{ctx.src(['seed:E12', 'seed:E13'])}.</p>")
    out.append("<h3>Telecom 2000 vs AI 2025</h3><table><tr><th>Measure</th><th>Telecom 2000"
               "</th><th>AI 2025</th><th>How</th><th>Sources</th></tr>")
    for r in analogy_table().itertuples():
        out.append(f"<tr><td>{html.escape(r.measure)}</td><td>{html.escape(r.telecom_2000)}</td>"
                   f"<td>{html.escape(r.ai_2025)}</td><td>{html.escape(r.how)}</td>"
                   f"<td>{ctx.src(r.sources)}</td></tr>")
    out.append("</table>")
    return "\n".join(out)
