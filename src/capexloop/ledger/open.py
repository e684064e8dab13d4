"""Open the ledger a user names: an embedded dataset or a DuckDB file."""

from __future__ import annotations

from pathlib import Path

from ..errors import CapexloopError
from .datasets import load_dataset
from .model import Ledger
from .store import LedgerStore

__all__ = ["open_ledger"]


def open_ledger(dataset: str | None = None, db: str | Path | None = None,
                default: str | None = None) -> Ledger:
    """The ledger named by ``dataset`` or ``db`` (exactly one; the dataset ``default`` if
    neither). A missing database file is a user error, never an empty ledger."""
    if dataset and db:
        raise CapexloopError("give either --dataset or --db, not both", field="--dataset")
    if db:
        if not Path(db).exists():
            raise CapexloopError("database file not found", source=str(db))
        with LedgerStore(db, read_only=True) as store:
            return store.load()
    name = dataset or default
    if not name:
        raise CapexloopError("give --dataset NAME or --db FILE", field="--dataset")
    return load_dataset(name)
