"""Balance sheets per entity and year, read from ledger observations; gaps become assumptions.

Items (metric names of the ledger's vocabulary): ``cash_and_securities``, ``total_debt``,
``lease_liabilities``, ``equity``, ``revenue``, ``operating_cash_flow``, ``capex``, ``rpo``,
``purchase_obligations``, ``receivables_net``, ``inventory``. Stocks are the latest value
dated before the first simulated year; revenue is a path over the horizon.

Rules (each use is listed in :attr:`BalanceSheets.assumptions`, with its value and source):

* **revenue path** — reported revenue before the horizon and stated plans or projections
  (basis ``projected``/``stated``) at any date, log-linearly interpolated, held flat beyond the
  last point. Quarterly or part-year flows are annualised. A lab's plan may give only its
  operating loss and the loss-to-revenue ratio (seed A2): revenue = loss / ratio.
* **cash margin** — the share of revenue left after costs outside the ledger: operating cash
  flow / revenue where both are observed; for model providers ``1 − s·(1 + loss ratio)`` where
  ``s`` is the non-compute share of spending (seed E1: compute is above 70%, so s = 0.3) and the
  loss ratio is from the lab's plan (seed A2), else 0 (assumed: no free cash from operations);
  for clouds and chip makers the ledger's EBITDA margins (seed F3) — the same rate is the cost
  share ``1 − margin`` of delivering ledger contracts.
* **debt service** — principal over ``debt_maturity_years`` plus ``interest_rate`` × debt;
  **lease payments** — lease liabilities over ``lease_years`` (stated assumptions).
* an entity with neither revenue nor cash in the ledger has **no balance sheet**: it pays what
  it owes from outside the ledger, its default is *not assessed*, and this is printed. An
  entity with a balance sheet but no cash observation starts with cash 0 (printed); without an
  equity observation its solvency is not assessed (printed).

Any item can be set with ``assume={'openai.cash_and_securities': 30e9}``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from .._results import ResultMixin
from ..errors import CapexloopError
from ..ledger.asof import trailing_year
from ..ledger.model import Layer, Ledger, Observation
from ..ledger.quantities import format_usd

if TYPE_CHECKING:  # pandas is imported where a table is built
    import pandas as pd

__all__ = ["ITEMS", "Assumption", "BalanceSheets", "balance_sheets"]

STOCKS = ("cash_and_securities", "total_debt", "lease_liabilities", "equity", "rpo",
          "purchase_obligations", "receivables_net", "inventory")
FLOWS = ("revenue", "operating_cash_flow", "capex")
ITEMS = STOCKS + FLOWS
#: Stated defaults (overridable with ``assume``): used only where the ledger has no figure.
DEFAULTS = {"debt_maturity_years": (7.0, "assumption: average debt maturity"),
            "interest_rate": (0.05, "assumption: interest on debt"),
            "lease_years": (10.0, "assumption: remaining lease term"),
            "non_compute_share": (0.30, "seed:E1 (compute above 70% of labs' spending)")}


@dataclass(frozen=True)
class Assumption:
    entity: str
    item: str
    value: float | str
    rule: str
    source: str

    def line(self) -> str:
        v = (format_usd(self.value) if isinstance(self.value, float) and abs(self.value) >= 1e5
             else f"{self.value:.3g}" if isinstance(self.value, float) else str(self.value))
        return f"{self.entity}.{self.item} = {v}: {self.rule} [{self.source}]"


@dataclass(frozen=True)
class BalanceSheets(ResultMixin):
    """Arrays per entity (n,) and per entity and year (n, T), in USD."""

    ids: tuple[str, ...]
    layers: tuple[str, ...]
    years: tuple[int, ...]
    modelled: np.ndarray        # (n,) bool: has a balance sheet, default assessed
    equity_known: np.ndarray    # (n,) bool: solvency assessed
    cash: np.ndarray            # (n,) opening cash and securities
    equity: np.ndarray          # (n,) opening book equity (0 where unknown)
    revenue: np.ndarray         # (n, T) baseline revenue path
    margin: np.ndarray          # (n,) cash margin on own revenue
    cost_share: np.ndarray      # (n,) cost of delivering ledger goods per $ of receipts
    fixed_uses: np.ndarray      # (n, T) debt service + lease payments
    stocks: dict[str, np.ndarray] = field(repr=False)   # (n,) each (NaN = unknown)
    assumptions: tuple[Assumption, ...] = ()
    inputs: tuple[Observation, ...] = field(default=(), repr=False)

    @property
    def index(self) -> dict[str, int]:
        return {e: i for i, e in enumerate(self.ids)}

    def to_frame(self) -> pd.DataFrame:
        rows = []
        for i, e in enumerate(self.ids):
            if not self.modelled[i]:
                continue
            for t, y in enumerate(self.years):
                rows.append({"entity": e, "year": y, "revenue": self.revenue[i, t],
                             "cash_margin": self.margin[i], "fixed_uses": self.fixed_uses[i, t],
                             "opening_cash": self.cash[i] if t == 0 else np.nan,
                             "equity": self.equity[i] if self.equity_known[i] else np.nan})
        import pandas as pd

        return pd.DataFrame(rows)

    def to_dict(self) -> dict:
        return {"years": list(self.years),
                "entities": self.to_frame().replace({np.nan: None}).to_dict(orient="records"),
                "assumptions": [a.__dict__ for a in self.assumptions]}

    def summary(self) -> str:
        lines = [f"Balance sheets {self.years[0]}–{self.years[-1]} (USD):"]
        for i, e in enumerate(self.ids):
            if not self.modelled[i]:
                continue
            rev = ", ".join(f"{y}: {format_usd(v)}" for y, v in zip(self.years, self.revenue[i],
                                                                 strict=True))
            lines.append(f"  {e}: cash {format_usd(self.cash[i])}, equity "
                         + (format_usd(self.equity[i]) if self.equity_known[i] else "unknown")
                         + f", cash margin {self.margin[i]:.2f}; revenue {rev}")
        lines.append("Assumptions:")
        lines += [f"  {a.line()}" for a in self.assumptions]
        return "\n".join(lines)


def _year(o: Observation) -> int:
    """The calendar year a record stands for: a flow's by the middle of its span (a fiscal
    year to January 2024 is 2023), a point's by its date."""
    if o.date.start and o.date.end:
        return (o.date.start + (o.date.end - o.date.start) / 2).year
    d = o.date.end or o.date.start
    return d.year


def _span_days(o: Observation) -> int:
    return (o.date.end - o.date.start).days + 1 if o.date.start and o.date.end else 0


def _annual(o: Observation) -> float:
    """A flow over a span shorter than a year, scaled to a year (run rate)."""
    days = _span_days(o)
    return o.value.mid * 365.0 / days if 0 < days < 300 else o.value.mid


def _by_year(obs: Iterable[Observation]) -> dict[int, tuple[float, str, tuple[Observation, ...]]]:
    """One yearly flow per calendar year (:func:`_year`): ``(value, how, observations)``.

    A span of a year or more as filed (a fiscal year beats its quarters); else the trailing
    twelve months to the year's last quarter (:func:`~capexloop.ledger.asof.trailing_year`:
    four contiguous quarters); else the year's latest part-year flow scaled to a year."""
    obs = list(obs)
    groups: dict[int, list[Observation]] = {}
    for o in obs:
        groups.setdefault(_year(o), []).append(o)
    out: dict[int, tuple[float, str, tuple[Observation, ...]]] = {}
    for y, grp in groups.items():
        best = max(reversed(grp), key=_span_days)      # the later record of equal spans
        if _span_days(best) >= 300 or best.date.start is None:
            out[y] = (best.value.mid, str(best.date), (best,))
            continue
        ttm = trailing_year(obs, best.date.end)
        if not math.isnan(ttm.value):
            out[y] = (ttm.value, ttm.note, ttm.parts)
        else:
            out[y] = (_annual(best), f"{best.date} scaled to a year", (best,))
    return out


def _margin_pair(ocf: list[Observation], revenue: list[Observation]
                 ) -> tuple[Observation, float, str, tuple[Observation, ...]] | None:
    """The latest operating cash flow with revenue over exactly its months: ``(cash flow,
    revenue, how, revenue observations)``; revenue of the same span as filed, or for a cash
    flow of a year, the trailing twelve months to its end (four contiguous quarters), else a
    year's revenue ending in the same calendar year (a record labelled by its fiscal year)."""
    same = {(o.date.start, o.date.end): o for o in revenue}
    for c in sorted(ocf, key=lambda o: (o.date.end, _span_days(o)), reverse=True):
        r = same.get((c.date.start, c.date.end))
        if r is not None and r.value.mid > 0:
            return c, r.value.mid, "same period as filed", (r,)
        if _span_days(c) >= 300:
            ttm = trailing_year(revenue, c.date.end)
            if ttm.value > 0:
                return c, ttm.value, ttm.note, ttm.parts
            year = [r for r in revenue if _span_days(r) >= 300 and _year(r) == _year(c)]
            if year and year[-1].value.mid > 0:      # a year labelled by its fiscal year
                return c, year[-1].value.mid, f"revenue of the year {year[-1].date}", (year[-1],)
    return None


def _before(o: Observation, first_year: int) -> bool:
    end = o.date.end or o.date.start
    return end is not None and end.year < first_year


def _revenue_points(led: Ledger, e: str, first_year: int,
                    notes: list[Assumption]) -> dict[int, float]:
    pts = {y: v for y, (v, _, _) in _by_year(
        o for o in led.series(e, "revenue") if o.unit == "USD"
        and (_before(o, first_year) or o.basis in ("projected", "stated"))).items()}
    ratio = {_year(o): o for o in led.series(e, "operating_loss_to_revenue")}
    for o in led.series(e, "operating_loss"):
        y = _year(o)
        if y not in pts and y in ratio and ratio[y].value.mid > 0 and (
                o.basis in ("projected", "stated") or _before(o, first_year)):
            pts[y] = o.value.mid / ratio[y].value.mid
            notes.append(Assumption(e, f"revenue_{y}", pts[y],
                                    "operating loss / loss-to-revenue ratio of the plan",
                                    "; ".join(sorted({*o.sources, *ratio[y].sources}))))
    return pts


def _path(points: dict[int, float], years: range) -> np.ndarray:
    ys = sorted(points)
    xs = np.array(ys, float)
    v = np.log(np.maximum(np.array([points[y] for y in ys]), 1.0))
    return np.exp(np.interp(np.array(list(years), float), xs, v))


def _stock(led: Ledger, e: str, metric: str, first_year: int) -> tuple[float, Observation | None]:
    obs = [o for o in led.series(e, metric) if _before(o, first_year) and o.unit == "USD"]
    if not obs:
        return math.nan, None
    return obs[-1].value.mid, obs[-1]


def _parameter(led: Ledger, pid: str) -> tuple[float | None, str]:
    try:
        p = led.parameter(pid)
    except KeyError:
        return None, ""
    return p.value, "; ".join(p.sources)


def balance_sheets(ledger: Ledger, years: range, *,
                   assume: Mapping[str, float] | None = None) -> BalanceSheets:
    """Balance sheets of every entity of ``ledger`` over ``years`` (see the module rules)."""
    assume = dict(assume or {})
    ids = tuple(e.id for e in ledger.entities)
    known = set(ids) | {"*"}
    for key in assume:
        ent, _, item = key.partition(".")
        if ent not in known or (item not in ITEMS and item not in DEFAULTS
                                and item != "cash_margin"):
            raise CapexloopError(f"--assume {key!r}: write ENTITY.ITEM with ITEM one of "
                                 f"{', '.join((*ITEMS, 'cash_margin', *DEFAULTS))}",
                                 field="--assume")
    first = years[0]
    n, T = len(ids), len(years)
    notes: list[Assumption] = []
    used: list[Observation] = []

    def setting(e: str, item: str) -> tuple[float, str]:
        if f"{e}.{item}" in assume:
            return float(assume[f"{e}.{item}"]), "given with --assume"
        if f"*.{item}" in assume:
            return float(assume[f"*.{item}"]), "given with --assume"
        return DEFAULTS[item][0], DEFAULTS[item][1]

    modelled = np.zeros(n, bool)
    eq_known = np.zeros(n, bool)
    cash, equity, margin, cost = (np.zeros(n) for _ in range(4))
    revenue, fixed = np.zeros((n, T)), np.zeros((n, T))
    stocks = {k: np.full(n, np.nan) for k in STOCKS}
    m_cloud, s_cloud = _parameter(ledger, "ebitda_margin_cloud")
    m_chip, s_chip = _parameter(ledger, "ebitda_margin_nvidia")
    for i, ent in enumerate(ledger.entities):
        e = ent.id
        for k in STOCKS:
            v, o = _stock(ledger, e, k, first)
            if f"{e}.{k}" in assume:
                v, o = float(assume[f"{e}.{k}"]), None
                notes.append(Assumption(e, k, v, "given with --assume", "user"))
            elif o is not None:
                used.append(o)
            stocks[k][i] = v
        pts = _revenue_points(ledger, e, first, notes)
        for o in ledger.series(e, "revenue"):
            if _before(o, first) or o.basis in ("projected", "stated"):
                used.append(o)
        if f"{e}.revenue" in assume:
            pts = {first: float(assume[f"{e}.revenue"])}
            notes.append(Assumption(e, "revenue", pts[first], "given with --assume (flat)",
                                    "user"))
        has_cash = not math.isnan(stocks["cash_and_securities"][i])
        if not pts and not has_cash:
            continue
        modelled[i] = True
        if pts:
            revenue[i] = _path(pts, years)
            if len(pts) > 1 or max(pts) < years[-1]:
                notes.append(Assumption(e, "revenue_path", "; ".join(
                    f"{y}: {format_usd(v)}" for y, v in sorted(pts.items())),
                    "log-linear between known points, flat beyond the last", "ledger"))
        else:
            notes.append(Assumption(e, "revenue", 0.0, "no revenue in the ledger: none assumed",
                                    "assumption"))
        if has_cash:
            cash[i] = stocks["cash_and_securities"][i]
        else:
            notes.append(Assumption(e, "cash_and_securities", 0.0,
                                    "no cash in the ledger: none assumed (set with --assume)",
                                    "assumption"))
        if not math.isnan(stocks["equity"][i]):
            equity[i], eq_known[i] = stocks["equity"][i], True
        else:
            notes.append(Assumption(e, "equity", "unknown",
                                    "no book equity: solvency not assessed", "assumption"))
        # cash margin on own revenue
        rev_all = [o for o in ledger.series(e, "revenue")
                   if _before(o, first) and o.unit == "USD"]
        ocf_all = [o for o in ledger.series(e, "operating_cash_flow")
                   if _before(o, first) and o.date.end is not None]
        pair = _margin_pair(ocf_all, rev_all)
        if f"{e}.cash_margin" in assume:
            margin[i] = float(assume[f"{e}.cash_margin"])
            notes.append(Assumption(e, "cash_margin", margin[i], "given with --assume", "user"))
        elif pair is not None:
            c, rev, rev_how, parts = pair
            margin[i] = min(c.value.mid / rev, 1.0)
            cap = ("; capped at 1: operating cash flow above revenue (customer prepayments) "
                   f"would make delivering contracts earn cash ({c.value.mid / rev:.2f})"
                   if c.value.mid > rev else "")
            used.append(c)
            notes.append(Assumption(e, "cash_margin", margin[i],
                                    f"operating cash flow / revenue, {c.date} ({rev_how}){cap}",
                                    "; ".join(sorted({*c.sources,
                                                      *(s for o in parts for s in o.sources)}))))
        elif ent.layer == Layer.model_provider:
            s, src = setting(e, "non_compute_share")
            ratio = ledger.series(e, "operating_loss_to_revenue")
            lr = ratio[-1].value.mid if ratio else None
            if lr is not None:
                margin[i] = 1.0 - s * (1.0 + lr)
                notes.append(Assumption(e, "cash_margin", margin[i],
                                        f"1 − non-compute share {s:g} × (1 + loss ratio {lr:g}); "
                                        "compute is paid through the ledger",
                                        f"{src}; " + "; ".join(ratio[-1].sources)))
            else:
                notes.append(Assumption(e, "cash_margin", 0.0,
                                        "no plan: revenue assumed to cover only non-ledger costs",
                                        "assumption"))
        elif ent.layer == Layer.cloud and m_cloud is not None:
            margin[i] = m_cloud
            notes.append(Assumption(e, "cash_margin", m_cloud, "ledger EBITDA margin (cloud)",
                                    s_cloud))
        elif ent.layer in (Layer.semiconductor, Layer.equipment_vendor) and m_chip is not None:
            margin[i] = m_chip
            notes.append(Assumption(e, "cash_margin", m_chip,
                                    "ledger EBITDA margin (NVIDIA's, for every chip maker)",
                                    s_chip))
        else:
            why = ("no cash flow or margin in the ledger" if not ocf_all else
                   "operating cash flow without revenue over the same months")
            notes.append(Assumption(e, "cash_margin", 0.0, f"{why}: none assumed",
                                    "assumption"))
        cost[i] = 1.0 - margin[i] if ent.layer != Layer.model_provider else 0.0
        debt = stocks["total_debt"][i]
        if not math.isnan(debt) and debt > 0:
            mat, s1 = setting(e, "debt_maturity_years")
            r, s2 = setting(e, "interest_rate")
            fixed[i] += debt * (1.0 / mat + r)
            notes.append(Assumption(e, "debt_service", debt * (1.0 / mat + r),
                                    f"debt / {mat:g} years + {r:.1%} interest", f"{s1}; {s2}"))
        lease = stocks["lease_liabilities"][i]
        if not math.isnan(lease) and lease > 0:
            ly, s3 = setting(e, "lease_years")
            fixed[i] += lease / ly
            notes.append(Assumption(e, "lease_payments", lease / ly, f"leases / {ly:g} years",
                                    s3))
    for i, ent in enumerate(ledger.entities):
        if not modelled[i]:
            notes.append(Assumption(ent.id, "balance_sheet", "none",
                                    "no revenue or cash in the ledger: pays its dues from outside "
                                    "the ledger; default not assessed", "assumption"))
    return BalanceSheets(ids, tuple(e.layer.value for e in ledger.entities), tuple(years),
                         modelled, eq_known, cash, equity, revenue, margin, cost, fixed, stocks,
                         tuple(notes), tuple(used))
