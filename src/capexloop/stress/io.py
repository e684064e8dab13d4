"""Read liability matrices and id,value vectors for ``capexloop clear`` (I/O at the edge).

Plain numeric files are read by numpy's C parser (``np.loadtxt``) and ``float()`` on whole
columns; a file that does not parse that way (amounts written ``$1.5B``, a bad cell) goes
through the cell-by-cell reader, which accepts amount notation and names the failing
``file:line: field``. Both give the same arrays.
"""

from __future__ import annotations

import csv
import math
from pathlib import Path

import numpy as np
import scipy.sparse as sp

from ..errors import CapexloopError
from ..ledger.quantities import parse_number

__all__ = ["read_liabilities", "read_vector"]


def _num(text: str, source: str, line: int, field: str) -> float:
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


def _fast_edges(rows: list[list[str]]) -> tuple[tuple[str, ...], sp.csr_matrix] | None:
    """Edge list through whole-column conversion; None when the slow reader must decide."""
    body = rows[1:]
    if any(len(r) < 3 for r in body):
        return None
    try:
        a = [r[0].strip() for r in body]
        b = [r[1].strip() for r in body]
        x = np.array([r[2] for r in body], dtype=float)
    except ValueError:
        return None
    if not np.all(np.isfinite(x)) or (x < 0).any() or any(p == q for p, q in zip(a, b,
                                                                              strict=True)):
        return None
    ids: dict[str, int] = {}
    r = np.fromiter((ids.setdefault(k, len(ids)) for pair in zip(a, b, strict=True)
                     for k in pair), dtype=np.int64, count=2 * len(a))
    n = len(ids)
    return tuple(ids), sp.csr_matrix((x, (r[0::2], r[1::2])), shape=(n, n))


def _fast_matrix(path: Path, head: list[str]) -> tuple[tuple[str, ...], sp.csr_matrix] | None:
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
    return tuple(cols), sp.csr_matrix(M)


def read_liabilities(path: str | Path) -> tuple[tuple[str, ...], sp.csr_matrix]:
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
    rows = _rows(path)
    if [h.lower() for h in head[:3]] == ["debtor", "creditor", "amount"]:
        fast = _fast_edges(rows)
        if fast is not None:
            return fast
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
        return tuple(ids), sp.csr_matrix((v, (r, c)), shape=(n, n))
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
    return tuple(cols), sp.csr_matrix(M)


def read_vector(path: str | Path, ids: tuple[str, ...], what: str,
                required: bool = True) -> np.ndarray:
    """An ``id,value`` CSV aligned to ``ids`` (missing ids are 0 unless ``required``)."""
    path = Path(path)
    src = str(path)
    rows = _rows(path)
    start = 1 if not _is_number(rows[0][1] if len(rows[0]) > 1 else "") else 0
    fast = _fast_vector(rows[start:], ids, required)
    if fast is not None:
        return fast
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


def _fast_vector(rows: list[list[str]], ids: tuple[str, ...], required: bool
                 ) -> np.ndarray | None:
    """Whole-column conversion; None when the slow reader must decide (or name an error)."""
    if any(len(r) < 2 for r in rows):
        return None
    index = {e: i for i, e in enumerate(ids)}
    try:
        pos = np.array([index[r[0].strip()] for r in rows], dtype=np.int64)
        vals = np.array([r[1] for r in rows], dtype=float)
    except (KeyError, ValueError):
        return None
    if not np.all(np.isfinite(vals)) or (required and np.unique(pos).size < len(ids)):
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
