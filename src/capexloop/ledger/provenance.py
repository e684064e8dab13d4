"""Provenance checks: every record cites a source, and every source is well formed.

Accepted forms: ``sec:<10-digit CIK>-<2-digit year>-<6-digit sequence>`` (an EDGAR accession
number, e.g. ``sec:0001045810-25-000230``) or ``sec:cik<10 digits>`` (a filer), ``seed:<id>``,
``fred:<SERIES>``, and ``http(s)://`` URLs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .model import Ledger

__all__ = ["ACCESSION", "SourceProblem", "accession_year", "source_problems"]

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
