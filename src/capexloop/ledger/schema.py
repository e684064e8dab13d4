"""The DuckDB tables of the ledger, generated from the record models' fields.

One rule per field type, so a field added to a model gets its column, its migration and its
row conversion without further code:

* ``Range`` (``amount_usd``, ``value``) → ``<name>_low``, ``<name>_high`` DOUBLE (``_usd``
  dropped from the name); unknown is NULL;
* ``Period`` (``announced``, ``date``) → ``<name>`` VARCHAR as written, plus ``<name>_start`` and
  ``<name>_end`` DATE for SQL range queries;
* lists → JSON text; enums → their value; ``bool`` → BOOLEAN; numbers → DOUBLE; text → VARCHAR.

Deals also keep where they were read from (``source_file``, ``source_line``).
"""

from __future__ import annotations

import json
import types
import typing
from enum import Enum
from functools import cache
from typing import Any

from .dates import Period
from .model import Deal, Entity, Event, Observation, Parameter, Site
from .quantities import Range

__all__ = ["MODELS", "column_names", "create_sql", "from_db", "read_columns", "records_from_db",
           "to_db", "to_db_columns"]

#: Table name → record model.
MODELS: dict[str, type] = {"entities": Entity, "deals": Deal, "observations": Observation,
                           "events": Event, "parameters": Parameter, "sites": Site}
_PROVENANCE = {"deals": [("source_file", "VARCHAR"), ("source_line", "INTEGER")]}


def _types(annotation: Any) -> set[Any]:
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        return {t for a in typing.get_args(annotation) for t in _types(a)} - {type(None)}
    return {origin or annotation}


def _shape(cls: type, name: str) -> str:
    ts = _types(cls.model_fields[name].annotation)
    if Range in ts:
        return "range"
    if Period in ts:
        return "period"
    if list in ts:
        return "json"
    if bool in ts:
        return "bool"
    if float in ts or int in ts:
        return "number"
    if any(isinstance(t, type) and issubclass(t, Enum) for t in ts):
        return "enum"
    return "text"


def _range_prefix(name: str) -> str:
    return name.removesuffix("_usd")


@cache
def _columns(table: str) -> tuple[tuple[str, str, str, str], ...]:
    """``(column, sql type, field, role)`` for every column of ``table``."""
    cls = MODELS[table]
    out = []
    for f, info in cls.model_fields.items():
        shape = _shape(cls, f)
        if shape == "range":
            p = _range_prefix(f)
            out += [(f"{p}_low", "DOUBLE", f, "low"), (f"{p}_high", "DOUBLE", f, "high")]
        elif shape == "period":
            null = " NOT NULL" if info.is_required() else ""
            out += [(f, "VARCHAR" + null, f, "text"), (f"{f}_start", "DATE", f, "start"),
                    (f"{f}_end", "DATE", f, "end")]
        else:
            sql = {"bool": "BOOLEAN", "number": "DOUBLE"}.get(shape, "VARCHAR")
            if f == "id":
                sql += " PRIMARY KEY"
            elif info.is_required():
                sql += " NOT NULL"
            out.append((f, sql, f, shape))
    out += [(c, t, "", "provenance") for c, t in _PROVENANCE.get(table, [])]
    return tuple(out)


def column_names(table: str) -> list[str]:
    return [c for c, *_ in _columns(table)]


#: Derived or bookkeeping columns a record is not made from.
_NOT_READ = ("start", "end", "provenance")


def read_columns(table: str) -> list[str]:
    """The columns :func:`records_from_db` and :func:`from_db` read (not the derived ``_start``
    / ``_end`` dates, nor provenance)."""
    return [c for c, _, _, role in _columns(table) if role not in _NOT_READ]


def create_sql() -> str:
    """``CREATE TABLE IF NOT EXISTS`` for every table, then ``ADD COLUMN IF NOT EXISTS`` for
    every column (a database written by an older version gains new fields' columns)."""
    stmts = []
    for table in MODELS:
        cols = _columns(table)
        stmts.append(f"CREATE TABLE IF NOT EXISTS {table} (\n  "
                     + ",\n  ".join(f"{c} {t}" for c, t, *_ in cols) + ");")
        stmts += [f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS {c} "
                  f"{t.replace(' PRIMARY KEY', '').replace(' NOT NULL', '')};"
                  for c, t, *_ in cols]
    return "\n".join(stmts)


def to_db(table: str, rec: Any, source: str | None = None, line: int | None = None
          ) -> dict[str, Any]:
    """A record as a row (column → value) of ``table``."""
    row: dict[str, Any] = {}
    for col, _, f, role in _columns(table):
        if role == "provenance":
            row[col] = source if col == "source_file" else line
            continue
        v = getattr(rec, f)
        if role in ("low", "high"):
            row[col] = None if v is None else getattr(v, role)
        elif role == "text" and isinstance(v, Period):
            row[col] = str(v)
        elif role in ("start", "end"):
            row[col] = None if v is None else getattr(v, role)
        elif role == "json":
            row[col] = json.dumps(v)
        elif role == "enum":
            row[col] = None if v is None else v.value
        else:
            row[col] = v
    return row


def to_db_columns(table: str, recs: list[Any], sources: list[str | None],
                  lines: list[int | None]) -> dict[str, list[Any]]:
    """Records as the columns of ``table`` (column → one value per record), as :func:`to_db`
    gives them row by row; JSON texts are written once per distinct list."""
    out: dict[str, list[Any]] = {}
    for col, _, f, role in _columns(table):
        if role == "provenance":
            out[col] = list(sources if col == "source_file" else lines)
            continue
        vals = [getattr(r, f) for r in recs]
        if role in ("low", "high", "start", "end"):
            out[col] = [None if v is None else getattr(v, role) for v in vals]
        elif role == "text":
            out[col] = [str(v) if isinstance(v, Period) else v for v in vals]
        elif role == "json":
            memo: dict[Any, str] = {}
            col_out = []
            for v in vals:
                key = tuple(v)
                text = memo.get(key)
                if text is None:
                    text = memo[key] = json.dumps(v)
                col_out.append(text)
            out[col] = col_out
        elif role == "enum":
            out[col] = [None if v is None else v.value for v in vals]
        else:
            out[col] = vals
    return out


def from_db(table: str, row: dict[str, Any]) -> Any:
    """A row of ``table`` back into a validated record (NULL in a column added later reads as
    the field's default)."""
    cls = MODELS[table]
    raw: dict[str, Any] = {}
    for col, _, f, role in _columns(table):
        v = row.get(col)
        if role == "low":
            raw[f] = None if v is None else {"low": v, "high": row.get(
                f"{_range_prefix(f)}_high")}
        elif role == "high" or role in _NOT_READ:
            continue
        elif role == "json":
            if v is not None:
                raw[f] = json.loads(v)
        elif v is not None:
            raw[f] = v
    return cls.model_validate(raw)


def _range(pair: tuple[float, float | None]) -> dict[str, Any]:
    return {"low": pair[0], "high": pair[1]}


@cache
def _is_amount(table: str, field: str) -> bool:
    """A USD amount field (``Amount``: unknown allowed, never negative)."""
    from .quantities import parse_amount

    meta = MODELS[table].model_fields[field].metadata
    return any(getattr(m, "func", None) is parse_amount for m in meta)


def records_from_db(table: str, columns: dict[str, list[Any]], n: int) -> list[Any]:
    """Rows of ``table`` given column by column (``columns[c]`` = every row's value of column
    ``c``, for all columns of :func:`read_columns`) back into validated records, as
    :func:`from_db` does row by row (:mod:`capexloop.ledger.bulk`: each distinct value validated
    once, amounts checked as arrays; a bad row raises :func:`from_db`'s error)."""
    from .bulk import INVALID, validate_columns
    from .quantities import amounts_from_bounds

    fields: dict[str, list[Any]] = {}
    checked: dict[str, list[Any]] = {}
    prepare: dict[str, Any] = {}
    for col, _, f, role in _columns(table):
        if role == "high" or role in _NOT_READ:
            continue
        v = columns[col]
        if role == "low" and _is_amount(table, f):  # USD amounts: checked as arrays
            ranges, ok = amounts_from_bounds(v, columns[f"{_range_prefix(f)}_high"])
            checked[f] = [r if good else INVALID for r, good in zip(ranges, ok, strict=True)]
        elif role == "low":                        # other ranges (values): one by one
            hi = columns[f"{_range_prefix(f)}_high"]
            fields[f] = [None if a is None else (a, b) for a, b in zip(v, hi, strict=True)]
            prepare[f] = _range
        else:
            fields[f] = v
            if role == "json":
                prepare[f] = json.loads

    def row_by_row(i: int) -> None:
        from_db(table, {c: columns[c][i] for c in columns})

    return validate_columns(MODELS[table], fields, n, prepare=prepare, checked=checked,
                            on_error=row_by_row)
