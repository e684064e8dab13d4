"""The deal ledger: typed, dated, sourced entities, deals, observations and events."""

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
    Status,
)
from .quantities import Range, format_usd, parse_amount
from .store import LedgerStore

__all__ = [
    "DATASETS", "FINANCING_KINDS", "GOODS_KINDS", "Deal", "DealKind", "Entity", "EntityMatcher",
    "Event", "Layer", "Ledger", "LedgerStore", "Mapping", "Observation", "Parameter", "Range",
    "Status", "format_usd", "likely_duplicates", "load_dataset",
    "parse_amount", "read_ledger", "seed_coverage", "seed_index", "write_ledger",
]
