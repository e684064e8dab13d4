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
* events dated by then, and data-centre sites dated by then (undated ones as undated deals).

The cut ledger's ``as_of`` field holds the day, so every result read from it can state it.

:func:`quarters` yields calendar quarters (:class:`Quarter`) and :func:`parse_as_of` reads
``2025-06-30``, ``2025-06`` (month end), ``2025`` (year end) or ``2025Q2`` (quarter end).

:func:`trailing_year` sums a flow (revenue) over the twelve months ending on a day: a filed
fiscal year ending then, else four *contiguous* fiscal quarters — each one starting the day
after the previous one ends (a week's slack for 52/53-week calendars) and ending 91 ± 7 days
after it. A missing quarter leaves the sum missing with the gap named, never a sum of
quarters that do not follow each other.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from ..errors import CapexloopError
from .dates import Period, parse_period
from .model import Deal, Ledger, Observation

__all__ = ["Quarter", "TrailingYear", "as_of", "date_span", "fiscal_quarters", "parse_as_of",
           "quarter_of", "quarters", "trailing_year"]

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
    sites = [s for s in ledger.sites
             if (k := _known_by(s.date, day, strict)) or (k is None and undated == "keep")]
    return Ledger.model_construct(name=f"{ledger.name}@{day.isoformat()}",
                                  entities=list(ledger.entities), deals=deals,
                                  observations=obs, events=events,
                                  parameters=list(ledger.parameters),
                                  sites=sites, as_of=day)


def date_span(ledger: Ledger) -> tuple[dt.date, dt.date] | None:
    """First and last announcement day among the ledger's dated deals (None if none)."""
    days = [d.announced.start for d in ledger.deals if d.announced and d.announced.start]
    return (min(days), max(days)) if days else None


#: A fiscal quarter lasts 80–100 days (13 or 14 weeks, or a calendar quarter); a fiscal year
#: 350–380 days (52 or 53 weeks, or a calendar year).
QUARTER_DAYS, YEAR_DAYS = (80, 100), (350, 380)
#: Consecutive fiscal quarters end 91 ± 7 days apart and the next starts within a week of the
#: previous end.
QUARTER_STEP, SLACK = (84, 98), 7


def _days(o: Observation) -> int | None:
    p = o.date
    if p.start is None or p.end is None:
        return None
    return (p.end - p.start).days + 1


def fiscal_quarters(observations: list[Observation]) -> list[Observation]:
    """The observations covering one fiscal quarter (80–100 days), not projections, oldest
    first (by end day)."""
    out = [o for o in observations if o.basis != "projected"
           and (d := _days(o)) is not None and QUARTER_DAYS[0] <= d <= QUARTER_DAYS[1]]
    return sorted(out, key=lambda o: o.date.end)


@dataclass(frozen=True)
class TrailingYear:
    """A trailing-twelve-month sum: ``value`` (NaN when missing), the observations summed and
    a note saying how (``fiscal year …``, ``4 quarters …``) or why it is missing."""

    value: float
    parts: tuple[Observation, ...]
    note: str

    @property
    def sources(self) -> list[str]:
        return sorted({s for o in self.parts for s in o.sources})


def trailing_year(observations: list[Observation], end: object) -> TrailingYear:
    """The flow over the twelve months ending on ``end`` (see the module notes).

    A fiscal-year observation ending within a week of ``end`` is taken as filed; otherwise the
    quarter ending then and the three before it must follow each other:
    ``start_k − end_{k−1} ∈ [1, 8]`` days and ``end_k − end_{k−1} ∈ [84, 98]`` days."""
    day = parse_as_of(end)
    flows = [o for o in observations if o.basis != "projected" and o.date.end is not None]
    years = [o for o in flows if (d := _days(o)) is not None and YEAR_DAYS[0] <= d <= YEAR_DAYS[1]
             and abs((o.date.end - day).days) <= SLACK]
    if years:
        o = years[-1]
        return TrailingYear(o.value.mid, (o,), f"fiscal year {o.date}")
    qs = fiscal_quarters(flows)
    last = [o for o in qs if abs((o.date.end - day).days) <= SLACK]
    if not last:
        return TrailingYear(math.nan, (), f"needs four contiguous quarters: none ends at {day}")
    chain = [last[-1]]
    while len(chain) < 4:
        cur = chain[-1]
        prev = [o for o in qs if 1 <= (cur.date.start - o.date.end).days <= SLACK + 1
                and QUARTER_STEP[0] <= (cur.date.end - o.date.end).days <= QUARTER_STEP[1]]
        if not prev:
            before = [o for o in qs if o.date.end < cur.date.start]
            had = f" (the one before ends {before[-1].date.end})" if before else ""
            return TrailingYear(math.nan, tuple(chain),
                                f"needs four contiguous quarters: the quarter before "
                                f"{cur.date} is missing{had}")
        chain.append(prev[-1])
    chain.reverse()
    return TrailingYear(float(sum(o.value.mid for o in chain)), tuple(chain),
                        f"4 quarters {chain[0].date.start}..{chain[-1].date.end}")
