"""The embedded reference datasets: the one place that decides which ledger is the reference
for each comparison (engines take their ledgers as arguments and load nothing themselves)."""

from __future__ import annotations

from ..ledger.model import Ledger

__all__ = ["ai_reference", "telecom_reference"]


def telecom_reference() -> Ledger:
    """The telecom bust 1996–2003 with Lucent's financial lines (``telecom2000``)."""
    from ..ledger.datasets import load_dataset

    return load_dataset("telecom2000")


def ai_reference() -> Ledger:
    """The AI build-out ledger of the seed articles (``ai2025``)."""
    from ..ledger.datasets import load_dataset

    return load_dataset("ai2025")
