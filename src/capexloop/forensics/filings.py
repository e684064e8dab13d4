"""Company filings as ledger observations, re-derived from SEC XBRL company facts.

Each ledger metric maps to XBRL concepts tried in order; an alternative may be a sum of
concepts reported for the same period (``cash_and_securities`` = cash and equivalents +
current marketable securities where the filer does not tag the total). Flows (revenue,
income, cash flows) are matched on the exact reporting period ``start..end`` (a fiscal
quarter, a year-to-date span or a fiscal year, as stored); balance-sheet stocks on the
balance-sheet date. For every period the latest filing wins (restatements), and the
observation cites that filing's accession (``sec:<accession>``).

:func:`refresh_filings` re-derives every stored SEC observation of a ledger whose metric
has a concept, reports which agree, which differ and which XBRL does not carry (customer
concentration percentages are dimensional facts, absent from company facts), and appends
the periods filed after the stored ones. The stored (offline) snapshot stays the default;
this needs network access and ``SEC_USER_AGENT``, or a recorded response.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd

from ..errors import CapexloopError
from ..ledger.model import Ledger, Observation
from ..ledger.provenance import ACCESSION
from .sec import SecClient

__all__ = ["FILERS", "FILING_CONCEPTS", "FilingsRefresh", "RefreshRow", "filed_value",
           "refresh_filings"]

#: ledger metric → (flow | stock, alternatives; an alternative "A+B" sums concepts)
FILING_CONCEPTS: dict[str, tuple[str, list[str]]] = {
    "revenue": ("flow", ["RevenueFromContractWithCustomerExcludingAssessedTax", "Revenues",
                         "SalesRevenueNet"]),
    "operating_income": ("flow", ["OperatingIncomeLoss"]),
    "net_income": ("flow", ["NetIncomeLoss"]),
    "operating_cash_flow": ("flow", ["NetCashProvidedByUsedInOperatingActivities"]),
    "capex": ("flow", ["PaymentsToAcquirePropertyPlantAndEquipment",
                       "PaymentsToAcquireProductiveAssets"]),
    "receivables_net": ("stock", ["AccountsReceivableNetCurrent", "ReceivablesNetCurrent"]),
    "receivables_allowance": ("stock", ["AccountsReceivableAllowanceForCreditLossCurrent",
                                        "AllowanceForDoubtfulAccountsReceivableCurrent"]),
    "inventory": ("stock", ["InventoryNet"]),
    "rpo": ("stock", ["RevenueRemainingPerformanceObligation"]),
    "cash_and_securities": ("stock", [
        "CashCashEquivalentsAndShortTermInvestments",
        "CashAndCashEquivalentsAtCarryingValue+MarketableSecuritiesCurrent",
        "CashAndCashEquivalentsAtCarryingValue+ShortTermInvestments",
        "CashAndCashEquivalentsAtCarryingValue+AvailableForSaleSecuritiesDebtSecuritiesCurrent"]),
    "equity": ("stock", ["StockholdersEquity"]),
    "lease_liabilities": ("stock", ["OperatingLeaseLiability"]),
    "total_debt": ("stock", ["LongTermDebt", "LongTermDebtNoncurrent+LongTermDebtCurrent",
                             "DebtInstrumentCarryingAmount"]),
}

#: ledger entity → ticker (resolved to a CIK through the SEC's ticker table)
FILERS = {"nvidia": "NVDA", "amd": "AMD", "broadcom": "AVGO", "oracle": "ORCL",
          "microsoft": "MSFT", "google": "GOOGL", "amazon": "AMZN", "meta": "META",
          "coreweave": "CRWV", "nebius": "NBIS", "intel": "INTC"}


def _facts(doc: dict, concept: str, unit: str = "USD") -> pd.DataFrame:
    """One concept's facts, latest filing per (start, end) period; empty if not reported."""
    for tax in ("us-gaap", "ifrs-full"):
        node = doc.get("facts", {}).get(tax, {}).get(concept)
        if node and unit in node.get("units", {}):
            df = pd.DataFrame(node["units"][unit])
            if "start" not in df:
                df["start"] = None
            df["start"] = df["start"].fillna("")
            df = df.sort_values(["end", "start", "filed", "accn"])
            return df.groupby(["start", "end"], as_index=False).last().assign(concept=concept)
    return pd.DataFrame(columns=["start", "end", "val", "accn", "form", "filed", "concept"])


def _alternative(doc: dict, alt: str) -> pd.DataFrame:
    """Facts of an alternative; a sum ``A+B`` keeps periods every part reports."""
    parts = [_facts(doc, c) for c in alt.split("+")]
    if len(parts) == 1:
        return parts[0]
    df = parts[0]
    for p in parts[1:]:
        df = df.merge(p, on=["start", "end"], suffixes=("", "_r"))
        df["val"] = df["val"] + df["val_r"]
        later = df["filed_r"] > df["filed"]
        for c in ("accn", "form", "filed"):
            df[c] = df[c].where(~later, df[f"{c}_r"])
        df = df[["start", "end", "val", "accn", "form", "filed"]]
    return df.assign(concept=alt)


def filed_value(doc: dict, metric: str, date: str) -> dict | None:
    """The filed fact for ``metric`` over ``date`` (``START..END`` or a balance-sheet day):
    ``{val, accn, form, filed, concept}`` from the first alternative reporting it."""
    if metric not in FILING_CONCEPTS:
        return None
    kind, alts = FILING_CONCEPTS[metric]
    start, _, end = date.partition("..") if ".." in date else ("", "", date)
    if kind == "stock" and start:
        return None
    for alt in alts:
        df = _alternative(doc, alt)
        hit = df[(df.end == end) & (df.start == start)]
        if len(hit):
            return hit.iloc[-1][["val", "accn", "form", "filed", "concept"]].to_dict()
    return None


@dataclass(frozen=True)
class RefreshRow:
    entity: str
    metric: str
    date: str
    stored: float
    refreshed: float | None
    accession: str
    concept: str
    status: str        # same | differs | not in XBRL | new


@dataclass(frozen=True)
class FilingsRefresh:
    """Every stored SEC observation re-derived, plus periods filed since; ``ledger`` is the
    input with refreshed values, accessions and new periods."""

    rows: tuple[RefreshRow, ...]
    ledger: Ledger
    errors: dict[str, str] = field(default_factory=dict)

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame([r.__dict__ for r in self.rows],
                            columns=list(RefreshRow.__dataclass_fields__))

    def counts(self) -> dict[str, int]:
        s = self.to_frame().status.value_counts()
        return {k: int(s.get(k, 0)) for k in ("same", "differs", "not in XBRL", "new")}

    def to_dict(self) -> dict:
        return {"counts": self.counts(), "errors": self.errors,
                "rows": self.to_frame().to_dict(orient="records")}

    def summary(self) -> str:
        c = self.counts()
        lines = [f"{c['same']} stored filing values re-derived unchanged, {c['differs']} differ, "
                 f"{c['not in XBRL']} not in XBRL company facts, {c['new']} new periods"]
        for r in self.rows:
            if r.status == "differs":
                lines.append(f"  {r.entity}.{r.metric}@{r.date}: stored {r.stored:,.0f}, filed "
                             f"{r.refreshed:,.0f} ({r.concept}, sec:{r.accession})")
        lines += [f"  {e}: {msg}" for e, msg in self.errors.items()]
        return "\n".join(lines)

    __str__ = summary


def _is_sec(o: Observation) -> bool:
    return any(ACCESSION.match(s) for s in o.sources)


def refresh_filings(ledger: Ledger, client: SecClient, *, entities: list[str] | None = None,
                    since_new: bool = True) -> FilingsRefresh:
    """Re-derive ``ledger``'s SEC observations from company facts (see the module notes)."""
    wanted = entities or sorted({o.entity for o in ledger.observations if _is_sec(o)}
                                & set(FILERS))
    unknown = [e for e in wanted if e not in FILERS]
    if unknown:
        raise CapexloopError(f"no SEC filer known for {', '.join(unknown)} (one of: "
                             f"{', '.join(sorted(FILERS))})", field="entity")
    rows: list[RefreshRow] = []
    errors: dict[str, str] = {}
    replaced: dict[int, Observation] = {}
    added: list[Observation] = []
    for ent in wanted:
        try:
            doc = client.company_facts(FILERS[ent])
        except CapexloopError as err:
            errors[ent] = str(err)
            continue
        latest: dict[str, dt.date] = {}
        for i, o in enumerate(ledger.observations):
            if o.entity != ent or not _is_sec(o) or o.metric not in FILING_CONCEPTS:
                continue
            date = str(o.date)
            latest[o.metric] = max(latest.get(o.metric, dt.date.min), o.date.end)
            f = filed_value(doc, o.metric, date)
            if f is None:
                rows.append(RefreshRow(ent, o.metric, date, o.value.mid, None, "", "",
                                       "not in XBRL"))
                continue
            val = float(f["val"])
            status = "same" if o.value.low <= val <= o.value.high else "differs"
            rows.append(RefreshRow(ent, o.metric, date, o.value.mid, val, f["accn"],
                                   f["concept"], status))
            if status == "differs" or o.value.low != o.value.high:
                src = [f"sec:{f['accn']}", *[s for s in o.sources if not ACCESSION.match(s)]]
                replaced[i] = o.model_copy(update={
                    "value": o.value.__class__(low=val, high=val), "sources": src,
                    "notes": f"{o.notes}; refreshed from XBRL {f['concept']} ({f['form']} "
                             f"filed {f['filed']}), was {o.value}".lstrip("; ")})
        if since_new:
            added += _new_periods(doc, ent, latest, rows)
    obs = [replaced.get(i, o) for i, o in enumerate(ledger.observations)] + added
    out = ledger.model_copy(update={"observations": obs})
    return FilingsRefresh(tuple(rows), out, errors)


def _new_periods(doc: dict, ent: str, latest: dict[str, dt.date],
                 rows: list[RefreshRow]) -> list[Observation]:
    """Quarters, fiscal years and balance-sheet dates filed after the latest stored one."""
    out = []
    for metric, last in latest.items():
        kind, alts = FILING_CONCEPTS[metric]
        seen: set[tuple[str, str]] = set()
        for alt in alts:
            df = _alternative(doc, alt)
            for r in df.itertuples():
                end = dt.date.fromisoformat(r.end)
                if end <= last or (r.start, r.end) in seen:
                    continue
                if kind == "flow":
                    days = (end - dt.date.fromisoformat(r.start)).days if r.start else 0
                    if not (80 <= days <= 100 or 350 <= days <= 380):
                        continue   # quarters and fiscal years only (not year-to-date)
                elif r.start:
                    continue
                seen.add((r.start, r.end))
                date = f"{r.start}..{r.end}" if r.start else r.end
                out.append(Observation(entity=ent, metric=metric, date=date, value=float(r.val),
                                       unit="USD", basis="reported", sources=[f"sec:{r.accn}"],
                                       notes=f"{r.concept}, {r.form} filed {r.filed} (XBRL "
                                             "company facts)"))
                rows.append(RefreshRow(ent, metric, date, float("nan"), float(r.val), r.accn,
                                       r.concept, "new"))
    return out
