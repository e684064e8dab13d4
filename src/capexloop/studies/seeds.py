"""The seeds' own arithmetic, recomputed on the embedded datasets (the CHECK items)."""

from __future__ import annotations

import json

from .._results import Rows

__all__ = ["seed_check_table"]


def seed_check_table() -> Rows:
    """Every seed CHECK: claim, value computed from its stated assumptions, difference."""
    from ..ledger.checks import checks_frame, seed_checks
    from ..ledger.datasets import load_dataset

    df = checks_frame(seed_checks(load_dataset("ai2025"), load_dataset("telecom2000")))
    return Rows("seed checks", tuple(json.loads(df.to_json(orient="records"))))
