"""Convert ledger records to and from plain rows (CSV/XLSX/Parquet) and documents (YAML/JSON).

Flat rows hold one string per column (lists joined by ``; ``, amounts as ``low..high`` with
``repr`` floats, so a round trip is exact); documents keep lists and numbers native.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from pydantic import ValidationError

from ..errors import LedgerValidationError
from .model import Deal, Entity, Event, Observation, Parameter, Site
from .quantities import Range

__all__ = ["COLUMNS", "RECORD_TYPES", "TABLES", "from_raw", "to_doc", "to_row", "validate_rows"]

#: rows validated together by :func:`validate_rows`
BATCH = 1_000

RECORD_TYPES: dict[str, type] = {
    "entity": Entity, "deal": Deal, "observation": Observation, "event": Event,
    "parameter": Parameter, "site": Site,
}
TABLES = {"entity": "entities", "deal": "deals", "observation": "observations",
          "event": "events", "parameter": "parameters", "site": "sites"}
COLUMNS: list[str] = ["record"]
for _cls in RECORD_TYPES.values():
    COLUMNS += [f for f in _cls.model_fields if f not in COLUMNS]


def _flat(v: Any) -> Any:
    if v is None:
        return None
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        return repr(v)
    if isinstance(v, Range):
        return str(v)
    if isinstance(v, list):
        if v and isinstance(v[0], tuple):
            return "; ".join(f"{y}:{a!r}" for y, a in v)
        return "; ".join(v)
    return str(v)


def record_type(rec: Any) -> str:
    for name, cls in RECORD_TYPES.items():
        if isinstance(rec, cls):
            return name
    raise TypeError(type(rec))


def to_row(rec: Any) -> dict[str, str | None]:
    """A record as a flat row over :data:`COLUMNS` (missing fields are ``None``)."""
    row: dict[str, str | None] = dict.fromkeys(COLUMNS)
    row["record"] = record_type(rec)
    for f in type(rec).model_fields:
        val = _flat(getattr(rec, f))
        row[f] = val if val != "" else None
    return row


def _doc(v: Any) -> Any:
    if isinstance(v, Range):
        return v.low if v.is_point else str(v)
    if isinstance(v, list):
        return [list(x) if isinstance(x, tuple) else x for x in v]
    if hasattr(v, "value") and isinstance(v.value, str):  # enums
        return v.value
    if v is not None and type(v).__name__ == "Period":
        return str(v)
    return v


def to_doc(rec: Any) -> dict[str, Any]:
    """A record as a JSON/YAML-able mapping, omitting empty optional fields."""
    out = {}
    for f, info in type(rec).model_fields.items():
        v = getattr(rec, f)
        if not info.is_required() and v in (None, "", [], False) and f != "binding":
            continue
        out[f] = _doc(v)
    return out


def _message(err: ValidationError) -> tuple[str, str]:
    e = err.errors()[0]
    field = ".".join(str(p) for p in e["loc"]) or None
    msg = e["msg"]
    for prefix in ("Value error, ", "Assertion failed, "):
        msg = msg.removeprefix(prefix)
    if e["type"] == "extra_forbidden":
        msg = (f"unknown column {field!r}; map it to a ledger field (e.g. --columns "
               f"{field}=notes) or drop it (--columns {field}=-)")
    elif e["type"] == "missing":
        msg = "required field is missing"
    return field or "", msg


def from_raw(kind: str, raw: dict[str, Any], *, source: str | None = None,
             line: int | None = None) -> Any:
    """Validate one raw mapping as a record of ``kind``; errors carry file, line and field."""
    cls = RECORD_TYPES.get(kind)
    if cls is None:
        raise LedgerValidationError(
            f"unknown record type {kind!r} (one of: {', '.join(RECORD_TYPES)})",
            source=source, line=line, field="record")
    clean = {k: v for k, v in raw.items() if v is not None and v != ""}
    try:
        return cls.model_validate(clean)
    except ValidationError as err:
        field, msg = _message(err)
        raise LedgerValidationError(msg, source=source, line=line, field=field) from None
    except LedgerValidationError as err:
        raise err.located(source=source, line=line) from None


Row = tuple[str | None, Any, str | None, int | None]


def validate_rows(rows: Iterable[Row], batch: int = BATCH
                  ) -> Iterator[tuple[Any, str | None, int | None]]:
    """``(record, source, line)`` for every ``(kind, raw, source, line)`` row, in order, exactly
    as :func:`from_raw` row by row would give them — but validated in batches, column by column
    (:mod:`capexloop.ledger.bulk`). A row whose kind is None carries a record already made.

    Errors come in the row-by-row order: the records before a bad row are yielded first, then
    :func:`from_raw` raises that row's error (file, line, field); an error raised while reading
    the rows comes after the records read before it.
    """
    it = iter(rows)
    while True:
        chunk: list[Row] = []
        pending: BaseException | None = None
        try:
            for row in it:
                chunk.append(row)
                if len(chunk) >= batch:
                    break
        except Exception as err:    # a reading error: first the rows before it
            pending = err
        yield from _validate_chunk(chunk)
        if pending is not None:
            raise pending
        if len(chunk) < batch:
            return


def _validate_chunk(chunk: list[Row]) -> Iterator[tuple[Any, str | None, int | None]]:
    from .bulk import validate_prefix

    groups: dict[str, list[int]] = {}
    for i, (kind, *_rest) in enumerate(chunk):
        if kind is not None:
            groups.setdefault(kind, []).append(i)
    made: dict[int, Any] = {}
    first_bad = len(chunk)
    for kind, pos in groups.items():
        cls = RECORD_TYPES.get(kind)
        if cls is None:
            first_bad = min(first_bad, pos[0])
            continue
        raws = [_clean(chunk[i][1]) for i in pos]
        names = list(dict.fromkeys(k for raw in raws for k in raw))
        cols = {f: [raw.get(f) for raw in raws] for f in names}
        recs, bad = validate_prefix(cls, cols, len(pos))
        made.update(zip(pos, recs, strict=False))
        if bad is not None:
            first_bad = min(first_bad, pos[bad])
    for i, (kind, raw, src, line) in enumerate(chunk[:first_bad]):
        yield (raw if kind is None else made[i]), src, line
    if first_bad < len(chunk):
        kind, raw, src, line = chunk[first_bad]
        from_raw(kind or "", raw, source=src, line=line)
        raise AssertionError(f"{src}:{line}: failed in a batch but passed alone")  # pragma: no cover


def _clean(raw: dict[str, Any]) -> dict[str, Any]:
    """As :func:`from_raw` reads a row: empty cells are absent."""
    return {k: v for k, v in raw.items() if v is not None and v != ""}
