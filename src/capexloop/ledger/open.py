"""Open the ledger a user names: an embedded dataset or a DuckDB file."""

from __future__ import annotations

from pathlib import Path

from ..errors import CapexloopError
from .datasets import load_dataset
from .model import Ledger
from .store import LedgerStore

__all__ = ["open_ledger"]


def open_ledger(dataset: str | None = None, db: str | Path | None = None,
                default: str | None = None, as_of: object | None = None) -> Ledger:
    """The ledger named by ``dataset`` or ``db`` (exactly one; the dataset ``default`` if
    neither), read as it stood at the end of ``as_of`` when given
    (:func:`capexloop.ledger.asof.as_of`). A missing database file is a user error, never an
    empty ledger."""
    led = _open(dataset, db, default)
    if as_of is None:
        return led
    from .asof import as_of as cut

    return cut(led, as_of)


def _open(dataset: str | None, db: str | Path | None, default: str | None) -> Ledger:
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
