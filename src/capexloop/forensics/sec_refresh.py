"""Refresh a ledger's company-filing observations from SEC XBRL company facts.

For each listed company of the ledger (:data:`TICKERS`), every fact of the friendly concepts
(:data:`~capexloop.forensics.sec.CONCEPTS`) for a balance-sheet date, a fiscal quarter (80–100
days) or a fiscal year (350–380 days) becomes an observation with its ``sec:<accession>``
source; year-to-date spans of 10-Qs are left out. Where the ledger already holds the same
entity, metric and period, an equal value is *confirmed*, a different one *replaced* (the
latest filing wins, as for restatements) and a new period *added*. The embedded snapshot is
never changed: the refreshed ledger is written to a file of the user's choice.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from .._results import ResultMixin
from ..http import FetchError
from ..ledger.model import Ledger, Observation
from .sec import CONCEPTS, SecClient

__all__ = ["TICKERS", "Refresh", "refresh_filings"]

#: ledger entity id → ticker, for the listed companies of the public record
TICKERS = {"nvidia": "NVDA", "amd": "AMD", "broadcom": "AVGO", "oracle": "ORCL",
           "microsoft": "MSFT", "google": "GOOGL", "amazon": "AMZN", "meta": "META",
           "coreweave": "CRWV", "nebius": "NBIS", "intel": "INTC"}
_METRICS = ("revenue", "receivables_net", "inventory", "receivables_allowance", "net_income")


@dataclass(frozen=True)
class Refresh(ResultMixin):
    """The refreshed ledger and what changed (counts, and per company what failed)."""

    ledger: Ledger
    added: int
    replaced: list[tuple[str, str, str, float, float]] = field(default_factory=list)
    confirmed: int = 0
    failed: dict[str, str] = field(default_factory=dict)

    def summary(self) -> str:
        lines = [f"{self.ledger.name}: {self.confirmed} filing values confirmed, {self.added} "
                 f"added, {len(self.replaced)} replaced by a later filing"]
        lines += [f"  {e}.{m}@{d}: {a:,.0f} → {b:,.0f}" for e, m, d, a, b in self.replaced[:20]]
        lines += [f"  {e}: {why}" for e, why in self.failed.items()]
        return "\n".join(lines)

    def to_dict(self) -> dict:
        return {"ledger": self.ledger.name, "confirmed": self.confirmed, "added": self.added,
                "replaced": [dict(zip(("entity", "metric", "date", "old", "new"), r,
                                      strict=True)) for r in self.replaced],
                "failed": self.failed}


def _period_kind(o: Observation) -> bool:
    p = o.date
    if p.until is None or p.start == p.end:                      # a balance-sheet date
        return True
    days = (p.end - p.start).days
    return 80 <= days <= 100 or 350 <= days <= 380


def refresh_filings(ledger: Ledger, client: SecClient, *,
                    entities: Iterable[str] | None = None,
                    metrics: Iterable[str] = _METRICS) -> Refresh:
    """Re-derive ``ledger``'s filing observations from the SEC (see the module notes)."""
    wanted = [e for e in (entities or TICKERS) if e in TICKERS and e in ledger.entity_ids]
    have = {(o.entity, o.metric, str(o.date)): i for i, o in enumerate(ledger.observations)}
    obs = list(ledger.observations)
    added, confirmed, replaced, failed = 0, 0, [], {}
    for eid in wanted:
        for metric in metrics:
            if metric not in CONCEPTS:
                continue
            try:
                _, facts = client.observations(TICKERS[eid], [metric], entity_id=eid,
                                               annual=False)
            except FetchError as err:
                failed[f"{eid}.{metric}"] = str(err)
                continue
            for o in filter(_period_kind, facts):
                key = (o.entity, o.metric, str(o.date))
                if key not in have:
                    obs.append(o.model_copy(update={"notes": o.notes + "; added by sec refresh"}))
                    have[key] = len(obs) - 1
                    added += 1
                    continue
                old = obs[have[key]]
                if old.value == o.value:
                    confirmed += 1
                else:
                    replaced.append((*key, old.value.mid, o.value.mid))
                    obs[have[key]] = o.model_copy(update={
                        "notes": f"{o.notes}; replaces {old.value.mid:,.0f} "
                                 f"({'; '.join(old.sources)})"})
    return Refresh(ledger.model_copy(update={"observations": obs}), added, replaced, confirmed,
                   failed)
