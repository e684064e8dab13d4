"""Ledger files of any format: the format from the suffix, streaming reads, atomic writes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..._files import atomic_path
from ...errors import CapexloopError, LedgerValidationError
from ..formats import FORMATS
from ..model import Ledger
from ..records import RECORD_TYPES, TABLES, validate_rows
from . import csv_format, documents, parquet_format, xlsx_format
from .mapping import Mapping, guess_kind, resolve_names

__all__ = ["detect_format", "iter_raw", "read_ledger", "recognised_columns", "write_ledger"]

_TABLE_OF = {cls: TABLES[k] for k, cls in RECORD_TYPES.items()}
_SUFFIX = {".csv": "csv", ".yaml": "yaml", ".yml": "yaml", ".json": "json", ".xlsx": "xlsx",
           ".parquet": "parquet", ".pq": "parquet"}


def detect_format(path: str | Path, fmt: str | None = None) -> str:
    if fmt:
        if fmt not in FORMATS:
            raise CapexloopError(f"unknown format {fmt!r} (one of: {', '.join(FORMATS)})",
                                 field="format")
        return fmt
    f = _SUFFIX.get(Path(path).suffix.lower())
    if f is None:
        raise CapexloopError(
            f"cannot tell the format from the suffix {Path(path).suffix!r}; use one of "
            + ", ".join(_SUFFIX), source=str(path))
    return f


def iter_raw(path: str | Path, fmt: str | None = None,
             mapping: Mapping | None = None) -> Iterator[tuple[str, dict[str, Any], int | None]]:
    """Stream ``(record_kind, raw_mapping, line)`` from a ledger file of any format."""
    path = Path(path)
    if not path.exists():
        raise CapexloopError("file not found", source=str(path))
    fmt = detect_format(path, fmt)
    if path.stat().st_size == 0:
        raise CapexloopError("file is empty", source=str(path), line=1)
    mapping = mapping or Mapping()
    if fmt in ("yaml", "json"):
        rows = documents.read(path, fmt, records=mapping.records)
    else:
        rows = {"csv": csv_format, "xlsx": xlsx_format,
                "parquet": parquet_format}[fmt].read(path, mapping)
    for row, line in rows:
        try:
            expanded = mapping.expand(row)
        except CapexloopError as err:
            raise err.located(source=str(path), line=line) from None
        for raw in expanded:
            declared = raw.get("record")                   # a YAML/JSON section's type wins
            kind = (str(declared).strip() if declared not in (None, "") else None) \
                or mapping.record or guess_kind(raw)
            raw.pop("record", None)
            try:
                raw = mapping.for_kind(kind, raw)
            except CapexloopError as err:
                raise err.located(source=str(path), line=line) from None
            if kind == "deal" and raw.get("status") in (None, ""):
                raise CapexloopError(
                    "status is missing (announced, committed, drawn or cancelled); a file "
                    "without a status column needs a mapping constant, e.g. "
                    "constants: {status: announced}", source=str(path), line=line,
                    field="status")
            yield kind, raw, line


def recognised_columns(path: str | Path, mapping: Mapping) -> dict[str, str]:
    """The first record's fields that the mapping or the common synonyms rename (to print)."""
    path = Path(path)
    fmt = detect_format(path)
    rows = (documents.read(path, fmt, records=mapping.records) if fmt in ("yaml", "json")
            else {"csv": csv_format, "xlsx": xlsx_format,
                  "parquet": parquet_format}[fmt].read(path, mapping))
    first = next(iter(rows), None)
    return mapping.recognised([str(k) for k in first[0]]) if first else {}


def read_ledger(paths: str | Path | list[str | Path], *, mapping: Mapping | None = None,
                name: str = "ledger") -> Ledger:
    """Read and validate whole ledger files (in memory; use the store to import big files)."""
    paths = [paths] if isinstance(paths, str | Path) else paths
    buckets: dict[str, list[Any]] = {t: [] for t in TABLES.values()}
    entity_raw: list[tuple[dict, str, int | None]] = []

    def entity_rows():
        for p in paths:
            for kind, raw, line in iter_raw(p, mapping=mapping):
                if kind == "entity":
                    yield kind, raw, str(p), line
                else:
                    entity_raw.append((raw | {"__kind__": kind}, str(p), line))

    buckets["entities"] = [rec for rec, _, _ in validate_rows(entity_rows())]
    from ..matching import EntityMatcher

    mapping = mapping or Mapping()
    matcher: Any = EntityMatcher(buckets["entities"], mapping.entities)
    if mapping.new_entities:
        from ..matching import CreatingMatcher

        matcher = CreatingMatcher(matcher, mapping.new_entities)

    def other_rows():
        for raw, src, line in entity_raw:
            kind = raw.pop("__kind__")
            raw = resolve_names(kind, raw, matcher, source=src, line=line,
                                layers=mapping.layers)
            yield kind, raw, src, line

    for rec, _, _ in validate_rows(other_rows()):
        buckets[_TABLE_OF[type(rec)]].append(rec)
    buckets["entities"].extend(getattr(matcher, "created", []))
    try:
        return Ledger(name=name, **buckets)
    except LedgerValidationError as err:
        raise err.located(source=", ".join(map(str, paths))) from None


def write_ledger(ledger: Ledger, out: str | Path, fmt: str | None = None) -> Path:
    """Export a ledger; ``read_ledger(write_ledger(l, p)) == l`` for every format."""
    out = Path(out)
    fmt = detect_format(out, fmt)
    recs = {t: list(getattr(ledger, t)) for t in TABLES.values()}
    with atomic_path(out) as tmp:
        if fmt in ("yaml", "json"):
            documents.write(recs, tmp, fmt)
        else:
            {"csv": csv_format, "xlsx": xlsx_format, "parquet": parquet_format}[fmt].write(
                recs, tmp)
    return out
