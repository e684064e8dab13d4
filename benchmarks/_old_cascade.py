"""The replaced one-year commitment-shortfall cascade, kept only as the timing baseline of
``stress_years_bench.py`` (the library's stress model is :mod:`capexloop.stress.simulation`).

Commitment-shortfall cascade: lab revenue shock → unpaid commitments → vendor write-downs.

One year of the ledger is cleared as an Eisenberg–Noe system:

* obligations ``O[i, j]`` — what ``i`` must pay ``j`` this year: goods/services deals (cloud
  contracts, chip orders) and vendor-loan repayments (borrower → lender), each the deal's
  schedule entry for the year or its amount spread evenly over ``term_years``;
* resources ``e_i`` — revenue from outside the ledger plus financing received this year
  (equity, warrants, vendor loans, spread over the term). With ``baseline="plan"`` (default)
  revenue is what the entity's plan needs to meet its obligations, at least its latest
  ``revenue`` observation: the labs' commitments assume revenue grows into them, and a shock is
  a shortfall against that plan. With ``baseline="observed"`` revenue is the latest
  observation, which shows the structural gap before any shock. An entity without a revenue
  observation is assumed able to pay ``coverage`` × its obligations from its own means;
* a shock cuts lab ``i``'s revenue by the fraction ``x_i``; the clearing vector
  ``p = min(p̄, max(0, e + Πᵀp))`` says who cannot pay whom.

Capacity backstops then pay their beneficiary's lost revenue (up to the backstop) and the
system is cleared again. Vendors' losses, with rates ``params`` from :func:`lucent_parameters`
of the telecom ledger (``telecom2000``), passed by the caller:
lost revenue (unpaid receipts), inventory reserves (rate × goods revenue lost), vendor-loan
write-downs (allowance × loan × borrower's unpaid share), receivable allowances (rate ×
receivables from defaulted customers), equity/warrant write-downs (stake × the investee's
relative distress ``h = max(shock, unpaid share)``) and backstop payments.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import scipy.sparse as sp

from capexloop.errors import CapexloopError
from capexloop.ledger.model import DealKind, Layer, Ledger
from capexloop.ledger.quantities import format_usd
from capexloop.stress.calibration import LossParameters
from capexloop.stress.clearing import eisenberg_noe

__all__ = ["CascadeNetwork", "CascadeOutcome", "build_network", "parse_shocks", "run_cascade"]

LOSS_COLUMNS = ("inventory_reserve", "loan_writedown", "receivable_allowance",
                "equity_writedown", "backstop_paid")


@dataclass(frozen=True)
class CascadeNetwork:
    """Arrays of one cleared year (USD per year; stakes and loans are stocks)."""

    ids: tuple[str, ...]
    layers: tuple[str, ...]
    goods: np.ndarray        # (n, n) goods obligations i → j
    loans_due: np.ndarray    # (n, n) loan repayments borrower i → lender j
    loans: np.ndarray        # (n, n) loan principal lender i → borrower j
    stakes: np.ndarray       # (n, n) equity/warrant value held by i in j
    backstops: np.ndarray    # (n, n) annual backstop guarantor i → beneficiary j
    revenue: np.ndarray      # (n,) external revenue (NaN where unknown)
    resources: np.ndarray    # (n,) external resources before the shock
    term_years: float
    year: int | None

    @property
    def index(self) -> dict[str, int]:
        return {e: i for i, e in enumerate(self.ids)}

    @property
    def obligations(self) -> np.ndarray:
        return self.goods + self.loans_due


def build_network(ledger: Ledger, *, year: int | None = None, term_years: float = 5.0,
                  coverage: float = 1.0, amount: str = "mid",
                  baseline: str = "plan") -> CascadeNetwork:
    """Turn a ledger into the arrays of :class:`CascadeNetwork`."""
    if term_years <= 0:
        raise CapexloopError("term_years must be positive", field="term_years")
    ids = tuple(e.id for e in ledger.entities)
    ix = {e: i for i, e in enumerate(ids)}
    n = len(ids)
    goods, loans_due, loans, stakes, back, fin_in = (np.zeros((n, n)) for _ in range(6))
    for d in ledger.active_deals():
        if d.amount_usd is None:
            continue
        total = d.amount_usd.pick(amount)
        sched = dict(d.schedule)
        annual = sched.get(year, 0.0) if (sched and year is not None) else total / term_years
        a, b = ix[d.payer], ix[d.payee]
        if d.kind == DealKind.vendor_loan:
            loans[a, b] += total
            loans_due[b, a] += annual
            fin_in[a, b] += annual
        elif d.kind in (DealKind.equity, DealKind.warrant):
            stakes[a, b] += total
            fin_in[a, b] += annual
        elif d.kind in (DealKind.guarantee, DealKind.capacity_backstop):
            back[a, b] += annual
        else:
            goods[a, b] += annual
    revenue = np.full(n, np.nan)
    for i, e in enumerate(ids):
        obs = ledger.series(e, "revenue")
        if obs:
            revenue[i] = obs[-1].value.mid
    if baseline not in ("plan", "observed"):
        raise CapexloopError("baseline must be plan or observed", field="baseline")
    own = (goods + loans_due).sum(axis=1)
    financing = fin_in.sum(axis=0)   # equity, warrants and vendor loans received this year
    if baseline == "plan":
        revenue = np.where(np.isnan(revenue), np.nan, np.maximum(revenue, own - financing))
    base = np.where(np.isnan(revenue), coverage * own, revenue)
    resources = base + financing
    layers = tuple(e.layer.value for e in ledger.entities)
    return CascadeNetwork(ids, layers, goods, loans_due, loans, stakes, back, revenue, resources,
                          term_years, year)


@dataclass(frozen=True)
class CascadeOutcome:
    """Losses per scenario and entity (USD), defaults, and the clearing behind them."""

    ids: tuple[str, ...]
    shock: np.ndarray            # (s, n) revenue shortfall fractions
    defaulted: np.ndarray        # (s, n)
    unpaid_share: np.ndarray     # (s, n) 1 − p/p̄
    lost_revenue: np.ndarray     # (s, n)
    losses: dict[str, np.ndarray]
    parameters: LossParameters

    @property
    def writedowns(self) -> np.ndarray:
        return sum(self.losses[k] for k in LOSS_COLUMNS)

    def to_frame(self, scenario: int = 0) -> pd.DataFrame:
        df = pd.DataFrame({"entity": self.ids, "shock": self.shock[scenario],
                           "defaulted": self.defaulted[scenario],
                           "unpaid_share": self.unpaid_share[scenario],
                           "lost_revenue": self.lost_revenue[scenario],
                           **{k: v[scenario] for k, v in self.losses.items()},
                           "writedowns": self.writedowns[scenario]})
        keep = (df.lost_revenue > 0) | (df.writedowns > 0) | df.defaulted | (df.shock > 0)
        return df[keep].sort_values("writedowns", ascending=False, kind="stable")

    def summary(self, scenario: int = 0) -> str:
        df = self.to_frame(scenario)
        lines = [f"{'entity':<14}{'default':>8}{'lost revenue':>14}{'write-downs':>13}"]
        for r in df.itertuples():
            lines.append(f"{r.entity:<14}{'yes' if r.defaulted else '':>8}"
                         f"{format_usd(r.lost_revenue):>14}{format_usd(r.writedowns):>13}")
        return "\n".join(lines)

    __str__ = summary


def parse_shocks(net: CascadeNetwork, shocks: dict[str, float]) -> np.ndarray:
    """``{'openai': 0.4}`` (revenue falls 40%) → an (n,) vector of shortfall fractions."""
    x = np.zeros(len(net.ids))
    for name, v in shocks.items():
        if name not in net.index:
            raise CapexloopError(f"shock names unknown entity {name!r}", field="shock")
        if not 0 <= v <= 1:
            raise CapexloopError(f"shock for {name} must be a shortfall between 0 and 1 "
                                 f"(e.g. -0.4 for a 40% fall), got {v}", field="shock")
        x[net.index[name]] = v
    return x


def _clear(net: CascadeNetwork, e: np.ndarray):
    owed = sp.csr_matrix(net.obligations)
    res = eisenberg_noe(owed, np.maximum(e, 0.0), method="iterate", tol=1e-9,
                        max_iter=10 * len(net.ids) + 100)
    pbar = res.pbar
    share = np.divide(res.payments, pbar, out=np.ones_like(res.payments), where=pbar > 0)
    return res, share


def run_cascade(net: CascadeNetwork, shock: np.ndarray,
                params: LossParameters) -> CascadeOutcome:
    """Clear the network under revenue shocks ``shock`` (n,) or (s, n) and value the losses."""
    X = np.atleast_2d(np.asarray(shock, float))
    if X.shape[1] != len(net.ids):
        raise CapexloopError(f"shock must have {len(net.ids)} columns", field="shock")
    rev = np.nan_to_num(net.revenue)
    e = net.resources[None, :] - X * rev[None, :]
    res, paid_share = _clear(net, e)
    unpaid_goods = (1 - paid_share) @ net.goods          # (s, n): receipts each seller lost
    # capacity backstops cover the beneficiary's lost goods revenue, up to the backstop
    backstop_paid = np.zeros_like(e)
    gi, bj = np.nonzero(net.backstops)
    if gi.size:
        cover = np.minimum(net.backstops[gi, bj][None, :], unpaid_goods[:, bj])   # (s, k)
        received = np.zeros_like(e)
        for k in range(gi.size):   # loop over backstop contracts (a handful), not nodes
            backstop_paid[:, gi[k]] += cover[:, k]
            received[:, bj[k]] += cover[:, k]
        e = e + received - backstop_paid
        res, paid_share = _clear(net, e)
        unpaid_goods = (1 - paid_share) @ net.goods
    unpaid = 1 - paid_share
    lost_loans = unpaid @ net.loans_due
    defaulted = res.defaulted
    h = np.maximum(X, unpaid)
    receivables = params.receivables_to_revenue * (defaulted.astype(float) @ net.goods)
    losses = {
        "inventory_reserve": params.inventory_reserve * unpaid_goods,
        "loan_writedown": params.loan_allowance * (unpaid @ net.loans.T),
        "receivable_allowance": params.receivable_allowance * receivables,
        "equity_writedown": h @ net.stakes.T,
        "backstop_paid": backstop_paid,
    }
    return CascadeOutcome(net.ids, X, defaulted, unpaid, unpaid_goods + lost_loans, losses,
                          params)


def model_providers(net: CascadeNetwork) -> list[str]:
    return [i for i, lay in zip(net.ids, net.layers, strict=True) if lay == Layer.model_provider]


# ----------------------------------------------------------------- the old Monte Carlo
from collections import Counter  # noqa: E402
from dataclasses import field  # noqa: E402
from typing import Literal  # noqa: E402

from capexloop.stress.scenarios import ShockSpec, draw_shortfalls, run_chunks  # noqa: E402


def _chunk(net: CascadeNetwork, spec: ShockSpec, params: LossParameters, size: int,
           seed_seq: np.random.SeedSequence) -> dict:
    cols = np.array([net.index[k] for k in spec.mean], dtype=int)
    X = draw_shortfalls(spec, cols, len(net.ids), size, np.random.default_rng(seed_seq))
    out = run_cascade(net, X, params)
    return {"shock": X, "writedowns": out.writedowns, "lost_revenue": out.lost_revenue,
            "defaulted": out.defaulted}


@dataclass(frozen=True)
class MonteCarloResult:
    """Loss distributions (s, n) per entity and their summaries."""

    ids: tuple[str, ...]
    shock: np.ndarray
    writedowns: np.ndarray
    lost_revenue: np.ndarray
    defaulted: np.ndarray
    seed: int
    backend: str
    spec: ShockSpec = field(repr=False)

    def default_probability(self) -> pd.Series:
        return pd.Series(self.defaulted.mean(axis=0), index=self.ids)

    def var(self, level: float = 0.99) -> pd.Series:
        return pd.Series(np.quantile(self.writedowns, level, axis=0, method="higher"),
                         index=self.ids)

    def expected_shortfall(self, level: float = 0.99) -> pd.Series:
        q = np.quantile(self.writedowns, level, axis=0, method="higher")
        tail = np.where(self.writedowns >= q, self.writedowns, np.nan)
        return pd.Series(np.nanmean(tail, axis=0), index=self.ids)

    def default_chains(self, top: int = 5) -> list[tuple[tuple[str, ...], float]]:
        """Most frequent sets of defaulting entities with their probability."""
        keys = [tuple(str(x) for x in np.array(self.ids)[row]) for row in self.defaulted if row.any()]
        s = len(self.defaulted)
        return [(k, c / s) for k, c in Counter(keys).most_common(top)]

    def to_frame(self) -> pd.DataFrame:
        df = pd.DataFrame({"mean_writedowns": self.writedowns.mean(axis=0),
                           "var95": self.var(0.95), "var99": self.var(0.99),
                           "es99": self.expected_shortfall(0.99),
                           "mean_lost_revenue": self.lost_revenue.mean(axis=0),
                           "default_probability": self.default_probability()})
        df.index.name = "entity"
        return df[(df.mean_writedowns > 0) | (df.default_probability > 0)].sort_values(
            "mean_writedowns", ascending=False)


def simulate(net: CascadeNetwork, spec: ShockSpec | None = None, *, params: LossParameters,
             n_scenarios: int = 10_000, seed: int = 0, chunk_size: int = 1_000,
             backend: Literal["numpy", "dask"] = "numpy", scheduler: str | None = None,
             progress: bool = False) -> MonteCarloResult:
    """Run ``n_scenarios`` shortfall scenarios through :func:`run_cascade`.

    ``backend="dask"`` sends the same chunks to dask.distributed (a LocalCluster, or the
    scheduler at ``scheduler``); results are identical to the numpy backend for the same seed.
    """
    if n_scenarios < 1 or chunk_size < 1:
        raise CapexloopError("n_scenarios and chunk_size must be positive", field="scenarios")
    spec = spec or ShockSpec({k: 0.3 for k in model_providers(net)})
    for k in spec.mean:
        if k not in net.index:
            raise CapexloopError(f"shock names unknown entity {k!r}", field="shock")
    parts = run_chunks(_chunk, (net, spec, params), n_scenarios=n_scenarios,
                       chunk_size=chunk_size, seed=seed, backend=backend,
                       scheduler=scheduler, progress=progress)
    cat = {k: np.concatenate([p[k] for p in parts]) for k in parts[0]}
    return MonteCarloResult(net.ids, cat["shock"], cat["writedowns"], cat["lost_revenue"],
                            cat["defaulted"], seed, backend, spec)


