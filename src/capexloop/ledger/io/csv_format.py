"""CSV ledgers: one row per record over the union of all fields (a ``record`` column names
the type), read as a stream."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ...errors import CapexloopError
from ..records import COLUMNS, to_row
from .mapping import Mapping, check_header

__all__ = ["read", "write"]


def read(path: Path, mapping: Mapping) -> Iterator[tuple[dict[str, Any], int]]:
    """``(row, line)`` for every non-empty row; ragged rows and bad headers are errors."""
    source = str(path)
    with path.open(newline="", encoding="utf-8-sig") as fh:
        reader = csv.DictReader(fh)
        if not reader.fieldnames:
            raise CapexloopError("CSV has no header row", source=source, line=1)
        check_header([f.strip() for f in reader.fieldnames], mapping, source)
        start = reader.line_num + 1
        try:
            for row in reader:
                if None in row:
                    raise CapexloopError(
                        f"row has {len(reader.fieldnames) + len(row[None])} cells but the "
                        f"header has {len(reader.fieldnames)}", source=source, line=start)
                if any(v not in (None, "") for v in row.values()):
                    yield row, start
                start = reader.line_num + 1
        except csv.Error as err:
            raise CapexloopError(f"malformed CSV: {err}", source=source,
                                 line=reader.line_num) from None


def write(recs: dict[str, list[Any]], tmp: Path) -> None:
    with tmp.open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=COLUMNS)
        w.writeheader()
        for rs in recs.values():
            w.writerows(to_row(r) for r in rs)
