"""Circularity studies: the sources behind a vendor's round trip."""

from __future__ import annotations

from ..ledger.model import Ledger

__all__ = ["round_trip_sources"]


def round_trip_sources(ledger: Ledger, vendor: str) -> list[str]:
    """Sources of the deals a round trip of ``vendor`` rests on: the financing it gave and the
    goods it sold (active deals)."""
    return sorted({s for d in ledger.active_deals() if (d.payer == vendor and d.is_financing)
                   or (d.payee == vendor and not d.is_financing) for s in d.sources})
