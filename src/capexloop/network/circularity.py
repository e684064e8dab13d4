"""All circularity measures of one ledger in one result (for the CLI, report and dashboard)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from .._results import ResultMixin
from ..errors import CapexloopError
from ..ledger.model import Ledger
from ..ledger.scope import Scope, apply_scope, as_scope
from .concentration import commitment_coverage, concentration, reported_concentration
from .cycles import CycleTable, money_cycles
from .degrees import Structure, structure
from .finn import FinnResult, finn_cycling_index
from .graph import AmountChoice, flow_matrices
from .mix import FinancingMix, financing_mix
from .roundtrip import RoundTrip, round_trip

__all__ = ["Circularity", "circularity"]


@dataclass(frozen=True)
class Circularity(ResultMixin):
    """Round-trip revenue, cycles, Finn index, financing mix and concentration of a ledger."""

    name: str
    round_trip: RoundTrip
    cycles: CycleTable
    finn: FinnResult
    mix: FinancingMix
    mix_all: FinancingMix
    concentration: pd.DataFrame
    reported_concentration: pd.DataFrame
    coverage: pd.DataFrame
    unknown_deals: tuple[str, ...]
    structure: Structure | None = None
    scope: Scope = Scope.all
    as_of: dt.date | None = None          # the day the ledger was read as of; None: as filed

    def caps(self) -> dict[str, dict]:
        """The measures capped at this ledger's size (none on small ledgers): what was bounded
        instead of computed, the limit, and why (each limit keeps its measure's cost near
        linear in deals; the rules are in each measure's module)."""
        from .cycles import MAX_PATHS
        from .finn import FINN_MAX_NODES
        from .roundtrip import EARMARK_MAX_VENDORS, PROPORTIONAL_MAX_VENDORS

        cap = self.round_trip.capped
        out: dict[str, dict] = {}
        if cap["proportional"]:
            out["round_trip_proportional"] = {
                "vendors_not_traced": cap["proportional"], "limit": PROPORTIONAL_MAX_VENDORS,
                "why": "each traced vendor costs one row of sparse propagation over the deals; "
                       "the largest vendors are traced, the others are null and add 0 to the "
                       "system total"}
        if cap["earmarked"]:
            out["round_trip_earmarked"] = {
                "vendors_bounded": cap["earmarked"], "limit": EARMARK_MAX_VENDORS,
                "why": "an exact earmarked bound is one max-flow per vendor, superlinear in "
                       "deals; the largest vendors get it, the others the looser bound "
                       "min(financing into the vendor's component, revenue from it)"}
        if not self.cycles.complete:
            out["cycles"] = {
                "min_bottleneck": self.cycles.min_bottleneck, "limit": MAX_PATHS,
                "why": "listing every cycle would exceed the open-path budget of one "
                       "enumeration step; exactly the cycles whose bottleneck is at least "
                       "min_bottleneck are listed (the top of the ranking is exact)"}
        if self.finn.capped:
            out["finn"] = {
                "nodes_bounded": self.finn.capped, "limit": FINN_MAX_NODES,
                "fci": self.finn.fci, "fci_high": self.finn.fci_high,
                "why": "each node's first-return mass costs one row of sparse propagation; "
                       "the nodes with the largest throughflow are computed, the others are "
                       "bounded, so the index lies between fci and fci_high"}
        return out

    def to_dict(self, top_cycles: int = 20) -> dict:
        def records(df: pd.DataFrame) -> list[dict]:
            return df.astype(object).where(df.notna(), None).to_dict(orient="records")

        return {
            "ledger": self.name,
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "scope": {"scope": self.scope.value, "rule": self.scope.label},
            "round_trip": {"vendors": records(self.round_trip.to_frame()),
                           "system": self.round_trip.totals(),
                           "capped": self.round_trip.capped},
            "cycles": {"count": len(self.cycles), "max_len": self.cycles.max_len,
                       "unknown_bottleneck": self.cycles.unknown_count,
                       "min_bottleneck": self.cycles.min_bottleneck,
                       "top": records(self.cycles.to_frame(top_cycles))},
            "finn": {"fci": self.finn.fci, "fci_high": self.finn.fci_high,
                     "capped_nodes": self.finn.capped,
                     "total_throughflow": self.finn.total_throughflow,
                     "cycled_throughflow": self.finn.cycled_throughflow,
                     "nodes": records(self.finn.to_frame().head(10))},
            "financing_mix": {"vendor": self.mix.shares().to_dict(),
                              "vendor_usd": self.mix.by_group().to_dict(),
                              "all": self.mix_all.shares().to_dict(),
                              "all_usd": self.mix_all.by_group().to_dict(),
                              "by_kind": self.mix_all.by_kind().to_dict()},
            "concentration": records(self.concentration),
            "reported_concentration": records(self.reported_concentration),
            "commitment_coverage": records(self.coverage),
            "unknown_amount_deals": list(self.unknown_deals),
            "structure": self.structure.to_dict() if self.structure is not None else None,
            "caps": self.caps(),
        }

    def summary(self) -> str:
        when = f", as of {self.as_of}" if self.as_of else ""
        return "\n".join([f"{self.name} (scope: {self.scope.label}{when}):",
                          self.round_trip.summary(), self.cycles.summary(),
                          self.finn.summary(), self.mix.summary(), self.mix_all.summary()])


def circularity(ledger: Ledger, *, max_len: int = 4, amount: AmountChoice = "mid", start=None,
                end=None, scope: Scope | str = Scope.all, as_of: str | None = None
                ) -> Circularity:
    """Compute every circularity measure of ``ledger`` once, all from the same windowed flow
    matrices (round trips, cycles, Finn, concentration, coverage) and the same deal window,
    on the deals in ``scope`` (:mod:`capexloop.ledger.scope`). Cycles, degrees and who finances
    whom use every deal as an edge; dollar measures use known amounts and list the rest.
    ``as_of`` (``2025-06-30``, ``2025Q2``) reads the ledger as it stood at the end of that date."""
    scope = as_scope(scope)
    if as_of is not None:                 # the ledger as it stood then (ledger.asof rules)
        from ..ledger.asof import as_of as cut

        ledger = cut(ledger, as_of)
    ledger = apply_scope(ledger, scope)
    if amount not in ("low", "mid", "high"):
        raise CapexloopError(f"--amount must be low, mid or high, got {amount!r}",
                             field="--amount")
    fm = flow_matrices(ledger, amount=amount, start=start, end=end)
    return Circularity(
        name=ledger.name, round_trip=round_trip(fm), cycles=money_cycles(fm, max_len),
        finn=finn_cycling_index(fm), mix=financing_mix(ledger, amount=amount, deals=fm.deals),
        mix_all=financing_mix(ledger, vendor_only=False, amount=amount, deals=fm.deals),
        concentration=concentration(fm), reported_concentration=reported_concentration(ledger),
        coverage=commitment_coverage(ledger, flows=fm), unknown_deals=fm.unknown,
        structure=structure(fm), scope=scope, as_of=ledger.as_of)
