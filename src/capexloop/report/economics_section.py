"""Report sections: the stage monitor, break-even arithmetic, lab roadmaps, telecom vs AI."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from ..economics import tornado
from ..ledger.quantities import format_usd
from ..studies.economics import (
    breakeven_inputs,
    industry_revenue,
    reference_breakeven,
    roadmap_study,
    seed_breakeven_claims,
)
from ..studies.monitor import monitor_study
from .build import ReportContext, render, section
from .charts import stage_chart
from .figures import report_figure


@section("monitor", "Three-stage burst monitor: 1995–2003 backtest and today", data="reference",
         says="Data: reference. Offline macro series and the events of the embedded telecom2000 "
              "dataset for the backtest; for today, the same macro series, the company filings "
              "of the embedded ai-public dataset and the ai2025 seed facts, whichever ledger "
              "the report is on (here {ledger}).")
def monitor_section(ctx: ReportContext) -> str:
    st = monitor_study()
    bt, now = st.backtest, st.today
    fig = stage_chart(bt)
    last = now.table.iloc[-1]
    return render(ctx, "monitor", data_sources="; ".join(bt.sources.values()),
                  figure=report_figure(fig, "stage-timeline"),
                  stages=[{"stage": s, "onset": st.onset(s),
                           "leads": list(st.lead_months[f"stage{s}"].values())}
                          for s in (1, 2, 3)],
                  today_month=now.table.index[-1], today_stage=int(last.stage),
                  today_reasons=last.reasons,
                  evaluation=[{"episode": r.episode, "target": f"{r.target} "
                               f"{', '.join(r.target_dates)}", "rule": r.rule,
                               "hits": f"{r.hits}/{r.n_targets}",
                               "false_alarms": r.false_alarms,
                               "lead": ", ".join("–" if v is None else str(v)
                                                 for v in r.lead_months)}
                              for r in st.evaluation.table.itertuples() if r.data],
                  signals=[{"rule": r.rule, "value": "n/a" if r.value is None
                            or r.value != r.value else f"{r.value:.4g}",
                            "threshold": f"{r.threshold:g} {r.unit}",
                            "date": r.date if isinstance(r.date, str) else "n/a",
                            "fires": "yes" if r.fires else "no", "source": str(r.source),
                            "seed": f"{r.seed_reading} ({r.seed_source})" if r.seed_source
                            else r.seed_reading} for r in st.signals.itertuples()])


def _breakeven_says(ctx: ReportContext) -> str:
    inp = breakeven_inputs(ctx.ledger)
    scale, _ = industry_revenue(ctx.ledger)
    also = ("" if scale == ctx.ledger.name else
            f" Industry revenue for scale: the embedded {scale} dataset.")
    if inp.ledger == ctx.ledger.name:
        return f"Data: the parameters stored in the ledger {ctx.ledger.name}.{also}"
    return (f"Data: reference. The ledger {ctx.ledger.name} stores no break-even parameters, so "
            f"those of the embedded {inp.ledger} dataset (seed F1) are used.{also}")


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
    _, revenue = industry_revenue(ctx.ledger)
    comparators = [{"metric": o.metric.replace("_", " "), "value": format_usd(o.value),
                    "sources": o.sources} for o in revenue]
    return render(ctx, "breakeven", summary=b.summary(),
                  figure=report_figure(fig, "breakeven-tornado"),
                  claims=seed_breakeven_claims(), comparators=comparators)


@section("roadmaps", "Lab roadmaps and the telecom-vs-AI table", data="both",
         says="Data: the ledger {ledger} (lab roadmaps and power); the telecom-vs-AI table "
              "compares the reference datasets telecom2000 and ai2025.")
def roadmaps_section(ctx: ReportContext) -> str:
    st = roadmap_study(ctx.ledger, horizon=5)
    df, pw = st.labs, st.power

    def cell(v, f):
        return "n/a" if v != v else f(v)

    labs = [{"lab": r.lab, "revenue": cell(r.revenue, format_usd)
             + (f" ({r.revenue_year})" if r.revenue == r.revenue else ""),
             "missing": r.missing,
             "operating_loss": cell(r.operating_loss, format_usd),
             "commitments": cell(r.commitments, format_usd)
             + (f" ({r.commitments_basis})" if r.commitments == r.commitments else ""),
             "commitments_gw": cell(r.commitments_gw, lambda v: f"{v:g}"),
             "coverage_years": cell(r.coverage_years, lambda v: f"{v:.0f}× revenue"),
             "required_growth": cell(r.required_growth, lambda v: f"{v:.0%}/yr"),
             "planned_growth": cell(r.planned_growth, lambda v: f"{v:.0%}/yr"),
             "breakeven_year": cell(r.breakeven_year, lambda v: f"{v:.0f}"),
             "sources": r.sources} for r in df.itertuples()]
    fig = go.Figure()
    for r in df.itertuples():
        if r.lab in st.revenue_paths:
            need = pd.Series(st.revenue_paths[r.lab]["required"])
            fig.add_trace(go.Scatter(x=need.index, y=need / 1e9, name=f"{r.lab}: needed to pay "
                                     f"{format_usd(r.commitments)} in 5 years"))
            if r.planned_growth == r.planned_growth:
                plan = pd.Series(st.revenue_paths[r.lab]["planned"])
                fig.add_trace(go.Scatter(x=plan.index, y=plan / 1e9, name=f"{r.lab}: its own "
                                         "plan (seed A2)", line={"dash": "dot"}))
    fig.update_layout(title="Revenue path needed for the commitments vs the plan ($B)",
                      height=340)
    has_power = pw["committed_gw"] == pw["committed_gw"] and "us_dc_demand_low" in pw
    return render(ctx, "roadmaps", labs=labs, power=pw if has_power else None,
                  figure=report_figure(fig, "roadmap-paths") if fig.data else None,
                  analogy=st.analogy.to_dict(orient="records"))
