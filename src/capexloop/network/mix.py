"""Financing mix: equity vs warrants vs loans vs guarantees/backstops, by financier and system.

Seed claim E14 says AI vendor financing is mostly equity (stakes, warrants) while telecom's was
loans; :func:`financing_mix` computes the split from a ledger instead of asserting it.
*Vendor financing* means financing deals whose payer also sells goods/services in the ledger.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .._results import ResultMixin
from ..ledger.model import FINANCING_KINDS, Deal, Ledger
from .graph import AmountChoice, select_deals

__all__ = ["GROUPS", "FinancingMix", "financing_mix"]

#: how the six financing kinds group for the equity-vs-debt question
GROUPS = {"equity": "equity", "warrant": "equity", "vendor_loan": "debt", "loan": "debt",
          "guarantee": "contingent", "capacity_backstop": "contingent"}


@dataclass(frozen=True)
class FinancingMix(ResultMixin):
    """USD by financier and financing kind; ``unknown`` counts deals with unknown amounts."""

    name: str
    table: pd.DataFrame  # columns: payer, kind, group, usd, deals, unknown

    def by_kind(self) -> pd.Series:
        return self.table.groupby("kind")["usd"].sum()

    def by_group(self) -> pd.Series:
        s = self.table.groupby("group")["usd"].sum()
        return s.reindex(["equity", "debt", "contingent"], fill_value=0.0)

    def shares(self) -> pd.Series:
        g = self.by_group()
        return g / g.sum() if g.sum() > 0 else g * float("nan")

    @property
    def dominant(self) -> str | None:
        s = self.by_group()
        return None if s.sum() == 0 else str(s.idxmax())

    def summary(self) -> str:
        sh = self.shares()
        parts = ", ".join(f"{k} {v:.0%}" for k, v in sh.items() if v == v)
        unknown = int(self.table["unknown"].sum())
        return (f"{self.name}: {parts or 'no financing with known amounts'}"
                + (f" ({unknown} financing deals of unknown size not counted)" if unknown else ""))

    def to_dict(self) -> dict:
        return {"shares": self.shares().to_dict(), "usd": self.by_group().to_dict(),
                "by_kind": self.by_kind().to_dict(), "dominant": self.dominant}


def financing_mix(ledger: Ledger, *, vendor_only: bool = True, amount: AmountChoice = "mid",
                  start=None, end=None, deals: Sequence[Deal] | None = None) -> FinancingMix:
    """Split a ledger's financing deals by kind and by group (equity / debt / contingent).

    ``deals`` (e.g. ``FlowMatrices.deals``, the window the other measures use) skip re-selecting.
    """
    deals = select_deals(ledger, start, end) if deals is None else deals
    sellers = {d.payee for d in deals if not d.is_financing}
    fin = [d for d in deals if d.kind in FINANCING_KINDS
           and not (vendor_only and d.payer not in sellers)]
    table = pd.DataFrame({
        "payer": [d.payer for d in fin], "kind": [d.kind.value for d in fin],
        "group": [GROUPS[d.kind.value] for d in fin],
        "usd": [d.amount_usd.pick(amount) if d.amount_usd else 0.0 for d in fin],
        "deals": np.ones(len(fin), dtype=np.int64),
        "unknown": np.array([d.amount_usd is None for d in fin], dtype=np.int64)},
        columns=["payer", "kind", "group", "usd", "deals", "unknown"])
    if len(table):
        table = table.groupby(["payer", "kind", "group"], as_index=False)[
            ["usd", "deals", "unknown"]].sum()
    return FinancingMix(ledger.name + (" (vendor financing)" if vendor_only else ""), table)
