"""``breakeven``, ``roadmap`` and ``monitor``."""

from __future__ import annotations

from typing import Annotated

import typer

from ._app import app
from ._common import AsOfOpt, DatasetOpt, DbOpt, JsonOpt, emit_json, money, resolve_ledger


@app.command("breakeven")
def breakeven_cmd(
    capex: Annotated[str | None, typer.Option(
        help="installed capex, e.g. 3T [default: the ledger's parameter; seed F1: 3T]")] = None,
    depreciation: Annotated[float | None, typer.Option(
        help="depreciation per year (fraction) [default: ledger; 0.30]")] = None,
    roe: Annotated[float | None, typer.Option(
        help="required return on equity (fraction) [default: ledger; 0.30]")] = None,
    tax: Annotated[float | None, typer.Option(
        help="tax rate (fraction) [default: ledger; 0.25]")] = None,
    margin: Annotated[str | None, typer.Option(
        help="EBITDA margin or LOW..HIGH [default: ledger; 0.3..0.6]")] = None,
    users: Annotated[list[str] | None, typer.Option(help="active users (repeatable), e.g. "
                                                         "1e9")] = None,
    dataset: DatasetOpt = None, db: DbOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """What must AI earn? Break-even EBITDA and revenue, with the seed's claims beside."""
    from .._console import console
    from ..studies.economics import breakeven_run

    led = resolve_ledger(dataset, db) if dataset or db else None
    res = breakeven_run(capex, depreciation, roe, tax, margin, users or [], ledger=led)
    if as_json:
        return emit_json(res.to_dict())
    console.print(res.breakeven.summary())
    for line in res.claim_lines():
        console.print(line)


@app.command("roadmap")
def roadmap_cmd(dataset: DatasetOpt = None, db: DbOpt = None, as_of: AsOfOpt = None,
                as_json: JsonOpt = False,
                horizon: Annotated[int, typer.Option(help="years to pay the commitments")] = 5
                ) -> None:
    """Lab roadmaps (OpenAI, Anthropic, xAI, …): revenue, losses, commitments in $ and GW,
    coverage, growth needed; missing inputs named."""
    from rich.table import Table

    from .._console import console
    from ..studies.economics import roadmap_study

    res = roadmap_study(resolve_ledger(dataset, db, default="ai2025", as_of=as_of),
                        horizon=horizon)
    if as_json:
        return emit_json(res.to_dict())
    t = Table("lab", "revenue", "op. loss", "commitments", "GW", "coverage", "growth needed",
              "break-even", title=f"lab roadmaps (commitments paid over {horizon} years)")
    for r in res.labs.itertuples():
        t.add_row(r.lab, money(r.revenue) + (f" ({r.revenue_year})" if r.revenue_year else ""),
                  money(r.operating_loss),
                  money(r.commitments) + (f" ({r.commitments_basis})"
                                          if r.commitments == r.commitments else ""),
                  "n/a" if r.commitments_gw != r.commitments_gw else f"{r.commitments_gw:g}",
                  "n/a" if r.coverage_years != r.coverage_years else f"{r.coverage_years:.0f}x",
                  "n/a" if r.required_growth != r.required_growth else f"{r.required_growth:.0%}/yr",
                  "n/a" if r.breakeven_year != r.breakeven_year else f"{r.breakeven_year:.0f}")
    console.print(t)
    for r in res.labs.itertuples():
        if r.missing:
            console.print(f"{r.lab}: missing {r.missing}", markup=False, highlight=False)
    if res.as_of:
        console.print(f"ledger {res.ledger} as of {res.as_of}")
    power = res.power
    if "us_dc_demand_low" in power and power["committed_gw"] == power["committed_gw"]:
        console.print(f"power: {power['committed_gw']:g} GW committed vs US data centres "
                      f"{power['us_dc_demand_low']:g}–{power['us_dc_demand_high']:g} GW (2024); "
                      f"{power['target_gw_2033']:g} GW hoped for by 2033")
    else:
        console.print("power: no US data-centre demand figure in this ledger")
    at = Table("measure", "telecom 2000", "AI 2025", "sources", title="telecom vs AI")
    for r in res.analogy.itertuples():
        at.add_row(r.measure, r.telecom_2000, r.ai_2025, r.sources)
    console.print(at)


@app.command("monitor")
def monitor_cmd(
    as_json: JsonOpt = False,
    fred: Annotated[list[str] | None, typer.Option(
        help="ROLE=SERIES_ID from FRED (roles: short_rate, spread, equity, payrolls); "
             "uses FRED_API_KEY or the keyless CSV, cached")] = None,
    csv: Annotated[list[str] | None, typer.Option(
        help="ROLE=FILE date,value CSV (e.g. pmi=ism.csv; ISM PMI is not on FRED)")] = None,
    offline: Annotated[bool, typer.Option(help="use only cached FRED data")] = False,
    as_of: AsOfOpt = None,
) -> None:
    """Three-stage burst monitor: the 1995–2003 backtest and today's reading (as of a date
    with --as-of)."""
    from rich.table import Table

    from .._console import console
    from ..studies.monitor import monitor_study

    res = monitor_study(fred=fred or [], csv=csv or [], offline=offline, as_of=as_of)
    if as_json:
        return emit_json(res.to_dict())
    ev = res.evaluation.table
    t = Table("episode", "target", "rule", "hits", "false alarms", "lead (months)",
              title="rules scored against data-defined busts (thresholds fixed beforehand)")
    for r in ev[ev.data].itertuples():
        t.add_row(r.episode, f"{r.target} {', '.join(r.target_dates)}", r.rule,
                  f"{r.hits}/{r.n_targets}", str(r.false_alarms),
                  ", ".join("–" if v is None else str(v) for v in r.lead_months))
    console.print(t)
    s = Table("rule", "value", "threshold", "date", "fires", "source", "seed reads it as",
              title=res.today_line())
    for r in res.signals.itertuples():
        v = "n/a" if r.value is None or r.value != r.value else f"{r.value:.4g}"
        date = r.date if isinstance(r.date, str) else "n/a"     # NaN where no finding
        s.add_row(r.rule, v, f"{r.threshold:g} {r.unit}", date,
                  "yes" if r.fires else "no", str(r.source),
                  f"{r.seed_reading} ({r.seed_source})" if r.seed_source else r.seed_reading)
    console.print(s)
