"""What the ``ledger`` commands do, as library calls: validate, init, import, export, show."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .._results import ResultMixin
from ..errors import CapexloopError
from .datasets import load_dataset
from .io import Mapping, write_ledger
from .model import Ledger
from .open import open_ledger
from .store import DuplicatePolicy, LedgerStore

__all__ = ["ImportOutcome", "LedgerView", "export_ledger", "import_files", "init_database",
           "ledger_view", "validate_files"]


@dataclass(frozen=True)
class ImportOutcome(ResultMixin):
    """Record counts of a validation or an import, and the likely duplicates it found."""

    action: str  # "validate" | "import" | "init"
    counts: dict[str, int]
    duplicates: list[list[str]] = field(default_factory=list)
    policy: str = "keep-both"
    target: str = ""

    def to_dict(self) -> dict[str, Any]:
        if self.action == "validate":
            return {"valid": True, "counts": dict(self.counts), "duplicates": self.duplicates}
        return {"imported": dict(self.counts), "duplicates": self.duplicates,
                "duplicate_policy": self.policy}

    def summary(self) -> str:
        counts = ", ".join(f"{v} {k}" for k, v in self.counts.items() if v)
        if self.action == "validate":
            return f"valid: {counts or 'no records'}"
        if self.action == "init":
            return f"created {self.target}: " + ", ".join(
                f"{v} {k}" for k, v in self.counts.items())
        return f"imported into {self.target}: {counts or 'nothing'}"


def _outcome(action: str, report: dict, policy: str, target: str = "") -> ImportOutcome:
    report = dict(report)
    dups = report.pop("duplicates", [])
    return ImportOutcome(action, report, dups, policy, target)


def validate_files(paths: Sequence[str | Path], *, base: str | None = None,
                   db: str | Path | None = None, mapping: Mapping | None = None) -> ImportOutcome:
    """Check ledger files without storing anything, against the entities of ``base`` (a
    dataset) or ``db`` when given; duplicates are reported, not refused."""
    with LedgerStore() as store:
        if base or db:
            store.add_ledger(open_ledger(base, db))
        report = store.import_files(paths, mapping=mapping, duplicates="keep-both")
    return _outcome("validate", report, "keep-both")


def init_database(db: str | Path, dataset: str = "ai2025") -> ImportOutcome:
    """Create a database holding an embedded dataset (refuses a non-empty database)."""
    with LedgerStore(db) as store:
        if any(store.counts().values()):
            raise CapexloopError("database is not empty", source=str(db))
        report = store.add_ledger(load_dataset(dataset))
    return _outcome("init", report, "keep-both", f"{db} from {dataset}")


def import_files(db: str | Path, paths: Sequence[str | Path], *, mapping: Mapping | None = None,
                 duplicates: DuplicatePolicy = "error") -> ImportOutcome:
    """Import ledger files into ``db`` in one transaction (all or nothing)."""
    with LedgerStore(db) as store:
        report = store.import_files(paths, mapping=mapping, duplicates=duplicates)
    return _outcome("import", report, duplicates, str(db))


def export_ledger(ledger: Ledger, out: str | Path, fmt: str | None = None) -> Path:
    """Write ``ledger`` atomically (format from ``fmt`` or the suffix of ``out``)."""
    write_ledger(ledger, out, fmt)
    return Path(out)


@dataclass(frozen=True)
class LedgerView(ResultMixin):
    """A ledger's deals (one row each) and its financing vs goods totals."""

    name: str
    deals: Any  # pandas.DataFrame (deals_frame)
    totals: Any  # pandas.DataFrame (flow_totals)
    as_of: Any = None  # datetime.date the ledger was read as of; None: as filed

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "as_of": self.as_of.isoformat() if self.as_of else None,
                "deals": json.loads(self.deals.to_json(orient="records")),
                "totals": json.loads(self.totals.to_json(orient="records"))}

    def summary(self) -> str:
        return (f"{self.name}: {len(self.deals)} deals\n"
                + self.totals.to_string(index=False))


def ledger_view(ledger: Ledger) -> LedgerView:
    """The deals table and flow totals of ``ledger``."""
    from .summary import deals_frame, flow_totals

    return LedgerView(ledger.name, deals_frame(ledger), flow_totals(ledger), ledger.as_of)
