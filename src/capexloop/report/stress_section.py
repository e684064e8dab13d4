"""Report section: the commitment-shortfall cascade, its Monte Carlo and the telecom backtest.

The context (numbers and figures) is built here; ``templates/sections/stress.html.j2`` lays
it out.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from markupsafe import Markup

from ..stress import lucent_parameters, telecom_backtest
from ..studies.stress import lead_lab_monte_carlo, lead_lab_sweep
from .build import ReportContext, render, section
from .figures import figure_html


def _lab_figures(sc) -> dict:
    net, lab = sc.net, sc.lab
    grid, sweep = lead_lab_sweep(sc)
    vendors = [i for i in np.argsort(-sweep.writedowns[-1])[:6] if sweep.writedowns[-1, i] > 0]
    fig = go.Figure([go.Scatter(x=grid * 100, y=sweep.writedowns[:, i] / 1e9,
                                mode="lines+markers", name=net.ids[i]) for i in vendors])
    fig.update_layout(title=f"Write-downs by vendor as {lab}'s revenue falls short",
                      xaxis_title="revenue shortfall vs plan (%)",
                      yaxis_title="write-downs ($B per year)", height=380)
    mc = lead_lab_monte_carlo(sc)
    n_mc = mc.writedowns.shape[0]
    chains = mc.default_chains(6)
    chains_figure = ""
    if chains:
        bars = go.Figure(go.Bar(x=[p * 100 for _, p in chains][::-1],
                                y=[" + ".join(k) for k, _ in chains][::-1],
                                orientation="h", marker_color="#c62828"))
        bars.update_layout(title="Most likely default chains (share of scenarios, %)",
                           height=120 + 40 * len(chains))
        chains_figure = Markup(figure_html(bars, "stress-chains"))
    top = [i for i in np.argsort(-mc.writedowns.mean(axis=0))[:4]
           if mc.writedowns[:, i].mean() > 0]
    hist = go.Figure([go.Histogram(x=mc.writedowns[:, i] / 1e9, name=net.ids[i], opacity=0.6,
                                   nbinsx=60) for i in top])
    hist.update_layout(barmode="overlay", title="Distribution of yearly write-downs",
                       xaxis_title="$B", yaxis_title="scenarios", height=360)
    return {"sweep_figure": Markup(figure_html(fig, "stress-sweep")), "n_mc": n_mc,
            "monte_carlo": mc.to_frame().head(30).reset_index().to_dict(orient="records"),
            "chains_figure": chains_figure,
            "hist_figure": Markup(figure_html(hist, "stress-hist"))}


@section("stress", "Stress: who fails to pay whom, and what vendors write down", data="both",
         says="Data: the ledger {ledger} (cascade and Monte Carlo). Loss rates and the backtest "
              "come from the reference telecom2000 dataset (Lucent 1999–2002).")
def stress_section(ctx: ReportContext) -> str:
    sc = ctx.lead_lab()
    context: dict = {"params": lucent_parameters(), "lab": sc.lab, "shortfall": sc.shortfall,
                     "backtest": telecom_backtest().table.to_dict(orient="records")}
    if sc.lab is not None:
        context["cascade"] = sc.outcome.to_frame().head(30).to_dict(orient="records")
        context |= _lab_figures(sc)
    return render(ctx, "stress", **context)
