"""``ledger validate|init|import|export|show|checks|diff|uncited``."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from ..ledger.formats import FORMATS
from ._app import app, group
from ._common import (
    AsOfOpt,
    ColumnsOpt,
    DatasetOpt,
    DbOpt,
    EntitiesOpt,
    JsonOpt,
    KindsOpt,
    MappingOpt,
    emit_json,
    money,
    print_table,
    resolve_ledger,
)

DuplicateRule = StrEnum("DuplicateRule", {k.replace("-", "_"): k for k in (
    "error", "keep-both", "keep-existing", "keep-new")})
Format = StrEnum("Format", {f: f for f in FORMATS})

ledger_app = group("Validate, import, export and show ledgers.")
app.add_typer(ledger_app, name="ledger")


RecordsOpt = Annotated[str | None, typer.Option(
    "--records", help="where the records sit in a JSON/YAML document, e.g. edges or data.deals")]
SetOpt = Annotated[str | None, typer.Option(
    "--set", help="constant fields for every record: status=announced,binding=false")]
NewEntitiesOpt = Annotated[str | None, typer.Option(
    "--new-entities", help="create unknown names as entities of this layer (e.g. cloud)")]
PresetOpt = Annotated[str | None, typer.Option(
    "--preset", help="a packaged mapping for a public dataset: epoch-funding-rounds, "
                     "epoch-data-centers, tracker-edges (see: capexloop ledger presets)")]


def _mapping(columns, kinds, entities, mapping_file, records=None, new_entities=None,
             constants=None, preset=None):
    from ..ledger.io import Mapping

    return Mapping.from_options(columns, kinds, entities, mapping_file, records=records,
                                new_entities=new_entities, constants=constants, preset=preset)


def _print_recognised(paths, mapping) -> None:
    """Say which columns were read as which ledger fields (named or recognised synonyms)."""
    from .._console import err_console
    from ..ledger.io.files import recognised_columns

    for p in paths:
        rec = recognised_columns(p, mapping)
        read = {k: v for k, v in rec.items() if v != "-"}
        if read:
            err_console.print(f"{p}: columns read as " + ", ".join(
                f"{k} → {v}" for k, v in read.items()))
        skipped = [k for k, v in rec.items() if v == "-"]
        if skipped:
            err_console.print(f"{p}: columns ignored: " + ", ".join(skipped))


def _print_duplicates(groups: list[list[str]]) -> None:
    from .._console import err_console

    for g in groups:
        err_console.print(f"[yellow]likely duplicates:[/] {' + '.join(g)}")


def _render_read(res, paths, mapping, as_json: bool, verb: str) -> None:
    """The outcome of reading files: recognised columns, duplicates, counts (or JSON)."""
    from .._console import console

    _print_recognised(paths, mapping)
    if as_json:
        return emit_json(res.to_dict())
    _print_duplicates(res.duplicates)
    console.print(f"[green]{verb}[/]{':' if verb == 'valid' else ''} "
                  f"{res.summary().removeprefix(verb + ': ').removeprefix(verb + ' ')}")


@ledger_app.command("validate")
def ledger_validate(
    paths: Annotated[list[Path], typer.Argument(help="ledger files (csv, yaml, json, xlsx, "
                                                     "parquet)")],
    base: Annotated[str | None, typer.Option(help="validate against a dataset's entities")] = None,
    db: DbOpt = None, columns: ColumnsOpt = None, kinds: KindsOpt = None,
    entities: EntitiesOpt = None, mapping: MappingOpt = None, records: RecordsOpt = None,
    new_entities: NewEntitiesOpt = None, constants: SetOpt = None, preset: PresetOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Check ledger files without storing anything (streams large CSV/Parquet files)."""
    from ..ledger.actions import validate_files

    m = _mapping(columns, kinds, entities, mapping, records, new_entities, constants, preset)
    _render_read(validate_files(paths, base=base, db=db, mapping=m), paths, m, as_json, "valid")


@ledger_app.command("presets")
def ledger_presets(as_json: JsonOpt = False) -> None:
    """The packaged import mappings for public datasets: source, licence, column provenance
    and the rules each applies."""
    from .._console import console
    from ..ledger.io.presets import PRESETS, preset_about

    about = {name: preset_about(name) for name in PRESETS}
    if as_json:
        return emit_json(about)
    for name, a in about.items():
        console.print(f"[bold]{name}[/]: {a.get('title', '')}")
        for key in ("download", "license", "columns_from", "rules"):
            if a.get(key):
                console.print(f"  {key}: {a[key]}")


@ledger_app.command("init")
def ledger_init(db: Annotated[Path, typer.Option("--db", help="DuckDB file to create")],
                dataset: Annotated[str, typer.Option("--dataset", "-d")] = "ai2025") -> None:
    """Create a database holding an embedded dataset (a base for your own imports)."""
    from .._console import console
    from ..ledger.actions import init_database

    res = init_database(db, dataset)
    console.print(f"[green]created[/] {res.summary().removeprefix('created ')}")


@ledger_app.command("import")
def ledger_import(
    paths: Annotated[list[Path], typer.Argument(help="ledger files")],
    db: Annotated[Path, typer.Option("--db", help="DuckDB file (created if missing)")],
    columns: ColumnsOpt = None, kinds: KindsOpt = None, entities: EntitiesOpt = None,
    mapping: MappingOpt = None, records: RecordsOpt = None,
    new_entities: NewEntitiesOpt = None, constants: SetOpt = None, preset: PresetOpt = None,
    duplicates: Annotated[DuplicateRule, typer.Option(
        help="what to do with likely duplicates")] = DuplicateRule.error,
    as_json: JsonOpt = False,
) -> None:
    """Import ledger files into a database in one transaction (all or nothing)."""
    from ..ledger.actions import import_files

    m = _mapping(columns, kinds, entities, mapping, records, new_entities, constants, preset)
    _render_read(import_files(db, paths, mapping=m, duplicates=duplicates.value), paths, m,
                 as_json, "imported")


@ledger_app.command("export")
def ledger_export(
    out: Annotated[Path, typer.Option("-o", "--out", help="output file")],
    fmt: Annotated[Format | None, typer.Option(
        "--format", "-f", help="default: from the suffix of -o")] = None,
    dataset: DatasetOpt = None, db: DbOpt = None,
) -> None:
    """Export a ledger (atomic write: a failed export leaves no partial file)."""
    from .._console import console
    from ..ledger.actions import export_ledger

    export_ledger(resolve_ledger(dataset, db), out, fmt.value if fmt else None)
    console.print(f"[green]wrote[/] {out}")


@ledger_app.command("show")
def ledger_show(dataset: DatasetOpt = None, db: DbOpt = None, as_of: AsOfOpt = None,
                as_json: JsonOpt = False) -> None:
    """Show a ledger's deals and its financing vs goods totals (as of a date with --as-of)."""
    from rich.table import Table

    from .._console import console
    from ..ledger.actions import ledger_view
    from ..ledger.quantities import format_usd

    res = ledger_view(resolve_ledger(dataset, db, default="ai2025", as_of=as_of))
    if as_json:
        return emit_json(res.to_dict())
    t = Table("deal", "kind", "payer → payee", "USD", "GW", "announced", "status", "sources",
              title=f"{res.name}: {len(res.deals)} deals")
    for r in res.deals.itertuples():
        usd = "unknown" if r.amount_low != r.amount_low else (
            format_usd(r.amount_low) if r.amount_low == r.amount_high
            else f"{format_usd(r.amount_low)}–{format_usd(r.amount_high)[1:]}")
        color = "red" if r.flow == "financing" else "blue"
        t.add_row(f"[{color}]{r.id}[/]", r.kind, f"{r.payer} → {r.payee}",
                  usd + (" (derived)" if r.derived else ""),
                  "" if r.capacity_gw != r.capacity_gw or r.capacity_gw is None
                  else f"{r.capacity_gw:g}", r.announced, r.status, r.sources)
    console.print(t)
    print_table(["flow", "kind", "deals", "USD low", "USD high", "unknown", "GW"],
                [[r.flow, r.kind, r.deals, money(r.usd_low), money(r.usd_high),
                  r.unknown_amounts, "" if r.gw is None or r.gw != r.gw else f"{r.gw:g}"]
                 for r in res.totals.itertuples()],
                title="Totals (own site: data-centre sites counted by their owner's capacity, "
                      "deals = sites)")


@ledger_app.command("checks")
def ledger_checks(as_json: JsonOpt = False) -> None:
    """The seeds' CHECK arithmetic: claim, value computed from its assumptions, difference."""
    from ..studies.seeds import seed_check_table

    res = seed_check_table()
    if as_json:
        return emit_json(res.to_dict())
    for title, df in (("seed checks", res.to_frame()),
                      ("possible double counts", res.double_counts),
                      ("$ per GW against comparable deals", res.usd_per_gw)):
        if len(df):
            print_table(list(df.columns), [list(r) for r in df.itertuples(index=False)],
                        title=title)


@ledger_app.command("diff")
def ledger_diff(
    dataset: DatasetOpt = None, db: DbOpt = None,
    against: Annotated[str | None, typer.Option(
        help="a later ledger: an embedded dataset name or a ledger file")] = None,
    since: Annotated[str | None, typer.Option("--from", help="earlier date (YYYY[-MM[-DD]])")] =
    None,
    until: Annotated[str | None, typer.Option("--to", help="later date (default: today)")] = None,
    as_json: JsonOpt = False,
) -> None:
    """What changed: new, superseded, cancelled, changed and removed deals and new or changed
    observations, between two ledgers (--against) or one ledger at two dates (--from/--to)."""
    from .._console import console
    from ..ledger.diff import ledger_diff_between

    res = ledger_diff_between(resolve_ledger(dataset, db, default="ai-public"), against=against,
                              since=since, until=until)
    if as_json:
        return emit_json(res.to_dict())
    console.print(res.summary())


@ledger_app.command("uncited")
def ledger_uncited(
    entity: Annotated[list[str], typer.Option(
        "--entity", help="an SEC filer's ledger id (repeat), e.g. --entity nvidia")],
    since: Annotated[str, typer.Option(
        help="first day checked (YYYY-MM-DD): periods ending earlier are skipped")] =
    "2023-01-01",
    dataset: DatasetOpt = None, db: DbOpt = None, as_json: JsonOpt = False,
) -> None:
    """Filing figures of the named companies that cite no SEC accession (read from a news or
    aggregator copy only): what a spot check against the filings cannot trace."""
    import datetime as dt

    from ..errors import CapexloopError
    from ..ledger.provenance import uncited_filings

    try:
        first = dt.date.fromisoformat(since)
    except ValueError:
        raise CapexloopError(f"{since!r} is not a date (YYYY-MM-DD)",
                             field="--since") from None
    led = resolve_ledger(dataset, db, default="ai-public")
    known = {e.id for e in led.entities}
    unknown = [e for e in entity if e not in known]
    if unknown:
        raise CapexloopError(f"unknown entity {unknown[0]!r} in ledger {led.name}",
                             field="--entity")
    rows = uncited_filings(led, entity, start=first)
    obs = {(o.entity, o.metric, str(o.date)): o for o in led.observations}
    if as_json:
        return emit_json({"ledger": led.name, "since": since, "entities": entity,
                          "uncited": [{"entity": e, "metric": m, "period": p,
                                       "sources": list(obs[e, m, p].sources)}
                                      for e, m, p in rows]})
    print_table(["entity", "metric", "period", "sources"],
                [[e, m, p, " ".join(obs[e, m, p].sources)] for e, m, p in rows],
                title=f"{led.name}: {len(rows)} filing figures without an SEC accession")
