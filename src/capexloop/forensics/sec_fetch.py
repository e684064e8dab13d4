"""Fetch XBRL facts as ledger observations (what ``capexloop sec fetch`` does)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .._results import ResultMixin
from ..ledger.model import Entity, Ledger, Observation

__all__ = ["SecFetch", "fetch_facts"]


@dataclass(frozen=True)
class SecFetch(ResultMixin):
    """A company as an entity and its facts as observations with ``sec:`` sources."""

    entity: Entity
    observations: tuple[Observation, ...]

    def to_ledger(self) -> Ledger:
        return Ledger(name=self.entity.id, entities=[self.entity],
                      observations=list(self.observations))

    def to_dict(self) -> dict[str, Any]:
        return {"entity": self.entity.model_dump(), "observations": [
            {"metric": o.metric, "date": str(o.date), "value": o.value.mid, "unit": o.unit,
             "sources": o.sources} for o in self.observations]}

    def summary(self) -> str:
        return "\n".join([self.entity.name] + [
            f"  {o.metric} {o.date}: {o.value.mid:,.0f} {o.unit} ({'; '.join(o.sources)})"
            for o in self.observations])


def fetch_facts(ticker: str, concepts: Sequence[str], *, out: str | Path | None = None,
                offline: bool = False) -> SecFetch:
    """Latest filing per period of each concept; written as a ledger file to ``out`` if given
    (atomically)."""
    from ..ledger.io import write_ledger
    from .sec import SecClient

    client = SecClient(offline=offline)
    try:
        ent, obs = client.observations(ticker, list(concepts))
    finally:
        client.close()
    res = SecFetch(ent, tuple(obs))
    if out:
        write_ledger(res.to_ledger(), out)
    return res
