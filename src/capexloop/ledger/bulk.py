"""Validate many records of one type at once, column by column, with row-by-row errors.

A ledger file or database holds few distinct values per column (kinds, statuses, years,
sources), so instead of validating every row with ``model_validate`` (~100 µs per deal):

1. each field's own validator (the pydantic type the record declares, e.g. ``OptPeriod``,
   ``StrList``) runs **once per distinct value** of its column; a field type with a
   column-at-once check (:data:`capexloop.ledger.fields.COLUMN_CHECKS`, e.g. ids) checks the
   whole column first, and a caller may pass columns it checked vectorised itself (``checked``,
   e.g. amounts from a database's ``low``/``high`` columns);
2. the record is assembled from the validated values without validating again (as
   ``model_construct`` does; list values are copied per record);
3. the record's own rules (``model_validator(mode="after")``, e.g. payer ≠ payee) run on it.

Any row that fails a step — a bad value, a missing required field, an unknown column — is
validated again alone by the caller's row-by-row path (``on_error``), so the error raised is
exactly the row-by-row one: same message, field, file and line. The result equals, record for
record, validating each row alone (tested in ``tests/ledger/test_bulk.py``).
"""

from __future__ import annotations

import gc
import typing
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from functools import cache
from typing import Annotated, Any

from pydantic import TypeAdapter

from .fields import COLUMN_CHECKS

__all__ = ["INVALID", "MISSING", "no_gc", "validate_columns", "validate_prefix"]

#: In a ``checked`` column: the row is empty (the field takes its default).
MISSING: Any = object()
#: In a ``checked`` column: the row failed the vectorised check.
INVALID: Any = object()


class _Plan:
    """Per record type: one validator per field, defaults, and the record-level rules."""

    def __init__(self, cls: type) -> None:
        self.cls = cls
        self.fields: dict[str, Callable[[Any], Any]] = {}
        self.column_checks: dict[str, Callable[[list[Any]], list[Any] | None]] = {}
        self.defaults: dict[str, tuple[Callable[[], Any] | None, Any]] = {}
        self.required: set[str] = set()
        self.lists: set[str] = set()
        for name, info in cls.model_fields.items():  # type: ignore[attr-defined]
            meta = info.metadata
            ann = (Annotated.__class_getitem__((info.annotation, *meta))  # type: ignore[attr-defined]
                   if meta else info.annotation)
            self.fields[name] = TypeAdapter(ann).validate_python
            if info.annotation is str and len(meta) == 1 and getattr(
                    meta[0], "func", None) in COLUMN_CHECKS:
                self.column_checks[name] = COLUMN_CHECKS[meta[0].func]
            if info.is_required():
                self.required.add(name)
            elif info.default_factory is not None:
                self.defaults[name] = (info.default_factory, None)
            else:
                self.defaults[name] = (None, info.default)
            if typing.get_origin(info.annotation) is list:
                self.lists.add(name)
        decs = cls.__pydantic_decorators__.model_validators.values()  # type: ignore[attr-defined]
        if any(d.info.mode != "after" for d in decs):
            raise TypeError(f"{cls.__name__}: only 'after' model validators can run in bulk")
        self.rules = [d.func for d in decs]
        if cls.__pydantic_post_init__ or cls.__private_attributes__:  # type: ignore[attr-defined]
            raise TypeError(f"{cls.__name__}: post-init or private attributes need "
                            "model_validate")


@cache
def _plan(cls: type) -> _Plan:
    return _Plan(cls)


@contextmanager
def no_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many small objects (none of them
    cyclic): its passes over the growing heap cost ~30 % of the build otherwise. Nests."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def validate_columns(cls: type, columns: Mapping[str, Sequence[Any]], n: int, *,
                     on_error: Callable[[int], Any],
                     prepare: Mapping[str, Callable[[Any], Any]] | None = None,
                     checked: Mapping[str, Sequence[Any]] | None = None) -> list[Any]:
    """``n`` records of ``cls`` from ``columns`` (field → one value per row; ``None`` = empty).

    ``prepare[field]`` turns a stored value into what the field's validator reads (e.g. JSON
    text → list); it runs once per distinct value, like the validator. ``checked[field]``
    holds already validated values (:data:`MISSING`, :data:`INVALID` marks). ``on_error(i)``
    is called with the index of the first row that fails and must raise the row-by-row error.
    """
    records, bad = validate_prefix(cls, columns, n, prepare=prepare, checked=checked)
    if bad is not None:
        _fail(on_error, bad)
    return records


def validate_prefix(cls: type, columns: Mapping[str, Sequence[Any]], n: int, *,
                    prepare: Mapping[str, Callable[[Any], Any]] | None = None,
                    checked: Mapping[str, Sequence[Any]] | None = None
                    ) -> tuple[list[Any], int | None]:
    """As :func:`validate_columns`, but returns the records before the first failing row and
    that row's index (None when every row is valid)."""
    plan = _plan(cls)
    prepare = prepare or {}
    with no_gc():
        done: dict[str, list[Any]] = {}
        full: set[str] = set()          # columns with a value in every row
        bad: set[int] = set()
        for f, values in columns.items():
            if f not in plan.fields:    # an unknown column is an error wherever it has a value
                bad.update(i for i, v in enumerate(values) if v is not None)
                continue
            out = None
            if f in plan.column_checks and f not in prepare:
                out = plan.column_checks[f](list(values))
            if out is not None:
                marks: set[Any] = set()
            else:
                out, marks = _column(plan.fields[f], prepare.get(f), values)
            if INVALID in marks:
                bad.update(i for i, v in enumerate(out) if v is INVALID)
            done[f] = out
            if MISSING not in marks:
                full.add(f)
        for f, values in (checked or {}).items():
            out = list(values)
            if any(v is INVALID for v in out):
                bad.update(i for i, v in enumerate(out) if v is INVALID)
            done[f] = out
            if not any(v is MISSING for v in out):
                full.add(f)
        return _assemble(plan, done, full, bad, n)


def _assemble(plan: _Plan, done: dict[str, list[Any]], full: set[str], bad: set[int], n: int
              ) -> tuple[list[Any], int | None]:
    cls, names = plan.cls, list(plan.fields)
    mask = [0] * n                  # bit k set: field names[k] was empty in that row
    cols = []
    for k, f in enumerate(names):
        col = done.get(f)
        if col is None:
            col = [MISSING] * n
        empty = [] if f in full and f in done else [i for i, v in enumerate(col)
                                                     if v is MISSING]
        if empty and f in plan.required:
            bad.update(empty)
        elif empty:
            factory, value = plan.defaults[f]
            for i in empty:
                col[i] = factory() if factory else value
                mask[i] |= 1 << k
        if f in plan.lists:          # each record owns its lists
            col = [v.copy() if type(v) is list else v for v in col]
        cols.append(col)
    first_bad = min(bad) if bad else n
    fields_sets: dict[int, frozenset[str]] = {}
    new, setattr_ = cls.__new__, object.__setattr__
    records: list[Any] = []
    for i, vals in enumerate(zip(*cols, strict=True)):
        if i == first_bad:
            return records, i
        rec = new(cls)
        setattr_(rec, "__dict__", dict(zip(names, vals, strict=True)))
        fs = fields_sets.get(mask[i])
        if fs is None:
            fs = fields_sets[mask[i]] = frozenset(
                f for k, f in enumerate(names) if not mask[i] >> k & 1)
        setattr_(rec, "__pydantic_fields_set__", set(fs))
        setattr_(rec, "__pydantic_extra__", None)
        setattr_(rec, "__pydantic_private__", None)
        try:
            for rule in plan.rules:
                rule(rec)
        except Exception:
            return records, i
        records.append(rec)
    return records, None


def _check(validate: Callable[[Any], Any], prep: Callable[[Any], Any] | None, v: Any) -> Any:
    if v is None:
        return MISSING
    try:
        return validate(prep(v) if prep else v)
    except Exception:               # any failure is reported by the row-by-row path
        return INVALID


def _column(validate: Callable[[Any], Any], prep: Callable[[Any], Any] | None,
            values: Sequence[Any]) -> tuple[list[Any], set[Any]]:
    """Every value of a column validated, each distinct value once (:data:`MISSING` for
    None, :data:`INVALID` where it fails), and which of these two marks occur."""
    try:
        distinct = set(values)
    except TypeError:               # unhashable values (lists from a document): one by one
        out = [_check(validate, prep, v) for v in values]
        return out, {m for m in (MISSING, INVALID) if any(v is m for v in out)}
    # 1 == 1.0 == True collapse in a set, so the types are read off every value
    if len(set(map(type, values)) - {type(None), str}) > 1:
        seen: dict[tuple[type, Any], Any] = {}
        out = []
        for v in values:
            key = (type(v), v)
            if key not in seen:
                seen[key] = _check(validate, prep, v)
            out.append(seen[key])
        found: Any = seen.values()
    else:
        table = {v: _check(validate, prep, v) for v in distinct}
        out = list(map(table.__getitem__, values))
        found = table.values()
    return out, {m for m in (MISSING, INVALID) if any(v is m for v in found)}


def _fail(on_error: Callable[[int], Any], i: int) -> None:
    on_error(i)
    raise AssertionError(f"row {i} failed bulk validation but passed alone")  # pragma: no cover
