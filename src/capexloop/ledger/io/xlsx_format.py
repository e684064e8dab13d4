"""XLSX workbooks: one sheet per record type (``entities``, ``deals``, …), read in read-only
mode."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ...errors import CapexloopError
from ..records import COLUMNS, RECORD_TYPES, TABLES, to_row
from .mapping import Mapping, check_header

__all__ = ["read", "write"]


def read(path: Path, mapping: Mapping) -> Iterator[tuple[dict[str, Any], int]]:
    """``(row, line)`` per non-empty row of every sheet; a sheet named after a table gives its
    rows that record type."""
    import openpyxl

    source = str(path)
    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as err:  # openpyxl raises many types for a broken file
        raise CapexloopError(f"cannot open workbook: {err}", source=source) from None
    try:
        plural = {v: k for k, v in TABLES.items()}
        for ws in wb.worksheets:
            rows = ws.iter_rows(values_only=True)
            header = next(rows, None)
            if header is None:
                continue
            names = [str(h).strip() if h is not None else "" for h in header]
            check_header(names, mapping, f"{source}[{ws.title}]")
            sheet_kind = plural.get(ws.title)
            for i, values in enumerate(rows, start=2):
                raw = {n: v for n, v in zip(names, values, strict=False) if n}
                if any(v not in (None, "") for v in raw.values()):
                    if sheet_kind and "record" not in raw:
                        raw["record"] = sheet_kind
                    yield raw, i
    finally:
        wb.close()


def write(recs: dict[str, list[Any]], tmp: Path) -> None:
    import openpyxl

    wb = openpyxl.Workbook(write_only=True)
    for kind, table in TABLES.items():
        cols = [c for c in COLUMNS if c in RECORD_TYPES[kind].model_fields]
        ws = wb.create_sheet(table)
        ws.append(cols)
        for r in recs[table]:
            row = to_row(r)
            ws.append([row[c] for c in cols])
    wb.save(tmp)
