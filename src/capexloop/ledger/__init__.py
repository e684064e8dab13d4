"""The deal ledger: typed, dated, sourced entities, deals, observations and events."""

from .checks import SeedCheck, checks_frame, seed_checks
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
from .quantities import Range, format_usd, parse_amount
from .scope import Scope, apply_scope
from .store import LedgerStore

__all__ = [
    "DATASETS", "FINANCING_KINDS", "GOODS_KINDS", "Deal", "DealKind", "Entity", "EntityMatcher",
    "Event", "Layer", "Ledger", "LedgerStore", "Mapping", "Observation", "Parameter", "Qualifier",
    "Range", "Scope", "SeedCheck", "Site", "SiteStatus", "Status", "apply_scope", "checks_frame",
    "format_usd", "likely_duplicates", "load_dataset", "parse_amount", "read_ledger",
    "seed_checks", "seed_coverage", "seed_index", "write_ledger",
]
