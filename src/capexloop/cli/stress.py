"""``clear`` and ``stress``."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from ._app import app
from ._common import DatasetOpt, DbOpt, JsonOpt, emit_json, resolve_ledger

ModelChoice = StrEnum("ModelChoice", {m: m for m in ("en", "rv", "furfine", "debtrank",
                                                     "linear_debtrank")})
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
    from ..stress.run import clear_files

    res = clear_files(liabilities, assets, model=model.value, shock=shock, alpha=alpha,
                      beta=beta, lgd=lgd)
    if as_json:
        return emit_json(res.to_dict())
    from rich.table import Table

    from .._console import console

    state = "converged" if res.converged else "NOT converged"
    t = Table(*res.banks.columns, title=f"{res.model} ({state}, {res.iterations} rounds)")
    for r in res.banks.itertuples(index=False):
        t.add_row(*[f"{x:.6g}" if isinstance(x, float) else str(x) for x in r])
    console.print(t)


@app.command("stress")
def stress_cmd(
    dataset: DatasetOpt = None, db: DbOpt = None,
    shock: Annotated[list[str] | None, typer.Option(
        help="ENTITY.revenue=-0.4 (repeatable); with --scenarios, the mean shortfall")] = None,
    scenarios: Annotated[int, typer.Option(help="Monte Carlo scenarios (0: one deterministic "
                                                "run)")] = 0,
    backend: Annotated[BackendChoice, typer.Option(help="numpy or dask")] = BackendChoice.numpy,
    scheduler: Annotated[str | None, typer.Option(help="dask scheduler address")] = None,
    seed: Annotated[int, typer.Option(help="random seed")] = 0,
    rho: Annotated[float, typer.Option(help="shock correlation (copula)")] = 0.5,
    term_years: Annotated[float, typer.Option(help="years over which unscheduled contracts "
                                                   "are paid")] = 5.0,
    param: Annotated[list[str] | None, typer.Option(
        help="override a Lucent-calibrated loss rate, e.g. loan_allowance=0.5 (repeatable)")]
    = None,
    as_json: JsonOpt = False,
) -> None:
    """Commitment-shortfall cascade: who fails to pay whom, and what vendors write down."""
    from ..studies.stress import stress_run

    res = stress_run(resolve_ledger(dataset, db, default="ai2025"), shocks=shock or [],
                     scenarios=scenarios, backend=backend.value, scheduler=scheduler, seed=seed,
                     rho=rho, term_years=term_years, params=param or [], progress=not as_json)
    if as_json:
        return emit_json(res.to_dict())
    from rich.table import Table

    from .._console import console
    from ..ledger.quantities import format_usd

    df = res.table
    t = Table(*[c for c in df.columns if c not in ("shock",)], title=f"{res.ledger}: "
              + ("Monte Carlo" if res.scenarios else "cascade") + " (USD per year)")
    for r in df.to_dict(orient="records"):
        t.add_row(*[(format_usd(v) if isinstance(v, float) and abs(v) >= 1e3 else
                     f"{v:.3g}" if isinstance(v, float) else str(v))
                    for k, v in r.items() if k != "shock"])
    console.print(t)
    for k, p in res.default_chains:
        console.print(f"default set {' + '.join(k)}: {p:.1%} of scenarios")
    if res.backtest is not None:
        console.print(res.backtest.summary())
