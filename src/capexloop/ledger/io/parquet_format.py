"""Parquet ledgers: the CSV layout as string columns, read by record batch."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ...errors import CapexloopError
from ..records import COLUMNS, to_row
from .mapping import Mapping, check_header

__all__ = ["read", "write"]


def read(path: Path, mapping: Mapping) -> Iterator[tuple[dict[str, Any], int]]:
    import pyarrow.parquet as pq

    try:
        pf = pq.ParquetFile(path)
    except Exception as err:
        raise CapexloopError(f"cannot read Parquet file: {err}", source=str(path)) from None
    check_header(pf.schema_arrow.names, mapping, str(path))
    line = 2
    for batch in pf.iter_batches(batch_size=10_000):
        for row in batch.to_pylist():
            yield row, line
            line += 1


def write(recs: dict[str, list[Any]], tmp: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = [to_row(r) for rs in recs.values() for r in rs]
    table = pa.table({c: pa.array([r[c] for r in rows], type=pa.string()) for c in COLUMNS})
    pq.write_table(table, tmp)
