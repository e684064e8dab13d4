"""capexloop: map, measure and stress-test circular financing in the AI compute build-out.

Names are imported on first use, so ``capexloop --help`` does not load pandas or scipy.
"""

from typing import TYPE_CHECKING

from ._lazy import lazy_exports

__version__ = "0.1.0"
__all__ = [
    "DATASETS", "CapexloopError", "Deal", "DealKind", "Entity", "Ledger", "LedgerStore", "Range",
    "load_dataset", "parse_amount", "read_ledger", "write_ledger",
]

__getattr__, __dir__ = lazy_exports(__name__, {
    "CapexloopError": ".errors", **{n: ".ledger" for n in __all__ if n != "CapexloopError"}})

if TYPE_CHECKING:
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
