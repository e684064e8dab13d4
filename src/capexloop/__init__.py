"""capexloop: map, measure and stress-test circular financing in the AI compute build-out."""

from .errors import CapexloopError
from .ledger import (
    DATASETS,
    Deal,
    DealKind,
    Entity,
    Ledger,
    LedgerStore,
    Range,
    load_dataset,
    parse_amount,
    read_ledger,
    write_ledger,
)

__version__ = "0.1.0"
__all__ = [
    "DATASETS", "CapexloopError", "Deal", "DealKind", "Entity", "Ledger", "LedgerStore", "Range",
    "load_dataset", "parse_amount", "read_ledger", "write_ledger",
]
