"""The ledger as it stood on a date, and quarterly windows for series over time.

``as_of(ledger, date)`` keeps what was public by the end of ``date``:

* deals *announced* by then: a deal counts once the first day its announcement can mean has
  passed (``announced.start ≤ date``; ``strict=True`` waits for its last day, so a deal dated
  only ``2025`` counts from 2025-12-31). Undated deals cannot be placed in time and are left
  out unless ``undated="keep"``;
* ``supersedes`` applied by date: a restructuring, cancellation or upsizing replaces the records
  it names only from its own announcement on; before that the older records are active;
* observations whose period has ended by then (a quarter's revenue counts from the quarter's
  last day, a balance-sheet value from its date). Projections (``basis: projected``) carry the
  period they refer to, not the day they were made, so they are kept whatever the date;
* events dated by then.

:func:`quarters` yields calendar quarters (:class:`Quarter`) and :func:`parse_as_of` reads
``2025-06-30``, ``2025-06`` (month end), ``2025`` (year end) or ``2025Q2`` (quarter end).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from ..errors import CapexloopError
from .dates import Period, parse_period
from .model import Deal, Ledger

__all__ = ["Quarter", "as_of", "date_span", "parse_as_of", "quarter_of", "quarters"]

_QUARTER = re.compile(r"^(\d{4})\s*-?\s*[Qq]([1-4])$")


@dataclass(frozen=True, order=True)
class Quarter:
    """A calendar quarter: ``Quarter(2025, 2)`` runs 2025-04-01 … 2025-06-30."""

    year: int
    q: int

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, 3 * self.q - 2, 1)

    @property
    def end(self) -> dt.date:
        nxt = self.next()
        return nxt.start - dt.timedelta(days=1)

    def next(self) -> Quarter:
        return Quarter(self.year + (self.q == 4), self.q % 4 + 1)

    def __str__(self) -> str:
        return f"{self.year}Q{self.q}"


def quarter_of(day: dt.date) -> Quarter:
    """The calendar quarter holding ``day``.

    >>> str(quarter_of(dt.date(2025, 9, 22)))
    '2025Q3'
    """
    return Quarter(day.year, (day.month - 1) // 3 + 1)


def parse_as_of(value: object) -> dt.date:
    """The last day ``value`` can mean: ``2025Q2`` → 2025-06-30, ``2025-06`` → 2025-06-30.

    >>> parse_as_of("2025Q2"), parse_as_of("2024"), parse_as_of("2025-02")
    (datetime.date(2025, 6, 30), datetime.date(2024, 12, 31), datetime.date(2025, 2, 28))
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    m = _QUARTER.match(text)
    if m:
        return Quarter(int(m.group(1)), int(m.group(2))).end
    try:
        p = parse_period(text)
    except ValueError as err:
        raise CapexloopError(f"as-of date: {err} (or write 2025Q2)", field="as_of") from None
    if p is None or p.end is None or p.until is not None:
        raise CapexloopError(f"as-of date {text!r} must be one day, month, year or quarter",
                             field="as_of")
    return p.end


def quarters(start: object, end: object) -> Iterator[Quarter]:
    """Calendar quarters from the one holding ``start`` to the one holding ``end``.

    >>> [str(q) for q in quarters("2024-11-05", "2025Q2")]
    ['2024Q4', '2025Q1', '2025Q2']
    """
    lo, hi = parse_as_of(start), parse_as_of(end)
    if lo > hi:
        raise CapexloopError(f"window start {lo} is after its end {hi}", field="window")
    q, last = quarter_of(lo), quarter_of(hi)
    while q <= last:
        yield q
        q = q.next()


def _known_by(p: Period | None, day: dt.date, strict: bool) -> bool | None:
    """Whether a dated record is public by ``day`` (None when undated)."""
    if p is None or p.begin is None:
        return None
    first = p.start if not strict else (p.until.last if p.until else p.begin.last)
    return first <= day


def as_of(ledger: Ledger, date: object, *, strict: bool = False,
          undated: Literal["drop", "keep"] = "drop") -> Ledger:
    """The ledger as it stood at the end of ``date`` (see the module notes for the rules)."""
    day = parse_as_of(date)
    deals: list[Deal] = []
    for d in ledger.deals:
        known = _known_by(d.announced, day, strict)
        if known or (known is None and undated == "keep"):
            deals.append(d)
    kept = {d.id for d in deals}
    deals = [d if set(d.supersedes) <= kept else
             d.model_copy(update={"supersedes": [s for s in d.supersedes if s in kept]})
             for d in deals]
    obs = [o for o in ledger.observations
           if o.basis == "projected" or (o.date.end is not None and o.date.end <= day)]
    events = [e for e in ledger.events if _known_by(e.date, day, strict) is not False]
    return Ledger.model_construct(name=f"{ledger.name}@{day.isoformat()}",
                                  entities=list(ledger.entities), deals=deals,
                                  observations=obs, events=events,
                                  parameters=list(ledger.parameters))


def date_span(ledger: Ledger) -> tuple[dt.date, dt.date] | None:
    """First and last announcement day among the ledger's dated deals (None if none)."""
    days = [d.announced.start for d in ledger.deals if d.announced and d.announced.start]
    return (min(days), max(days)) if days else None
