"""Telecom backtest: the 2000–2002 vendor-financing bust run through the stress simulation.

Inputs are what was known at the end of FY1999 only (:func:`fy1999_inputs` keeps
observations dated up to 1999 and deals announced by then; a test checks that no FY2000+
figure enters). The ledger is completed with contracts derived from those figures, each rule
stated:

* **CLEC purchases** — the CLEC aggregate keeps buying equipment at its 1999 capex
  (seed D12: $15.1B a year), split equally between Lucent, Nortel and Cisco (the three vendors
  of seed C16; an assumption — the record has no vendor split). This keeps CLEC exposures
  within CLEC capex, unlike Lucent's whole non-top-3 revenue.
* **CLEC funding** — more than 60% of CLEC capex was funded by debt or outside capital
  (seed D12): $9.06B a year from capital markets in the baseline. The **shock** is that this
  window closes from FY2000 (the first burst stage of seed C19) — a scenario, not an outcome.
* **Lucent customer financing** — $1.6B drawn at FY1999 (seed D3) and about $540M of the
  undrawn commitments expected to be drawn within 12–18 months (seed D6), drawn in FY2000.
* **Balance sheets** — Lucent's FY1999 revenue and receivables (seeds D2, D7); its cash
  margin is FY1999 net income / revenue (D2) for want of a cash-flow figure. CLECs fund the
  rest of their capex themselves (at most 40%, seed D12), so their cash margin is
  0.4 × capex / revenue; they start with no cash (assumed).
* **Loss rates, set before comparing** — vendor loans to failed CLECs: no recovery (1.0,
  assumed); inventory: Lucent's FY1999 inventory per $ of revenue (D6/D2), written off on
  lost CLEC revenue; equity: n/a.
* **Spin-offs** — Avaya (FY2000) and Agere (FY2001–2002) leave the consolidated group; the
  CLEC contracts are Lucent's network business, so modelled losses are not split. Lucent's
  FY1999 ratios (inventory, receivables per $ revenue) are consolidated, including the units
  later spun off; without FY1999 segment balance sheets in the record they are not adjusted,
  which this module says in its notes.

Actuals (seed D5–D7): customer-financing allowance, inventory reserve + impairment,
receivable allowance for FY2000 and FY2001 (FY2002 is given only as ratios in the record).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .._results import ResultMixin
from ..ledger.asof import as_of
from ..ledger.model import Deal, Entity, Layer, Ledger, Observation
from ..ledger.quantities import format_usd
from .lossrates import LossRates
from .simulation import Simulation, simulate_years

__all__ = ["TelecomBacktest", "fy1999_inputs", "telecom_backtest"]

AS_OF = "1999-12-31"
VENDORS = ("lucent", "nortel", "cisco")
NOTES = (
    "Avaya and Agere are inside Lucent's FY1999 consolidated ratios (not adjusted: no FY1999 "
    "segment balance sheets in the record).",
    "The CLEC aggregate defaults as one entity; the record says more than two thirds of CLECs "
    "failed by 2002 (seed C4), which the aggregate cannot show.",
    "Lucent's actual provisions also covered carriers' capex cuts (seed C15) that the CLEC-only "
    "contracts leave out.",
)


def _obs(led: Ledger, entity: str, metric: str) -> Observation:
    o = led.observation(entity, metric)
    if o is None:
        raise KeyError(entity, metric)
    return o


def fy1999_inputs(ledger: Ledger) -> tuple[Ledger, dict[str, float], LossRates]:
    """The backtest ledger (FY1999 information only of ``ledger``, which holds Lucent's and the
    CLECs' lines, e.g. ``telecom2000``), ``--assume`` values and loss rates."""
    led = as_of(ledger, AS_OF)
    capex = _obs(led, "clec_sector", "capex")
    funded = _obs(led, "clec_sector", "external_funding_share")
    drawn = _obs(led, "lucent", "customer_financing_drawn")
    expect = _obs(led, "lucent", "undrawn_commitments_expected_drawn_12_18m")
    rev = _obs(led, "lucent", "revenue")
    ni = _obs(led, "lucent", "net_income")
    inv = _obs(led, "lucent", "inventory")
    years = (2000, 2001, 2002)
    share = capex.value.mid / len(VENDORS)
    deals = [Deal(id=f"clec-{v}-equipment", kind="equipment_purchase", payer="clec_sector",
                  payee=v, amount_usd=share * len(years),
                  schedule={y: share for y in years}, status="committed", binding=True,
                  sources=[*capex.sources, "seed:C16"],
                  derived_from="1999 CLEC capex held flat, split equally between the three "
                               "vendors (assumed)") for v in VENDORS]
    ext = funded.value.low * capex.value.mid
    deals.append(Deal(id="markets-clec-funding", kind="equity", payer="capital_markets",
                      payee="clec_sector", amount_usd=ext * len(years),
                      schedule={y: ext for y in years}, status="committed", binding=True,
                      sources=list(funded.sources),
                      derived_from="more than 60% of 1999 CLEC capex funded from outside"))
    deals.append(Deal(id="lucent-clec-loans", kind="vendor_loan", payer="lucent",
                      payee="clec_sector", amount_usd=drawn.value.mid + expect.value.mid,
                      schedule={1999: drawn.value.mid, 2000: expect.value.mid},
                      status="committed", binding=True,
                      sources=sorted({*drawn.sources, *expect.sources}),
                      derived_from="drawn at FY1999, then the drawdown management expected"))
    ents = [e for e in led.entities if e.id in (*VENDORS, "clec_sector")]
    ents.append(Entity(id="capital_markets", name="Debt and equity markets",
                       layer=Layer.investor, sources=list(funded.sources)))
    obs = [o for o in led.observations if o.entity in (*VENDORS, "clec_sector")
           and o.metric in ("revenue", "receivables_net", "inventory")
           and (o.date.end is None or o.date.end.year <= 1999)]
    bt = Ledger(name="telecom2000@FY1999", entities=ents, deals=deals, observations=obs)
    clec_rev = _obs(led, "clec_sector", "revenue")
    internal = (1.0 - funded.value.low) * capex.value.mid      # the rest of capex, self-funded
    assume = {"lucent.cash_margin": ni.value.mid / rev.value.mid,
              "clec_sector.cash_margin": internal / clec_rev.value.mid}
    rates = LossRates(
        loan=1.0, equity=1.0, contingent=1.0, inventory=inv.value.mid / rev.value.mid,
        stranded_capex=0.0, asset_life=1.0, purchase_obligations=0.0,
        sources={"loan": "assumption set before comparing: no recovery on loans to failed "
                         "CLECs",
                 "inventory": "seed:D6/D2: FY1999 inventory per $ of revenue, written off on "
                              "lost revenue",
                 "equity": "n/a", "contingent": "n/a", "stranded_capex": "n/a (no clouds)",
                 "asset_life": "n/a", "purchase_obligations": "n/a"})
    return bt, assume, rates


@dataclass(frozen=True)
class TelecomBacktest(ResultMixin):
    """Modelled Lucent losses per line and year beside the actual provisions."""

    table: pd.DataFrame          # line, year, modelled, actual, error, ratio, sources
    simulation: Simulation       # the shocked run
    baseline: Simulation         # outside funding continues
    notes: tuple[str, ...] = NOTES

    def to_dict(self) -> dict:
        return {"table": self.table.replace({np.nan: None}).to_dict(orient="records"),
                "headline": self.simulation.headline, "notes": list(self.notes),
                "defaults": self.simulation.defaults.to_dict(orient="records")}

    def to_frame(self) -> pd.DataFrame:
        return self.table

    def summary(self) -> str:
        lines = ["Telecom backtest through the stress simulation (FY1999 information only; "
                 "shock: CLEC outside funding stops from FY2000)",
                 f"  {'line':<22}{'year':>10}{'modelled':>11}{'actual':>11}{'error':>11}"
                 f"{'ratio':>7}"]
        for r in self.table.itertuples():
            ratio = "" if pd.isna(r.ratio) else f"{r.ratio:.2f}"
            actual = "n/a" if pd.isna(r.actual) else format_usd(r.actual)
            err = "" if pd.isna(r.error) else format_usd(r.error)
            lines.append(f"  {r.line:<22}{r.year:>10}{format_usd(r.modelled):>11}{actual:>11}"
                         f"{err:>11}{ratio:>7}")
        lines.append(f"  baseline with outside funding: {self.baseline.baseline_gap()}")
        for d in self.simulation.defaults.itertuples():
            lines.append(f"  default after the shock: {d.entity} FY{d.year} ({d.type}): "
                         f"{d.reason}")
        lines += [f"  note: {n}" for n in self.notes]
        return "\n".join(lines)


def _actuals(led: Ledger) -> dict[tuple[str, int], tuple[float, list[str]]]:
    def v(metric, year):
        o = led.observation("lucent", metric, str(year))
        return (o.value.mid, list(o.sources)) if o else (np.nan, [])

    out = {}
    for y in (2000, 2001):
        out[("customer financing", y)] = v("customer_financing_allowance", y)
        r1, s1 = v("inventory_reserve", y)
        r0, s0 = v("inventory_reserve", y - 1)
        imp, s2 = v("inventory_impairment", y)
        out[("inventory", y)] = (r1 - r0 + (0.0 if np.isnan(imp) else imp),
                                 sorted({*s1, *s0, *s2}))
        out[("receivables", y)] = v("receivables_allowance", y)
    return out


def telecom_backtest(ledger: Ledger) -> TelecomBacktest:
    """Run the FY1999 inputs of ``ledger`` (e.g. ``telecom2000``) through
    :func:`simulate_years` and compare with Lucent's actual FY2000–FY2001 provisions line by
    line (error = modelled − actual)."""
    bt, assume, rates = fy1999_inputs(ledger)
    sim = simulate_years(bt, scope="all", start=2000, horizon=2002, rates=rates, assume=assume)
    shocked = _with_funding_stop(bt, assume, rates)
    act = _actuals(ledger)
    ey = shocked.entity_years.set_index(["entity", "year"])
    lines = {"customer financing": "loans", "inventory": "inventory",
             "receivables": "receivables"}
    rows = []
    for line, col in lines.items():
        for y in (2000, 2001, 2002):
            m = float(ey.loc[("lucent", y), col])
            a, s = act.get((line, y), (np.nan, []))
            rows.append({"line": line, "year": str(y), "modelled": m, "actual": a,
                         "error": m - a, "ratio": m / a if a and not np.isnan(a) else np.nan,
                         "sources": "; ".join(s)})
    df = pd.DataFrame(rows)
    tot = []
    for line in lines:
        part = df[(df.line == line) & df.year.isin(["2000", "2001"])]
        m, a = part.modelled.sum(), part.actual.sum()
        tot.append({"line": line, "year": "2000–2001", "modelled": m, "actual": a,
                    "error": m - a, "ratio": m / a, "sources": "; ".join(sorted(
                        {x for s in part.sources for x in s.split("; ") if x}))})
    m = sum(t["modelled"] for t in tot)
    a = sum(t["actual"] for t in tot)
    tot.append({"line": "total", "year": "2000–2001", "modelled": m, "actual": a,
                "error": m - a, "ratio": m / a, "sources": ""})
    table = pd.concat([df, pd.DataFrame(tot)], ignore_index=True)
    return TelecomBacktest(table, shocked, sim)


def _with_funding_stop(bt: Ledger, assume, rates) -> Simulation:
    """The shock: outside funding of CLECs stops from FY2000 (the contract is withdrawn)."""
    cut = bt.model_copy(update={"deals": [d for d in bt.deals
                                          if d.id != "markets-clec-funding"]})
    return simulate_years(cut, scope="all", start=2000, horizon=2002, rates=rates,
                          assume=assume)
