"""Read and write ledgers as CSV, YAML, JSON, XLSX and Parquet.

Readers stream (CSV row by row, Parquet by record batch, XLSX in read-only mode) and yield
``(kind, raw, line)`` triples; validation turns them into records with errors that name the
file, line (row) and field. Writers are atomic: they write a temporary file beside the target
and rename it, so a failed export never leaves a partial file.

A third-party file can be mapped onto the ledger's vocabulary with :class:`Mapping`:
renamed columns (``from=payer``), renamed deal kinds (``gpu_purchase=chip_purchase``),
entity spellings (``"Nvidia Corp"=nvidia``) and dropped columns (``comment=-``).
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import json
import os
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..errors import CapexloopError, LedgerValidationError
from .formats import FORMATS
from .model import Ledger
from .records import COLUMNS, RECORD_TYPES, TABLES, from_raw, to_doc, to_row

__all__ = ["FORMATS", "Mapping", "detect_format", "iter_raw", "read_ledger", "write_ledger"]

_SUFFIX = {".csv": "csv", ".yaml": "yaml", ".yml": "yaml", ".json": "json", ".xlsx": "xlsx",
           ".parquet": "parquet", ".pq": "parquet"}
#: YAML and JSON are parsed whole; larger files must come as CSV or Parquet (which stream).
MAX_DOCUMENT_BYTES = 25 * 2**20


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


# ---------------------------------------------------------------------------------- mapping
def _pairs(spec: str | None, what: str) -> dict[str, str]:
    out: dict[str, str] = {}
    if not spec:
        return out
    for part in spec.split(","):
        if not part.strip():
            continue
        k, sep, v = part.partition("=")
        if not sep or not k.strip() or not v.strip():
            raise CapexloopError(f"{what} mapping {part.strip()!r} must look like SOURCE=TARGET",
                                 field=what)
        out[k.strip()] = v.strip()
    return out


@dataclass(frozen=True)
class Mapping:
    """How a third-party file's columns, kinds and names map onto the ledger.

    ``columns`` renames columns (target ``-`` drops the column), ``kinds`` renames deal
    kinds, ``entities`` adds spellings of entity names, ``record`` fixes the record type of
    files without a ``record`` column (default: guessed from the columns).
    """

    columns: dict[str, str] = field(default_factory=dict)
    kinds: dict[str, str] = field(default_factory=dict)
    entities: dict[str, str] = field(default_factory=dict)
    record: str | None = None

    @classmethod
    def from_options(cls, columns: str | None = None, kinds: str | None = None,
                     entities: str | None = None, file: str | Path | None = None) -> Mapping:
        """Build from ``--columns a=b,c=d`` style strings and/or a YAML mapping file."""
        base: dict[str, Any] = {"columns": {}, "kinds": {}, "entities": {}, "record": None}
        if file:
            doc = _load_yaml_text(Path(file).read_text(encoding="utf-8"), str(file))
            if not isinstance(doc, dict):
                raise CapexloopError("mapping file must be a mapping with columns/kinds/entities",
                                     source=str(file), line=1)
            doc.pop("__line__", None)
            for key, val in doc.items():
                if isinstance(val, dict):
                    val.pop("__line__", None)
                if key not in base:
                    raise CapexloopError(f"unknown mapping section {key!r} (columns, kinds, "
                                         "entities, record)", source=str(file), field=key)
                if key != "record" and not isinstance(val, dict):
                    raise CapexloopError(f"{key} must be a mapping SOURCE: TARGET",
                                         source=str(file), field=key)
                base[key] = {str(k): str(v) for k, v in val.items()} if key != "record" else val
        base["columns"].update(_pairs(columns, "columns"))
        base["kinds"].update(_pairs(kinds, "kinds"))
        base["entities"].update(_pairs(entities, "entities"))
        known = set(COLUMNS) | {"-"}
        for src, dst in base["columns"].items():
            if dst not in known:
                raise CapexloopError(f"column mapping {src}={dst}: {dst!r} is not a ledger field "
                                     f"(one of: {', '.join(COLUMNS)}, or - to drop)",
                                     field="columns")
        return cls(**base)

    def apply(self, raw: dict[str, Any]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for k, v in raw.items():
            k = str(k).strip() if k is not None else ""
            target = self.columns.get(k, k)
            if target == "-" or (k == "" and v in (None, "")):
                continue
            out[target] = v
        if self.kinds and isinstance(out.get("kind"), str):
            out["kind"] = self.kinds.get(out["kind"].strip(), out["kind"])
        return out


def _check_header(names: list[str], mapping: Mapping, source: str) -> None:
    """Refuse columns that are neither ledger fields nor mapped, all named in one message."""
    known = set(COLUMNS)
    bad = [n for n in names if n and mapping.columns.get(n, n) not in known | {"-"}]
    if bad:
        hint = ",".join(f"{b}=FIELD" for b in bad[:3])
        raise CapexloopError(
            f"unknown column(s) {', '.join(map(repr, bad))}; map them to ledger fields with "
            f"--columns {hint} (or drop one with NAME=-); fields: {', '.join(COLUMNS[1:])}",
            source=source, line=1, field=bad[0])


def _guess_kind(raw: dict[str, Any]) -> str:
    if "record" in raw and raw["record"] not in (None, ""):
        return str(raw["record"]).strip()
    keys = {k for k, v in raw.items() if v not in (None, "")}
    if {"payer", "payee"} & keys:
        return "deal"
    if "metric" in keys:
        return "observation"
    if "layer" in keys or ("name" in keys and "description" not in keys):
        return "entity"
    if "description" in keys:
        return "event"
    return "deal"


# ---------------------------------------------------------------------------------- readers
class _LineLoader(yaml.CSafeLoader if hasattr(yaml, "CSafeLoader") else yaml.SafeLoader):
    """Safe YAML loader that remembers the line of every mapping under ``__line__``."""


def _construct_mapping(loader, node, deep=False):
    mapping = yaml.SafeLoader.construct_mapping(loader, node, deep=True)
    mapping["__line__"] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _load_yaml_text(text: str, source: str) -> Any:
    try:
        return yaml.load(text, Loader=_LineLoader)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        raise CapexloopError(f"malformed YAML: {getattr(err, 'problem', err)}", source=source,
                             line=mark.line + 1 if mark else None) from None


def _check_size(path: Path, fmt: str) -> None:
    size = path.stat().st_size
    if size == 0:
        raise CapexloopError("file is empty", source=str(path), line=1)
    if fmt in ("yaml", "json") and size > MAX_DOCUMENT_BYTES:
        raise CapexloopError(
            f"{fmt.upper()} file is {size / 2**20:.0f} MB; documents above "
            f"{MAX_DOCUMENT_BYTES // 2**20} MB are not parsed whole - export it as CSV or Parquet, "
            "which are read as a stream", source=str(path))


def _doc_records(doc: Any, source: str, line_of: Callable[[dict, int], int | None]):
    if doc is None:
        raise CapexloopError("file holds no records", source=source, line=1)
    if isinstance(doc, list):
        doc = {"deals": doc}
    if not isinstance(doc, dict):
        raise CapexloopError("top level must be a mapping (entities:, deals:, …) or a list of deals",
                             source=source, line=1)
    plural = {v: k for k, v in TABLES.items()}
    for key, items in doc.items():
        if key in ("__line__", "name", "description"):
            continue
        if key not in plural:
            raise CapexloopError(f"unknown section {key!r} (one of: {', '.join(plural)})",
                                 source=source, line=doc.get("__line__"), field=key)
        if not isinstance(items, list):
            raise CapexloopError(f"section {key!r} must be a list", source=source, field=key)
        for i, item in enumerate(items):
            if not isinstance(item, dict):
                raise CapexloopError(f"item {i + 1} of {key!r} is not a mapping", source=source,
                                     field=key)
            ln = item.pop("__line__", None) or line_of(item, i)
            yield plural[key], item, ln


def _json_line_finder(text: str) -> Callable[[dict, int], int | None]:
    def find(item: dict, _i: int) -> int | None:
        rid = item.get("id")
        if isinstance(rid, str):
            pos = text.find(json.dumps(rid))
            if pos >= 0:
                return text.count("\n", 0, pos) + 1
        return None
    return find


def iter_raw(path: str | Path, fmt: str | None = None,
             mapping: Mapping | None = None) -> Iterator[tuple[str, dict[str, Any], int | None]]:
    """Stream ``(record_kind, raw_mapping, line)`` from a ledger file of any format."""
    path = Path(path)
    source = str(path)
    if not path.exists():
        raise CapexloopError("file not found", source=source)
    fmt = detect_format(path, fmt)
    _check_size(path, fmt)
    mapping = mapping or Mapping()

    def emit(raw: dict[str, Any], line: int | None):
        raw = mapping.apply(raw)
        kind = mapping.record or _guess_kind(raw)
        raw.pop("record", None)
        return kind, raw, line

    if fmt == "csv":
        with path.open(newline="", encoding="utf-8-sig") as fh:
            reader = csv.DictReader(fh)
            if not reader.fieldnames:
                raise CapexloopError("CSV has no header row", source=source, line=1)
            _check_header([f.strip() for f in reader.fieldnames], mapping, source)
            start = reader.line_num + 1
            try:
                for row in reader:
                    if None in row:
                        raise CapexloopError(
                            f"row has {len(reader.fieldnames) + len(row[None])} cells but the "
                            f"header has {len(reader.fieldnames)}", source=source, line=start)
                    if any(v not in (None, "") for v in row.values()):
                        yield emit(row, start)
                    start = reader.line_num + 1
            except csv.Error as err:
                raise CapexloopError(f"malformed CSV: {err}", source=source,
                                     line=reader.line_num) from None
    elif fmt in ("yaml", "json"):
        text = path.read_text(encoding="utf-8")
        if fmt == "yaml":
            doc = _load_yaml_text(text, source)
            finder: Callable[[dict, int], int | None] = lambda item, i: None  # noqa: E731
        else:
            try:
                doc = json.loads(text)
            except json.JSONDecodeError as err:
                raise CapexloopError(f"malformed JSON: {err.msg}", source=source,
                                     line=err.lineno) from None
            finder = _json_line_finder(text)
        for kind, item, ln in _doc_records(doc, source, finder):
            yield emit({**item, "record": kind}, ln)
    elif fmt == "xlsx":
        import openpyxl

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
                _check_header(names, mapping, f"{source}[{ws.title}]")
                sheet_kind = plural.get(ws.title)
                for i, values in enumerate(rows, start=2):
                    raw = {n: v for n, v in zip(names, values, strict=False) if n}
                    if any(v not in (None, "") for v in raw.values()):
                        if sheet_kind and "record" not in raw:
                            raw["record"] = sheet_kind
                        yield emit(raw, i)
        finally:
            wb.close()
    elif fmt == "parquet":
        import pyarrow.parquet as pq

        try:
            pf = pq.ParquetFile(path)
        except Exception as err:
            raise CapexloopError(f"cannot read Parquet file: {err}", source=source) from None
        _check_header(pf.schema_arrow.names, mapping, source)
        line = 2
        for batch in pf.iter_batches(batch_size=10_000):
            for row in batch.to_pylist():
                yield emit(row, line)
                line += 1


def read_ledger(paths: str | Path | list[str | Path], *, mapping: Mapping | None = None,
                name: str = "ledger") -> Ledger:
    """Read and validate whole ledger files (in memory; use the store to import big files)."""
    paths = [paths] if isinstance(paths, str | Path) else paths
    buckets: dict[str, list[Any]] = {t: [] for t in TABLES.values()}
    entity_raw: list[tuple[dict, str, int | None]] = []
    for p in paths:
        for kind, raw, line in iter_raw(p, mapping=mapping):
            if kind == "entity":
                buckets["entities"].append(from_raw(kind, raw, source=str(p), line=line))
            else:
                entity_raw.append((raw | {"__kind__": kind}, str(p), line))
    from .matching import EntityMatcher

    matcher = EntityMatcher(buckets["entities"], (mapping or Mapping()).entities)
    for raw, src, line in entity_raw:
        kind = raw.pop("__kind__")
        raw = resolve_names(kind, raw, matcher, source=src, line=line)
        buckets[TABLES[kind]].append(from_raw(kind, raw, source=src, line=line))
    try:
        return Ledger(name=name, **buckets)
    except LedgerValidationError as err:
        raise err.located(source=", ".join(map(str, paths))) from None


def resolve_names(kind: str, raw: dict[str, Any], matcher, *, source: str | None,
                  line: int | None) -> dict[str, Any]:
    """Replace entity names by ids (payer/payee/entity) and give id-less deals a stable id."""
    fields = ("payer", "payee") if kind == "deal" else ("entity",) if kind in (
        "observation", "event") else ()
    raw = dict(raw)
    for f in fields:
        if raw.get(f) not in (None, ""):
            try:
                raw[f] = matcher.id(str(raw[f]))
            except CapexloopError as err:
                raise err.located(source=source, line=line, field=f) from None
    if kind == "deal" and raw.get("id") in (None, ""):
        key = "|".join(str(raw.get(k, "")) for k in
                       ("payer", "payee", "kind", "amount_usd", "announced", "capacity_gw"))
        raw["id"] = (f"{raw.get('payer', 'x')}-{raw.get('payee', 'x')}-"
                     f"{hashlib.sha1(key.encode()).hexdigest()[:8]}").lower()
    return raw


# ---------------------------------------------------------------------------------- writers
@contextlib.contextmanager
def atomic_path(out: str | Path) -> Iterator[Path]:
    """Yield a temporary path beside ``out``; rename it onto ``out`` only on success."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
    os.close(fd)
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; give the file normal permissions
    try:
        yield Path(tmp)
        os.replace(tmp, out)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def _records(ledger: Ledger) -> dict[str, list[Any]]:
    return {t: list(getattr(ledger, t)) for t in TABLES.values()}


def write_ledger(ledger: Ledger, out: str | Path, fmt: str | None = None) -> Path:
    """Export a ledger; ``read_ledger(write_ledger(l, p)) == l`` for every format."""
    out = Path(out)
    fmt = detect_format(out, fmt)
    recs = _records(ledger)
    with atomic_path(out) as tmp:
        if fmt in ("yaml", "json"):
            doc = {t: [to_doc(r) for r in rs] for t, rs in recs.items() if rs}
            with tmp.open("w", encoding="utf-8") as fh:
                if fmt == "yaml":
                    yaml.safe_dump(doc, fh, sort_keys=False, allow_unicode=True, width=100)
                else:
                    json.dump(doc, fh, indent=1, ensure_ascii=False)
                    fh.write("\n")
        elif fmt == "csv":
            with tmp.open("w", newline="", encoding="utf-8") as fh:
                w = csv.DictWriter(fh, fieldnames=COLUMNS)
                w.writeheader()
                for rs in recs.values():
                    w.writerows(to_row(r) for r in rs)
        elif fmt == "parquet":
            import pyarrow as pa
            import pyarrow.parquet as pq

            rows = [to_row(r) for rs in recs.values() for r in rs]
            table = pa.table({c: pa.array([r[c] for r in rows], type=pa.string())
                              for c in COLUMNS})
            pq.write_table(table, tmp)
        elif fmt == "xlsx":
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
    return out
