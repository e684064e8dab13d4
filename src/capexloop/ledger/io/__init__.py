"""Read and write ledgers as CSV, YAML, JSON, XLSX and Parquet.

Readers stream (CSV row by row, Parquet by record batch, XLSX in read-only mode) and yield
``(kind, raw, line)`` triples; validation turns them into records with errors that name the
file, line (row) and field. Writers are atomic: they write a temporary file beside the target
and rename it, so a failed export never leaves a partial file.

One module per format (:mod:`.csv_format`, :mod:`.documents` for YAML and JSON,
:mod:`.xlsx_format`, :mod:`.parquet_format`), the third-party :class:`Mapping` in
:mod:`.mapping`, and the dispatch by suffix in :mod:`.files`.
"""

from ..formats import FORMATS
from .documents import MAX_DOCUMENT_BYTES
from .files import detect_format, iter_raw, read_ledger, write_ledger
from .mapping import Mapping, resolve_names

__all__ = ["FORMATS", "MAX_DOCUMENT_BYTES", "Mapping", "detect_format", "iter_raw",
           "read_ledger", "resolve_names", "write_ledger"]
