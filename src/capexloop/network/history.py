"""Exposure over time: the circularity measures re-read at the end of every quarter.

For each calendar quarter ``q`` the ledger is cut with :func:`capexloop.ledger.asof.as_of` at the
quarter's last day and the same measures as today's are computed on the cut:

* round-trip share = Σ_V RT_V / Σ_V revenue_V (proportional rule; ``share_upper`` the earmarked
  bound), see :mod:`capexloop.network.roundtrip`;
* commitments vs revenue = Σ_lab commitments / Σ_lab annual revenue, over the labs that
  have both by then (commitments: the latest stated ``compute_commitments`` else the ledger's
  goods purchases; revenue: :func:`capexloop.ledger.annual.annual_revenue`, as in
  :func:`~capexloop.network.concentration.commitment_coverage`);
* financing mix = shares of equity / debt / contingent in vendor financing
  (:func:`~capexloop.network.mix.financing_mix`).

The series is cumulative (everything announced by the quarter's end, superseded records
replaced from the date of the record that replaces them), so it shows how the network grew.
``scope`` (:mod:`capexloop.ledger.scope`) picks the deals that count in every quarter.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import pandas as pd

from .._results import ResultMixin
from ..errors import CapexloopError
from ..ledger.asof import Quarter, as_of, date_span, parse_as_of, quarter_of, quarters
from ..ledger.model import Ledger
from ..ledger.scope import Scope, apply_scope, as_scope
from .concentration import commitment_coverage
from .graph import AmountChoice, flow_matrices
from .mix import financing_mix
from .roundtrip import round_trip

__all__ = ["ExposureHistory", "exposure_at", "exposure_history"]

COLUMNS = ["quarter", "end", "deals", "financing_usd", "goods_usd", "unknown_amounts",
           "round_trip_usd", "round_trip_share", "round_trip_share_upper",
           "lab_commitments_usd", "lab_revenue_usd", "commitments_to_revenue",
           "equity_share", "debt_share", "contingent_share"]


def exposure_at(ledger: Ledger, date: object, *, amount: AmountChoice = "mid",
                scope: Scope | str = Scope.all) -> dict:
    """The measures of one cut (``ledger`` as of ``date``, deals in ``scope``), as a flat
    dict of floats."""
    day = parse_as_of(date)
    cut = apply_scope(as_of(ledger, day), scope)
    fm = flow_matrices(cut, amount=amount)
    row: dict = {"quarter": str(quarter_of(day)), "end": day.isoformat(),
                 "deals": len(fm.deals), "financing_usd": float(fm.financing.sum()),
                 "goods_usd": float(fm.goods.sum()), "unknown_amounts": len(fm.unknown)}
    if fm.deals:
        rt = round_trip(fm).totals()
        row |= {"round_trip_usd": rt["proportional"], "round_trip_share": rt["share"],
                "round_trip_share_upper": rt["share_upper"]}
    else:
        row |= {"round_trip_usd": 0.0, "round_trip_share": math.nan,
                "round_trip_share_upper": math.nan}
    cov = commitment_coverage(cut, amount=amount)
    commit = cov.commitments.to_numpy(dtype=float)
    both = (cov.revenue.notna() & (cov.revenue > 0) & (cov.commitments > 0)).to_numpy()
    c_sum, r_sum = float(commit[both].sum()), float(cov.revenue.to_numpy()[both].sum())
    row |= {"lab_commitments_usd": c_sum if both.any() else math.nan,
            "lab_revenue_usd": r_sum if both.any() else math.nan,
            "commitments_to_revenue": c_sum / r_sum if r_sum > 0 else math.nan}
    shares = financing_mix(cut, amount=amount).shares()
    for g in ("equity", "debt", "contingent"):
        row[f"{g}_share"] = float(shares.get(g, math.nan))
    return row


@dataclass(frozen=True)
class ExposureHistory(ResultMixin):
    """One row per quarter (see :data:`COLUMNS`); ``by_vendor`` holds each vendor's
    proportional round-trip share per quarter (vendors with ledger revenue)."""

    name: str
    table: pd.DataFrame
    by_vendor: pd.DataFrame
    scope: Scope = Scope.all
    as_of: dt.date | None = None          # the day the ledger was read as of; None: as filed

    @property
    def source(self) -> str:
        """What the series is computed from, in one sentence."""
        return (f"ledger {self.name}, {self.scope.label}: each quarter counts the deals "
                "announced by its last day (restructurings from their own date) and the "
                "observations whose period had ended by then")

    def to_frame(self) -> pd.DataFrame:
        return self.table.copy()

    def to_dict(self) -> dict:
        from .._results import records

        return {"name": self.name, "as_of": self.as_of.isoformat() if self.as_of else None,
                "scope": self.scope.value, "source": self.source,
                "quarters": records(self.table),
                "by_vendor": {q: {k: v for k, v in row.items() if v == v}
                              for q, row in self.by_vendor.to_dict(orient="index").items()}}

    def summary(self) -> str:
        t = self.table
        if t.empty:
            return f"{self.name}: no dated deals"
        lines = [f"{self.name}: exposure by quarter (cumulative, as of each quarter's end; "
                 f"scope {self.scope.value})",
                 f"{'quarter':<8}{'deals':>6}{'financing':>11}{'goods':>11}{'round trip':>12}"
                 f"{'commit/rev':>11}{'equity':>8}{'debt':>7}"]

        def usd(x):
            return "—" if x != x else f"${x / 1e9:,.0f}B"

        def pct(x):
            return "—" if x != x else f"{x:.0%}"

        for r in t.itertuples():
            cr = "—" if r.commitments_to_revenue != r.commitments_to_revenue \
                else f"{r.commitments_to_revenue:.1f}×"
            lines.append(f"{r.quarter:<8}{r.deals:>6}{usd(r.financing_usd):>11}"
                         f"{usd(r.goods_usd):>11}{pct(r.round_trip_share):>12}{cr:>11}"
                         f"{pct(r.equity_share):>8}{pct(r.debt_share):>7}")
        return "\n".join(lines)

    __str__ = summary


def exposure_history(ledger: Ledger, start: object | None = None, end: object | None = None,
                     *, amount: AmountChoice = "mid", scope: Scope | str = Scope.all
                     ) -> ExposureHistory:
    """Quarterly measures from ``start`` (default: the first dated deal) to ``end`` (default:
    the last one, or the day a cut ledger was read as of)."""
    scope = as_scope(scope)
    if amount not in ("low", "mid", "high"):
        raise CapexloopError(f"--amount must be low, mid or high, got {amount!r}",
                             field="--amount")
    if end is None and ledger.as_of is not None:
        end = ledger.as_of
    span = date_span(ledger)
    if span is None and (start is None or end is None):
        return ExposureHistory(ledger.name, pd.DataFrame(columns=COLUMNS), pd.DataFrame(),
                               scope, ledger.as_of)
    lo = parse_as_of(start) if start is not None else span[0]
    hi = parse_as_of(end) if end is not None else span[1]
    rows, vendor_rows = [], {}
    for q in quarters(lo, hi):
        rows.append(exposure_at(ledger, q.end, amount=amount, scope=scope))
        vendor_rows[str(q)] = _vendor_shares(ledger, q, amount, scope)
    table = pd.DataFrame(rows, columns=COLUMNS)
    by_vendor = pd.DataFrame.from_dict(vendor_rows, orient="index")
    return ExposureHistory(ledger.name, table, by_vendor, scope, ledger.as_of)


def _vendor_shares(ledger: Ledger, q: Quarter, amount: AmountChoice,
                   scope: Scope) -> dict[str, float]:
    fm = flow_matrices(apply_scope(as_of(ledger, q.end), scope), amount=amount)
    if not fm.deals:
        return {}
    rt = round_trip(fm)
    return {v: float(s) for v, s in zip(rt.ids, rt.share, strict=True) if s == s}
