"""Dates as users know them: a day, a month or a year, a span ``start..end``, or ``ongoing``.

The precision a source gives is kept (``2026-01`` stays a month); :attr:`Period.start` and
:attr:`Period.end` expand it to the first and last day it can mean.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import Literal

from pydantic import BaseModel, ConfigDict

__all__ = ["PartialDate", "Period", "parse_period"]

Precision = Literal["day", "month", "year"]
_DATE = re.compile(r"^(?P<y>\d{4})(?:-(?P<m>\d{1,2})(?:-(?P<d>\d{1,2}))?)?$")
_OPEN = {"ongoing", "open", "present", "now"}


class PartialDate(BaseModel):
    """A calendar date known to day, month or year precision."""

    model_config = ConfigDict(frozen=True)

    year: int
    month: int | None = None
    day: int | None = None

    @property
    def precision(self) -> Precision:
        return "day" if self.day else "month" if self.month else "year"

    @property
    def first(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)

    @property
    def last(self) -> dt.date:
        if self.day:
            return self.first
        m = self.month or 12
        return dt.date(self.year, m, calendar.monthrange(self.year, m)[1])

    def __str__(self) -> str:
        s = f"{self.year:04d}"
        if self.month:
            s += f"-{self.month:02d}"
        if self.day:
            s += f"-{self.day:02d}"
        return s


def _parse_partial(text: str) -> PartialDate:
    m = _DATE.match(text.strip())
    if not m:
        raise ValueError(f"cannot read {text!r} as a date (write YYYY, YYYY-MM or YYYY-MM-DD)")
    y, mo, d = int(m["y"]), m["m"], m["d"]
    try:
        if d:
            dt.date(y, int(mo), int(d))
        elif mo and not 1 <= int(mo) <= 12:
            raise ValueError
    except ValueError:
        raise ValueError(f"{text!r} is not a valid calendar date") from None
    return PartialDate(year=y, month=int(mo) if mo else None, day=int(d) if d else None)


class Period(BaseModel):
    """A date or a span; ``end_open`` marks an open-ended (``ongoing``) span."""

    model_config = ConfigDict(frozen=True)

    begin: PartialDate | None = None
    until: PartialDate | None = None
    end_open: bool = False

    @property
    def start(self) -> dt.date | None:
        return self.begin.first if self.begin else None

    @property
    def end(self) -> dt.date | None:
        """Last day the period can mean; ``None`` when open-ended."""
        if self.end_open:
            return None
        if self.until:
            return self.until.last
        return self.begin.last if self.begin else None

    @property
    def precision(self) -> Precision | None:
        return self.begin.precision if self.begin else None

    def overlaps(self, other: Period) -> bool:
        """True when the two periods can share a day (unknown bounds are unbounded)."""
        lo1, hi1 = self.start or dt.date.min, self.end or dt.date.max
        lo2, hi2 = other.start or dt.date.min, other.end or dt.date.max
        return lo1 <= hi2 and lo2 <= hi1

    def __str__(self) -> str:
        if self.begin is None:
            return "ongoing"
        if self.end_open:
            return f"{self.begin}..ongoing"
        if self.until:
            return f"{self.begin}..{self.until}"
        return str(self.begin)


def parse_period(value: object) -> Period | None:
    """Parse ``2025``, ``2025-09``, ``2025-09-22``, ``2019..2023``, ``2023..ongoing`` or ``ongoing``.

    >>> str(parse_period("2026-01")), parse_period("2026-01").precision
    ('2026-01', 'month')
    """
    if value is None or isinstance(value, Period):
        return value
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return Period(begin=PartialDate(year=value.year, month=value.month, day=value.day))
    text = str(value).strip()
    if text == "":
        return None
    if text.lower() in _OPEN:
        return Period(end_open=True)
    if ".." in text:
        a, _, b = text.partition("..")
        begin = _parse_partial(a)
        if b.strip().lower() in _OPEN:
            return Period(begin=begin, end_open=True)
        until = _parse_partial(b)
        if until.last < begin.first:
            raise ValueError(f"period {text!r} ends before it starts")
        return Period(begin=begin, until=until)
    if isinstance(value, int):
        text = str(value)
    return Period(begin=_parse_partial(text))
