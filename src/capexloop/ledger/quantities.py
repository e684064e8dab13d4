"""Amounts in USD (points or ranges) and their exact parsing from what users write.

Accepted forms (case-insensitive suffix, optional ``$``, optional thousands commas):
``22e9``, ``22000000000``, ``$22B``, ``1.4T``, ``350M``, ``5k``, ``$5.83bn``, and ranges
``$10–20B`` (the suffix of the high end applies to a bare low end), ``10B..20B``, ``10B - 20B``,
and the words news and filings use: ``$1.2 billion``, ``1,200 million``, ``USD 3.5 billion``.
Anything else, e.g. ``about 20 billion``, is an error: the parser never guesses.
"""

from __future__ import annotations

import math
import re
from typing import Any

from pydantic import BaseModel, ConfigDict, model_validator

__all__ = ["Range", "amounts_from_bounds", "format_usd", "parse_amount", "parse_number",
           "parse_value"]

_SUFFIX = {"": 1.0, "k": 1e3, "m": 1e6, "mn": 1e6, "b": 1e9, "bn": 1e9, "t": 1e12, "tn": 1e12,
           "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_NUM = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:e[+-]?\d+)?|\.\d+(?:e[+-]?\d+)?"
_ONE = re.compile(rf"^\s*(?:usd|us\$)?\s*\$?\s*(?P<num>{_NUM})\s*"
                  r"(?P<suf>thousand|million|billion|trillion|bn|mn|tn|[kmbt])?\s*$",
                  re.IGNORECASE)
_RANGE_SEP = re.compile(r"\s*(?:\.\.|–|—|\s-\s|(?<=[\dkmbtn])-(?=[\s$\d.]))\s*", re.IGNORECASE)


class Range(BaseModel):
    """A quantity known as a point (``low == high``) or an interval ``low..high``.

    Amounts in USD must be non-negative (checked by :func:`parse_amount`); observations such as
    returns or net income may be negative (:func:`parse_value`).
    """

    model_config = ConfigDict(frozen=True)

    low: float
    high: float

    @model_validator(mode="after")
    def _check(self) -> Range:
        for name in ("low", "high"):
            v = getattr(self, name)
            if not math.isfinite(v):
                raise ValueError(f"{name} must be a finite number, got {v}")
        if self.low > self.high:
            raise ValueError(f"range low {self.low:g} is above high {self.high:g}")
        return self

    @classmethod
    def point(cls, value: float) -> Range:
        return cls(low=value, high=value)

    @property
    def mid(self) -> float:
        return 0.5 * (self.low + self.high)

    @property
    def is_point(self) -> bool:
        return self.low == self.high

    def pick(self, which: str = "mid") -> float:
        """The ``low``, ``mid`` or ``high`` value."""
        if which not in ("low", "mid", "high"):
            raise ValueError(f"amount choice must be low, mid or high, got {which!r}")
        return self.mid if which == "mid" else getattr(self, which)

    def __str__(self) -> str:
        return repr(self.low) if self.is_point else f"{self.low!r}..{self.high!r}"

    def __mul__(self, k: float) -> Range:
        return Range(low=self.low * k, high=self.high * k)


def amounts_from_bounds(low: list[float | None], high: list[float | None]
                        ) -> tuple[list[Range | None], list[bool]]:
    """Amounts stored as ``low``/``high`` columns (``low`` None = unknown) back into ranges,
    checked for all rows at once as :func:`parse_amount` checks ``{"low": l, "high": h}``:
    both finite, ``low <= high``, ``low >= 0``. Returns the values and, per row, whether it
    passed (a failing row is parsed alone for its message)."""
    import numpy as np

    lo = np.array([np.nan if v is None else v for v in low], dtype=float)
    hi = np.array([np.nan if v is None else v for v in high], dtype=float)
    unknown = np.array([v is None for v in low], dtype=bool)
    with np.errstate(invalid="ignore"):
        ok = unknown | (np.isfinite(lo) & np.isfinite(hi) & (lo <= hi) & (lo >= 0))
    new, setattr_ = Range.__new__, object.__setattr__
    out: list[Range | None] = []
    for a, b, u, good in zip(lo.tolist(), hi.tolist(), unknown.tolist(), ok.tolist(),
                             strict=True):
        if u or not good:
            out.append(None)
            continue
        r = new(Range)
        setattr_(r, "__dict__", {"low": a, "high": b})
        setattr_(r, "__pydantic_fields_set__", {"low", "high"})
        setattr_(r, "__pydantic_extra__", None)
        setattr_(r, "__pydantic_private__", None)
        out.append(r)
    return out, ok.tolist()


def _one(text: str, default_suffix: str = "") -> tuple[float, str]:
    m = _ONE.match(text)
    if not m:
        raise ValueError(f"cannot read {text!r} as an amount (write e.g. 22e9, $22B, 350M, $10–20B)")
    suf = (m.group("suf") or "").lower()
    value = float(m.group("num").replace(",", "")) * _SUFFIX[suf or default_suffix]
    return value, suf


def parse_number(text: str) -> float:
    """One number with an optional $ and K/M/B/T suffix: ``parse_number('$1.4T') == 1.4e12``."""
    return _one(str(text))[0]


def parse_amount(value: Any) -> Range | None:
    """Parse an amount as a :class:`Range`; ``None``/empty/``unknown`` give ``None`` (unknown).

    >>> parse_amount("$10–20B")
    Range(low=10000000000.0, high=20000000000.0)
    >>> parse_amount("350M").low
    350000000.0
    """
    if value is None:
        return None
    if isinstance(value, dict):
        value = Range(**value)
    if isinstance(value, Range):
        if value.low < 0:
            raise ValueError(f"amount must not be negative, got {value.low:g}")
        return value
    if isinstance(value, bool):
        raise ValueError(f"cannot read {value!r} as an amount")
    if isinstance(value, int | float):
        if isinstance(value, float) and math.isnan(value):
            raise ValueError("amount is NaN; leave it empty (or write 'unknown') if it is not known")
        if value < 0:
            raise ValueError(f"amount must not be negative, got {value:g}")
        return Range.point(float(value))
    text = str(value).strip()
    if text == "" or text.lower() in {"unknown", "null", "none", "n/a", "na"}:
        return None
    if text.lower() in {"nan", "inf", "-inf", "infinity"}:
        raise ValueError(f"amount {text!r} is not a finite number")
    if text.startswith("-") or text.startswith("$-"):
        raise ValueError(f"amount must not be negative, got {text!r}")
    parts = _RANGE_SEP.split(text)
    if len(parts) == 1:
        return Range.point(_one(text)[0])
    if len(parts) != 2:
        raise ValueError(f"cannot read {text!r} as an amount range (write low..high)")
    high, hsuf = _one(parts[1])
    low_m = _ONE.match(parts[0])
    if not low_m:
        raise ValueError(f"cannot read {parts[0]!r} (low end of {text!r}) as an amount")
    low, _ = _one(parts[0], default_suffix=hsuf if not low_m.group("suf") else "")
    return Range(low=low, high=high)


def parse_value(value: Any) -> Range | None:
    """Like :func:`parse_amount` but signed: ``-0.04``, ``-16.6e9``, ``-5..-3``."""
    if isinstance(value, dict):
        return Range(**value)
    if isinstance(value, Range):
        return value
    if isinstance(value, str):
        text = value.strip()
        parts = [p.strip() for p in text.split("..")] if ".." in text else [text]
        if len(parts) <= 2 and any(p.startswith("-") for p in parts):
            nums = [-parse_number(p[1:]) if p.startswith("-") else parse_number(p) for p in parts]
            return Range(low=nums[0], high=nums[-1])
    if isinstance(value, int | float) and not isinstance(value, bool) and value < 0:
        return Range.point(float(value))
    return parse_amount(value)


def format_usd(value: float | Range | None, digits: int = 3) -> str:
    """Human display: ``format_usd(1.4e12) == '$1.4T'``; unknown is ``'unknown'``."""
    if value is None:
        return "unknown"
    if isinstance(value, Range):
        if value.is_point:
            return format_usd(value.low, digits)
        return f"{format_usd(value.low, digits)}–{format_usd(value.high, digits).lstrip('$')}"
    a = abs(value)
    for div, suf in ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "K")):
        if a >= div:
            return f"${value / div:.{digits}g}{suf}"
    return f"${value:.{digits}g}"
