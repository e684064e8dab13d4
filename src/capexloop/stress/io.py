"""Read liability matrices and id,value vectors for ``capexloop clear`` (I/O at the edge).

Plain numeric files are read by numpy's C parser (``np.loadtxt``) and ``float()`` on whole
columns; a file that does not parse that way (amounts written ``$1.5B``, a bad cell) goes
through the cell-by-cell reader, which accepts amount notation and names the failing
``file:line: field``. Both give the same network, as :class:`~._batch.Edges` (numpy only).
"""

from __future__ import annotations

import csv
import math
from itertools import chain
from pathlib import Path

import numpy as np

from ..errors import CapexloopError
from ._batch import Edges, as_edges

__all__ = ["read_liabilities", "read_vector"]


def _num(text: str, source: str, line: int, field: str) -> float:
    from ..ledger.quantities import parse_number  # amount notation: the slow path only

    try:
        v = parse_number(text) if not text.strip().startswith("-") else -parse_number(
            text.strip()[1:])
    except ValueError:
        if text.strip().lower() == "nan":
            v = math.nan
        else:
            raise CapexloopError(f"cannot read {text!r} as a number", source=source, line=line,
                                 field=field) from None
    if not math.isfinite(v):
        raise CapexloopError("value is NaN or infinite", source=source, line=line, field=field)
    return v


def _rows(path: Path) -> list[list[str]]:
    if not path.exists():
        raise CapexloopError("file not found", source=str(path))
    with path.open(newline="", encoding="utf-8-sig") as fh:
        rows = [r for r in csv.reader(fh) if any(c.strip() for c in r)]
    if not rows:
        raise CapexloopError("file is empty", source=str(path), line=1)
    return rows


def _split(path: Path, k: int) -> list[list[str]] | None:
    """The ``k`` columns of a plain CSV (every non-blank line exactly ``k`` cells, no quotes),
    header line included; None when the csv module must read it."""
    text = path.read_text(encoding="utf-8-sig")
    if '"' in text:
        return None
    lines = [ln for ln in text.splitlines() if ln.strip()]
    cells = ",".join(lines).split(",")
    if len(cells) != k * len(lines):
        return None
    if any(c in text for c in " \t\f\v"):
        cells = [c.strip() for c in cells]
    return [cells[j::k] for j in range(k)]


def _fast_edges(path: Path) -> tuple[tuple[str, ...], Edges] | None:
    """Edge list through whole-column conversion; None when the slow reader must decide."""
    cols = _split(path, 3)
    if cols is None or len(cols[0]) < 2:
        return None
    a, b, amounts = (c[1:] for c in cols)
    try:
        x = np.array(amounts, dtype=float)
    except ValueError:
        return None
    ids = dict.fromkeys(chain.from_iterable(zip(a, b, strict=True)))   # first-seen order
    index = {k: i for i, k in enumerate(ids)}
    r = np.fromiter(map(index.__getitem__, a), dtype=np.int64, count=len(a))
    c = np.fromiter(map(index.__getitem__, b), dtype=np.int64, count=len(b))
    if not np.all(np.isfinite(x)) or (x < 0).any() or (r == c).any():
        return None
    return tuple(ids), Edges(r, c, x, len(ids))


def _fast_matrix(path: Path, head: list[str]) -> tuple[tuple[str, ...], Edges] | None:
    """Square matrix through numpy's C parser; None when the slow reader must decide."""
    cols = head[1:]
    k = len(cols)
    with path.open(encoding="utf-8-sig") as fh:
        if any(line.count(",") != k for line in fh if line.strip()):
            return None                     # ragged rows or quoted commas: the slow reader
    try:
        M = np.loadtxt(path, delimiter=",", skiprows=1, usecols=range(1, k + 1), ndmin=2,
                       encoding="utf-8-sig", dtype=float)
        first = np.loadtxt(path, delimiter=",", skiprows=1, usecols=0, dtype=str, ndmin=1,
                           encoding="utf-8-sig")
    except (ValueError, IndexError):
        return None
    if M.shape != (k, k) or [c.strip() for c in first] != cols:
        return None
    if not np.all(np.isfinite(M)) or (M < 0).any() or np.any(np.diag(M) != 0):
        return None
    return tuple(cols), as_edges(M)


def read_liabilities(path: str | Path) -> tuple[tuple[str, ...], Edges]:
    """A square matrix CSV (ids in the header and first column) or an edge list
    ``debtor,creditor,amount``. ``L[i, j]`` = what ``i`` owes ``j``."""
    path = Path(path)
    src = str(path)
    if not path.exists():
        raise CapexloopError("file not found", source=src)
    with path.open(newline="", encoding="utf-8-sig") as fh:
        head = [c.strip() for c in next(csv.reader(fh), [])]
    if [h.lower() for h in head[:3]] != ["debtor", "creditor", "amount"] and len(head) > 1:
        fast = _fast_matrix(path, head)
        if fast is not None:
            return fast
    if [h.lower() for h in head[:3]] == ["debtor", "creditor", "amount"]:
        fast = _fast_edges(path)
        if fast is not None:
            return fast
    rows = _rows(path)
    head = [c.strip() for c in rows[0]]
    if [h.lower() for h in head[:3]] == ["debtor", "creditor", "amount"]:
        ids: dict[str, int] = {}
        r, c, v = [], [], []
        for ln, row in enumerate(rows[1:], start=2):
            if len(row) < 3:
                raise CapexloopError("edge needs debtor,creditor,amount", source=src, line=ln)
            a, b = row[0].strip(), row[1].strip()
            if a == b:
                raise CapexloopError(f"{a!r} cannot owe itself", source=src, line=ln,
                                     field="creditor")
            x = _num(row[2], src, ln, "amount")
            if x < 0:
                raise CapexloopError("amount must not be negative", source=src, line=ln,
                                     field="amount")
            r.append(ids.setdefault(a, len(ids)))
            c.append(ids.setdefault(b, len(ids)))
            v.append(x)
        n = len(ids)
        return tuple(ids), Edges(np.asarray(r, dtype=np.int64), np.asarray(c, dtype=np.int64),
                                 np.asarray(v, dtype=float), n)
    cols = head[1:]
    if len(rows) - 1 != len(cols):
        raise CapexloopError(f"matrix is not square: {len(rows) - 1} rows, {len(cols)} columns",
                             source=src, line=1)
    M = np.zeros((len(cols), len(cols)))
    for i, row in enumerate(rows[1:]):
        ln = i + 2
        if row[0].strip() != cols[i]:
            raise CapexloopError(f"row id {row[0].strip()!r} does not match column id "
                                 f"{cols[i]!r}", source=src, line=ln, field="id")
        if len(row) - 1 != len(cols):
            raise CapexloopError(f"row has {len(row) - 1} values, expected {len(cols)}",
                                 source=src, line=ln)
        for j, cell in enumerate(row[1:]):
            x = _num(cell or "0", src, ln, cols[j])
            if x < 0:
                raise CapexloopError("liabilities must not be negative", source=src, line=ln,
                                     field=cols[j])
            M[i, j] = x
    if np.any(np.diag(M) != 0):
        raise CapexloopError("a bank cannot owe itself (non-zero diagonal)", source=src)
    return tuple(cols), as_edges(M)


def read_vector(path: str | Path, ids: tuple[str, ...], what: str,
                required: bool = True) -> np.ndarray:
    """An ``id,value`` CSV aligned to ``ids`` (missing ids are 0 unless ``required``)."""
    path = Path(path)
    src = str(path)
    if not path.exists():
        raise CapexloopError("file not found", source=src)
    fast = _fast_vector(path, ids, required)
    if fast is not None:
        return fast
    rows = _rows(path)
    start = 1 if not _is_number(rows[0][1] if len(rows[0]) > 1 else "") else 0
    out = np.zeros(len(ids))
    seen = set()
    index = {e: i for i, e in enumerate(ids)}
    for ln, row in enumerate(rows[start:], start=start + 1):
        if len(row) < 2:
            raise CapexloopError("expected id,value", source=src, line=ln)
        key = row[0].strip()
        if key not in index:
            raise CapexloopError(f"unknown id {key!r} (not in the liabilities)", source=src,
                                 line=ln, field="id")
        out[index[key]] = _num(row[1], src, ln, what)
        seen.add(key)
    missing = [i for i in ids if i not in seen]
    if required and missing:
        raise CapexloopError(f"{what} missing for {missing[:5]}", source=src, field="id")
    return out


def _fast_vector(path: Path, ids: tuple[str, ...], required: bool) -> np.ndarray | None:
    """Whole-column conversion; None when the slow reader must decide (or name an error)."""
    cols = _split(path, 2)
    if not cols or not cols[0]:
        return None
    keys, values = cols
    if not _is_number(values[0]):                       # a header line
        keys, values = keys[1:], values[1:]
    index = {e: i for i, e in enumerate(ids)}
    try:
        pos = np.fromiter(map(index.__getitem__, keys), dtype=np.int64, count=len(keys))
        vals = np.array(values, dtype=float)
    except (KeyError, ValueError):
        return None
    if not np.all(np.isfinite(vals)) or (required and not np.bincount(pos, minlength=len(ids))
                                          .all()):
        return None
    out = np.zeros(len(ids))
    out[pos] = vals                                   # the last row of a repeated id wins
    return out


def _is_number(text: str) -> bool:
    try:
        float(text)
        return True
    except ValueError:
        return False
