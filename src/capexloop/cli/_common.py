"""Shared options and rendering of the command line: no domain logic, no heavy imports."""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

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


_SCALARS = (str, int, bool, type(None))


def json_safe(obj: Any) -> Any:
    """NaN/inf become null (strict JSON); numpy scalars become Python numbers."""
    t = type(obj)
    if t in _SCALARS:
        return obj
    if t is float:
        return obj if obj - obj == 0.0 else None           # NaN and ±inf give NaN here
    if isinstance(obj, dict):
        return {k if type(k) is str else str(k):
                v if (tv := type(v)) in _SCALARS or (tv is float and v - v == 0.0)
                else json_safe(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [json_safe(v) for v in obj]
    if hasattr(obj, "item") and callable(obj.item):
        obj = obj.item()
    if isinstance(obj, float) and (obj != obj or obj in (float("inf"), float("-inf"))):
        return None
    return obj


_INLINE = json.JSONEncoder(allow_nan=False, default=str, separators=(", ", ": "))
_NESTED = {dict, list}


def _layout(x: Any, pad: str, out: list[str]) -> None:
    """Indented JSON; a container that holds no container is written on one line."""
    if type(x) is dict:
        items: Any = x.items()
        inner = x.values()
    elif type(x) is list:
        items, inner = None, x
    else:
        out.append(_INLINE.encode(x))
        return
    if _NESTED.isdisjoint(map(type, inner)):
        out.append(_INLINE.encode(x))
        return
    sub = pad + " "
    out.append("{\n" if items is not None else "[\n")
    for k, v in enumerate(items if items is not None else x):
        if k:
            out.append(",\n")
        out.append(sub)
        if items is not None:
            out.append(_INLINE.encode(v[0]) + ": ")
            v = v[1]
        _layout(v, sub, out)
    out.append("\n" + pad + ("}" if items is not None else "]"))


def json_text(obj: Any) -> str:
    """``obj`` as strict JSON text: indented, one line per record (a dict of plain values)."""
    out: list[str] = []
    _layout(json_safe(obj), "", out)
    return "".join(out) + "\n"


def emit_json(obj: Any) -> None:
    """Print ``obj`` (usually a result's ``to_dict()``) as strict JSON on stdout."""
    sys.stdout.write(json_text(obj))


def resolve_ledger(dataset: str | None, db: Path | None, default: str | None = None,
                   as_of: str | None = None):
    """The ledger of ``--dataset``/``--db`` as of ``--as-of`` (see
    :func:`capexloop.ledger.open_ledger`)."""
    from ..ledger.open import open_ledger

    return open_ledger(dataset, db, default, as_of=as_of)


def money(x: float | None) -> str:
    """``$22B``; ``n/a`` for a missing value."""
    from ..ledger.quantities import format_usd

    return "n/a" if x is None or (isinstance(x, float) and math.isnan(x)) else format_usd(x)


def print_table(columns: list[str], rows: list[list[Any]], **kw: Any) -> None:
    """A rich table of string cells on the console."""
    from rich.table import Table

    from .._console import console

    t = Table(*columns, **kw)
    for r in rows:
        t.add_row(*[str(x) for x in r])
    console.print(t)
