"""Multi-year stress of balance sheets, payment schedules and contract terms.

Each year ``t`` of the horizon, for every scenario (leading axis ``s``) and entity ``i``:

* **uses** ``p̄_i`` — cash due under the ledger's contracts in scope (payments for goods and
  services, equity and loan tranches, loan principal at maturity, capacity-backstop payouts),
  the cost of delivering the ledger goods it sells (``cost_share × receipts due``) and its debt
  service and lease payments;
* **sources** — opening cash + cash margin × revenue (after the shock) + what its debtors pay;
* **clearing** — the payments of all entities at once, Eisenberg & Noe (2001)
  ``p = min(p̄, max(0, e + Πᵀp))`` or Rogers & Veraart (2013) with default costs ``α, β``
  (see :mod:`capexloop.stress.clearing`), in edge form so that every scenario may carry its
  own contract amounts: with common amounts it is exactly :func:`~.clearing.eisenberg_noe`;
* **liquidity default** — an entity with a balance sheet that cannot pay its dues in full;
  **solvency default** — book equity below zero (below its opening value where it opens
  with a deficit) after losses or after the cash margin a revenue shortfall takes away,
  assessed every year (only where equity is known);
* **losses** — a defaulter's counterparties lose, by exposure type (:mod:`.lossrates`):
  unpaid receivables, drawn loans, equity invested (drawn tranches only), contingent value of
  warrants/stock grants (for the holder, never the issuer), inventory (chip vendors),
  stranded capex and leases (clouds), purchase obligations, backstop payouts (a repayment
  not made is not a second loss: the lender's drawn loan is already booked), drawn
  facilities (the lender loses ``loan`` — or ``equity`` for an equity commitment — × what the
  borrower drew, never the undrawn limit). Losses lower equity, which may cause solvency
  defaults in the same year (rounds until none is new), and a defaulter pays nothing in later
  years — second-round effects through the whole network.

**Facilities** (:func:`~capexloop.ledger.contracts.is_facility`: undrawn credit facilities and
"up to" funding commitments) have no schedule. Each year the clearing is run first without
draws; a borrower with a balance sheet that cannot pay its dues in full then draws its open
facilities (in ledger order, while the year is inside each facility's window, up to the limit
left) by its shortfall ``p̄_i − (e_i + inflow_i)``, and the year is cleared again with the draws
as dues of the lender (a use of the lender's cash: a thin lender can default on a draw). This
repeats while draws are added (at most ``_DRAW_ROUNDS`` times). A draw beyond the limit or
after the window is refused, and the default reason says so. Repaying drawn amounts at a
facility's maturity is not modelled (no facility in the embedded ledgers states one).

Scenarios are independent: each year's clearing steps and loss rounds run only on the
scenarios still moving or newly defaulting, and a scenario's outcome does not depend on the
others in its batch (tested).

Entities without a balance sheet pay their dues from outside the ledger (their default is
not assessed; see :mod:`.balance`). Contracts of a defaulted entity lapse.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Literal

import numpy as np

from .._results import ResultMixin
from ..errors import CapexloopError
from ..ledger.contracts import (
    DEFAULT_FACILITY_YEARS,
    DEFAULT_TERM_YEARS,
    REPAYMENT,
    Instrument,
    contract_book,
)
from ..ledger.model import DealKind, Layer, Ledger
from ..ledger.quantities import format_usd
from ..ledger.scope import Scope, apply_scope, as_scope
from .balance import BalanceSheets, balance_sheets
from .lossrates import LossRates

if TYPE_CHECKING:  # pandas is imported where tables are built, not on the Monte Carlo path
    import pandas as pd

__all__ = ["LOSS_TYPES", "Simulation", "SimulationInputs", "assumptions_line", "prepare",
           "simulate_years"]

GOODS, EQUITY, LOAN, STOCK, BACKSTOP, REPAY, FACILITY = range(7)
LOSS_TYPES = ("receivables", "loans", "equity", "contingent_value", "inventory",
              "stranded_capex", "purchase_obligations", "backstop_paid", "drawn_facility")
_DRAW_ROUNDS = 4   # clearing rounds with facility draws per year (draws stop sooner as a rule)
DEFAULT_TYPES = ("", "liquidity", "solvency")
_TAIL = 15   # years of schedule kept beyond the horizon (remaining contract value)


def _cls(kind: str, instrument: Instrument, facility: bool = False) -> int:
    if facility:
        return FACILITY
    if instrument == Instrument.stock:
        return STOCK
    if kind == REPAYMENT:
        return REPAY
    if kind in (DealKind.guarantee.value, DealKind.capacity_backstop.value):
        return BACKSTOP
    if kind == DealKind.equity.value:
        return EQUITY
    if kind in (DealKind.vendor_loan.value, "loan"):
        return LOAN
    return GOODS


@dataclass(frozen=True)
class SimulationInputs:
    """Arrays of one ledger, scope and horizon (contracts K, entities n, years T)."""

    ids: tuple[str, ...]
    layers: tuple[str, ...]
    years: tuple[int, ...]
    scope: str
    deal_ids: tuple[str, ...]
    obligor: np.ndarray      # (K,) int
    claimant: np.ndarray     # (K,) int
    cls: np.ndarray          # (K,) int
    conditional: np.ndarray  # (K,) bool
    low: np.ndarray          # (K,)
    high: np.ndarray         # (K,)
    gw: np.ndarray           # (K,) GW of amounts derived as GW × $/GW (NaN otherwise)
    weights: np.ndarray      # (K, T + _TAIL) payment weights from the first year on
    before: np.ndarray       # (K,) share paid before the first year
    rules: tuple[str, ...]
    balance: BalanceSheets
    rates: LossRates
    usd_per_gw: float
    usd_per_gw_source: str
    unknown_amount: tuple[str, ...]
    default_term: float
    window: np.ndarray       # (K, 2) first and last year index a facility can be drawn
    facility_equity: np.ndarray  # (K,) bool: facility is an equity commitment
    facility_years: int
    as_of: str | None = None  # the date the ledger was read as of (None: as filed)

    @property
    def n(self) -> int:
        return len(self.ids)

    @property
    def index(self) -> dict[str, int]:
        return {e: i for i, e in enumerate(self.ids)}

    def amounts(self) -> np.ndarray:
        """(K,) mid amounts."""
        return 0.5 * (self.low + self.high)

    def contracts(self, keep: np.ndarray) -> SimulationInputs:
        """The same inputs with only the contracts where ``keep`` (K,) is true."""
        ix = np.flatnonzero(keep)
        return replace(self, deal_ids=tuple(self.deal_ids[k] for k in ix),
                       rules=tuple(self.rules[k] for k in ix),
                       **{a: getattr(self, a)[ix] for a in (
                           "obligor", "claimant", "cls", "conditional", "low", "high", "gw",
                           "weights", "before", "window", "facility_equity")})

    def inert(self) -> np.ndarray:
        """(K,) contracts that cannot change any outcome but the per-entity cash table:
        both parties lack a balance sheet, so neither can default or lose (backstops, whose
        payouts follow other defaults, are never inert)."""
        m = self.balance.modelled
        return ~(m[self.obligor] | m[self.claimant]) & (self.cls != BACKSTOP)


def prepare(ledger: Ledger, *, rates: LossRates, scope: Scope | str = Scope.binding,
            start: int = 2025, horizon: int = 2030, assume: Mapping[str, float] | None = None,
            default_term: float = DEFAULT_TERM_YEARS,
            facility_years: int = DEFAULT_FACILITY_YEARS) -> SimulationInputs:
    """Contracts in ``scope``, balance sheets and loss ``rates`` (e.g.
    :func:`~.lossrates.default_loss_rates` of the telecom record) as arrays for
    ``start..horizon``; facilities without a maturity are drawable ``facility_years``."""
    if facility_years < 1:
        raise CapexloopError(f"facility years must be at least 1, got {facility_years}",
                             field="--facility-years")
    if horizon < start:
        raise CapexloopError(f"horizon {horizon} is before the first year {start}",
                             field="--horizon")
    scope = as_scope(scope)
    years = range(start, horizon + 1)
    led = apply_scope(ledger, scope)
    book = contract_book(led, first_year=start, default_term=default_term,
                         facility_years=facility_years)
    bs = balance_sheets(ledger, years, assume=assume)
    ix = bs.index
    cs = book.contracts
    ext = range(start, horizon + 1 + _TAIL)
    try:
        p = ledger.parameter("usd_per_gw_chips")
        per_gw, per_gw_src = p.value, "; ".join(p.sources)
    except KeyError:
        per_gw, per_gw_src = float("nan"), ""
    return SimulationInputs(
        ids=bs.ids, layers=bs.layers, years=tuple(years), scope=scope.value,
        deal_ids=tuple(c.deal_id for c in cs),
        obligor=np.array([ix[c.obligor] for c in cs], int),
        claimant=np.array([ix[c.claimant] for c in cs], int),
        cls=np.array([_cls(c.kind, c.instrument, c.facility) for c in cs], int),
        conditional=np.array([c.conditional for c in cs], bool),
        low=np.array([c.low for c in cs], float), high=np.array([c.high for c in cs], float),
        gw=np.array([c.capacity_gw if c.gw_derived else np.nan for c in cs], float),
        weights=book.weights(ext).reshape(len(cs), len(ext)),
        before=book.weight_before(start).reshape(len(cs)),
        rules=tuple(c.rule for c in cs), balance=bs, rates=rates,
        usd_per_gw=per_gw, usd_per_gw_source=per_gw_src, unknown_amount=book.unknown_amount,
        default_term=default_term,
        window=np.array([(c.window[0] - start, c.window[1] - start) if c.facility else (1, 0)
                         for c in cs], int).reshape(len(cs), 2),
        facility_equity=np.array([c.facility and c.kind == DealKind.equity.value for c in cs],
                                 bool),
        facility_years=facility_years,
        as_of=None if getattr(ledger, "as_of", None) is None else str(ledger.as_of))


# --------------------------------------------------------------------------- the kernel
def _scatter(idx: np.ndarray, s: int, n: int):
    """``f(values)`` summing ``values`` (r, K), r ≤ s, onto entities ``idx[k]``: (r, n).

    One ``bincount`` over a flat index built once (row j of any r-row batch maps to
    ``j·n + idx``, so the first r rows of the s-row index serve every subset)."""
    flat = (np.arange(s)[:, None] * n + idx[None, :]).ravel()
    K = idx.size

    def to_entity(values: np.ndarray) -> np.ndarray:
        r = values.shape[0]
        return np.bincount(flat[: r * K], weights=values.ravel(),
                           minlength=r * n).reshape(r, n)

    return to_entity


def _clear(due, o, c, e, pbar, modelled, alpha, beta, tol=1e-10, max_iter=10_000,
           to_c=None):
    """Clearing shares φ = p/p̄ (s, n) of the greatest clearing vector, batched, edge form.

    ``due`` (s, K) cash due on contract k from ``o[k]`` to ``c[k]``; ``e`` (s, n) external
    assets; ``pbar`` (s, n) total dues (contracts + external uses). Picard iteration from
    φ = 1 decreases monotonically to the greatest fixed point (Eisenberg & Noe 2001, Thm 1;
    Rogers & Veraart 2013, Thm 3.7); entities without a balance sheet pay in full. Scenarios
    are independent: each stops once its own step is within ``tol`` (most pay in full and stop
    after one step), so later steps only touch the scenarios still moving.
    """
    s, n = e.shape
    to_c = to_c or _scatter(c, s, n)
    phi = np.ones((s, n))
    live = modelled[None, :] & (pbar > 0)
    # first step from φ = 1, on all scenarios
    inflow = to_c(due)
    solvent = e + inflow >= pbar * (1 - 1e-12)
    safe = np.where(pbar > 0, pbar, 1.0)
    new = np.where(solvent | ~live, 1.0,
                   np.clip((alpha * e + beta * inflow) / safe, 0.0, 1.0))
    moving = np.flatnonzero(np.max(np.abs(new - 1.0), axis=1, initial=0.0) > tol)
    phi = new
    it = 1
    if moving.size:
        ph, du, ee, pb, sf, lv = (phi[moving], due[moving], e[moving], pbar[moving],
                                  safe[moving], live[moving])
        idx = np.arange(moving.size)
        for it in range(2, max_iter + 1):   # noqa: B007 - iteration count is reported
            inf = to_c(ph[:, o] * du)
            sol = ee + inf >= pb * (1 - 1e-12)
            nw = np.where(sol | ~lv, 1.0, np.clip((alpha * ee + beta * inf) / sf, 0.0, 1.0))
            step = np.max(np.abs(nw - ph), axis=1, initial=0.0)
            phi[moving[idx]] = nw
            keep = step > tol
            if not keep.any():
                break
            idx = idx[keep]
            ph, du, ee, pb, sf, lv = nw[keep], du[keep], ee[keep], pb[keep], sf[keep], lv[keep]
        converged = not keep.any()
        inflow[moving] = to_c(phi[moving][:, o] * due[moving])
    else:
        converged = True
    return phi, inflow, it, converged


def _fill_in_order(need, limit, group_start):
    """Draw ``need`` (s, F) of each facility's borrower from its facilities in order: facility
    ``j`` (grouped by borrower, ``group_start[j]`` the group's first column) gives
    ``clip(need − limits of the group's earlier facilities, 0, limit_j)``."""
    cum = np.cumsum(limit, axis=1)
    before = cum - limit - (cum[:, group_start] - limit[:, group_start])
    return np.clip(need - before, 0.0, limit)


@dataclass(frozen=True)
class _Draw:
    """One batch of scenario inputs."""

    amount: np.ndarray    # (s, K)
    shock: np.ndarray     # (s, n) revenue shortfall fraction (all horizon years)
    rates: dict[str, np.ndarray]   # each (s,)


def run_kernel(inp: SimulationInputs, draw: _Draw, *, alpha: float = 1.0, beta: float = 1.0,
               detail: bool = False) -> dict[str, np.ndarray]:
    """Simulate all years for a batch of scenarios; returns arrays (see :class:`Simulation`).

    Years run in turn (cash carries over); within a year every step is an array expression
    over scenarios × contracts, and the loss rounds touch only the scenarios with a new
    default. Without ``detail`` the :meth:`~SimulationInputs.inert` contracts are left out
    (the outputs are the same)."""
    if not detail:
        inert = inp.inert()
        if inert.any():
            inp = inp.contracts(~inert)
            draw = replace(draw, amount=draw.amount[:, ~inert])
    bs = inp.balance
    s, n, T = draw.amount.shape[0], inp.n, len(inp.years)
    o, c, cls = inp.obligor, inp.claimant, inp.cls
    to_o, to_c = _scatter(o, s, n), _scatter(c, s, n)
    A = draw.amount
    K = A.shape[1]
    W = inp.weights
    ext = W.shape[1]
    cum_after = np.cumsum(W, axis=1)                       # share paid by end of year t
    cash_cls = (cls == GOODS) | (cls == EQUITY) | (cls == LOAN) | (cls == REPAY)
    goods = cls == GOODS
    backstop = cls == BACKSTOP
    modelled = bs.modelled
    layer = np.array(inp.layers)
    is_cloud = layer[c] == Layer.cloud.value
    is_chip = np.isin(layer[c], (Layer.semiconductor.value, Layer.equipment_vendor.value))
    po = np.nan_to_num(bs.stocks["purchase_obligations"])
    # a seller stops shipping to a buyer that does not pay: it loses its receivables, i.e.
    # receivables-per-revenue of the year's dues where both are known, else the whole unpaid
    rec, rev0 = bs.stocks["receivables_net"], bs.revenue[:, 0]
    dso = np.where(np.isnan(rec) | (rev0 <= 0), np.inf, rec / np.where(rev0 > 0, rev0, 1.0))
    dso_c = dso[c]
    dso_known = np.isfinite(dso_c)
    dso_c = np.nan_to_num(dso_c, posinf=0.0)
    rev_known = np.maximum(bs.revenue, 1.0)
    cost_c = bs.cost_share[c]
    fixed = np.where(modelled[:, None], bs.fixed_uses, 0.0)       # (n, T)
    own_all = bs.margin[:, None] * bs.revenue                     # (n, T) before the shock
    life = draw.rates["asset_life"]                        # (s,)
    fl = np.floor(life).astype(int)
    alive = np.ones((s, n), bool)
    cash = np.tile(bs.cash, (s, 1))
    equity = np.tile(bs.equity, (s, 1))
    solvency_known = bs.equity_known & modelled
    # an entity that opens with a book deficit (e.g. preferred stock outside equity before an
    # IPO) fails on solvency only below that deficit, not for the deficit it started with
    floor = np.minimum(bs.equity, 0.0)[None, :]
    paid_cum = A * inp.before[None, :]                     # (s, K) cash paid to date
    bs_left = np.where(backstop, A, 0.0)                   # backstop capacity left
    bs_due = np.zeros_like(A)
    d_year = np.full((s, n), -1, np.int16)
    d_type = np.zeros((s, n), np.int8)
    # losses by scenario, exposure type and entity (and year); returned type-first
    losses = np.zeros((s, len(LOSS_TYPES), n, T)) if detail else np.zeros((s, len(LOSS_TYPES), n))
    out_t = {k: np.zeros((s, n, T)) for k in ("due", "paid", "sources", "cash_end")} \
        if detail else {}
    contract_loss = np.zeros((s, K)) if detail else None
    lost_revenue = np.zeros((s, n))
    max_iter, converged = 0, True
    # facilities, grouped by borrower (ledger order within a borrower)
    fac = cls == FACILITY
    f_ord = np.flatnonzero(fac)
    f_ord = f_ord[np.argsort(c[f_ord], kind="stable")]
    f_bor, f_len = c[f_ord], o[f_ord]
    to_f = _scatter(f_len, s, n)
    f_gs = np.maximum.accumulate(np.where(np.r_[True, f_bor[1:] != f_bor[:-1]],
                                          np.arange(f_ord.size), 0)) if f_ord.size else f_ord
    win = inp.window
    fac_left = np.where(fac[None, :], A, 0.0)              # (s, K) limit left
    fac_rate = np.where(inp.facility_equity[None, :], draw.rates["equity"][:, None],
                        draw.rates["loan"][:, None])
    if detail:
        out_t["drawn"] = np.zeros((s, K, T))
    # which loss type each contract can give its creditor, and to whom
    by_claimant = ("receivables", "inventory", "stranded_capex", "purchase_obligations",
                   "contingent_value")
    masks = {"inventory": is_chip, "stranded_capex": is_cloud,
             "purchase_obligations": is_chip & (po[c] > 0), "equity": cls == EQUITY,
             "loans": cls == LOAN, "drawn_facility": fac, "contingent_value": cls == STOCK,
             "backstop_paid": backstop}

    for t in range(T):
        act = alive[:, o] & alive[:, c]
        due = np.where(act & cash_cls[None, :], A * W[:, t], 0.0)
        due += np.where(act, bs_due, 0.0)
        own = own_all[:, t] * (1.0 - draw.shock)
        e = np.where(alive, cash + np.maximum(own, 0.0), 0.0)
        pbar = to_o(due) + to_c(due * np.where(goods, cost_c, 0.0)) + fixed[:, t]
        pbar = np.where(alive, pbar + np.maximum(-own, 0.0), 0.0)
        phi, inflow, it, ok = _clear(due, o, c, e, pbar, modelled, alpha, beta, to_c=to_c)
        max_iter, converged = max(max_iter, it), converged and ok
        if f_ord.size:
            # borrowers short of cash draw their open facilities, then the year is re-cleared
            open_k = (win[f_ord, 0] <= t) & (t <= win[f_ord, 1])
            # a lender that cannot pay its own dues in full funds no draw
            lim = np.where(open_k[None, :] & act[:, f_ord] & (phi[:, f_len] >= 1 - 1e-9),
                           fac_left[:, f_ord], 0.0)
            req = np.zeros_like(lim)
            for _ in range(_DRAW_ROUNDS):
                short = np.where(modelled[None, :] & alive,
                                 np.maximum(pbar - e - inflow, 0.0), 0.0)
                add = _fill_in_order(short[:, f_bor], lim - req, f_gs)
                rows = np.flatnonzero((add > 1.0).any(axis=1))
                if not rows.size:
                    break
                req[rows] += add[rows]
                due[rows[:, None], f_ord[None, :]] = req[rows]
                pbar[rows] += to_f(add[rows])
                ph, inf, it, ok = _clear(due[rows], o, c, e[rows], pbar[rows], modelled,
                                         alpha, beta, to_c=to_c)
                phi[rows], inflow[rows] = ph, inf
                max_iter, converged = max(max_iter, it), converged and ok
                # a lender that cannot pay in full is not asked again
                lim = np.where(phi[:, f_len] < 1 - 1e-9, req, lim)
        paid = phi[:, o] * due
        paid_cum += np.where(backstop, 0.0, paid)
        if f_ord.size:
            fac_left = np.maximum(fac_left - np.where(fac, paid, 0.0), 0.0)
            if detail:
                out_t["drawn"][:, :, t] = np.where(fac, paid, 0.0)
        bs_left = np.maximum(bs_left - np.where(backstop, paid, 0.0), 0.0)
        cash = np.where(alive, np.maximum(e + inflow - phi * pbar, 0.0), 0.0)
        if detail:
            out_t["due"][:, :, t] = pbar
            out_t["paid"][:, :, t] = phi * pbar
            out_t["sources"][:, :, t] = e + inflow
        liq = alive & modelled[None, :] & (pbar > 0) & (phi < 1 - 1e-9)
        d_year[liq], d_type[liq] = t, 1
        equity -= np.where(alive, own_all[:, t] * draw.shock, 0.0)
        # a shock alone can turn equity negative: solvency is assessed every year
        solv = alive & ~liq & solvency_known[None, :] & (equity < floor)
        d_year[solv], d_type[solv] = t, 2
        new = liq | solv
        bs_next = np.zeros_like(A)
        rows = np.flatnonzero(new.any(axis=1))
        if rows.size:
            # contract shares of this year and after, the same for every loss round
            nxt_w = W[:, t + 1] if t + 1 < ext else np.zeros(K)
            lost_w = np.maximum(1.0 - inp.before - cum_after[:, t], 0.0)
            vest_w = np.where(inp.conditional, np.minimum(inp.before + cum_after[:, t], 1.0), 1.0)
            unpaid0 = due[rows] - paid[rows]
        first_round = True
        while rows.size:
            r = rows.size
            sel = slice(None) if r == s else rows     # all scenarios: views, not copies
            nw, al, Ar = new[sel], alive[sel], A[sel]
            dob, dcl = nw[:, o], nw[:, c]
            seller_ok, lender_ok = al[:, c], al[:, o]
            g = goods & dob & seller_ok
            unpaid_now = unpaid0 if first_round else np.zeros((r, K))
            nxt = Ar * nxt_w
            rates = {k: v[sel][:, None] for k, v in draw.rates.items()}
            hi = np.minimum(t + fl[sel], ext - 1)
            nx = np.minimum(hi + 1, ext - 1)
            within = Ar * (cum_after[:, hi].T - cum_after[:, t]
                           + (life[sel] - fl[sel])[:, None]
                           * np.where((hi + 1 < ext)[:, None], W[:, nx].T, 0.0))
            lost_by_seller = to_c(np.where(g, unpaid_now + nxt, 0.0))
            pay = np.where(backstop & lender_ok & ~dob,
                           np.minimum(bs_left[sel], lost_by_seller[:, c]), 0.0)
            bs_left[sel] -= pay
            bs_next[sel] += pay
            vals = {
                # buyer (obligor) of goods defaults: seller loses
                "receivables": (np.minimum(unpaid_now, np.where(
                    dso_known, dso_c * due[sel], unpaid_now)), g),
                "inventory": (rates["inventory"] * (unpaid_now + nxt), g),
                "stranded_capex": (rates["stranded_capex"] * within, g),
                "purchase_obligations": (rates["purchase_obligations"] * po[c] * np.minimum(
                    (unpaid_now + nxt) / rev_known[c, t], 1.0), g),
                # investee / borrower (claimant) defaults: investor / lender (obligor) loses;
                # a facility's lender loses on what was drawn, never on the undrawn limit
                "equity": (rates["equity"] * paid_cum[sel], dcl & lender_ok),
                "loans": (rates["loan"] * paid_cum[sel], dcl & lender_ok),
                "drawn_facility": (fac_rate[sel] * paid_cum[sel], dcl & lender_ok),
                # stock issuer (obligor) defaults: holder (claimant) loses the vested value
                "contingent_value": (rates["contingent"] * Ar * vest_w, dob & seller_ok),
                # capacity backstops: the guarantor pays the beneficiary's lost receipts
                "backstop_paid": (pay, True),
            }
            booked = np.zeros((r, len(LOSS_TYPES), n))
            per_contract = np.zeros((r, K)) if detail else None
            for j, kind in enumerate(LOSS_TYPES):
                v, m = vals[kind]
                m = m & masks[kind] if kind in masks else m
                if not np.any(m):
                    continue
                v = np.where(m, v, 0.0)
                booked[:, j] = (to_c if kind in by_claimant else to_o)(v)
                if detail:
                    per_contract += v
            lossy = booked.sum(axis=1)
            if detail:
                losses[sel, :, :, t] += booked
                contract_loss[sel] += per_contract
            else:
                losses[sel] += booked
            lost_revenue[sel] += to_c(np.where(g, Ar * lost_w, 0.0))
            equity[sel] -= lossy
            al &= ~nw
            alive[sel] = al
            sv = al & solvency_known[None, :] & (equity[sel] < floor)
            d_year[sel] = np.where(sv, t, d_year[sel])
            d_type[sel] = np.where(sv, 2, d_type[sel])
            new[sel] = sv
            keep = sv.any(axis=1)
            rows, unpaid0 = rows[keep], unpaid0[keep]
            first_round = False
        bs_due = bs_next
        if detail:
            out_t["cash_end"][:, :, t] = cash
    out = {"default_year": d_year, "default_type": d_type, "losses": losses.swapaxes(0, 1),
           "lost_revenue": lost_revenue, "equity_end": equity,
           "iterations": np.array(max_iter), "converged": np.array(converged)}
    if detail:
        out.update(out_t)
        out["contract_loss"] = contract_loss
    return out


def point_draw(inp: SimulationInputs, shocks: Mapping[str, float] | None = None,
               which: Literal["low", "mid", "high"] = "mid") -> _Draw:
    """One scenario: amounts at ``which`` of their ranges, loss rates at their values."""
    x = np.zeros((1, inp.n))
    for k, v in (shocks or {}).items():
        if k not in inp.index:
            raise CapexloopError(f"shock names unknown entity {k!r}", field="--shock")
        if not 0.0 <= v <= 1.0:
            raise CapexloopError(f"shock for {k} must be a shortfall in [0, 1], got {v}",
                                 field="--shock")
        x[0, inp.index[k]] = v
    amt = {"low": inp.low, "mid": inp.amounts(), "high": inp.high}[which]
    gw_amt = np.where(np.isnan(inp.gw), amt, inp.gw * inp.usd_per_gw)
    rates = {k: np.array([getattr(inp.rates, k)]) for k in
             ("loan", "equity", "contingent", "inventory", "stranded_capex", "asset_life",
              "purchase_obligations")}
    return _Draw(gw_amt[None, :].copy(), x, rates)


# --------------------------------------------------------------------------- result
@dataclass(frozen=True)
class Simulation(ResultMixin):
    """One scenario's outcome per entity per year, the baseline gap, and every assumption."""

    inputs: SimulationInputs = field(repr=False)
    shocks: dict[str, float]
    clearing: str
    entity_years: pd.DataFrame      # entity, year, due, paid, shortfall, sources, cash_end
    defaults: pd.DataFrame          # entity, year, type, reason
    losses: pd.DataFrame            # creditor, debtor, deal, type, year, loss
    baseline_defaults: pd.DataFrame  # the same run without any shock
    converged: bool
    contract_losses: pd.DataFrame = field(default_factory=lambda: _pd().DataFrame())  # creditor, debtor,
    #                                                                     deal, loss

    @property
    def headline(self) -> str:
        """Scope, horizon and key assumptions in one line (:func:`assumptions_line`)."""
        return assumptions_line(self.inputs, self.clearing)

    def total_losses(self) -> pd.Series:
        if self.losses.empty:
            return _pd().Series(dtype=float)
        return self.losses.groupby("creditor")["loss"].sum().sort_values(ascending=False)

    def first_default_year(self) -> int | None:
        return None if self.defaults.empty else int(self.defaults["year"].min())

    def baseline_gap(self) -> str:
        if self.baseline_defaults.empty:
            return "The baseline (no shock) has no funding gap."
        parts = [f"{r.entity} in {r.year} ({r.type}: {r.reason})"
                 for r in self.baseline_defaults.itertuples()]
        return "The baseline already fails before any shock: " + "; ".join(parts) + "."

    def assumptions(self) -> list[str]:
        inp = self.inputs
        lines = [a.line() for a in inp.balance.assumptions]
        lines += [f"loss rate {x}" for x in inp.rates.lines()]
        lines += [f"schedule {d}: {r}" for d, r in zip(inp.deal_ids, inp.rules, strict=True)]
        if inp.unknown_amount:
            lines.append("left out (amount unknown): " + ", ".join(inp.unknown_amount))
        if not np.isnan(inp.usd_per_gw):
            lines.append(f"$/GW for GW-derived amounts: {format_usd(inp.usd_per_gw)} "
                         f"[{inp.usd_per_gw_source}]")
        return lines

    def to_dict(self) -> dict:
        def rec(df):
            return df.replace({np.nan: None}).to_dict(orient="records")

        return {"headline": self.headline, "scope": self.inputs.scope,
                "horizon": [self.inputs.years[0], self.inputs.years[-1]],
                "shocks": self.shocks, "clearing": self.clearing,
                "baseline": {"gap": self.baseline_gap(),
                             "defaults": rec(self.baseline_defaults)},
                "entity_years": rec(self.entity_years), "defaults": rec(self.defaults),
                "losses": rec(self.losses),
                "losses_by_contract": rec(self.contract_losses),
                "system": {"defaults": len(self.defaults),
                           "total_losses": float(self.losses["loss"].sum())
                           if not self.losses.empty else 0.0,
                           "first_default_year": self.first_default_year()},
                "assumptions": self.assumptions(), "converged": self.converged}

    def to_frame(self) -> pd.DataFrame:
        return self.entity_years

    def summary(self) -> str:
        shocks = ", ".join(f"{k} revenue −{v:.0%}" for k, v in self.shocks.items())
        lines = [f"Stress simulation — {self.headline}", f"Shocks: {shocks or 'none'}",
                 self.baseline_gap()]
        if self.defaults.empty:
            lines.append("No default over the horizon.")
        for r in self.defaults.itertuples():
            lines.append(f"DEFAULT {r.entity} {r.year} ({r.type}): {r.reason}")
        if not self.losses.empty:
            lines.append("Losses by counterparty and exposure type:")
            g = self.losses.groupby(["creditor", "type"])["loss"].sum()
            for (cr, ty), v in g.sort_values(ascending=False).items():
                if v > 0:
                    lines.append(f"  {cr:<14} {ty:<22}{format_usd(v):>10}")
            lines.append(f"System: {len(self.defaults)} default(s), total losses "
                         f"{format_usd(float(self.losses['loss'].sum()))}, first default "
                         f"{self.first_default_year()}")
        ey = self.entity_years
        act = ey[(ey.due > 0) & ey.entity.isin(
            [e for e, m in zip(self.inputs.ids, self.inputs.balance.modelled, strict=True) if m])]
        if not act.empty:
            lines.append("Per entity and year (entities with a balance sheet):")
            lines.append(f"  {'entity':<12}{'year':>6}{'due':>10}{'paid':>10}{'shortfall':>11}"
                         f"{'cash left':>11}")
            for r in act.itertuples():
                lines.append(f"  {r.entity:<12}{r.year:>6}{format_usd(r.due):>10}"
                             f"{format_usd(r.paid):>10}{format_usd(r.shortfall):>11}"
                             f"{format_usd(r.cash_end):>11}")
        lines.append("Assumptions:")
        lines += [f"  {a}" for a in self.assumptions()]
        return "\n".join(lines)


def _facility_note(inp: SimulationInputs, out: dict, amount: np.ndarray, i: int, t: int,
                   short: float) -> str:
    """What the borrower ``i``'s facilities gave in year ``t`` and why not more."""
    parts = []
    y0 = inp.years[0]
    for k in np.flatnonzero((inp.cls == FACILITY) & (inp.claimant == i)):
        deal, a, (w0, w1) = inp.deal_ids[k], float(amount[k]), inp.window[k]
        drawn, now = out["drawn"][0, k, : t + 1].sum(), out["drawn"][0, k, t]
        left = a - drawn
        lender = inp.ids[inp.obligor[k]]
        if t > w1:
            parts.append(f"facility {deal} expired after {y0 + w1} ({format_usd(left)} undrawn: "
                         "no draw)")
        elif t < w0:
            parts.append(f"facility {deal} opens only in {y0 + w0}")
        elif 0 <= out["default_year"][0, inp.obligor[k]] < t:
            parts.append(f"facility {deal} lapsed: lender {lender} defaulted")
        elif left <= max(1.0, 1e-9 * a):
            parts.append(f"facility {deal} fully drawn ({format_usd(now)} this year, limit "
                         f"{format_usd(a)}): a further draw of {format_usd(short)} refused "
                         "(beyond the limit)")
        else:
            parts.append(f"facility {deal} drew {format_usd(now)} this year; lender {lender} "
                         f"could not pay more ({format_usd(left)} undrawn)")
    return "; " + "; ".join(parts) if parts else ""


def assumptions_line(inp: SimulationInputs, clearing: str) -> str:
    """Scope, horizon and key assumptions of a stress run in one line — the one place that
    writes it for the command line (text and JSON), the report and the dashboard."""
    r = inp.rates
    as_of = f"; ledger as of {inp.as_of}" if inp.as_of else ""
    return (f"scope {inp.scope}, {inp.years[0]}–{inp.years[-1]}, {clearing}; "
            f"unscheduled contracts straight line over {inp.default_term:g} years; undrawn "
            f"facilities drawn on need, {inp.facility_years:g} years where no maturity is "
            f"stated; loss rates: loans {r.loan:.0%}, equity {r.equity:.0%} (drawn facilities "
            f"at their kind's rate), inventory {r.inventory:.0%} of lost revenue, stranded capex "
            f"{r.stranded_capex:.0%} over {r.asset_life:.1f}-year asset life; "
            f"{int((~inp.balance.modelled).sum())} of {inp.n} entities without a balance "
            f"sheet (default not assessed){as_of}")


def _reason(inp: SimulationInputs, out: dict, i: int, t: int, kind: int,
            draw: _Draw) -> str:
    due, paid, src = (out[k][0, i, t] for k in ("due", "paid", "sources"))
    if kind == 1:
        return (f"due {format_usd(due)} exceeds sources {format_usd(src)} "
                f"(paid {format_usd(paid)}, shortfall {format_usd(due - paid)})"
                + _facility_note(inp, out, draw.amount[0], i, t, due - paid))
    lost = out["losses"][:, 0, i, : t + 1].sum()
    bs = inp.balance
    shortfall = float(bs.margin[i] * bs.revenue[i, : t + 1].sum() * draw.shock[0, i])
    cut = (f" and cash margin lost to the revenue shortfall {format_usd(shortfall)}"
           if shortfall > 0 else "")
    below = "is negative" if bs.equity[i] >= 0 else "is below the opening deficit"
    return (f"equity {format_usd(float(bs.equity[i]))} less losses "
            f"{format_usd(float(lost))}{cut} {below} "
            f"({format_usd(float(out['equity_end'][0, i]))} at the end)")


def _pd():
    import pandas as pd

    return pd


def _tables(inp: SimulationInputs, out: dict, draw: _Draw):
    pd = _pd()
    rows = []
    got = np.zeros((inp.n, len(inp.years)))
    np.add.at(got, inp.claimant, out["drawn"][0])
    for i, e in enumerate(inp.ids):
        for t, y in enumerate(inp.years):
            rows.append({"entity": e, "year": y, "due": out["due"][0, i, t],
                         "paid": out["paid"][0, i, t],
                         "shortfall": out["due"][0, i, t] - out["paid"][0, i, t],
                         "sources": out["sources"][0, i, t], "cash_end": out["cash_end"][0, i, t],
                         "facility_drawn": got[i, t],
                         **{k: out["losses"][j, 0, i, t] for j, k in enumerate(LOSS_TYPES)}})
    ey = pd.DataFrame(rows)
    drows = []
    for i in np.flatnonzero(out["default_year"][0] >= 0):
        t, k = int(out["default_year"][0, i]), int(out["default_type"][0, i])
        drows.append({"entity": inp.ids[i], "year": inp.years[t], "type": DEFAULT_TYPES[k],
                      "reason": _reason(inp, out, i, t, k, draw)})
    defaults = pd.DataFrame(drows, columns=["entity", "year", "type", "reason"])
    lrows = []
    cl = out["contract_loss"][0]
    for k in np.flatnonzero(cl > 0):
        cls = inp.cls[k]
        lent = cls in (EQUITY, LOAN, BACKSTOP, FACILITY)
        creditor = inp.obligor[k] if lent else inp.claimant[k]
        debtor = inp.claimant[k] if lent else inp.obligor[k]
        lrows.append({"creditor": inp.ids[creditor], "debtor": inp.ids[debtor],
                      "deal": inp.deal_ids[k], "loss": cl[k]})
    losses = pd.DataFrame(lrows, columns=["creditor", "debtor", "deal", "loss"])
    # exposure type per creditor comes from the entity-level books
    typed = []
    for j, ty in enumerate(LOSS_TYPES):
        for i, t in zip(*np.nonzero(out["losses"][j, 0]), strict=True):
            typed.append({"creditor": inp.ids[i], "type": ty, "year": inp.years[t],
                          "loss": out["losses"][j, 0, i, t]})
    by_type = pd.DataFrame(typed, columns=["creditor", "type", "year", "loss"])
    if not by_type.empty and not losses.empty:
        deb = losses.groupby("creditor")["debtor"].agg(lambda s: ", ".join(sorted(set(s))))
        by_type["debtor"] = by_type["creditor"].map(deb).fillna("")
    elif not by_type.empty:
        by_type["debtor"] = ""
    return ey, defaults, by_type, losses


def simulate_years(ledger: Ledger, *, shocks: Mapping[str, float] | None = None,
                   scope: Scope | str = Scope.binding, start: int = 2025, horizon: int = 2030,
                   rates: LossRates | None = None, assume: Mapping[str, float] | None = None,
                   clearing: Literal["en", "rv"] = "en", alpha: float = 1.0, beta: float = 1.0,
                   default_term: float = DEFAULT_TERM_YEARS,
                   inputs: SimulationInputs | None = None) -> Simulation:
    """Simulate ``start..horizon`` under revenue ``shocks`` (``{'openai': 0.4}``: −40%).

    The baseline (no shock) is run first; its defaults are the funding gap named before any
    shock. ``clearing="rv"`` uses Rogers–Veraart default costs ``alpha``, ``beta``. Loss
    ``rates`` are required unless prepared ``inputs`` (which hold them) are given.
    """
    if inputs is None and rates is None:
        raise TypeError("simulate_years needs loss rates (rates=...) or prepared inputs")
    inp = inputs or prepare(ledger, scope=scope, start=start, horizon=horizon, rates=rates,
                            assume=assume, default_term=default_term)
    if clearing == "en":
        alpha = beta = 1.0
    elif clearing != "rv":
        raise CapexloopError(f"unknown clearing {clearing!r} (en, rv)", field="--clearing")
    label = ("Eisenberg–Noe clearing" if clearing == "en"
             else f"Rogers–Veraart clearing (α={alpha:g}, β={beta:g})")
    base_draw = point_draw(inp, {})
    base = run_kernel(inp, base_draw, alpha=alpha, beta=beta, detail=True)
    _, base_def, _, _ = _tables(inp, base, base_draw)
    draw = point_draw(inp, shocks or {})
    out = run_kernel(inp, draw, alpha=alpha, beta=beta, detail=True)
    ey, defaults, by_type, per_deal = _tables(inp, out, draw)
    if not by_type.empty:
        by_type = by_type.merge(per_deal.groupby("creditor")["deal"].agg(
            lambda s: ", ".join(sorted(set(s)))), on="creditor", how="left")
    return Simulation(inp, dict(shocks or {}), label, ey, defaults, by_type, base_def,
                      bool(out["converged"]), per_deal)


def entity_ids(inp: SimulationInputs, layer: str) -> Sequence[str]:
    return [e for e, lay in zip(inp.ids, inp.layers, strict=True) if lay == layer]
