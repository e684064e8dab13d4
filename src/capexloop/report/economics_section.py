"""Report sections: the stage monitor, break-even arithmetic, lab roadmaps, telecom vs AI."""

from __future__ import annotations

import html

import plotly.graph_objects as go

from ..audit import seed_checks
from ..economics import analogy_table, breakeven, lab_roadmaps, power_context, tornado
from ..ledger.datasets import load_dataset
from ..ledger.quantities import format_usd
from .build import ReportContext, section
from .figures import figure_html


@section("monitor", "Three-stage burst monitor: rules from data, scored over three busts")
def monitor_section(ctx: ReportContext) -> str:
    from ..macro.stages import RULES
    from ..studies.monitor import monitor_study

    res = monitor_study()
    bt = res.backtest
    t = bt.table
    fig = go.Figure(go.Scatter(x=t.index, y=t.stage, mode="lines", line={"shape": "hv"},
                               name="stage", hovertext=t.reasons))
    for e in bt.events.itertuples():
        fig.add_vline(x=e.date, line_dash="dot", line_color="#9e9e9e")
    fig.update_layout(title="Monthly stage from data (0 none, 1 macro, 2 filings, 3 write-downs"
                      "/defaults); dotted: seed events, annotations only",
                      yaxis={"range": [-0.2, 3.5]}, height=340)
    rules = "".join(f"<tr><td>{r.stage}</td><td>{html.escape(r.name)}</td>"
                    f"<td>{html.escape(r.description)}</td><td>{r.threshold:g} "
                    f"{html.escape(r.unit)}</td><td>{html.escape(r.source)}</td></tr>"
                    for r in RULES)
    out = ["<p>Stage 1 when two different macro rules fired in the last 6 months; stage 2 when "
           "a filing rule fired in the last 12 months (a report counts 60 days after its period "
           "end); stage 3 when a write-down or default rule did. Thresholds were fixed before "
           "the evaluation. The seeds' events are drawn as annotations and trigger nothing "
           + ctx.src(["seed:C19"]) + ".</p><table><tr><th>Stage</th><th>Rule</th><th>Fires when"
           "</th><th>Threshold</th><th>Data</th></tr>" + rules + "</table>",
           figure_html(fig, "stage-timeline"),
           "<h3>Hits, false alarms and lead times</h3><p>Targets from data: S&amp;P 500 peaks "
           "followed by a fall of 20% or more, and NBER recession starts. Hit: the rule fired in "
           "the 24 months up to the target (lead = months from the first such firing; 24 means "
           "it fired all along). False alarm: a firing run that starts outside every 24-months-"
           "before to 12-months-after window.</p><table><tr><th>Episode</th><th>Target</th>"
           "<th>Rule</th><th>Hits</th><th>False alarms</th><th>Lead (months)</th></tr>"]
    tab = res.evaluation.table
    for r in tab[tab.data].itertuples():
        lead = ", ".join("–" if v is None else str(v) for v in r.lead_months)
        out.append(f"<tr><td>{r.episode}</td><td>{r.target} {', '.join(r.target_dates)}</td>"
                   f"<td>{html.escape(r.rule)}</td><td>{r.hits}/{r.n_targets}</td>"
                   f"<td>{r.false_alarms}</td><td>{lead}</td></tr>")
    out.append("</table><p>Filing rules need company data: only the telecom dataset's Lucent "
               "lines (FY1999–2002) cover an episode, so they are scored for 1995–2003 only.</p>")
    sig = res.signals
    out.append(f"<h3>Today</h3><p>{html.escape(res.today_line())}. Each rule at its latest "
               "value, and which way the seeds themselves read it (boom: a reason the boom "
               "goes on; burst: a warning).</p><table><tr><th>Rule</th><th>Value</th>"
               "<th>Threshold</th><th>Date</th><th>Fires</th><th>Source</th><th>Seed reading"
               "</th></tr>")
    for r in sig.itertuples():
        v = "n/a" if r.value is None or r.value != r.value else f"{r.value:.4g}"
        seed = html.escape(r.seed_reading) + (
            f" {ctx.src([r.seed_source])}" if r.seed_source else "")
        out.append(f"<tr><td>{html.escape(r.rule)}</td><td>{v}</td><td>{r.threshold:g} "
                   f"{html.escape(r.unit)}</td><td>{r.date or 'n/a'}</td><td>"
                   f"{'yes' if r.fires else 'no'}</td><td>{html.escape(str(r.source))}</td>"
                   f"<td>{seed}</td></tr>")
    out.append("</table>")
    return "\n".join(out)


@section("breakeven", "What must AI earn? Break-even arithmetic")
def breakeven_section(ctx: ReportContext) -> str:
    b = breakeven(3e12, 0.30, 0.30, 0.25, [0.6, 0.3], users=[1e9, 3e9])
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


@section("roadmaps", "Lab roadmaps and the telecom-vs-AI table")
def roadmaps_section(ctx: ReportContext) -> str:
    led = load_dataset("ai2025")
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
    out.append("</table>" + figure_html(fig, "roadmap-paths"))
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
