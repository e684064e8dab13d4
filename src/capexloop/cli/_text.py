"""Plain-text helpers of the command line, typer-free (the commands of
:mod:`capexloop.cli._fast` use them too)."""

from __future__ import annotations

import math

__all__ = ["money"]


def money(x: float | None) -> str:
    """``$22B``; ``n/a`` for a missing value."""
    from ..ledger.quantities import format_usd

    return "n/a" if x is None or (isinstance(x, float) and math.isnan(x)) else format_usd(x)
