"""The deal ledger: typed, dated, sourced entities, deals, observations and events.

Names are imported on first use (the command line's ``--help`` stays light).
"""

from typing import TYPE_CHECKING

from .._lazy import lazy_exports

_EXPORTS = {
    ".datasets": ["DATASETS", "load_dataset", "seed_coverage", "seed_index"],
    ".duplicates": ["likely_duplicates"],
    ".io": ["Mapping", "read_ledger", "write_ledger"],
    ".matching": ["EntityMatcher"],
    ".model": ["FINANCING_KINDS", "GOODS_KINDS", "Deal", "DealKind", "Entity", "Event", "Layer",
               "Ledger", "Observation", "Parameter", "Qualifier", "Site", "SiteStatus", "Status"],
    ".open": ["open_ledger"],
    ".quantities": ["Range", "format_usd", "parse_amount"],
    ".scope": ["Scope", "apply_scope"],
    ".store": ["LedgerStore"],
}
__all__ = [
    "DATASETS", "FINANCING_KINDS", "GOODS_KINDS", "Deal", "DealKind", "Entity", "EntityMatcher",
    "Event", "Layer", "Ledger", "LedgerStore", "Mapping", "Observation", "Parameter", "Qualifier",
    "Range", "Scope", "Site", "SiteStatus", "Status", "apply_scope", "format_usd",
    "likely_duplicates", "load_dataset",
    "open_ledger", "parse_amount", "read_ledger", "seed_coverage", "seed_index",
    "write_ledger",
]
__getattr__, __dir__ = lazy_exports(__name__, {n: m for m, names in _EXPORTS.items()
                                               for n in names})

if TYPE_CHECKING:
    from .datasets import DATASETS, load_dataset, seed_coverage, seed_index
    from .duplicates import likely_duplicates
    from .io import Mapping, read_ledger, write_ledger
    from .matching import EntityMatcher
    from .model import (
        FINANCING_KINDS,
        GOODS_KINDS,
        Deal,
        DealKind,
        Entity,
        Event,
        Layer,
        Ledger,
        Observation,
        Parameter,
        Qualifier,
        Site,
        SiteStatus,
        Status,
    )
    from .open import open_ledger
    from .quantities import Range, format_usd, parse_amount
    from .scope import Scope, apply_scope
    from .store import LedgerStore
