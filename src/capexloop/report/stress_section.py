"""Report section: the yearly balance-sheet stress, its Monte Carlo and the telecom backtest."""

from __future__ import annotations

import html

import plotly.graph_objects as go

from ..ledger.datasets import load_dataset
from ..stress.montecarlo import monte_carlo
from ..stress.scenarios import ShockSpec
from ..stress.simulation import LOSS_TYPES
from .build import ReportContext, section
from .build import usd as _usd
from .figures import figure_html

#: Monte Carlo draws in the report (the command line defaults to 10,000 on request).
REPORT_DRAWS = 2_000


def _rows(cells: list[list[str]]) -> str:
    return "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in cells)


@section("stress", "Stress: balance sheets, payment schedules and contract terms, year by year",
         data="both",
         says="Data: the ledger {ledger} (yearly simulation and Monte Carlo). The backtest runs "
              "the same engine on the reference telecom2000 dataset (Lucent, FY1999 figures).")
def stress_section(ctx: ReportContext) -> str:
    sc = ctx.lead_lab()
    lab, shortfall = sc.lab, sc.shortfall
    run = sc.run
    sim = run.simulation
    out = [f"<p class='headline'><b>{html.escape(run.headline)}</b></p>",
           f"<p>{html.escape(sim.baseline_gap())}</p>"]
    if lab:
        out.append(f"<h3>{html.escape(lab)}'s revenue {shortfall:.0%} below its plan every "
                   "year</h3>")
    else:
        out.append("<p class='empty'>No model provider in this ledger has a balance sheet and "
                   "obligations of known size: no lab shock is applied.</p>")
    if sim.defaults.empty:
        out.append("<p>No default over the horizon.</p>")
    else:
        out.append("<table><tr><th>Entity</th><th>Year</th><th>Default</th><th>Why</th></tr>"
                   + _rows([[html.escape(r.entity), str(r.year), r.type, html.escape(r.reason)]
                            for r in sim.defaults.itertuples()]) + "</table>")
    if not sim.losses.empty:
        g = sim.losses.groupby(["creditor", "type"])["loss"].sum().unstack(fill_value=0.0)
        g = g.loc[g.sum(axis=1).sort_values(ascending=False).index]
        cols = [t for t in LOSS_TYPES if t in g.columns]
        out.append("<h3>Losses by counterparty and exposure type (whole horizon)</h3><table><tr>"
                   "<th>Counterparty</th>" + "".join(f"<th>{t.replace('_', ' ')}</th>"
                                                     for t in cols)
                   + "<th>Total</th></tr>"
                   + _rows([[html.escape(str(e))] + [_usd(r[t]) for t in cols]
                            + [_usd(r[cols].sum())] for e, r in g.head(30).iterrows()])
                   + "</table>")
        fig = go.Figure([go.Bar(name=t.replace("_", " "), x=list(g.index[:12]),
                                y=(g[t].iloc[:12] / 1e9).tolist()) for t in cols])
        fig.update_layout(barmode="stack", title="Losses by exposure type ($B)", height=360)
        out.append(figure_html(fig, "stress-losses"))
    ey = sim.entity_years
    mod = [e for e, m in zip(sim.inputs.ids, sim.inputs.balance.modelled, strict=True) if m]
    ey = ey[ey.entity.isin(mod) & (ey.due > 0)]
    if not ey.empty:
        out.append("<h3>Entities with a balance sheet, per year</h3><table><tr><th>Entity</th>"
                   "<th>Year</th><th>Due</th><th>Paid</th><th>Shortfall</th><th>Sources</th>"
                   "<th>Cash left</th></tr>"
                   + _rows([[html.escape(r.entity), str(r.year), _usd(r.due), _usd(r.paid),
                             _usd(r.shortfall), _usd(r.sources), _usd(r.cash_end)]
                            for r in ey.itertuples()]) + "</table>")
    mc = (monte_carlo(sim.inputs, ShockSpec({lab: shortfall}), n_scenarios=REPORT_DRAWS, seed=0)
          if lab else None)
    if mc is not None:
        tab = mc.to_frame()
        out.append(f"<h3>Monte Carlo: {mc.n_scenarios:,} draws</h3>"
                   f"<p>{html.escape(mc.headline)}</p><table><tr><th>Entity</th>"
                   "<th>P(default)</th><th>Liquidity</th><th>Solvency</th><th>Mean loss</th>"
                   "<th>Loss p95</th><th>Loss p99</th></tr>"
                   + _rows([[html.escape(str(e)), f"{r.default_probability:.1%}",
                             f"{r.liquidity:.1%}", f"{r.solvency:.1%}", _usd(r.mean_loss),
                             _usd(r.loss_p95), _usd(r.loss_p99)]
                            for e, r in tab.head(30).iterrows()]) + "</table>")
        years = mc.default_years()
        if not years.empty:
            fig = go.Figure([go.Bar(name=str(y), x=list(years.index),
                                    y=(years[y] * 100).tolist()) for y in years.columns])
            fig.update_layout(barmode="stack", title="Default probability by year (%)",
                              height=320)
            out.append(figure_html(fig, "stress-default-years"))
    out.append("<details><summary>Every assumption, with its value and source</summary><ul>"
               + "".join(f"<li>{html.escape(a)}</li>" for a in sim.assumptions())
               + "</ul></details>")
    bt = run.backtest
    if bt is None:
        from ..stress.telecom import telecom_backtest

        bt = telecom_backtest(load_dataset("telecom2000"))
    out.append("<h3>Backtest: the same engine on telecom 2000–2002, from FY1999 information "
               "only</h3><p>Shock: outside funding of CLECs stops from FY2000. Modelled Lucent "
               "losses beside its actual provisions (error = modelled − actual).</p>"
               "<table><tr><th>Line</th><th>Year</th><th>Modelled</th><th>Actual</th>"
               "<th>Error</th><th>Ratio</th><th>Sources</th></tr>"
               + _rows([[r.line, r.year, _usd(r.modelled), _usd(r.actual), _usd(r.error),
                         "" if r.ratio != r.ratio else f"{r.ratio:.2f}", ctx.src(r.sources)]
                        for r in bt.table.itertuples()]) + "</table><ul>"
               + "".join(f"<li>{html.escape(n)}</li>" for n in bt.notes) + "</ul>")
    return "\n".join(out)
