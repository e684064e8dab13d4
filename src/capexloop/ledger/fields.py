"""Reusable field types of the ledger's records (pydantic ``Annotated`` types).

Each type says once how a user spelling becomes a value: ``None``/NaN/empty cells, ``;``-joined
lists, amounts (``$10–20B``), periods (``2025-09``), GW (refusing dollar-looking text),
yes/no flags and enum names with a "did you mean" hint. Records declare fields with them
(``sources: SourceList``) instead of one validator per field.
"""

from __future__ import annotations

import difflib
import math
import re
from enum import StrEnum
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, Field

from .dates import Period, parse_period
from .quantities import Range, parse_amount, parse_number, parse_value

__all__ = [
    "COLUMN_CHECKS",
    "GW",
    "Amount",
    "DateField",
    "Flag",
    "GwSchedule",
    "OptPeriod",
    "Schedule",
    "Slug",
    "StrList",
    "Text",
    "TrimmedText",
    "Value",
    "YearsField",
    "choice",
    "is_blank",
    "parse_gw",
    "slug_column",
]

_ID = re.compile(r"^[a-z0-9][a-z0-9_.\-]*$")


def is_blank(v: Any) -> bool:
    """``None``, an empty string or NaN (an empty spreadsheet cell)."""
    return v is None or v == "" or (isinstance(v, float) and math.isnan(v))


_ID_FULL = re.compile(r"[a-z0-9][a-z0-9_.\-]*")


def slug_column(values: list[Any]) -> list[str] | None:
    """A column of ids checked at once: the values themselves when every one is already a
    clean slug (a ``str`` that :func:`_slug` returns unchanged), else None (check one by one)."""
    try:
        ok = all(map(_ID_FULL.fullmatch, values))
    except TypeError:               # None or a non-string somewhere
        return None
    return list(values) if ok else None


def _text(v: Any) -> str:
    return "" if v is None or (isinstance(v, float) and math.isnan(v)) else str(v)


def _str_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [s.strip() for s in value.split(";") if s.strip()]
    if isinstance(value, float) and math.isnan(value):
        return []
    return [str(s).strip() for s in value if str(s).strip()]


def _slug(v: str) -> str:
    v = str(v).strip()
    if not _ID.match(v):
        raise ValueError(f"id {v!r} must be a lowercase slug (letters, digits, _ . -)")
    return v


def _required_date(v: Any) -> Period:
    p = parse_period(v)
    if p is None:
        raise ValueError("date is required")
    return p


def _required_value(v: Any) -> Range:
    r = parse_value(v)
    if r is None:
        raise ValueError("value is required")
    return r


def _flag(v: Any) -> bool:
    if is_blank(v):
        return False
    if isinstance(v, str):
        t = v.strip().lower()
        if t in {"true", "yes", "1", "y"}:
            return True
        if t in {"false", "no", "0", "n"}:
            return False
        raise ValueError(f"must be true or false, got {v!r}")
    return bool(v)


def parse_gw(v: Any) -> float | None:
    """Gigawatts from a number (GW) or a text with a unit: ``"1.2 GW"``, ``"300 MW"`` → 0.3.

    Unknown (``None``/empty/NaN) stays ``None``; dollar-looking texts are refused.
    """
    if is_blank(v):
        return None
    if isinstance(v, str):
        text = v.strip()
        if "$" in text or re.search(r"\d\s*(bn|[bt])$", text, re.IGNORECASE):
            raise ValueError(f"capacity_gw {text!r} looks like dollars; give gigawatts")
        scale = 1.0
        unit = re.search(r"\s*([kmg])w$", text, re.IGNORECASE)
        if unit:
            scale = {"k": 1e-6, "m": 1e-3, "g": 1.0}[unit.group(1).lower()]
            text = text[:unit.start()]
        elif re.search(r"\d\s*m$", text, re.IGNORECASE):
            raise ValueError(f"capacity_gw {text!r} looks like dollars; give gigawatts")
        v = parse_number(text) * scale
    v = float(v)
    if not math.isfinite(v) or v < 0:
        raise ValueError(f"capacity_gw must be a non-negative number, got {v}")
    if v > 1e4:
        raise ValueError(
            f"capacity_gw {v:g} is above 10,000 GW (all US power is ~1,300 GW): "
            "it looks like dollars or watts; give gigawatts (or a text such as '300 MW')"
        )
    return v


def _years(v: Any) -> float | None:
    if is_blank(v):
        return None
    v = float(str(v).strip()) if isinstance(v, str) else float(v)
    if not math.isfinite(v) or v <= 0 or v > 100:
        raise ValueError(f"term_years must be a number of years in (0, 100], got {v:g}")
    return v


def _year_pairs(v: Any, unit: str, key: str, what: str) -> list[tuple[Any, Any]]:
    if isinstance(v, dict):
        return list(v.items())
    if isinstance(v, str):
        items = []
        for part in v.split(";"):
            if part.strip():
                y, sep, a = part.partition(":")
                if not sep:
                    raise ValueError(f"{what} entry {part.strip()!r} must be YEAR:{unit}")
                items.append((y, a))
        return items
    return [tuple(x) if not isinstance(x, dict) else (x["year"], x[key]) for x in v]


def _sorted_years(out: list[tuple[int, float]], name: str) -> list[tuple[int, float]]:
    years = [y for y, _ in out]
    if len(set(years)) != len(years):
        raise ValueError(f"{name} lists a year twice")
    return sorted(out)


def _schedule(v: Any) -> list[tuple[int, float]]:
    """``2026:10e9; 2027:20B`` or ``[[2026, 1e10], ...]`` or ``{2026: 1e10}`` → sorted pairs."""
    if is_blank(v):
        return []
    out = []
    for y, a in _year_pairs(v, "AMOUNT", "amount", "schedule"):
        amt = parse_amount(a)
        if amt is None or not amt.is_point:
            raise ValueError(f"schedule amount for {y} must be one known number")
        out.append((int(str(y).strip()), amt.low))
    return _sorted_years(out, "schedule")


def _gw_schedule(v: Any) -> list[tuple[int, float]]:
    """``2026:1; 2027:2.5`` or ``{2026: 1}`` → sorted ``(year, GW)`` pairs (GW, not dollars)."""
    if is_blank(v):
        return []
    out = []
    for y, a in _year_pairs(v, "GW", "gw", "delivery"):
        text = str(a).strip()
        if "$" in text:
            raise ValueError(f"delivery for {y} looks like dollars; give gigawatts")
        g = float(re.sub(r"\s*gw$", "", text, flags=re.IGNORECASE))
        if not math.isfinite(g) or g < 0:
            raise ValueError(f"delivery for {y} must be a non-negative number of GW")
        out.append((int(str(y).strip()), g))
    return _sorted_years(out, "delivery_gw")


def _choice(enum: type[StrEnum], value: Any, what: str) -> StrEnum:
    if isinstance(value, enum):
        return value
    text = str(value).strip().lower()
    try:
        return enum(text)
    except ValueError:
        options = [m.value for m in enum]
        near = difflib.get_close_matches(text, options, n=1, cutoff=0.5)
        hint = f"; did you mean {near[0]!r}?" if near else ""
        raise ValueError(
            f"unknown {what} {value!r} (one of: {', '.join(options)}){hint}"
        ) from None


def choice(enum: type[StrEnum], what: str, *, blank: Any = ...) -> Any:
    """An enum field read case-insensitively, with a "did you mean" hint; a blank cell
    becomes ``blank`` (required when ``blank`` is not given)."""
    def parse(v: Any) -> Any:
        if blank is not ... and v in (None, ""):
            return blank
        return _choice(enum, v, what)

    return Annotated[enum if blank is ... or blank is not None else enum | None,
                     BeforeValidator(parse)]


#: Column-at-once versions of element validators (:mod:`capexloop.ledger.bulk`).
COLUMN_CHECKS = {_slug: slug_column}

#: A record id: a lowercase slug.
Slug = Annotated[str, AfterValidator(_slug)]
#: ``a; b`` or a list → list of non-empty strings (sources, aliases, supersedes, …).
StrList = Annotated[list[str], BeforeValidator(_str_list), Field(default_factory=list)]
#: Free text; a blank cell is ``""``.
Text = Annotated[str, BeforeValidator(_text)]
#: Free text with surrounding blanks removed.
TrimmedText = Annotated[str, BeforeValidator(lambda v: _text(v).strip())]
#: A dollar amount, point or range; unknown is ``None`` (never zero).
Amount = Annotated[Range | None, BeforeValidator(parse_amount)]
#: A value in any unit (required).
Value = Annotated[Range, BeforeValidator(_required_value)]
#: An optional period (``2025``, ``2025-09``, ``2019..2023``).
OptPeriod = Annotated[Period | None, BeforeValidator(parse_period)]
#: A required period.
DateField = Annotated[Period, BeforeValidator(_required_date)]
#: Gigawatts (refuses dollar-looking text and implausible values).
GW = Annotated[float | None, BeforeValidator(parse_gw)]
#: A number of years in (0, 100].
YearsField = Annotated[float | None, BeforeValidator(_years)]
#: yes/no, true/false, 1/0; blank is false.
Flag = Annotated[bool, BeforeValidator(_flag)]
#: Payments by year: ``2026:10e9; 2027:20B``.
Schedule = Annotated[list[tuple[int, float]], BeforeValidator(_schedule),
                     Field(default_factory=list)]
#: GW delivered by year: ``2026:1; 2027:2.5``.
GwSchedule = Annotated[list[tuple[int, float]], BeforeValidator(_gw_schedule),
                       Field(default_factory=list)]
