"""Report section: the yearly balance-sheet stress, its Monte Carlo and the telecom backtest.

The context (numbers and figures) is built here; ``templates/sections/stress.html.j2`` lays
it out.
"""

from __future__ import annotations

import plotly.graph_objects as go

from ..stress.montecarlo import monte_carlo
from ..stress.scenarios import ShockSpec
from ..stress.simulation import LOSS_TYPES
from .build import ReportContext, render, section
from .figures import report_figure

#: Monte Carlo draws in the report (the command line runs as many as asked).
REPORT_DRAWS = 2_000


def _losses(sim) -> dict:
    if sim.losses.empty:
        return {}
    g = sim.losses.groupby(["creditor", "type"])["loss"].sum().unstack(fill_value=0.0)
    g = g.loc[g.sum(axis=1).sort_values(ascending=False).index]
    cols = [t for t in LOSS_TYPES if t in g.columns]
    fig = go.Figure([go.Bar(name=t.replace("_", " "), x=list(g.index[:12]),
                            y=(g[t].iloc[:12] / 1e9).tolist()) for t in cols])
    fig.update_layout(barmode="stack", title="Losses by exposure type ($B)", height=360)
    return {"loss_cols": [t.replace("_", " ") for t in cols],
            "loss_rows": [{"entity": str(e), "values": [float(r[t]) for t in cols],
                           "total": float(r[cols].sum())} for e, r in g.head(30).iterrows()],
            "loss_figure": report_figure(fig, "stress-losses")}


def _monte_carlo(sim, lab: str, shortfall: float) -> dict:
    mc = monte_carlo(sim.inputs, ShockSpec({lab: shortfall}), n_scenarios=REPORT_DRAWS, seed=0)
    out = {"n_mc": mc.n_scenarios, "mc_headline": mc.headline,
           "monte_carlo": mc.to_frame().head(30).reset_index().to_dict(orient="records"),
           "years_figure": None}
    years = mc.default_years()
    if not years.empty:
        fig = go.Figure([go.Bar(name=str(y), x=list(years.index), y=(years[y] * 100).tolist())
                         for y in years.columns])
        fig.update_layout(barmode="stack", title="Default probability by year (%)", height=320)
        out["years_figure"] = report_figure(fig, "stress-default-years")
    return out


@section("stress", "Stress: balance sheets, payment schedules and contract terms, year by year",
         data="both",
         says="Data: the ledger {ledger} (yearly simulation and Monte Carlo). The backtest runs "
              "the same engine on the reference telecom2000 dataset (Lucent, FY1999 figures).")
def stress_section(ctx: ReportContext) -> str:
    from ..studies.stress import reference_backtest

    sc = ctx.lead_lab()
    sim = sc.run.simulation
    mod = {e for e, m in zip(sim.inputs.ids, sim.inputs.balance.modelled, strict=True) if m}
    ey = sim.entity_years
    ey = ey[ey.entity.isin(mod) & (ey.due > 0)]
    bt = sc.run.backtest or reference_backtest()
    context: dict = {
        "headline": sc.headline, "baseline_gap": sim.baseline_gap(), "lab": sc.lab,
        "shortfall": sc.shortfall, "defaults": sim.defaults.to_dict(orient="records"),
        "entity_years": ey.to_dict(orient="records"), "assumptions": sim.assumptions(),
        "backtest": bt.table.to_dict(orient="records"), "backtest_notes": [*bt.timing, *bt.notes],
        "backtest_inputs": list(bt.inputs), "backtest_sensitivity": list(bt.sensitivity)}
    context |= _losses(sim)
    if sc.lab is not None:
        context |= _monte_carlo(sim, sc.lab, sc.shortfall)
    return render(ctx, "stress", **context)
