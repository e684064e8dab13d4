"""``clear`` and ``stress``."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from ._app import app
from ._clear import MODELS
from ._clear import run as run_clear
from ._common import AsOfOpt, DatasetOpt, DbOpt, JsonOpt, ScopeOpt, emit_json, resolve_ledger

ModelChoice = StrEnum("ModelChoice", {m: m for m in MODELS})
BackendChoice = StrEnum("BackendChoice", {b: b for b in ("numpy", "dask")})


@app.command("clear")
def clear_cmd(
    liabilities: Annotated[Path, typer.Option(help="square CSV or debtor,creditor,amount list")],
    assets: Annotated[Path, typer.Option(help="id,value: external assets (en, rv) or equity "
                                              "(furfine, debtrank)")],
    model: Annotated[ModelChoice, typer.Option(help="clearing or contagion model")] =
    ModelChoice.en,
    alpha: Annotated[float, typer.Option(help="RV: share of external assets recovered")] = 1.0,
    beta: Annotated[float, typer.Option(help="RV: share of interbank claims recovered")] = 1.0,
    lgd: Annotated[float, typer.Option(help="Furfine loss given default")] = 1.0,
    shock: Annotated[Path | None, typer.Option(help="id,value: loss of assets/equity")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Clear a liability network (Eisenberg–Noe, Rogers–Veraart) or run a contagion model."""
    # plain invocations reach run_clear without typer (capexloop.cli._fast)
    run_clear(liabilities, assets, model=model.value, alpha=alpha, beta=beta, lgd=lgd,
              shock=shock, as_json=as_json)


ClearingChoice = StrEnum("ClearingChoice", {c: c for c in ("en", "rv")})


@app.command("stress")
def stress_cmd(
    dataset: DatasetOpt = None, db: DbOpt = None,
    shock: Annotated[list[str] | None, typer.Option(
        help="ENTITY.revenue=-0.4: revenue 40% below plan every year (repeatable); with "
             "--scenarios, the mean shortfall")] = None,
    scope: ScopeOpt = "binding",
    start: Annotated[int | None, typer.Option(
        help="first simulated year (default 2025; for a historical ledger the year after its "
             "last deal)")] = None,
    horizon: Annotated[int | None, typer.Option(help="last simulated year (default start+5)")]
    = None,
    scenarios: Annotated[int, typer.Option(help="Monte Carlo draws (0: the shocked run only)")]
    = 0,
    backend: Annotated[BackendChoice, typer.Option(help="numpy or dask")] = BackendChoice.numpy,
    scheduler: Annotated[str | None, typer.Option(help="dask scheduler address")] = None,
    seed: Annotated[int, typer.Option(help="random seed")] = 0,
    rho: Annotated[float, typer.Option(help="shock correlation (copula)")] = 0.5,
    term_years: Annotated[float, typer.Option(help="years over which contracts without a "
                                                   "schedule or term are paid")] = 5.0,
    facility_years: Annotated[int, typer.Option(
        help="years a committed facility without a maturity can be drawn from its start")]
    = 5,
    param: Annotated[list[str] | None, typer.Option(
        help="loss rate: loan, equity, contingent, inventory, stranded_capex, asset_life, "
             "purchase_obligations; NAME=0.5 or NAME=0.3..0.7 (Monte Carlo range)")] = None,
    assume: Annotated[list[str] | None, typer.Option(
        help="balance-sheet item: ENTITY.ITEM=VALUE, e.g. openai.cash_and_securities=30B")]
    = None,
    clearing: Annotated[ClearingChoice, typer.Option(
        help="en (Eisenberg-Noe) or rv (Rogers-Veraart default costs)")] = ClearingChoice.en,
    alpha: Annotated[float, typer.Option(help="RV: share of own assets realised")] = 1.0,
    beta: Annotated[float, typer.Option(help="RV: share of claims realised")] = 1.0,
    as_of: AsOfOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Stress balance sheets year by year: who cannot pay, who fails, who loses what."""
    from ..studies.stress import stress_run

    res = stress_run(resolve_ledger(dataset, db, default="ai2025", as_of=as_of), shocks=shock or [],
                     scenarios=scenarios, backend=backend.value, scheduler=scheduler, seed=seed,
                     rho=rho, term_years=term_years, facility_years=facility_years,
                     params=param or [],
                     scope=scope, start=start,
                     horizon=horizon, assume=assume or [], clearing=clearing.value, alpha=alpha,
                     beta=beta, progress=not as_json)
    if as_json:
        return emit_json(res.to_dict())
    from .._console import console

    console.print(res.summary(), markup=False, highlight=False)
