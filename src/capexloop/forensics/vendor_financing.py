"""Vendor-financing forensics (seed 003 §3): Lucent's triple write-down and early warnings.

Lucent's customer financing came back as three write-downs — customer-financing allowances,
inventory reserves and receivable allowances — rising from 2.8% to 21.4% of revenue (seed
D2–D9). :func:`lucent_writedowns` rebuilds the table from the stored dollar amounts and checks
every percentage the seed states against them; :func:`early_warning` applies Lucent-calibrated
thresholds to any vendor's series.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..ledger.datasets import load_dataset
from ..ledger.model import Ledger

__all__ = ["TripleWriteDown", "ai_vendor_table", "amd_warrants", "early_warning",
           "lucent_thresholds", "lucent_writedowns", "quarterly_ratios"]

YEARS = ("1999", "2000", "2001", "2002")


def _get(led: Ledger, metric: str, year: str, entity: str = "lucent"):
    o = led.observation(entity, metric, year)
    return (o.value.mid, o.sources, o.basis) if o else (math.nan, [], "")


@dataclass(frozen=True)
class TripleWriteDown:
    """Per fiscal year: the three write-downs in $, % of revenue and % of their exposure; and
    every percentage the seed states, checked against the dollar amounts."""

    table: pd.DataFrame
    checks: pd.DataFrame
    sources: dict[str, list[str]]

    def summary(self) -> str:
        t = self.table
        lines = [f"{'FY':<6}{'revenue':>10}{'cust.fin.':>11}{'inventory':>11}{'receiv.':>10}"
                 f"{'total':>10}{'% rev':>8}"]
        for y, r in t.iterrows():
            def b(x):
                return "missing" if x != x else f"${x / 1e9:.2f}B"
            pct = r.total_pct_revenue * 100 if r.total == r.total else float("nan")
            lines.append(f"{y:<6}{b(r.revenue):>10}{b(r.cf_allowance):>11}"
                         f"{b(r.inventory_reserve):>11}{b(r.receivables_allowance):>10}"
                         f"{b(r.total):>10}{pct:7.1f}%")
        c = self.checks
        bad = c[c.checked & ~c.agrees]
        lines.append(f"{int(c.checked.sum())} seed percentages checked against dollar amounts, "
                     f"{len(bad)} disagree by more than 0.1 pp:")
        for r in bad.itertuples():
            lines.append(f"  seed:{r.id} {r.statement}: stated {r.stated:.1%}, computed "
                         f"{r.computed:.2%} ({r.diff_pp:+.2f} pp) — {r.note}")
        for r in c[~c.checked].itertuples():
            lines.append(f"  seed:{r.id} {r.statement}: stated {r.stated:.1%}; {r.note}")
        for name, a, b in self.cross_checks():
            lines.append(f"  cross-check {name}: {a / 1e9:.2f}B vs {b / 1e9:.2f}B "
                         f"({(a / b - 1):+.1%})")
        return "\n".join(lines)

    def cross_checks(self) -> list[tuple[str, float, float]]:
        """FY2000 inventory implied two ways by the seed (D6): reserve / 15.7% and
        impairment / 42.4% of the prior year's inventory."""
        led = load_dataset("telecom2000")
        res, _, _ = _get(led, "inventory_reserve", "2000")
        pct, _, _ = _get(led, "inventory_reserve_pct_inventory", "2000")
        imp, _, _ = _get(led, "inventory_impairment", "2001")
        ipct, _, _ = _get(led, "inventory_impairment_pct_prior_inventory", "2001")
        return [("FY2000 inventory (D6)", res / pct, imp / ipct)]

    __str__ = summary


def lucent_writedowns(ledger: Ledger | None = None) -> TripleWriteDown:
    """The triple write-down table for FY1999–FY2002 and the seed-percentage checks.

    Revenue: FY1999 from seed D2, FY2001–2002 from Lucent's 10-K; FY2000, which neither gives,
    is the seed's own implied figure (D9: allowance / stated share), marked derived.
    """
    led = ledger or load_dataset("telecom2000")
    rows, srcs = {}, {}
    for y in YEARS:
        rev, s_rev, _ = _get(led, "revenue", y)
        basis = "reported"
        if rev != rev and y == "2000":
            a, s1, _ = _get(led, "customer_financing_allowance", y)
            p, s2, _ = _get(led, "customer_financing_allowance_pct_revenue", y)
            rev, s_rev, basis = a / p, s1 + s2, "derived (seed D9)"
        r = {"revenue": rev, "revenue_basis": basis}
        for m in ("customer_financing_drawn", "customer_financing_commitments",
                  "customer_financing_allowance", "inventory", "inventory_reserve",
                  "inventory_impairment", "receivables_net", "receivables_allowance"):
            v, s, _ = _get(led, m, y)
            r[m] = v
            srcs.setdefault(m, []).extend(s)
        srcs.setdefault("revenue", []).extend(s_rev)
        rows[y] = r
    t = pd.DataFrame(rows).T
    t = t.rename(columns={"customer_financing_allowance": "cf_allowance"})
    num = ["revenue", "customer_financing_drawn", "customer_financing_commitments",
           "cf_allowance", "inventory", "inventory_reserve", "inventory_impairment",
           "receivables_net", "receivables_allowance"]
    t[num] = t[num].astype(float)
    t["total"] = t[["cf_allowance", "inventory_reserve", "receivables_allowance"]].sum(
        axis=1, min_count=3)
    for c in ("cf_allowance", "inventory_reserve", "receivables_allowance", "total",
              "customer_financing_drawn"):
        t[f"{c}_pct_revenue"] = t[c] / t["revenue"]
    t["cf_allowance_pct_drawn"] = t["cf_allowance"] / t["customer_financing_drawn"]
    t["inventory_reserve_pct_inventory"] = t["inventory_reserve"] / t["inventory"]
    t["receivables_allowance_pct_receivables"] = t["receivables_allowance"] / t["receivables_net"]
    return TripleWriteDown(t, _checks(led, t), {k: sorted(set(v)) for k, v in srcs.items()})


_CHECKS = [
    # (seed id, stated metric, numerator metric, denominator column in table, what)
    ("D3", "customer_financing_drawn_pct_revenue", "customer_financing_drawn", "revenue",
     "customer financing drawn, % of revenue"),
    ("D5", "customer_financing_allowance_pct_revenue", "cf_allowance", "revenue",
     "customer-financing allowance, % of revenue"),
    ("D5", "customer_financing_allowance_pct_loans", "cf_allowance", "customer_financing_drawn",
     "customer-financing allowance, % of loans drawn"),
    ("D6", "inventory_reserve_pct_revenue", "inventory_reserve", "revenue",
     "inventory reserve, % of revenue"),
    ("D6", "inventory_reserve_pct_inventory", "inventory_reserve", "inventory",
     "inventory reserve, % of inventory"),
    ("D7", "receivables_pct_revenue", "receivables_net", "revenue",
     "net receivables, % of revenue"),
    ("D7", "receivables_allowance_pct_revenue", "receivables_allowance", "revenue",
     "receivable allowance, % of revenue"),
    ("D7", "receivables_allowance_pct_receivables", "receivables_allowance", "receivables_net",
     "receivable allowance, % of receivables"),
    ("D8", "total_allowances_pct_revenue", "total", "revenue",
     "all three allowances, % of revenue"),
]


def _checks(led: Ledger, t: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for sid, stated_m, num, den, what in _CHECKS:
        for y in YEARS:
            stated, _, _ = _get(led, stated_m, y)
            if stated != stated:
                continue
            obs = next(o for o in led.observations if o.entity == "lucent"
                       and o.metric == stated_m and str(o.date) == y)
            n, d = t.loc[y, num], t.loc[y, den]
            computed = n / d if n == n and d == d and d else math.nan
            implied_base = n / obs.value.mid if n == n and obs.value.mid else math.nan
            if computed != computed:
                note = f"no {den.replace('_', ' ')} for FY{y} to check against"
                ok = None
            elif obs.value.is_point:
                ok = abs(computed - stated) <= 0.001 + 1e-12
                note = "" if ok else (f"the stated share implies a base of "
                                      f"${implied_base / 1e9:.2f}B, not ${d / 1e9:.2f}B")
            else:  # '<0.1%' style bounds
                ok = obs.value.low - 1e-12 <= computed <= obs.value.high + 1e-12
                note = "" if ok else "outside the stated bound"
            rows.append({"id": sid, "year": y, "statement": f"FY{y} {what}",
                         "stated": obs.value.mid if obs.value.is_point else obs.value.high,
                         "computed": computed, "diff_pp": (computed - obs.value.mid) * 100
                         if computed == computed else math.nan, "agrees": bool(ok),
                         "checked": ok is not None,
                         "implied_base": d if ok is None and d == d else
                         (obs.value.mid and n / obs.value.mid if n == n else math.nan),
                         "note": note})
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- early warning
RATIOS = {
    "financing_drawn_to_revenue": "vendor financing drawn / revenue",
    "commitments_to_revenue": "vendor-financing commitments / revenue",
    "allowance_coverage": "customer-financing allowance / financing drawn",
    "dso_days": "receivables / revenue × 365 (days of sales outstanding)",
    "dso_change": "change of DSO over the last fiscal year (days)",
    "inventory_days": "inventory / revenue × 365 (days, on revenue: COGS is not stored)",
    "inventory_days_change": "change of inventory days over the last fiscal year",
    "top_customer_share": "largest reported top-k customer share",
}


def lucent_thresholds(ledger: Ledger | None = None) -> pd.DataFrame:
    """Thresholds from Lucent FY1999, the year before its write-downs began (FY2000).

    Rule: red when a vendor is at or beyond Lucent's FY1999 level, amber at half of it (for
    allowance coverage, which protects, the direction is reversed: red below Lucent's FY1999
    coverage, which proved far too thin). For the changes of DSO and inventory days the level
    is Lucent's FY1999→FY2000 change, the year before the FY2001 write-downs, with FY2000
    revenue implied by seed D9 and FY2000 inventory implied by D6 (reserve / 15.7%)."""
    led = ledger or load_dataset("telecom2000")
    v = _vendor_ratios(led, "lucent", "1999")
    t = lucent_writedowns(led).table        # FY2000 revenue: the seed's implied figure (D9)
    inv2000 = t.loc["2000", "inventory_reserve"] / _get(
        led, "inventory_reserve_pct_inventory", "2000")[0]   # implied by D6: reserve / 15.7%
    v["dso_change"] = (365 * (t.loc["2000", "receivables_net"] / t.loc["2000", "revenue"]
                              - t.loc["1999", "receivables_net"] / t.loc["1999", "revenue"]),
                       ["seed:D2", "seed:D7", "seed:D9"], "FY1999→FY2000, derived")
    v["inventory_days_change"] = (365 * (inv2000 / t.loc["2000", "revenue"]
                                         - t.loc["1999", "inventory"] / t.loc["1999", "revenue"]),
                                  ["seed:D2", "seed:D6", "seed:D9"], "FY1999→FY2000, derived")
    rows = [{"ratio": k, "lucent_1999": v[k][0], "red": v[k][0], "basis": v[k][2],
             "amber": v[k][0] * (0.5 if k != "allowance_coverage" else 2.0),
             "higher_is_worse": k != "allowance_coverage", "sources": "; ".join(v[k][1])}
            for k in RATIOS]
    return pd.DataFrame(rows).set_index("ratio")


def _vendor_ratios(led: Ledger, entity: str, year: str | None = None) -> dict:
    """Each ratio as ``(value, sources, note)``; numerator and denominator must come from the
    same fiscal year (the latest common one unless ``year`` is given), else NaN with a note.
    A vendor with quarterly filings (revenue over fiscal quarters) is read on its latest
    quarter instead (:func:`quarterly_ratios`)."""
    from ..errors import CapexloopError

    if year is None and _quarters(led, entity):
        return quarterly_ratios(led, entity)

    def by_year(metric):
        return {str(o.date): o for o in led.series(entity, metric)}

    revenue = by_year("revenue")
    bad = [y for y, o in revenue.items() if o.value.mid < 0]
    if bad:
        raise CapexloopError(f"{entity} has negative revenue in {', '.join(bad)}: check the "
                             "series (a loss is not revenue)", field="revenue")

    def ratio(metric, scale=1.0, lag=0):
        num = by_year(metric)
        common = sorted(set(num) & set(revenue))
        if year is not None:
            common = [y for y in common if y == year]
        if not common:
            if num and revenue:
                return (math.nan, [], f"fiscal years differ ({metric}: {', '.join(sorted(num))};"
                        f" revenue: {', '.join(sorted(revenue))})")
            return math.nan, [], "input missing"
        if lag:
            if len(common) < 2:
                return math.nan, [], "needs two fiscal years"
            y1, y0 = common[-1], common[-2]
            v1 = num[y1].value.mid / revenue[y1].value.mid * scale
            v0 = num[y0].value.mid / revenue[y0].value.mid * scale
            return (v1 - v0, sorted({*num[y1].sources, *num[y0].sources,
                                     *revenue[y1].sources, *revenue[y0].sources}),
                    f"FY{y0}→FY{y1}")
        y = common[-1]
        r = revenue[y].value.mid
        v = num[y].value.mid / r * scale if r else math.nan
        return v, sorted({*num[y].sources, *revenue[y].sources}), f"FY{y}"

    def coverage():
        allow, drawn = by_year("customer_financing_allowance"), by_year(
            "customer_financing_drawn")
        common = sorted(set(allow) & set(drawn))
        if year is not None:
            common = [y for y in common if y == year]
        if not common:
            return math.nan, [], "input missing"
        y = common[-1]
        return (allow[y].value.mid / drawn[y].value.mid,
                sorted({*allow[y].sources, *drawn[y].sources}), f"FY{y}")

    shares = []
    for m in ("top1_customer_share", "top2_customer_share", "top3_customer_share",
              "top4_customer_share"):
        o = led.observation(entity, m, year) if year else led.observation(entity, m)
        if o is not None:
            shares.append((o.value.mid, list(o.sources), str(o.date)))
    top = max(shares, default=(math.nan, [], "input missing"))
    return {"financing_drawn_to_revenue": ratio("customer_financing_drawn"),
            "commitments_to_revenue": ratio("customer_financing_commitments"),
            "allowance_coverage": coverage(),
            "dso_days": ratio("receivables_net", 365.0),
            "dso_change": ratio("receivables_net", 365.0, lag=1),
            "inventory_days": ratio("inventory", 365.0),
            "inventory_days_change": ratio("inventory", 365.0, lag=1),
            "top_customer_share": top}


def _quarters(led: Ledger, entity: str) -> list:
    """Revenue observations over one fiscal quarter (80–100 days), oldest first."""
    out = []
    for o in led.series(entity, "revenue"):
        p = o.date
        if p.until is not None and p.start and p.end and 80 <= (p.end - p.start).days <= 100:
            out.append(o)
    return out


def _stock(led: Ledger, entity: str, metric: str, day) -> object | None:
    return led.observation(entity, metric, day.isoformat())


def quarterly_ratios(led: Ledger, entity: str, quarter_end: str | None = None) -> dict:
    """The early-warning ratios on a vendor's fiscal quarter (the latest unless
    ``quarter_end`` is given), each as ``(value, sources, note)``.

    With quarterly revenue ``R_q`` over ``d`` days (end day included) and balances at the
    quarter's end: DSO = receivables / R_q × d; inventory days = inventory / R_q × d (on
    revenue, as for Lucent); their changes against the same fiscal quarter a year earlier
    (quarter ending 365 ± 10 days before). Financing ratios divide by trailing-four-quarter
    revenue (four contiguous quarters ending at the quarter): stated customer-financing
    observations where filed, else the vendor's financing deals in the ledger as of the
    quarter's end (all active ones for commitments, ``drawn`` ones for drawn). Top-customer
    share = the sum of the three largest customer shares reported at the quarter's end (of
    revenue where given, else of receivables), like-for-like with Lucent's top-3 share.
    """
    import datetime as dt

    from ..ledger.asof import as_of

    qs = _quarters(led, entity)
    if quarter_end is not None:
        qs = [o for o in qs if o.date.end <= dt.date.fromisoformat(quarter_end)]
    if not qs:
        return {k: (math.nan, [], "input missing") for k in RATIOS}
    q = qs[-1]
    end = q.date.end
    label = f"quarter {q.date}"
    prior = next((o for o in reversed(qs)
                  if abs((end - o.date.end).days - 365) <= 10), None)

    def days_of(metric, qo):
        o = _stock(led, entity, metric, qo.date.end)
        if o is None:
            return math.nan, []
        d = (qo.date.end - qo.date.start).days + 1
        return o.value.mid / qo.value.mid * d, [*o.sources, *qo.sources]

    def level(metric):
        v, src = days_of(metric, q)
        return (v, sorted(set(src)), label) if v == v else (
            math.nan, [], f"input missing ({metric} at {end})")

    def change(metric):
        v1, s1 = days_of(metric, q)
        if v1 != v1:
            return math.nan, [], f"input missing ({metric} at {end})"
        if prior is None:
            return math.nan, [], "needs the same quarter a year earlier"
        v0, s0 = days_of(metric, prior)
        if v0 != v0:
            return math.nan, [], f"input missing ({metric} at {prior.date.end})"
        return v1 - v0, sorted({*s1, *s0}), f"{prior.date} → {q.date}"

    # trailing four contiguous quarters ending at q
    chain = [q]
    for o in reversed(qs[:-1]):
        if len(chain) == 4:
            break
        if 0 < (chain[-1].date.start - o.date.end).days <= 7:
            chain.append(o)
    ttm = sum(o.value.mid for o in chain) if len(chain) == 4 else math.nan
    ttm_src = sorted({s for o in chain for s in o.sources})
    ttm_note = f"TTM revenue to {end}" if ttm == ttm else "needs four contiguous quarters"

    cut = as_of(led, end)
    fin = [d for d in cut.active_deals() if d.payer == entity and d.is_financing]

    def financing(metric, deals):
        o = next((x for x in reversed(led.series(entity, metric)) if x.date.end <= end), None)
        if ttm != ttm:
            return math.nan, [], ttm_note
        if o is not None:
            return o.value.mid / ttm, sorted({*o.sources, *ttm_src}), f"{metric} at {o.date}"
        known = [d for d in deals if d.amount_usd is not None]
        if not known:
            return math.nan, [], "input missing (no financing deals of known size)"
        total = sum(d.amount_usd.mid for d in known)
        return (total / ttm, sorted({*ttm_src, *(s for d in known for s in d.sources)}),
                f"{len(known)} ledger financing deals as of {end} / {ttm_note}")

    allow = _stock(led, entity, "customer_financing_allowance", end)
    drawn = _stock(led, entity, "customer_financing_drawn", end)
    coverage = ((allow.value.mid / drawn.value.mid, sorted({*allow.sources, *drawn.sources}),
                 label) if allow is not None and drawn is not None and drawn.value.mid
                else (math.nan, [], "input missing (customer-financing allowance not filed)"))

    top = (math.nan, [], f"input missing (no customer shares at {end})")
    for basis in ("revenue", "receivables"):
        ranks = [_stock(led, entity, f"customer_share_{basis}_{k}", end) for k in (1, 2, 3)]
        ranks = [o for o in ranks if o is not None]
        if ranks:
            top = (sum(o.value.mid for o in ranks), sorted({s for o in ranks for s in o.sources}),
                   f"top {len(ranks)} customers' share of {basis} at {end}")
            break
    return {"financing_drawn_to_revenue": financing(
                "customer_financing_drawn", [d for d in fin if d.status.value == "drawn"]),
            "commitments_to_revenue": financing("customer_financing_commitments", fin),
            "allowance_coverage": coverage,
            "dso_days": level("receivables_net"),
            "dso_change": change("receivables_net"),
            "inventory_days": level("inventory"),
            "inventory_days_change": change("inventory"),
            "top_customer_share": top}


def early_warning(ledger: Ledger, entity: str, *, thresholds: pd.DataFrame | None = None,
                  year: str | None = None) -> pd.DataFrame:
    """Traffic lights for one vendor; a missing input gives a grey light, never a zero."""
    th = thresholds if thresholds is not None else lucent_thresholds()
    vals = _vendor_ratios(ledger, entity, year)
    rows = []
    for k, (v, src, note) in vals.items():
        t = th.loc[k]
        if v != v:
            light, why = "grey", note
        elif t.red != t.red:
            light, why = "grey", f"{v:.3g}; no Lucent threshold (its input is missing)"
        elif t.higher_is_worse:
            light = "red" if v >= t.red else "amber" if v >= t.amber else "green"
            why = f"{v:.3g} ({note}) vs Lucent {t.red:.3g} (amber from {t.amber:.3g})"
        else:
            light = "red" if v <= t.red else "amber" if v <= t.amber else "green"
            why = f"{v:.3g} ({note}) vs Lucent {t.red:.3g} (amber up to {t.amber:.3g})"
        rows.append({"ratio": k, "value": v, "light": light, "reason": why,
                     "sources": "; ".join(sorted(set(src)))})
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- AMD warrants
def amd_warrants(prices=(100, 150, 200, 250, 300, 400, 600, 800), deployed_gw=(0, 1, 2, 3, 4,
                 5, 6), *, shares: float = 160e6, tranches: int = 6, total_gw: float = 6.0,
                 last_price_hurdle: float = 600.0, strike: float = 0.01,
                 shares_outstanding: float | None = None) -> dict[str, pd.DataFrame]:
    """Value and dilution of AMD's OpenAI warrants across share prices and deployment.

    Seed E10: 160M shares at a nominal price, ~10% of AMD (so ~1.6B shares outstanding),
    vesting in tranches with the 6 GW deployment, the last only at a $600 share price.
    Assumed (not in the seed): equal tranches, tranche k vests at k·(6/n) GW, no price hurdle
    before the last. Value = vested shares × (price − strike); dilution = vested /
    (outstanding + vested).
    """
    out_sh = shares_outstanding if shares_outstanding is not None else shares / 0.10
    P, G = np.meshgrid(np.asarray(prices, float), np.asarray(deployed_gw, float),
                       indexing="ij")
    per = shares / tranches
    k = np.floor(G / (total_gw / tranches) + 1e-9).clip(0, tranches)
    last_ok = last_price_hurdle <= P
    vested_tranches = np.where((k >= tranches) & ~last_ok, tranches - 1, k)
    vested = vested_tranches * per
    value = vested * np.maximum(P - strike, 0)
    dil = vested / (out_sh + vested)
    idx = pd.Index(prices, name="amd_price")
    cols = pd.Index(deployed_gw, name="gw_deployed")
    return {"value": pd.DataFrame(value, index=idx, columns=cols),
            "vested_shares": pd.DataFrame(vested, index=idx, columns=cols),
            "dilution": pd.DataFrame(dil, index=idx, columns=cols)}


def ai_vendor_table(ai: Ledger, telecom: Ledger | None = None, *,
                    vendors: tuple[str, ...] = ("nvidia", "amd", "coreweave", "oracle",
                                                "microsoft")) -> pd.DataFrame:
    """``vendors`` of ``ai`` beside Lucent FY1999 (from ``telecom``, the embedded
    ``telecom2000`` reference by default) on the same measures."""
    from ..network import round_trip

    tel = telecom or load_dataset("telecom2000")
    rt = round_trip(ai)
    share = dict(zip(rt.ids, rt.share_upper, strict=True))
    cols = {}
    lu = _vendor_ratios(tel, "lucent", "1999")
    cols["lucent_1999"] = {k: v for k, v in lu.items()}
    for v in vendors:
        r = _vendor_ratios(ai, v)
        fin = [d for d in ai.active_deals() if d.payer == v and d.is_financing]
        known = [d.amount_usd.mid for d in fin if d.amount_usd]
        r["vendor_financing_committed_usd"] = (sum(known) if known else math.nan,
                                               sorted({s for d in fin for s in d.sources}), "")
        sh = share.get(v, math.nan)
        deals = [d for d in ai.active_deals() if d.payee == v and not d.is_financing]
        r["revenue_from_financed_customers"] = (sh, sorted({s for d in deals + fin
                                                            for s in d.sources}), "")
        cols[v] = r
    cols["lucent_1999"]["vendor_financing_committed_usd"] = _get(
        tel, "customer_financing_commitments", "1999")[:2]
    cols["lucent_1999"]["revenue_from_financed_customers"] = (math.nan, [])
    rows = []
    for measure in [*RATIOS, "vendor_financing_committed_usd", "revenue_from_financed_customers"]:
        row = {"measure": measure}
        for c, d in cols.items():
            val, src = d.get(measure, (math.nan, []))[:2]
            row[c] = val
            row[f"{c}_sources"] = "; ".join(sorted(set(src)))
        rows.append(row)
    return pd.DataFrame(rows).set_index("measure")
