"""A company's annual revenue as known on a day: the figure commitments are measured against.

Candidates, each dated by the last day it covers (observations not projected):

1. ``fiscal year`` — a ``revenue`` observation over 350–380 days;
2. ``TTM`` — four contiguous fiscal quarters (:func:`capexloop.ledger.asof.trailing_year`);
3. ``run-rate`` — a stated ``revenue_run_rate`` (annualised by the company or the press);
4. ``quarter × 4`` — the latest fiscal quarter annualised (Q × 4).

The latest candidate wins (a lab growing tenfold a year is measured on today's size, not last
year's); on the same day the order above decides. Only when no actual figure exists does a
projection count (``projected``): the earliest projected period, and, when the ledger was read
as of a day, only a period that has started by then (a forecast for 2025 is no revenue in 2023).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from .asof import fiscal_quarters, trailing_year
from .model import Ledger, Observation

__all__ = ["AnnualRevenue", "annual_revenue", "revenue_series"]

_METRICS = ("revenue", "revenue_run_rate")

_YEAR = (350, 380)


@dataclass(frozen=True)
class AnnualRevenue:
    """``value`` per year (NaN when none), what it is (``basis``), the day it refers to,
    a label (``FY 2025``, ``run-rate 2026-05``) and its sources."""

    value: float
    basis: str
    date: dt.date | None
    label: str
    sources: tuple[str, ...]

    @property
    def missing(self) -> bool:
        return self.value != self.value


NONE = AnnualRevenue(math.nan, "missing", None, "", ())


def _days(o: Observation) -> int | None:
    p = o.date
    return (p.end - p.start).days + 1 if p.start and p.end else None


def revenue_series(ledger: Ledger) -> dict[tuple[str, str], list[Observation]]:
    """Revenue and run-rate observations grouped by ``(entity, metric)``, each ordered by date
    as :meth:`Ledger.series` orders them: one pass, for reading many entities."""
    out: dict[tuple[str, str], list[Observation]] = {}
    for o in ledger.observations:
        if o.metric in _METRICS:
            out.setdefault((o.entity, o.metric), []).append(o)
    for obs in out.values():
        obs.sort(key=lambda o: (o.date.start or o.date.end))
    return out


def annual_revenue(ledger: Ledger, entity: str, *,
                   series: dict[tuple[str, str], list[Observation]] | None = None
                   ) -> AnnualRevenue:
    """``entity``'s annual revenue in ``ledger`` (cut with :func:`capexloop.ledger.asof.as_of`
    to read it at a date); see the module notes for the rule. ``series`` (from
    :func:`revenue_series`) saves a pass over the observations per entity."""
    def get(metric: str) -> list[Observation]:
        if series is None:
            return ledger.series(entity, metric)
        return series.get((entity, metric), [])

    revenue = get("revenue")
    actual = [o for o in revenue if o.basis != "projected" and o.date.end is not None]
    cands: list[tuple[dt.date, int, AnnualRevenue]] = []
    for o in actual:
        d = _days(o)
        if d is not None and _YEAR[0] <= d <= _YEAR[1]:
            cands.append((o.date.end, 0, AnnualRevenue(o.value.mid, "fiscal year", o.date.end,
                                                       f"FY {o.date}", tuple(o.sources))))
    qs = fiscal_quarters(actual)
    if qs:
        last = qs[-1]
        t = trailing_year(actual, last.date.end)
        if t.value == t.value and len(t.parts) == 4:
            cands.append((last.date.end, 1, AnnualRevenue(
                t.value, "TTM", last.date.end, f"TTM to {last.date.end}", tuple(t.sources))))
        cands.append((last.date.end, 3, AnnualRevenue(
            4 * last.value.mid, "quarter × 4", last.date.end, f"quarter {last.date} × 4",
            tuple(last.sources))))
    for o in get("revenue_run_rate"):
        if o.basis != "projected" and o.date.end is not None:
            cands.append((o.date.end, 2, AnnualRevenue(o.value.mid, "run-rate", o.date.end,
                                                       f"run-rate {o.date}", tuple(o.sources))))
    if cands:
        return max(cands, key=lambda c: (c[0], -c[1]))[2]
    cut = ledger.as_of
    proj = [o for o in revenue if o.basis == "projected" and o.date.start is not None
            and (cut is None or o.date.start <= cut)]
    proj = [o for o in proj if (d := _days(o)) is not None and _YEAR[0] <= d <= _YEAR[1]]
    if proj:
        o = min(proj, key=lambda o: o.date.start)
        return AnnualRevenue(o.value.mid, "projected", o.date.end, f"{o.date} (projected)",
                             tuple(o.sources))
    return NONE
