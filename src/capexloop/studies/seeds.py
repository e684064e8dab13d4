"""The seeds' own arithmetic, recomputed on the embedded datasets (the CHECK items), and the
consistency findings beyond the fact sheet (double-counted chips, $/GW outliers)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..audit import SeedAudit

__all__ = ["seed_check_table"]


def seed_check_table() -> SeedAudit:
    """Every seed CHECK (claim, value computed from its stated assumptions or from data, formula)
    plus the ledger consistency checks, on ``ai2025`` and ``telecom2000``."""
    from ..audit import seed_audit
    from .reference import ai_reference, telecom_reference

    return seed_audit(ai_reference(), telecom_reference())
