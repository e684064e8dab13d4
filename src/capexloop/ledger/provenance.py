"""Provenance checks: every record cites a source, and every source is well formed.

Accepted forms: ``sec:<10-digit CIK>-<2-digit year>-<6-digit sequence>`` (an EDGAR accession
number, e.g. ``sec:0001045810-25-000230``) or ``sec:cik<10 digits>`` (a filer), ``seed:<id>``,
``fred:<SERIES>``, and ``http(s)://`` URLs.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .model import Ledger

__all__ = ["ACCESSION", "SourceProblem", "accession_year", "source_problems", "uncited_filings"]

ACCESSION = re.compile(r"^sec:(\d{10})-(\d{2})-(\d{6})$")
_SEC_CIK = re.compile(r"^sec:cik\d{10}$")
_SEED = re.compile(r"^seed:[A-F]\d+$")
_FRED = re.compile(r"^fred:[A-Za-z0-9_]+$")
_URL = re.compile(r"^https?://[^\s/$.?#].[^\s]*$")


@dataclass(frozen=True)
class SourceProblem:
    record: str
    source: str
    problem: str

    def __str__(self) -> str:
        return f"{self.record}: {self.problem}" + (f" ({self.source!r})" if self.source else "")


def accession_year(source: str) -> int | None:
    """The filing year an accession number encodes (``…-25-…`` → 2025), None otherwise.

    >>> accession_year("sec:0001045810-25-000230"), accession_year("https://x.org")
    (2025, None)
    """
    m = ACCESSION.match(source)
    return 2000 + int(m.group(2)) if m else None


def _check(source: str) -> str | None:
    if source.startswith("sec:"):
        if ACCESSION.match(source) or _SEC_CIK.match(source):
            return None
        return "malformed SEC source (want sec:##########-##-######)"
    if source.startswith("seed:"):
        return None if _SEED.match(source) else "malformed seed id"
    if source.startswith("fred:"):
        return None if _FRED.match(source) else "malformed FRED series id"
    if _URL.match(source):
        return None
    return "not a URL, sec:, seed: or fred: source"


def source_problems(ledger: Ledger) -> list[SourceProblem]:
    """Records without any source, and sources of no accepted form."""
    out: list[SourceProblem] = []
    records = [(f"entity {e.id}", e) for e in ledger.entities]
    records += [(f"deal {d.id}", d) for d in ledger.deals]
    records += [(f"observation {o.entity}.{o.metric}@{o.date}", o) for o in ledger.observations]
    records += [(f"event {e.id}", e) for e in ledger.events]
    records += [(f"parameter {p.id}", p) for p in ledger.parameters]
    records += [(f"site {s.id}", s) for s in getattr(ledger, "sites", [])]
    for label, rec in records:
        if not rec.sources:
            out.append(SourceProblem(label, "", "no source"))
        for s in rec.sources:
            why = _check(s)
            if why:
                out.append(SourceProblem(label, s, why))
    return out


def uncited_filings(ledger: Ledger, since: Mapping[str, dt.date] | Iterable[str], *,
                    start: dt.date = dt.date(2023, 1, 1)) -> list[tuple[str, str, str]]:
    """Company-filing observations a spot check cannot trace to a filing: those of the given
    entities whose period ends on or after the entity's first day (``since[entity]``, e.g. the
    start of its fiscal 2023; ``start`` for a plain list of ids) and that cite no SEC accession
    (``sec:##########-##-######``) — read from a news or aggregator copy only.
    Returns sorted ``(entity, metric, period)`` keys.

    >>> from capexloop.ledger import Entity, Ledger, Observation
    >>> led = Ledger(entities=[Entity(id="x", name="X", layer="cloud")], observations=[
    ...     Observation(entity="x", metric="revenue", date="2024", value=1.0, unit="USD",
    ...                 sources=["https://news.example/x"]),
    ...     Observation(entity="x", metric="revenue", date="2025", value=2.0, unit="USD",
    ...                 sources=["sec:0000000001-25-000001"])])
    >>> uncited_filings(led, ["x"])
    [('x', 'revenue', '2024')]
    """
    first = dict(since) if isinstance(since, Mapping) else dict.fromkeys(since, start)
    out = {(o.entity, o.metric, str(o.date)) for o in ledger.observations
           if o.entity in first and (o.date.end or dt.date.max) >= first[o.entity]
           and not any(ACCESSION.match(str(s)) for s in o.sources)}
    return sorted(out)
