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
  margin is FY1999 operating cash flow / revenue as filed (operations used $276M of cash on
  $38.3B of revenue: −0.7%), or net income / revenue (D2) when the ledger has no cash-flow
  figure. Nortel's is its
  1999 net earnings from operations / revenue and Cisco's its net income / revenue of the first
  nine months of FY1999 (the figures read; annualised by the balance-sheet rules). Cash and
  equity of the three vendors, and Nortel's and Cisco's debt, were not found in the filings read
  (:data:`SEARCHED` names them): each missing item is printed beside its assumption (cash 0,
  solvency not assessed; a vendor without cash is not modelled at all), and a filed figure,
  once in the record, replaces the assumption with its value and source
  (:func:`fy1999_input_lines`). Because Lucent's cash is such an assumption, the shocked run
  is repeated with it never binding (a sensitivity, not an input): the two bracket what the
  missing figure moves. CLECs fund the rest of their capex themselves
  (at most 40%, seed D12), so their cash margin is 0.4 × capex / revenue; they start with no
  cash (assumed).
* **Debt** — Lucent's debt maturities as filed at 30 Sep 1999 (note 9): $2.864B due within a
  year (commercial paper, current long-term debt, secured borrowings), notes and debentures by
  maturity date; each is a loan with a ``maturity`` whose principal repayment is a contract
  (:func:`capexloop.ledger.contracts.repayment_of`), repaid, not refinanced (assumed). Interest
  is not modelled. Note 9's long-term lease obligations ($79M) are lease liabilities, paid
  over the balance sheets' stated lease term; its long-term secured borrowings are not in the
  record (their amount lies past the part of the note read). The $4.351B of undrawn committed
  credit facilities available at FY1999 are drawn in FY2000 (assumed: they back the commercial
  paper falling due). No CLEC debt schedule is in the record. A ``total_debt`` figure of a
  borrower whose debt is modelled instrument by instrument is kept out of its balance sheet (it
  would be serviced twice).
* **Loss rates, set before comparing** — vendor loans to failed CLECs: no recovery (1.0,
  assumed); inventory: Lucent's FY1999 inventory per $ of revenue (D6/D2), written off on
  lost CLEC revenue; equity: n/a.
* **Spin-offs** — Avaya left on 30 Sep 2000 (end of FY2000); Agere was floated in FY2001
  (Lucent kept about 58%) and distributed on 1 Jun 2002 (events ``avaya-spin-off``,
  ``agere-ipo``, ``agere-spin-off``). Lucent's later filings present both as discontinued
  operations and report revenue "from continuing operations" (FY2001: $21.294B). The CLEC
  contracts are Lucent's network business (continuing operations), so modelled losses are on
  that perimeter; the FY1999 ratios (inventory per $ of revenue) are consolidated, unadjusted
  (no FY1999 segment balance sheet in the record).

Actuals (seed D5–D7) are **provisions**, measured as the change in the allowance or reserve over
the year (plus the FY2001 inventory impairment) — a lower bound, since write-offs are not in
the record. Each stock's perimeter is read from the record itself: stock / stated share of
revenue gives the revenue it was reported against (:func:`implied_revenue`). FY1999 stocks are
consolidated (filed before any spin-off); a later stock is on the continuing-operations
perimeter when its implied revenue is within 10% of the smallest one of that year (FY2000
$28.8B, FY2001 $21.3B: Lucent without Avaya and Agere; FY2001 matches the FY2001 10-K's
$21.294B). A change between stocks on different perimeters is not like-for-like: its actual
is the range [change, closing stock] and the error is taken against the middle of that range.
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

__all__ = ["SEARCHED", "TelecomBacktest", "fy1999_input_lines", "fy1999_inputs", "implied_revenue",
           "telecom_backtest"]

AS_OF = "1999-12-31"
VENDORS = ("lucent", "nortel", "cisco")
NOTES = (
    "Avaya and Agere are inside Lucent's FY1999 consolidated ratios (not adjusted: no FY1999 "
    "segment balance sheets in the record); actuals are on the continuing-operations perimeter "
    "where the record allows, else shown as a range.",
    "Actual provisions are changes in allowances and reserves: write-offs are not in the "
    "record, so they are lower bounds.",
    "Lucent's debt principal is repaid as filed (note 9), not refinanced; interest is not "
    "modelled.",
    "The CLEC aggregate defaults as one entity; the record says more than two thirds of CLECs "
    "failed by 2002 (seed C4), which the aggregate cannot show.",
    "Lucent's actual provisions also covered carriers' capex cuts (seed C15) that the CLEC-only "
    "contracts leave out.",
)


#: The filings read for each vendor's FY1999 balance sheet (printed beside every item still
#: missing from the record). The stored copies of these filings were readable only up to their
#: opening pages, before the balance sheet; a figure found later goes into ``telecom2000`` as an
#: observation with its source and replaces the assumption.
SEARCHED = {
    "lucent": ("10-K405 for FY1999 (sec:0000950123-99-011082, filed 21 Dec 1999), 10-Qs for "
               "the quarters to March 1999 (sec:0000950116-99-000986) and June 1999, the FY1999 "
               "results release (26 Oct 1999) and note 9 of the FY1999 annual report; the copies "
               "read stop before the balance sheet, note 9 gives debt only"),
    "nortel": ("the 1999 results release (25 Jan 2000: revenue and earnings from operations "
               "only); no copy of Nortel's 1999 Form 10-K was found"),
    "cisco": ("10-K405 for FY1999 (sec:0000891618-99-004365, filed 28 Sep 1999) and the "
              "nine-month results release (11 May 1999: revenue and net income only); the copies "
              "read stop before the balance sheet"),
}
BALANCE_ITEMS = ("cash_and_securities", "equity", "total_debt", "lease_liabilities")


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
    debt = [d for d in led.active_deals() if d.payee == "lucent" and d.maturity is not None
            and d.status.value == "drawn"]
    deals += debt
    creditors = {d.payer for d in debt}
    for d in led.active_deals():
        if d.payee == "lucent" and d.kind.value == "loan" and d.status.value == "committed":
            creditors.add(d.payer)
            deals.append(Deal(id=f"{d.id}-drawn-fy2000", kind="loan", payer=d.payer,
                              payee="lucent", amount_usd=d.amount_usd.mid,
                              schedule={2000: d.amount_usd.mid}, status="committed",
                              binding=True, sources=list(d.sources),
                              derived_from="undrawn committed facilities available at FY1999, "
                                           "drawn in FY2000 (assumed)"))
    ents = [e for e in led.entities if e.id in (*VENDORS, "clec_sector", *creditors)]
    ents.append(Entity(id="capital_markets", name="Debt and equity markets",
                       layer=Layer.investor, sources=list(funded.sources)))
    keep = {"lucent", "clec_sector", *(v for v in VENDORS if _modelled_vendor(led, v))}
    borrowers = {d.payee for d in deals if d.kind.value == "loan"}   # debt as instruments
    obs = [o for o in led.observations if o.entity in keep
           and o.metric in ("revenue", "receivables_net", "inventory", "operating_cash_flow",
                            *BALANCE_ITEMS)
           and not (o.metric == "total_debt" and o.entity in borrowers)
           and (o.date.end is None or o.date.end.year <= 1999)]
    bt = Ledger(name="telecom2000@FY1999", entities=ents, deals=deals, observations=obs)
    clec_rev = _obs(led, "clec_sector", "revenue")
    internal = (1.0 - funded.value.low) * capex.value.mid      # the rest of capex, self-funded
    assume = {"clec_sector.cash_margin": internal / clec_rev.value.mid}
    if not any(o.date.end.year <= 1999 for o in led.series("lucent", "operating_cash_flow")):
        assume["lucent.cash_margin"] = ni.value.mid / rev.value.mid   # no cash-flow figure
    for v, metric in (("nortel", "net_earnings_from_operations"), ("cisco", "net_income")):
        e, r = led.observation(v, metric), led.observation(v, "revenue")
        if v in keep and e is not None and r is not None and str(e.date) == str(r.date):
            assume[f"{v}.cash_margin"] = e.value.mid / r.value.mid
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

    table: pd.DataFrame          # line, year, modelled, actual (+ low/high), error, ratio,
    #                              perimeter, sources
    simulation: Simulation       # the shocked run
    baseline: Simulation         # outside funding continues
    notes: tuple[str, ...] = NOTES
    timing: tuple[str, ...] = ()  # Lucent's modelled default year beside the record's distress
    inputs: tuple[str, ...] = ()  # each vendor's FY1999 balance-sheet item: filed or assumed
    sensitivity: tuple[str, ...] = ()  # modelled losses again with assumed cash never binding

    def to_dict(self) -> dict:
        return {"table": self.table.replace({np.nan: None}).to_dict(orient="records"),
                "headline": self.simulation.headline, "notes": list(self.notes),
                "timing": list(self.timing), "inputs": list(self.inputs),
                "sensitivity": list(self.sensitivity),
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
            band = ("" if pd.isna(r.actual) or r.actual_low == r.actual_high else
                    f"  actual range {format_usd(r.actual_low)}–{format_usd(r.actual_high)}")
            lines.append(f"  {r.line:<22}{r.year:>10}{format_usd(r.modelled):>11}{actual:>11}"
                         f"{err:>11}{ratio:>7}{band}")
        lines.append("  actual = provision (change in allowance or reserve); perimeter per line:")
        for r in self.table[self.table.actual.notna() & (self.table.perimeter
                                                           != "sum of the years above")
                            ].itertuples():
            lines.append(f"    {r.line} {r.year}: {r.perimeter}")
        lines.append("  FY1999 inputs (as filed, or assumed where the filings read do not give "
                     "them):")
        lines += [f"    {x}" for x in self.inputs]
        lines += [f"  sensitivity to cash not found: {x}" for x in self.sensitivity]
        lines.append(f"  baseline with outside funding: {self.baseline.baseline_gap()}")
        lines += [f"  timing, {t}" for t in self.timing]
        for d in self.simulation.defaults.itertuples():
            lines.append(f"  default after the shock: {d.entity} FY{d.year} ({d.type}): "
                         f"{d.reason}")
        lines += [f"  note: {n}" for n in self.notes]
        return "\n".join(lines)


#: Allowance/reserve stock of each line, its "% of revenue" metric, and an extra write-down.
STOCKS = {"customer financing": ("customer_financing_allowance",
                                 "customer_financing_allowance_pct_revenue", None),
          "inventory": ("inventory_reserve", "inventory_reserve_pct_revenue",
                        "inventory_impairment"),
          "receivables": ("receivables_allowance", "receivables_allowance_pct_revenue", None)}
CONSOLIDATED_UNTIL = 1999          # last fiscal year filed before the Avaya/Agere spin-offs
LINES = {"customer financing": "loans", "inventory": "inventory", "receivables": "receivables"}
#: Opening cash "never binding": far above every flow of the ledger (a sensitivity bound for
#: cash that is assumed because the filings read do not give it, never a headline input).
UNBOUND_CASH = 1e15
SAME_PERIMETER = 0.10              # implied revenues within 10% = one presentation


def implied_revenue(led: Ledger, metric: str, pct_metric: str, year: int) -> float:
    """Revenue a stock was reported against: stock / its stated share of revenue (NaN when
    either is missing or the share is a range reaching zero, e.g. '<0.1%')."""
    o, p = led.observation("lucent", metric, str(year)), led.observation("lucent", pct_metric,
                                                                         str(year))
    if o is None or p is None or p.value.low <= 0:
        return np.nan
    return o.value.mid / p.value.mid


def _continuing(led: Ledger, line: str, year: int) -> bool:
    """Is this year-end stock on the continuing-operations perimeter (see the module notes)?"""
    if year <= CONSOLIDATED_UNTIL:
        return False
    r = {ln: implied_revenue(led, m, pm, year) for ln, (m, pm, _) in STOCKS.items()}
    known = [v for v in r.values() if not np.isnan(v)]
    mine = r[line]
    return bool(known) and not np.isnan(mine) and mine <= (1 + SAME_PERIMETER) * min(known)


def _actuals(led: Ledger) -> dict[tuple[str, int], dict]:
    """Provision per line and year: change in the stock (+ impairment), with its perimeter."""
    def v(metric, year):
        o = led.observation("lucent", metric, str(year)) if metric else None
        return (o.value.mid, list(o.sources)) if o else (np.nan, [])

    out = {}
    for line, (metric, pct, extra) in STOCKS.items():
        for y in (2000, 2001, 2002):
            s1, src1 = v(metric, y)
            s0, src0 = v(metric, y - 1)
            x, src2 = v(extra, y)
            x = 0.0 if np.isnan(x) else x
            if np.isnan(s1) or np.isnan(s0):
                continue
            change = s1 - s0 + x
            same = _continuing(led, line, y) and _continuing(led, line, y - 1)
            lo, hi = (change, change) if same else (min(change, s1 + x), max(change, s1 + x))
            r1 = implied_revenue(led, metric, pct, y)
            perim = ("continuing operations" if same else
                     "not like-for-like: FY" + str(y - 1) + " stock "
                     + ("consolidated (incl. Avaya, Agere)" if y - 1 <= CONSOLIDATED_UNTIL
                        else "on another perimeter"))
            if not np.isnan(r1):
                perim += f"; closing stock reported against revenue of {format_usd(r1)}"
            out[(line, y)] = {"actual": 0.5 * (lo + hi), "actual_low": lo, "actual_high": hi,
                              "perimeter": perim, "sources": sorted({*src1, *src0, *src2})}
    return out


def telecom_backtest(ledger: Ledger) -> TelecomBacktest:
    """Run the FY1999 inputs of ``ledger`` (e.g. ``telecom2000``) through
    :func:`simulate_years` and compare with Lucent's actual FY2000–FY2002 provisions line by
    line (error = modelled − actual, the middle of the actual's range where the perimeters
    differ)."""
    bt, assume, rates = fy1999_inputs(ledger)
    sim = simulate_years(bt, scope="all", start=2000, horizon=2002, rates=rates, assume=assume)
    shocked = _with_funding_stop(bt, assume, rates)
    act = _actuals(ledger)
    ey = shocked.entity_years.set_index(["entity", "year"])
    lines = LINES
    none = {"actual": np.nan, "actual_low": np.nan, "actual_high": np.nan,
            "perimeter": "not in the record", "sources": []}
    rows = []
    for line, col in lines.items():
        for y in (2000, 2001, 2002):
            m = float(ey.loc[("lucent", y), col])
            a = act.get((line, y), none)
            rows.append({"line": line, "year": str(y), "modelled": m, "actual": a["actual"],
                         "actual_low": a["actual_low"], "actual_high": a["actual_high"],
                         "error": m - a["actual"],
                         "ratio": m / a["actual"] if a["actual"] else np.nan,
                         "perimeter": a["perimeter"], "sources": "; ".join(a["sources"])})
    df = pd.DataFrame(rows)
    tot = []
    both = ["2000", "2001"]
    for line in lines:
        part = df[(df.line == line) & df.year.isin(both)]
        m, a = part.modelled.sum(), part.actual.sum(min_count=len(both))
        tot.append({"line": line, "year": "2000–2001", "modelled": m, "actual": a,
                    "actual_low": part.actual_low.sum(min_count=len(both)),
                    "actual_high": part.actual_high.sum(min_count=len(both)),
                    "error": m - a, "ratio": m / a,
                    "perimeter": "sum of the years above",
                    "sources": "; ".join(sorted({x for s in part.sources
                                                 for x in s.split("; ") if x}))})
    t = pd.DataFrame(tot)
    m, a = t.modelled.sum(), t.actual.sum(min_count=len(t))
    tot.append({"line": "total", "year": "2000–2001", "modelled": m, "actual": a,
                "actual_low": t.actual_low.sum(min_count=len(t)),
                "actual_high": t.actual_high.sum(min_count=len(t)), "error": m - a,
                "ratio": m / a, "perimeter": "sum of the years above", "sources": ""})
    table = pd.concat([df, pd.DataFrame(tot)], ignore_index=True)
    return TelecomBacktest(table, shocked, sim,
                           NOTES + _unmodelled_notes(ledger) + _assumed_cash_notes(shocked, sim),
                           _distress_timing(ledger, shocked, sim),
                           fy1999_input_lines(bt, sim.inputs.balance.assumptions),
                           _cash_sensitivity(bt, assume, rates, shocked))


def _cash_sensitivity(bt: Ledger, assume, rates, shocked: Simulation) -> tuple[str, ...]:
    """The shocked run again with every vendor's assumed opening cash (not in the record) set
    so high that it never binds: the two runs bracket what the missing figure moves in the
    modelled losses (2000–2001, as in the table's sums) and in the vendors' defaults."""
    assumed = sorted(a.entity for a in shocked.inputs.balance.assumptions
                     if a.item == "cash_and_securities" and a.source == "assumption"
                     and a.entity in VENDORS)
    if not assumed:
        return ()
    free = _with_funding_stop(bt, {**assume, **{f"{v}.cash_and_securities": UNBOUND_CASH
                                                for v in assumed}}, rates)

    def total(sim: Simulation, col: str) -> float:
        ey = sim.entity_years
        return float(ey[(ey.entity == "lucent") & ey.year.isin((2000, 2001))][col].sum())

    def first(sim: Simulation, v: str) -> str:
        d = sim.defaults[sim.defaults.entity == v]
        return f"FY{int(d.year.min())} ({d.type.iloc[0]})" if len(d) else "none"

    who = ", ".join(assumed)
    out = [f"{line} 2000–2001 modelled {format_usd(total(shocked, col))} with {who}'s opening "
           f"cash 0 (assumed), {format_usd(total(free, col))} with cash never binding"
           for line, col in LINES.items()]
    a, b = (sum(total(sim, c) for c in LINES.values()) for sim in (shocked, free))
    out.append(f"total 2000–2001 modelled {format_usd(a)} with cash 0, {format_usd(b)} with cash "
               "never binding")
    out += [f"{v}'s first default {first(shocked, v)} with cash 0, {first(free, v)} with cash "
            "never binding" for v in assumed]
    return tuple(out)


def _filed(obs: list[Observation]) -> str:
    o = obs[-1]
    return f"{format_usd(o.value.mid)} as filed for {o.date} [{'; '.join(o.sources)}]"


def fy1999_input_lines(bt: Ledger, assumptions=(), *, vendors=VENDORS,
                       searched=SEARCHED) -> tuple[str, ...]:
    """One line per vendor and balance-sheet item of the FY1999 inputs ``bt``
    (:func:`fy1999_inputs`): the filed value with its source, or the assumption that replaces
    it and the filings read (``searched``) that do not give it. A vendor with no figure in
    ``bt`` is not modelled. Cash margins come from the simulation's ``assumptions``."""
    out = []
    for v in vendors:
        where = searched.get(v, "no filing named")
        if not any(o.entity == v for o in bt.observations):
            out.append(f"{v}: balance sheet not modelled (default not assessed): cash and "
                       f"securities not found in the filings read: {where}")
            continue
        debt = [d for d in bt.deals if d.payee == v and d.kind.value == "loan"
                and d.maturity is not None and d.status.value == "drawn"]
        missing = []
        for item in BALANCE_ITEMS:
            obs = [o for o in bt.series(v, item) if o.unit == "USD"]
            if item == "total_debt" and debt:
                src = sorted({s for d in debt for s in d.sources})
                out.append(f"{v}.total_debt = {format_usd(sum(d.amount_usd.mid for d in debt))}"
                           f" in the {len(debt)} instruments of the record, each as filed and "
                           f"repaid at maturity [{'; '.join(src)}]")
            elif obs:
                out.append(f"{v}.{item} = {_filed(obs)}")
            else:
                missing.append(f"{v}.{item} = " + {
                    "cash_and_securities": "0 (assumed)",
                    "equity": "unknown (solvency not assessed)",
                    "total_debt": "none (no debt service assumed)",
                    "lease_liabilities": "none (no lease payments assumed)"}[item])
        if missing:
            out.append(f"{', '.join(missing)}: not found in the filings read: {where}")
        out += [a.line() for a in assumptions if a.entity == v and a.item == "cash_margin"]
    return tuple(out)


def _distress_timing(led: Ledger, shocked: Simulation, baseline: Simulation
                     ) -> tuple[str, ...]:
    """Lucent's modelled first default year (shocked run, baseline) beside the record's distress
    events after FY1999 (rating downgrades, lost commercial-paper access): a timing check."""
    def first(sim: Simulation) -> str:
        d = sim.defaults[sim.defaults.entity == "lucent"]
        return f"FY{int(d.year.min())} ({d.type.iloc[0]})" if len(d) else "none"

    out = [f"modelled: Lucent's first default {first(shocked)} after the shock, "
           f"{first(baseline)} in the baseline"]
    for e in sorted(led.events, key=lambda e: e.date.start):
        if e.entity == "lucent" and e.kind == "rating_downgrade" and e.date.start.year >= 2000:
            out.append(f"record: {e.date} {e.description} [{'; '.join(e.sources)}]")
    return tuple(out)


def _assumed_cash_notes(*sims: Simulation) -> tuple[str, ...]:
    """A default of an entity whose opening cash is an assumption (not in the record) rests on
    that assumption: say so next to the result."""
    out = []
    for sim in sims:
        assumed = {a.entity for a in sim.inputs.balance.assumptions
                   if a.item == "cash_and_securities" and a.source == "assumption"}
        for d in sim.defaults.itertuples():
            msg = (f"{d.entity}'s default (FY{d.year}) rests on opening cash assumed 0 — not "
                   "found in the filings read (see the FY1999 inputs) — and on debt repaid, not "
                   "refinanced.")
            if d.entity in assumed and d.entity != "clec_sector" and msg not in out:
                out.append(msg)
    return tuple(out)


def _unmodelled_notes(led: Ledger) -> tuple[str, ...]:
    """Vendors whose revenue is in the record but whose cash is not: left unmodelled."""
    out = []
    for v in VENDORS:
        if v == "lucent" or _modelled_vendor(led, v) or not led.series(v, "revenue"):
            continue
        out.append(f"{v}: revenue is in the record but cash and securities are not (not found "
                   "in the filings read, see the FY1999 inputs); its balance sheet is not modelled "
                   "(a zero-cash assumption would turn any shortfall into a default), so its "
                   "default is not assessed.")
    return tuple(out)


def _modelled_vendor(led: Ledger, v: str) -> bool:
    return any(o.date.end is not None and o.date.end.year <= CONSOLIDATED_UNTIL
               for o in led.series(v, "cash_and_securities"))


def _with_funding_stop(bt: Ledger, assume, rates) -> Simulation:
    """The shock: outside funding of CLECs stops from FY2000 (the contract is withdrawn)."""
    cut = bt.model_copy(update={"deals": [d for d in bt.deals
                                          if d.id != "markets-clec-funding"]})
    return simulate_years(cut, scope="all", start=2000, horizon=2002, rates=rates,
                          assume=assume)
