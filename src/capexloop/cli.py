"""The ``capexloop`` command line (typer + rich). Commands are thin: parse, call, render."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import numpy as np
import pandas as pd
import typer
from rich.table import Table

from ._console import console, err_console
from .audit import checks_frame, seed_checks
from .errors import CapexloopError
from .ledger import DATASETS, LedgerStore, Mapping, load_dataset, write_ledger
from .ledger.datasets import seed_coverage, seed_index
from .ledger.io import FORMATS
from .ledger.model import Ledger
from .ledger.quantities import format_usd
from .ledger.summary import deals_frame, flow_totals

DuplicateRule = StrEnum("DuplicateRule", {k.replace("-", "_"): k for k in (
    "error", "keep-both", "keep-existing", "keep-new")})
Format = StrEnum("Format", {f: f for f in FORMATS})

app = typer.Typer(no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False,
                  help="Map, measure and stress-test circular financing in AI compute.")
ledger_app = typer.Typer(no_args_is_help=True, help="Validate, import, export and show ledgers.")
app.add_typer(ledger_app, name="ledger")

DatasetOpt = Annotated[str | None, typer.Option("--dataset", "-d", help="embedded dataset name")]
DbOpt = Annotated[Path | None, typer.Option("--db", help="DuckDB ledger file")]
JsonOpt = Annotated[bool, typer.Option("--json", help="machine-readable JSON on stdout")]
ColumnsOpt = Annotated[str | None, typer.Option(
    "--columns", help="rename columns: from=payer,to=payee,comment=- (drop)")]
KindsOpt = Annotated[str | None, typer.Option(
    "--kinds", help="rename deal kinds: gpu_purchase=chip_purchase,...")]
EntitiesOpt = Annotated[str | None, typer.Option(
    "--entities", help="extra entity spellings: 'Nvidia Corp'=nvidia,...")]
MappingOpt = Annotated[Path | None, typer.Option(
    "--mapping", help="YAML file with columns:, kinds:, entities: sections")]


def _json_safe(obj: Any) -> Any:
    """NaN/inf become null (strict JSON); numpy scalars become Python numbers."""
    if isinstance(obj, dict):
        return {str(k): _json_safe(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [_json_safe(v) for v in obj]
    if hasattr(obj, "item") and callable(obj.item):
        obj = obj.item()
    if isinstance(obj, float) and (obj != obj or obj in (float("inf"), float("-inf"))):
        return None
    return obj


def _emit_json(obj: Any) -> None:
    sys.stdout.write(json.dumps(_json_safe(obj), indent=1, default=str, allow_nan=False) + "\n")


def resolve_ledger(dataset: str | None, db: Path | None, default: str | None = None) -> Ledger:
    """The ledger named by ``--dataset`` or ``--db`` (exactly one; ``default`` if neither)."""
    if dataset and db:
        raise CapexloopError("give either --dataset or --db, not both", field="--dataset")
    if db:
        if not db.exists():
            raise CapexloopError("database file not found", source=str(db))
        with LedgerStore(db, read_only=True) as store:
            return store.load()
    name = dataset or default
    if not name:
        raise CapexloopError("give --dataset NAME or --db FILE", field="--dataset")
    return load_dataset(name)


@app.command()
def datasets(as_json: JsonOpt = False) -> None:
    """List the datasets embedded in the package."""
    rows = []
    for name, desc in DATASETS.items():
        led = load_dataset(name)
        rows.append({"name": name, "description": desc, "entities": len(led.entities),
                     "deals": len(led.deals), "observations": len(led.observations),
                     "events": len(led.events)})
    if as_json:
        return _emit_json(rows)
    t = Table("name", "entities", "deals", "observations", "events", "description")
    for r in rows:
        t.add_row(r["name"], str(r["entities"]), str(r["deals"]), str(r["observations"]),
                  str(r["events"]), r["description"])
    console.print(t)


@app.command()
def seeds(as_json: JsonOpt = False) -> None:
    """The seed fact index: every id, its summary and the records citing it."""
    summaries, na = seed_index()
    used = seed_coverage()
    rows = [{"id": k, "summary": v, "cited_by": len(used[k]), "not_applicable": na.get(k, "")}
            for k, v in summaries.items()]
    if as_json:
        return _emit_json(rows)
    t = Table("id", "cited by", "summary")
    for r in rows:
        t.add_row(r["id"], str(r["cited_by"]) if r["cited_by"] else f"n/a: {r['not_applicable']}",
                  r["summary"])
    console.print(t)


def _mapping(columns, kinds, entities, mapping_file) -> Mapping:
    return Mapping.from_options(columns, kinds, entities, mapping_file)


def _print_duplicates(groups: list[list[str]]) -> None:
    for g in groups:
        err_console.print(f"[yellow]likely duplicates:[/] {' + '.join(g)}")


@ledger_app.command("validate")
def ledger_validate(
    paths: Annotated[list[Path], typer.Argument(help="ledger files (csv, yaml, json, xlsx, "
                                                     "parquet)")],
    base: Annotated[str | None, typer.Option(help="validate against a dataset's entities")] = None,
    db: DbOpt = None, columns: ColumnsOpt = None, kinds: KindsOpt = None,
    entities: EntitiesOpt = None, mapping: MappingOpt = None, as_json: JsonOpt = False,
) -> None:
    """Check ledger files without storing anything (streams large CSV/Parquet files)."""
    with LedgerStore() as store:
        if base or db:
            store.add_ledger(resolve_ledger(base, db))
        report = store.import_files(paths, mapping=_mapping(columns, kinds, entities, mapping),
                                    duplicates="keep-both")
    dups = report.pop("duplicates", [])
    if as_json:
        return _emit_json({"valid": True, "counts": dict(report), "duplicates": dups})
    _print_duplicates(dups)
    counts = ", ".join(f"{v} {k}" for k, v in report.items() if v)
    console.print(f"[green]valid[/]: {counts or 'no records'}")


@ledger_app.command("init")
def ledger_init(db: Annotated[Path, typer.Option("--db", help="DuckDB file to create")],
                dataset: Annotated[str, typer.Option("--dataset", "-d")] = "ai2025") -> None:
    """Create a database holding an embedded dataset (a base for your own imports)."""
    with LedgerStore(db) as store:
        if any(store.counts().values()):
            raise CapexloopError("database is not empty", source=str(db))
        report = store.add_ledger(load_dataset(dataset))
    console.print(f"[green]created[/] {db} from {dataset}: "
                  + ", ".join(f"{v} {k}" for k, v in report.items() if k != "duplicates"))


@ledger_app.command("import")
def ledger_import(
    paths: Annotated[list[Path], typer.Argument(help="ledger files")],
    db: Annotated[Path, typer.Option("--db", help="DuckDB file (created if missing)")],
    columns: ColumnsOpt = None, kinds: KindsOpt = None, entities: EntitiesOpt = None,
    mapping: MappingOpt = None,
    duplicates: Annotated[DuplicateRule, typer.Option(
        help="what to do with likely duplicates")] = DuplicateRule.error,
    as_json: JsonOpt = False,
) -> None:
    """Import ledger files into a database in one transaction (all or nothing)."""
    with LedgerStore(db) as store:
        report = store.import_files(paths, mapping=_mapping(columns, kinds, entities, mapping),
                                    duplicates=duplicates.value)
    dups = report.pop("duplicates", [])
    if as_json:
        return _emit_json({"imported": dict(report), "duplicates": dups,
                           "duplicate_policy": duplicates.value})
    _print_duplicates(dups)
    console.print(f"[green]imported[/] into {db}: "
                  + (", ".join(f"{v} {k}" for k, v in report.items() if v) or "nothing"))


@ledger_app.command("export")
def ledger_export(
    out: Annotated[Path, typer.Option("-o", "--out", help="output file")],
    fmt: Annotated[Format | None, typer.Option(
        "--format", "-f", help="default: from the suffix of -o")] = None,
    dataset: DatasetOpt = None, db: DbOpt = None,
) -> None:
    """Export a ledger (atomic write: a failed export leaves no partial file)."""
    led = resolve_ledger(dataset, db)
    write_ledger(led, out, fmt.value if fmt else None)
    console.print(f"[green]wrote[/] {out}")


@ledger_app.command("show")
def ledger_show(dataset: DatasetOpt = None, db: DbOpt = None, as_json: JsonOpt = False) -> None:
    """Show a ledger's deals and its financing vs goods totals."""
    led = resolve_ledger(dataset, db, default="ai2025")
    df = deals_frame(led)
    if as_json:
        return _emit_json({"name": led.name, "deals": json.loads(df.to_json(orient="records")),
                           "totals": json.loads(flow_totals(led).to_json(orient="records"))})
    t = Table("deal", "kind", "payer → payee", "USD", "GW", "announced", "status", "sources",
              title=f"{led.name}: {len(led.deals)} deals")
    for r in df.itertuples():
        usd = "unknown" if pd.isna(r.amount_low) else (
            format_usd(r.amount_low) if r.amount_low == r.amount_high
            else f"{format_usd(r.amount_low)}–{format_usd(r.amount_high)[1:]}")
        color = "red" if r.flow == "financing" else "blue"
        t.add_row(f"[{color}]{r.id}[/]", r.kind, f"{r.payer} → {r.payee}",
                  usd + (" (derived)" if r.derived else ""),
                  "" if pd.isna(r.capacity_gw) else f"{r.capacity_gw:g}", r.announced,
                  r.status, r.sources)
    console.print(t)
    tot = Table("flow", "kind", "deals", "USD low", "USD high", "unknown", title="Totals")
    for r in flow_totals(led).itertuples():
        tot.add_row(r.flow, r.kind, str(r.deals), _money(r.usd_low), _money(r.usd_high),
                    str(r.unknown_amounts))
    console.print(tot)


@ledger_app.command("checks")
def ledger_checks(as_json: JsonOpt = False) -> None:
    """The seeds' CHECK arithmetic: claim, value computed from its assumptions, difference."""
    df = checks_frame(seed_checks(load_dataset("ai2025"), load_dataset("telecom2000")))
    if as_json:
        return _emit_json(json.loads(df.to_json(orient="records")))
    t = Table(*df.columns)
    for r in df.itertuples(index=False):
        t.add_row(*[str(x) for x in r])
    console.print(t)


def _money(x: float | None) -> str:
    return "n/a" if x is None or pd.isna(x) else format_usd(x)


@app.command("circularity")
def circularity_cmd(
    dataset: DatasetOpt = None, db: DbOpt = None,
    max_len: Annotated[int, typer.Option("--max-len", help="longest cycle (entities)")] = 4,
    amount: Annotated[str, typer.Option(help="point of ranges: low | mid | high")] = "mid",
    start: Annotated[str | None, typer.Option(help="window start YYYY-MM-DD")] = None,
    end: Annotated[str | None, typer.Option(help="window end YYYY-MM-DD")] = None,
    top: Annotated[int, typer.Option(help="cycles to list")] = 10,
    as_json: JsonOpt = False,
) -> None:
    """Round-trip revenue, money cycles, Finn cycling index, financing mix, concentration."""
    from .network import circularity

    if amount not in ("low", "mid", "high"):
        raise CapexloopError(f"--amount must be low, mid or high, got {amount!r}",
                             field="--amount")
    led = resolve_ledger(dataset, db, default="ai2025")
    res = circularity(led, max_len=max_len, amount=amount, start=start, end=end)  # type: ignore[arg-type]
    if as_json:
        return _emit_json(res.to_dict(top_cycles=top))
    rt = res.round_trip.to_frame()
    t = Table("vendor", "ledger revenue", "financing given", "round trip (proportional)",
              "upper bound (earmarked)", "share", title=f"{led.name}: round-trip revenue")
    for r in rt.itertuples():
        t.add_row(r.entity, _money(r.revenue), _money(r.financing_out), _money(r.round_trip),
                  _money(r.round_trip_upper), f"{r.share:.1%} .. {r.share_upper:.1%}")
    tot = res.round_trip.totals()
    t.caption = (f"system: {_money(tot['proportional'])} .. {_money(tot['earmarked'])} of "
                 f"{_money(tot['revenue'])} ({tot['share']:.1%} .. {tot['share_upper']:.1%})")
    console.print(t)
    ct = Table("bottleneck", "cycle", title=f"{len(res.cycles)} money cycles (<= {max_len})")
    for c, b in list(res.cycles)[:top]:
        ct.add_row(_money(b), " → ".join((*c, c[0])))
    console.print(ct)
    console.print(f"Finn cycling index: [bold]{res.finn.fci:.4f}[/] "
                  f"({_money(res.finn.cycled_throughflow)} of {_money(res.finn.total_throughflow)}"
                  " throughflow cycles)")
    console.print(res.mix.summary())
    console.print(res.mix_all.summary())
    if len(res.concentration):
        cc = Table("vendor", "revenue", "customers", "HHI", "top1", "top2", "top4",
                   title="customer concentration (ledger flows)")
        for r in res.concentration.itertuples():
            cc.add_row(r.vendor, _money(r.revenue), str(r.customers), f"{r.hhi:.3f}",
                       f"{r.top1:.0%}", f"{r.top2:.0%}", f"{r.top4:.0%}")
        console.print(cc)
    for r in res.reported_concentration.itertuples():
        console.print(f"reported: {r.vendor} {r.date}: {r.shares} → HHI ≥ {r.hhi_min:.3f} "
                      f"({r.sources})")
    for r in res.coverage.itertuples():
        cov = "n/a (no revenue)" if r.coverage != r.coverage else f"{r.coverage:.0f}x revenue"
        console.print(f"coverage: {r.lab}: commitments {_money(r.commitments_stated)} stated, "
                      f"{_money(r.commitments_ledger)} in ledger deals; {cov}")
    if res.unknown_deals:
        console.print(f"[yellow]{len(res.unknown_deals)} deals of unknown amount left out:[/] "
                      + ", ".join(res.unknown_deals))


@app.command("map")
def map_cmd(
    dataset: DatasetOpt = None, db: DbOpt = None,
    out: Annotated[Path, typer.Option("-o", "--out", help="svg, png, pdf or dot")] = Path(
        "map.svg"),
    amount: Annotated[str, typer.Option(help="point of ranges: low | mid | high")] = "mid",
) -> None:
    """Draw the three-layer map (goods solid blue, financing dotted red)."""
    from .network import render_map

    led = resolve_ledger(dataset, db, default="ai2025")
    render_map(led, out, amount=amount)  # type: ignore[arg-type]
    console.print(f"[green]wrote[/] {out}")


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
    from .stress import debtrank, eisenberg_noe, furfine, linear_debtrank, rogers_veraart
    from .stress.io import read_liabilities, read_vector

    ids, L = read_liabilities(liabilities)
    a = read_vector(assets, ids, "assets")
    s = read_vector(shock, ids, "shock", required=False) if shock else np.zeros(len(ids))
    if (s < 0).any():
        raise CapexloopError("shock values are losses and must not be negative",
                             source=str(shock), field="value")
    m = model.value
    if m in ("en", "rv"):
        e = a - s
        if (e < 0).any():
            raise CapexloopError("a shock exceeds the external assets of "
                                 f"{[ids[i] for i in np.flatnonzero(e < 0)][:5]}",
                                 source=str(shock), field="value")
        res = (eisenberg_noe(L, e, ids=ids) if m == "en"
               else rogers_veraart(L, e, alpha=alpha, beta=beta, ids=ids))
        df = res.to_frame()
        meta = {"model": res.model, "converged": res.converged, "iterations": res.n_iter,
                "residual": res.residual}
    else:
        fn = {"furfine": lambda: furfine(L, a, s, lgd=lgd), "debtrank": lambda: debtrank(L, a, s),
              "linear_debtrank": lambda: linear_debtrank(L, a, s)}[m]
        res = fn()
        df = res.to_frame()
        df.insert(0, "id", ids)
        df["defaulted"] = res.defaulted[0]
        meta = {"model": res.model, "converged": res.converged, "iterations": res.n_iter,
                "debtrank": float(res.debtrank()[0])}
    if as_json:
        return _emit_json({**meta, "banks": df.to_dict(orient="records")})
    state = "converged" if meta["converged"] else "NOT converged"
    t = Table(*df.columns, title=f"{meta['model']} ({state}, {meta['iterations']} rounds)")
    for r in df.itertuples(index=False):
        t.add_row(*[f"{x:.6g}" if isinstance(x, float) else str(x) for x in r])
    console.print(t)


def _parse_shock_args(items: list[str]) -> dict[str, float]:
    """``openai.revenue=-0.4`` → ``{'openai': 0.4}`` (a 40% revenue shortfall)."""
    out = {}
    for item in items:
        key, sep, val = item.partition("=")
        ent, _, metric = key.partition(".")
        if not sep or not ent or metric not in ("", "revenue"):
            raise CapexloopError(f"shock {item!r} must look like ENTITY.revenue=-0.4",
                                 field="--shock")
        try:
            x = float(val)
        except ValueError:
            raise CapexloopError(f"shock {item!r}: {val!r} is not a number", field="--shock") \
                from None
        if not -1.0 <= x <= 0.0:
            raise CapexloopError(f"shock {item!r}: give the revenue change as a fraction between "
                                 "-1 and 0 (e.g. -0.4; -40 looks like a percentage)",
                                 field="--shock")
        out[ent.strip()] = -x
    return out


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
    from .stress import (
        ShockSpec,
        build_network,
        lucent_parameters,
        parse_shocks,
        run_cascade,
        simulate,
        telecom_backtest,
    )

    led = resolve_ledger(dataset, db, default="ai2025")
    shocks = _parse_shock_args(shock or [])
    net = build_network(led, term_years=term_years)
    shocks = {led.entity(k).id: v for k, v in shocks.items()}
    params = lucent_parameters()
    overrides = {}
    for item in param or []:
        k, sep, v = item.partition("=")
        try:
            overrides[k.strip()] = float(v)
        except ValueError:
            raise CapexloopError(f"--param {item!r} must look like NAME=NUMBER",
                                 field="--param") from None
        if not sep:
            raise CapexloopError(f"--param {item!r} must look like NAME=NUMBER", field="--param")
    params = params.override(**overrides) if overrides else params
    out: dict[str, Any] = {"ledger": led.name, "parameters": params.to_dict(), "shocks": shocks}
    if scenarios > 0:
        from .stress.cascade import model_providers

        mean = shocks or {k: 0.3 for k in model_providers(net) if net.obligations[
            net.index[k]].sum() > 0}
        mc = simulate(net, ShockSpec(mean, rho=rho), n_scenarios=scenarios, seed=seed,
                      backend=backend.value, scheduler=scheduler, progress=not as_json,
                      params=params)
        df = mc.to_frame().reset_index()
        out["monte_carlo"] = {"scenarios": scenarios, "seed": seed, "backend": backend.value,
                              "entities": df.to_dict(orient="records"),
                              "default_chains": [{"defaulted": list(k), "probability": p}
                                                 for k, p in mc.default_chains()]}
    else:
        res = run_cascade(net, parse_shocks(net, shocks), params)
        df = res.to_frame()
        out["cascade"] = df.to_dict(orient="records")
    if led.name == "telecom2000":
        bt = telecom_backtest(led)
        out["backtest"] = bt.table.to_dict(orient="records")
    if as_json:
        return _emit_json(out)
    t = Table(*[c for c in df.columns if c not in ("shock",)], title=f"{led.name}: "
              + ("Monte Carlo" if scenarios else "cascade") + " (USD per year)")
    for r in df.to_dict(orient="records"):
        t.add_row(*[(format_usd(v) if isinstance(v, float) and abs(v) >= 1e3 else
                     f"{v:.3g}" if isinstance(v, float) else str(v))
                    for k, v in r.items() if k != "shock"])
    console.print(t)
    if scenarios:
        for k, p in mc.default_chains():
            console.print(f"default set {' + '.join(k)}: {p:.1%} of scenarios")
    if "backtest" in out:
        console.print(bt.summary())


FreqChoice = StrEnum("FreqChoice", {f: f for f in ("M", "W", "D")})
CvChoice = StrEnum("CvChoice", {c: c for c in ("mc", "wild")})
IcChoice = StrEnum("IcChoice", {c: c for c in ("aic", "bic")})


@app.command("bubble")
def bubble_cmd(
    dataset: Annotated[str | None, typer.Option("--dataset", "-d", help="sp500 or nasdaq")] = None,
    csv: Annotated[Path | None, typer.Option(help="date,value CSV of prices")] = None,
    ledger_series: Annotated[str | None, typer.Option(
        "--ledger-series", help="ENTITY.METRIC observations of a ledger (with --db, else "
                                "the ai2025 dataset)")] = None,
    db: DbOpt = None,
    freq: Annotated[FreqChoice, typer.Option(help="resample to M, W or D")] = FreqChoice.M,
    min_window: Annotated[int | None, typer.Option(help="minimum window")] = None,
    lags: Annotated[int, typer.Option(help="fixed lag, or maximum lag with --ic")] = 0,
    ic: Annotated[IcChoice | None, typer.Option(help="choose the lag per window by aic or bic "
                                                     "(psymonitor convention)")] = None,
    cv: Annotated[CvChoice, typer.Option(help="mc (Monte Carlo) or wild (Phillips-Shi 2020)")] =
    CvChoice.mc,
    reps: Annotated[int | None, typer.Option(help="replications for the critical values")] = None,
    seed: Annotated[int, typer.Option(help="random seed")] = 0,
    log: Annotated[bool, typer.Option(help="test the log of the series")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Phillips–Shi–Yu SADF/GSADF/BSADF bubble tests with date-stamped episodes."""
    from .bubble import datestamp, load_series, psy, read_price_csv, with_critical_values

    if sum(x is not None for x in (dataset, csv, ledger_series)) != 1:
        raise CapexloopError("give one of --dataset sp500|nasdaq, --csv FILE or --ledger-series "
                             "ENTITY.METRIC", field="--dataset")
    if ledger_series:
        from .bubble.series import ledger_series as _ls

        series = _ls(resolve_ledger(None, db, default="ai2025"), ledger_series)
    else:
        series = read_price_csv(csv, freq.value) if csv else load_series(dataset, freq.value)
    res = psy(series, min_window=min_window, lag=lags, ic=ic.value if ic else "fixed", log=log)
    res = with_critical_values(res, cv.value, reps=reps, seed=seed, progress=not as_json)
    eps = datestamp(res)
    if as_json:
        return _emit_json({
            "series": series.name, "nobs": res.nobs, "min_window": res.min_window,
            "convention": res.convention, "lag": res.lag, "ic": res.ic, "adf": res.adf,
            "sadf": res.sadf, "gsadf": res.gsadf,
            "critical_values": {str(k): v for k, v in res.critical_values.items()},
            "cv_method": res.cv_method,
            "episodes": json.loads(eps.to_json(orient="records", date_format="iso"))})
    console.print(res.summary())
    if eps.empty:
        console.print("no episode: BSADF never stays above its 95% critical value for the "
                      "minimum duration")
    else:
        t = Table("start", "peak", "end", "duration", "collapse after peak",
                  title="episodes (95%)")
        for r in eps.itertuples():
            t.add_row(str(r.start.date()), str(r.peak.date()), str(r.end.date()),
                      str(r.duration), f"{r.drawdown_after_peak:.0%}" + (" (collapse)"
                                                                        if r.collapse else ""))
        console.print(t)


def _range_arg(text: str, name: str) -> list[float]:
    """``0.3..0.6`` → [0.3, 0.6]; ``0.3`` → [0.3]."""
    parts = text.split("..") if ".." in text else [text]
    try:
        return [float(p) for p in parts]
    except ValueError:
        raise CapexloopError(f"{name} {text!r} must be a number or LOW..HIGH", field=name) \
            from None


@app.command("breakeven")
def breakeven_cmd(
    capex: Annotated[str, typer.Option(help="installed capex, e.g. 3T")] = "3T",
    depreciation: Annotated[float, typer.Option(help="depreciation per year (fraction)")] = 0.30,
    roe: Annotated[float, typer.Option(help="required return on equity (fraction)")] = 0.30,
    tax: Annotated[float, typer.Option(help="tax rate (fraction)")] = 0.25,
    margin: Annotated[str, typer.Option(help="EBITDA margin or LOW..HIGH")] = "0.3..0.6",
    users: Annotated[list[str] | None, typer.Option(help="active users (repeatable), e.g. "
                                                         "1e9")] = None,
    as_json: JsonOpt = False,
) -> None:
    """What must AI earn? Break-even EBITDA and revenue, with the seed's claims beside."""
    from .economics import breakeven, tornado
    from .ledger.quantities import parse_number

    try:
        k = parse_number(capex)
    except ValueError as err:
        raise CapexloopError(str(err), field="--capex") from None
    us = []
    for u in users or []:
        try:
            us.append(parse_number(u))
        except ValueError as err:
            raise CapexloopError(str(err), field="--users") from None
    b = breakeven(k, depreciation, roe, tax, _range_arg(margin, "--margin"), users=us)
    checks = [c for c in seed_checks(load_dataset("ai2025"), load_dataset("telecom2000"))
              if c.id in ("F2", "F3", "F5")]
    if as_json:
        return _emit_json({
            "capex": k, "depreciation_usd": b.depreciation_usd, "pretax_profit": b.pretax_profit,
            "ebitda": b.ebitda, "margins": b.margins.tolist(), "revenue": b.revenue.tolist(),
            "per_user": {f"{u:g}": (b.revenue / u).tolist() for u in us},
            "tornado": tornado(b).to_dict(orient="records"),
            "seed_claims": [{"id": c.id, "what": c.what, "claimed": [c.claimed.low,
                             c.claimed.high], "computed_from_seed_inputs": [c.computed.low,
                             c.computed.high]} for c in checks]})
    console.print(b.summary())
    for c in checks:
        console.print(f"seed:{c.id} {c.what}: claimed {c.claimed}, computed {c.computed} "
                      f"({'agrees' if c.agrees else 'differs'})")


@app.command("roadmap")
def roadmap_cmd(as_json: JsonOpt = False,
                horizon: Annotated[int, typer.Option(help="years to pay the commitments")] = 5
                ) -> None:
    """OpenAI vs Anthropic: revenue, losses, commitments in $ and GW, growth needed."""
    from .economics import analogy_table, lab_roadmaps, power_context

    led = load_dataset("ai2025")
    df = lab_roadmaps(led, horizon=horizon)
    power = power_context(led)
    ana = analogy_table()
    from .economics import revenue_path

    paths = {r.lab: {"required": revenue_path(r.revenue, r.required_growth, horizon,
                                              int(r.revenue_year[:4])).to_dict(),
                     "planned": revenue_path(r.revenue, r.planned_growth, horizon,
                                             int(r.revenue_year[:4])).to_dict()}
             for r in df.itertuples() if r.revenue == r.revenue and r.required_growth ==
             r.required_growth}
    if as_json:
        return _emit_json({"labs": df.to_dict(orient="records"), "power": power,
                           "revenue_paths": paths, "analogy": ana.to_dict(orient="records")})
    t = Table("lab", "revenue", "op. loss", "commitments", "GW", "coverage", "growth needed",
              "break-even", title=f"lab roadmaps (commitments paid over {horizon} years)")
    for r in df.itertuples():
        t.add_row(r.lab, _money(r.revenue) + (f" ({r.revenue_year})" if r.revenue_year else ""),
                  _money(r.operating_loss), _money(r.commitments),
                  "n/a" if r.commitments_gw != r.commitments_gw else f"{r.commitments_gw:g}",
                  "n/a" if r.coverage_years != r.coverage_years else f"{r.coverage_years:.0f}x",
                  "n/a" if r.required_growth != r.required_growth else f"{r.required_growth:.0%}/yr",
                  "n/a" if r.breakeven_year != r.breakeven_year else f"{r.breakeven_year:.0f}")
    console.print(t)
    console.print(f"power: {power['committed_gw']:g} GW committed vs US data centres "
                  f"{power['us_dc_demand_low']:g}–{power['us_dc_demand_high']:g} GW (2024); "
                  f"{power['target_gw_2033']:g} GW hoped for by 2033")
    at = Table("measure", "telecom 2000", "AI 2025", "sources", title="telecom vs AI")
    for r in ana.itertuples():
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
) -> None:
    """Three-stage burst monitor: the 1995–2003 backtest and today's reading."""
    from .bubble.series import read_price_csv
    from .macro.fred import FredClient
    from .macro.stages import backtest_1995_2003, today

    roles = {"short_rate", "spread", "equity", "pmi", "payrolls"}
    loaded: dict[str, Any] = {}
    for spec, kind in [(x, "fred") for x in fred or []] + [(x, "csv") for x in csv or []]:
        role, sep, val = spec.partition("=")
        if not sep or role not in roles:
            raise CapexloopError(f"{spec!r} must be ROLE=VALUE with ROLE one of "
                                 f"{', '.join(sorted(roles))}", field=f"--{kind}")
        if kind == "fred":
            client = FredClient(offline=offline)
            try:
                loaded[role] = client.observations(val)
            finally:
                client.close()
        else:
            loaded[role] = read_price_csv(val)
    if "payrolls" in loaded:  # PAYEMS is a level in thousands: monthly change in jobs
        loaded["payrolls_change"] = loaded.pop("payrolls").diff() * 1000
    bt = backtest_1995_2003(pmi=loaded.get("pmi"))
    now = today(**loaded)
    leads = {f"stage{s}": {"before_peak_2000_03": bt.lead_months(s, "2000-03-10"),
                           "before_enron_2001_12": bt.lead_months(s, "2001-12-02"),
                           "before_worldcom_2002_07": bt.lead_months(s, "2002-07-21")}
             for s in (1, 2, 3)}
    last = now.table.iloc[-1]
    if as_json:
        tab = bt.table.reset_index(names="month")
        tab["month"] = tab["month"].dt.strftime("%Y-%m")
        return _emit_json({"backtest": tab.to_dict(orient="records"), "lead_months": leads,
                           "today": {"month": now.table.index[-1].strftime("%Y-%m"),
                                     "stage": int(last.stage), "signals": last.reasons},
                           "sources": bt.sources})
    t = Table("stage", "onset before the Nasdaq peak", "months of lead (peak / Enron / WorldCom)",
              title="backtest 1995–2003")
    for s in (1, 2, 3):
        on = bt.onset(s, "2000-03-10") or bt.onset(s, "2002-07-21")
        t.add_row(str(s), on.strftime("%Y-%m") if on is not None else "none",
                  " / ".join("n/a" if v is None else str(v) for v in leads[f"stage{s}"].values()))
    console.print(t)
    console.print(f"today ({now.table.index[-1]:%Y-%m}): stage {int(last.stage)}"
                  + (f" — signals: {last.reasons}" if last.reasons else ""))


forensics_app = typer.Typer(no_args_is_help=True, help="Vendor-financing forensics.")
sec_app = typer.Typer(no_args_is_help=True, help="SEC XBRL company facts.")
app.add_typer(forensics_app, name="forensics")
app.add_typer(sec_app, name="sec")


@forensics_app.command("lucent")
def forensics_lucent(as_json: JsonOpt = False) -> None:
    """Lucent's triple write-down 1999–2002, every seed percentage checked against the $."""
    from .forensics import lucent_thresholds, lucent_writedowns

    tw = lucent_writedowns()
    if as_json:
        t = tw.table.reset_index(names="fiscal_year")
        return _emit_json({"table": t.to_dict(orient="records"),
                           "checks": tw.checks.to_dict(orient="records"),
                           "cross_checks": [{"what": a, "first": b, "second": c}
                                            for a, b, c in tw.cross_checks()],
                           "thresholds": lucent_thresholds().reset_index().to_dict(
                               orient="records"), "sources": tw.sources})
    console.print(tw.summary())


@forensics_app.command("vendors")
def forensics_vendors(dataset: DatasetOpt = None, db: DbOpt = None,
                      as_json: JsonOpt = False) -> None:
    """AI vendors beside Lucent FY1999 on the same ratios, with Lucent-calibrated lights."""
    from .forensics import ai_vendor_table, amd_warrants, early_warning, lucent_thresholds

    led = resolve_ledger(dataset, db, default="ai2025")
    table = ai_vendor_table(led)
    th = lucent_thresholds()
    lights = {v: early_warning(led, v, thresholds=th) for v in (
        "nvidia", "amd", "coreweave", "oracle", "microsoft") if v in led.entity_ids}
    war = amd_warrants()
    if as_json:
        return _emit_json({
            "table": table.reset_index().to_dict(orient="records"),
            "lights": {v: df.to_dict(orient="records") for v, df in lights.items()},
            "amd_warrants": {k: {str(i): {str(c): float(x) for c, x in row.items()}
                                 for i, row in v.iterrows()} for k, v in war.items()}})
    vendors = [c for c in table.columns if not c.endswith("_sources")]
    t = Table("measure", *vendors, title="vendor financing: AI vendors vs Lucent FY1999")
    for m, row in table.iterrows():
        t.add_row(m, *["missing" if row[v] != row[v] else (format_usd(row[v])
                       if m.endswith("usd") else f"{row[v]:.3g}") for v in vendors])
    console.print(t)
    for v, df in lights.items():
        console.print(f"{v}: " + ", ".join(f"{r.ratio} ({r.light})" for r in df.itertuples()),
                      markup=False)
    console.print("AMD warrants ($B) by share price (rows) and GW deployed (columns):")
    console.print((war["value"] / 1e9).round(1).to_string())


@sec_app.command("fetch")
def sec_fetch(
    ticker: Annotated[str, typer.Argument(help="ticker or CIK")],
    concept: Annotated[list[str], typer.Option(help="revenue, receivables_net, inventory, … or "
                                                    "an XBRL tag (repeatable)")],
    out: Annotated[Path | None, typer.Option("-o", "--out", help="write a ledger file of "
                                                               "observations")] = None,
    offline: Annotated[bool, typer.Option(help="use only the cache")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Fetch XBRL facts (latest filing per period) as ledger observations with sec: sources."""
    from .forensics.sec import SecClient
    from .ledger import Ledger

    client = SecClient(offline=offline)
    try:
        ent, obs = client.observations(ticker, concept)
    finally:
        client.close()
    if out:
        write_ledger(Ledger(name=ent.id, entities=[ent], observations=obs), out)
    if as_json:
        return _emit_json({"entity": ent.model_dump(), "observations": [
            {"metric": o.metric, "date": str(o.date), "value": o.value.mid, "unit": o.unit,
             "sources": o.sources} for o in obs]})
    t = Table("metric", "period", "value", "source", title=ent.name)
    for o in obs:
        t.add_row(o.metric, str(o.date), format_usd(o.value.mid), "; ".join(o.sources))
    console.print(t)


@app.command("dashboard")
def dashboard_cmd(
    dataset: DatasetOpt = None, db: DbOpt = None,
    host: Annotated[str, typer.Option(help="interface to bind (default: this machine only)")] =
    "127.0.0.1",
    port: Annotated[int, typer.Option(help="port")] = 8050,
) -> None:
    """Open the interactive dashboard (needs the [dashboard] extra)."""
    try:
        from .dashboard.app import serve
    except ImportError:
        raise CapexloopError("the dashboard needs the [dashboard] extra: pip install "
                             "'capexloop[dashboard]'", field="dashboard") from None
    led = resolve_ledger(dataset, db, default="ai2025")
    console.print(f"dashboard on http://{host}:{port}/ (Ctrl-C to stop)")
    serve(led, host=host, port=port)


@app.command()
def report(
    dataset: DatasetOpt = None, db: DbOpt = None,
    out: Annotated[Path, typer.Option("-o", "--out", help="HTML file")] = Path(
        "capexloop-report.html"),
    sections: Annotated[str | None, typer.Option(help="comma-separated subset of sections")] = None,
) -> None:
    """Write the self-contained offline HTML report."""
    from .report import write_report

    led = resolve_ledger(dataset, db, default="ai2025")
    keys = [s.strip() for s in sections.split(",")] if sections else None
    write_report(led, out, sections=keys)
    console.print(f"[green]wrote[/] {out}")


def main(argv: list[str] | None = None) -> int:
    """Entry point: user errors → one red ``file:line: field: message`` line and exit 2."""
    debug = "--debug" in (argv if argv is not None else sys.argv[1:])
    args = [a for a in (argv if argv is not None else sys.argv[1:]) if a != "--debug"]
    try:
        code = app(args=args, prog_name="capexloop", standalone_mode=False)
    except CapexloopError as err:
        err_console.print(f"[red]{err}[/]", markup=True, highlight=False)
        return 2
    except typer.Exit as e:
        return int(getattr(e, "exit_code", 0) or 0)
    except typer.Abort:
        err_console.print("[red]aborted[/]")
        return 130
    except typer.TyperException as e:  # usage errors: typer prints its own message
        e.show()  # type: ignore[attr-defined]
        return int(getattr(e, "exit_code", 2))
    except Exception as err:  # an internal error: say so, traceback only with --debug
        if debug:
            raise
        err_console.print(f"[red]internal error: {type(err).__name__}: {err}[/] "
                          "(run with --debug for the traceback)")
        return 1
    return code if isinstance(code, int) else 0


def _entry() -> None:
    sys.exit(main())


if __name__ == "__main__":
    _entry()
