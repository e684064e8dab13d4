"""Shared options and rendering of the command line: no domain logic, no heavy imports."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from ._json import emit_json, json_safe, json_text
from ._text import money

__all__ = ["AsOfOpt", "ColumnsOpt", "DatasetOpt", "DbOpt", "EntitiesOpt", "JsonOpt", "KindsOpt",
           "MappingOpt", "ScopeOpt", "emit_json", "json_safe", "json_text", "money", "print_table",
           "resolve_ledger"]

DatasetOpt = Annotated[str | None, typer.Option("--dataset", "-d", help="embedded dataset name")]
DbOpt = Annotated[Path | None, typer.Option("--db", help="DuckDB ledger file")]
JsonOpt = Annotated[bool, typer.Option("--json", help="machine-readable JSON on stdout")]
ColumnsOpt = Annotated[str | None, typer.Option(
    "--columns", help="rename columns: from=payer,to=payee,comment=- (drop)")]
KindsOpt = Annotated[str | None, typer.Option(
    "--kinds", help="rename deal kinds: gpu_purchase=chip_purchase,...")]
EntitiesOpt = Annotated[str | None, typer.Option(
    "--entities", help="extra entity spellings: 'Nvidia Corp'=nvidia,...")]
ScopeOpt = Annotated[str, typer.Option(
    "--scope", help="which deals count: all (letters of intent included) | binding (definitive "
                    "agreements) | drawn (paid or delivered)")]
AsOfOpt = Annotated[str | None, typer.Option(
    "--as-of", help="the ledger as it stood at the end of a date (2025-06-30, 2025-06, 2025Q2, "
                    "2025): deals announced and observations whose period ended by then, "
                    "restructurings applied from their own date")]
MappingOpt = Annotated[Path | None, typer.Option(
    "--mapping", help="YAML file with columns:, kinds:, entities: sections")]


def resolve_ledger(dataset: str | None, db: Path | None, default: str | None = None,
                   as_of: str | None = None):
    """The ledger of ``--dataset``/``--db`` as of ``--as-of`` (see
    :func:`capexloop.ledger.open_ledger`)."""
    from ..ledger.open import open_ledger

    return open_ledger(dataset, db, default, as_of=as_of)


def print_table(columns: list[str], rows: list[list[Any]], **kw: Any) -> None:
    """A rich table of string cells on the console."""
    from rich.table import Table

    from .._console import console

    t = Table(*columns, **kw)
    for r in rows:
        t.add_row(*[str(x) for x in r])
    console.print(t)
