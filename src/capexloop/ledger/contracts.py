"""Contract terms of every deal: who owes what to whom, in which year, on what conditions.

Each active deal becomes a :class:`Contract` with

* an **obligor** (who pays cash) and a **claimant** (who receives it or holds the claim);
* an **instrument**: ``cash`` (payments for goods/services, equity paid in cash, loans,
  guarantees) or ``stock`` — warrants and stock grants are contingent value for their holder,
  never a claim on the issuer and never cash;
* a yearly **payment schedule**, explicit or derived by a stated rule (:func:`schedule_rule`):

  1. an explicit ``schedule`` (scaled to the amount when the amount is drawn from its range);
  2. ``delivery_gw`` — GW-linked deals pay by delivery year, ``amount × GW_y / ΣGW``;
  3. ``drawn`` deals were paid over their announced span (history, not a future obligation);
  4. a **facility** — an undrawn loan commitment (credit facility, revolver, delayed-draw or
     customer-financing commitment) or an "up to" equity commitment, without a term — has no
     schedule: the borrower draws it when its uses exceed its other sources, up to its limit,
     from its start until its maturity or, when none is stated, ``facility_years`` after its
     start (assumed); only drawn amounts are the lender's exposure (:mod:`capexloop.stress`);
  5. other financing (equity, loans) without a term is paid at its start;
  6. otherwise straight line over ``term_years`` (or the stated default term) from ``start``
     — or, when no start is given, from the year after signing for goods and services
     (deliveries take time; assumed) and from the announced year for financing, or from the
     first simulated year when the deal is undated;

* **conditionality**: a ``per_gw`` or ``milestone`` tranche basis means only tranches drawn or
  due by a year are at risk in that year (:meth:`Contract.at_risk`), never the headline total;
* **repayment**: a loan with a ``maturity`` also gives a ``loan_repayment`` contract — the
  borrower pays the principal back to the lender in the maturity's last year (a filing's debt
  maturities table, e.g. Lucent's FY1999 note 9). Interest is not a contract.

Amounts are USD; a ``low..high`` range is kept (``low``, ``high``) so Monte Carlo can draw it.
Deals whose amount was derived from GW × $/GW (``derived_from`` names ``usd_per_gw``) keep
their GW so the $/GW of their vendor can be varied.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

import numpy as np

from .model import Deal, DealKind, Ledger, Qualifier, Status, TrancheBasis

if TYPE_CHECKING:  # pandas is imported where a table is built
    import pandas as pd

__all__ = ["DEFAULT_FACILITY_YEARS", "DEFAULT_TERM_YEARS", "REPAYMENT", "Contract",
           "ContractBook", "Instrument", "contract_book", "contract_of", "facility_window",
           "is_facility", "repayment_of", "schedule_rule"]

#: Years over which an unscheduled, undated-term goods contract is paid (a stated assumption).
DEFAULT_TERM_YEARS = 5.0
#: Years a committed facility without a stated maturity stays drawable from its start (a
#: stated, overridable assumption: five years is the usual tenor of a committed revolver).
DEFAULT_FACILITY_YEARS = 5
#: Contract kind of a loan's principal repayment (borrower → lender), see :func:`repayment_of`.
REPAYMENT = "loan_repayment"
_CASH_FINANCING = (DealKind.equity, DealKind.vendor_loan)
_LOANS = (DealKind.vendor_loan,)


class Instrument(StrEnum):
    cash = "cash"
    stock = "stock"


def _extra_kind(name: str) -> DealKind | None:
    return getattr(DealKind, name, None)


def _is_loan(kind: DealKind) -> bool:
    return kind in _LOANS or kind == _extra_kind("loan")


def _is_guarantee(kind: DealKind) -> bool:
    return kind in (DealKind.guarantee, DealKind.capacity_backstop)


def instrument_of(d: Deal) -> Instrument:
    """Warrants, and equity whose holder is the payee (a stock grant), are stock."""
    if d.kind == DealKind.warrant:
        return Instrument.stock
    if d.kind == DealKind.equity and d.holder and d.holder == d.payee:
        return Instrument.stock
    return Instrument.cash


def holder_of(d: Deal) -> str:
    """Who holds the claim: the stated holder, else the payee of a warrant, the payer of an
    equity or loan (investor, lender), the payee of a goods/services deal (seller)."""
    if d.holder:
        return d.holder
    if d.kind == DealKind.warrant:
        return d.payee
    if d.kind == DealKind.equity or _is_loan(d.kind) or _is_guarantee(d.kind):
        return d.payer
    return d.payee


def _start_year(d: Deal, first_year: int, lag: int = 0) -> tuple[int, str]:
    if d.start is not None and d.start.begin is not None:
        return d.start.begin.year, f"from {d.start}"
    if d.announced is not None and d.announced.begin is not None:
        y = d.announced.begin.year + lag
        return y, (f"from {y}, the year after signing (assumed)" if lag
                   else f"from the announced year {y}")
    return first_year, f"undated: from {first_year} (assumed)"


def _straight(start: int, term: float) -> dict[int, float]:
    full = math.floor(term)
    w = dict.fromkeys(range(start, start + full), 1.0 / term)
    if term > full:
        w[start + full] = (term - full) / term
    return w


def is_facility(d: Deal) -> bool:
    """An undrawn commitment the payee draws on demand: a loan or vendor loan, or an "up to"
    equity commitment, not drawn, with no schedule, delivery, tranche basis or term."""
    if d.status not in (Status.announced, Status.committed) or d.schedule or d.delivery_gw \
            or d.tranche_basis is not None or d.term_years is not None:
        return False
    return _is_loan(d.kind) or (d.kind in _CASH_FINANCING and d.qualifier == Qualifier.up_to)


def facility_window(d: Deal, *, first_year: int, years: int = DEFAULT_FACILITY_YEARS
                    ) -> tuple[int, int, str]:
    """First and last calendar year a facility can be drawn, and why: from its start (or
    announced year) until its maturity, else ``years`` years from the start (assumed)."""
    start, why = _start_year(d, first_year)
    if d.maturity is not None and d.maturity.end is not None and d.maturity.end.year >= start:
        return start, d.maturity.end.year, f"{why} until its maturity ({d.maturity})"
    return start, start + years - 1, f"{why} for {years} years (assumed: no maturity stated)"


def schedule_rule(d: Deal, *, first_year: int, default_term: float = DEFAULT_TERM_YEARS,
                  facility_years: int = DEFAULT_FACILITY_YEARS
                  ) -> tuple[dict[int, float], str]:
    """Yearly payment weights (summing to 1; none for a facility, which is drawn on demand)
    and the rule that produced them, in words."""
    if d.schedule:
        tot = sum(a for _, a in d.schedule)
        if tot > 0:
            return {y: a / tot for y, a in d.schedule}, "explicit schedule"
    if d.delivery_gw:
        tot = sum(g for _, g in d.delivery_gw)
        if tot > 0:
            return ({y: g / tot for y, g in d.delivery_gw},
                    "by GW delivered per year (" + ", ".join(f"{y}: {g:g} GW"
                                                             for y, g in d.delivery_gw) + ")")
    if d.status == Status.drawn and d.announced is not None and d.announced.begin is not None:
        a = d.announced.begin.year
        b = d.announced.until.year if d.announced.until else a
        n = b - a + 1
        return dict.fromkeys(range(a, b + 1), 1.0 / n), f"drawn: paid {a}–{b}, straight line"
    if is_facility(d):
        a, b, why = facility_window(d, first_year=first_year, years=facility_years)
        return {}, (f"facility: drawn when the borrower's uses exceed its other sources, up to "
                    f"the limit, {a}–{b} ({why}); undrawn at the start (not marked drawn); "
                    "only drawn amounts are at risk")
    goods = not (d.is_financing or _is_loan(d.kind))
    start, why = _start_year(d, first_year, lag=1 if goods else 0)
    if (d.kind in _CASH_FINANCING or _is_loan(d.kind)) and d.term_years is None \
            and d.tranche_basis is None:
        return {start: 1.0}, f"financing paid at start ({why})"
    term = d.term_years or default_term
    basis = ("stated term" if d.term_years else f"default term {default_term:g} years "
             "(assumed)")
    tranche = ""
    if d.tranche_basis == TrancheBasis.per_gw:
        tranche = (f"; {d.capacity_gw:g} GW in equal yearly tranches" if d.capacity_gw
                   else "; per-GW tranches in equal yearly steps (GW timing not given)")
    return _straight(start, term), f"straight line over {term:g} years {why}; {basis}{tranche}"


@dataclass(frozen=True)
class Contract:
    """One deal's contract terms (amounts in USD, weights per calendar year)."""

    deal_id: str
    kind: str
    obligor: str          # pays cash (the issuer, for stock instruments)
    claimant: str         # receives the cash / holds the instrument
    instrument: Instrument
    low: float | None
    high: float | None
    weights: dict[int, float]
    rule: str
    status: str
    binding: bool
    conditional: bool
    conditionality: str = ""
    capacity_gw: float | None = None
    gw_derived: bool = False
    sources: tuple[str, ...] = field(default=(), repr=False)
    #: (first, last) calendar year a facility can be drawn; ``None`` for scheduled contracts
    window: tuple[int, int] | None = None

    @property
    def facility(self) -> bool:
        return self.window is not None

    @property
    def amount(self) -> float | None:
        return None if self.low is None else 0.5 * (self.low + self.high)

    def due(self, year: int, amount: float | None = None) -> float:
        """Cash due in ``year`` (0 for stock instruments)."""
        a = self.amount if amount is None else amount
        if a is None or self.instrument == Instrument.stock:
            return 0.0
        return a * self.weights.get(year, 0.0)

    def drawn_through(self, year: int, amount: float | None = None) -> float:
        """Paid or due up to and including ``year``."""
        a = self.amount if amount is None else amount
        return 0.0 if a is None else a * sum(w for y, w in self.weights.items() if y <= year)

    def at_risk(self, year: int, amount: float | None = None) -> float:
        """Exposure in ``year``: conditional commitments only up to their drawn or due
        tranches; unconditional ones at their whole remaining amount; a facility nothing
        until drawn (its draws depend on the borrower's needs: :mod:`capexloop.stress`)."""
        a = self.amount if amount is None else amount
        if a is None:
            return 0.0
        return self.drawn_through(year, a) if self.conditional or self.facility else a


def contract_of(d: Deal, *, first_year: int, default_term: float = DEFAULT_TERM_YEARS,
                facility_years: int = DEFAULT_FACILITY_YEARS) -> Contract:
    weights, rule = schedule_rule(d, first_year=first_year, default_term=default_term,
                                  facility_years=facility_years)
    window = (facility_window(d, first_year=first_year, years=facility_years)[:2]
              if is_facility(d) else None)
    inst = instrument_of(d)
    holder = holder_of(d)
    if inst == Instrument.stock:
        obligor = d.payer
        claimant = holder if holder != d.payer else d.payee
    else:
        obligor, claimant = d.payer, d.payee
    a = d.amount_usd
    return Contract(
        deal_id=d.id, kind=d.kind.value, obligor=obligor, claimant=claimant, instrument=inst,
        low=a.low if a else None, high=a.high if a else None, weights=weights, rule=rule,
        status=d.status.value, binding=d.binding,
        conditional=d.tranche_basis is not None, conditionality=d.conditionality,
        capacity_gw=d.capacity_gw,
        gw_derived=bool(d.capacity_gw) and "usd_per_gw" in d.derived_from,
        sources=tuple(d.sources), window=window)


def repayment_of(d: Deal) -> Contract | None:
    """The principal repayment of a loan with a ``maturity``: the borrower (payee) pays the
    amount back to the lender (payer) in the maturity's last calendar year; ``None`` otherwise,
    and for a facility (its maturity ends the drawing window; repaying what was drawn is not
    modelled)."""
    if d.maturity is None or d.maturity.end is None or not _is_loan(d.kind) or is_facility(d):
        return None
    a = d.amount_usd
    y = d.maturity.end.year
    return Contract(
        deal_id=f"{d.id}:repayment", kind=REPAYMENT, obligor=d.payee, claimant=d.payer,
        instrument=Instrument.cash, low=a.low if a else None, high=a.high if a else None,
        weights={y: 1.0}, rule=f"principal repaid at maturity ({d.maturity}): {y}",
        status=d.status.value, binding=d.binding, conditional=False,
        sources=tuple(d.sources))


@dataclass(frozen=True)
class ContractBook:
    """All contracts of a ledger, with the rules used, ready to be turned into arrays."""

    contracts: tuple[Contract, ...]
    first_year: int
    default_term: float
    unknown_amount: tuple[str, ...]   # deals left out: amount not known
    facility_years: int = DEFAULT_FACILITY_YEARS

    def to_frame(self) -> pd.DataFrame:
        rows = [{"deal": c.deal_id, "kind": c.kind, "obligor": c.obligor,
                 "claimant": c.claimant, "instrument": c.instrument.value,
                 "amount": c.amount, "low": c.low, "high": c.high, "status": c.status,
                 "binding": c.binding, "conditional": c.conditional,
                 "conditionality": c.conditionality, "rule": c.rule}
                for c in self.contracts]
        import pandas as pd

        return pd.DataFrame(rows)

    def schedule_frame(self, years: range) -> pd.DataFrame:
        """Cash due per deal (rows) and year (columns), at mid amounts."""
        import pandas as pd

        return pd.DataFrame({y: [c.due(y) for c in self.contracts] for y in years},
                            index=[c.deal_id for c in self.contracts])

    def weights(self, years: range) -> np.ndarray:
        """(K, T) payment weights of the horizon years."""
        return np.array([[c.weights.get(y, 0.0) for y in years] for c in self.contracts]
                        ).reshape(len(self.contracts), len(years))

    def weight_before(self, year: int) -> np.ndarray:
        """(K,) share of each contract paid before ``year`` (history)."""
        return np.array([sum(w for y, w in c.weights.items() if y < year)
                         for c in self.contracts])


def contract_book(ledger: Ledger, *, first_year: int,
                  default_term: float = DEFAULT_TERM_YEARS,
                  facility_years: int = DEFAULT_FACILITY_YEARS) -> ContractBook:
    """Contracts of the ledger's active deals; deals of unknown amount are listed apart."""
    out, unknown = [], []
    for d in ledger.active_deals():
        c = contract_of(d, first_year=first_year, default_term=default_term,
                        facility_years=facility_years)
        (unknown.append(d.id) if c.low is None else out.append(c))
        r = repayment_of(d)
        if r is not None and r.low is not None:
            out.append(r)
    return ContractBook(tuple(out), first_year, default_term, tuple(unknown), facility_years)
