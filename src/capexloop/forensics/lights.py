"""Early-warning lights: any vendor's vendor-financing ratios against Lucent's FY1999 levels.

:func:`lucent_thresholds` calibrates red/amber levels on Lucent the year before its
write-downs; :func:`early_warning` applies them to a vendor's fiscal-year series and
:func:`quarterly_ratios` to its quarters.
"""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd

from ..ledger.model import Ledger
from .lucent import _get, lucent_writedowns

__all__ = ["NOT_REPORTED", "RATIOS", "early_warning", "lucent_thresholds", "not_reported",
           "quarterly_ratios"]

#: Event kind recording that a company's filings do not report a line at all (CoreWeave holds no
#: inventory, Microsoft names no customer above 10 % of revenue): the description starts with
#: the metric, ``"inventory: <reason>"``, and the event's date spans the filings read.
NOT_REPORTED = "not_reported"

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


def lucent_thresholds(ledger: Ledger) -> pd.DataFrame:
    """Thresholds from Lucent FY1999, the year before its write-downs began (FY2000).

    Rule: red when a vendor is at or beyond Lucent's FY1999 level, amber at half of it (for
    allowance coverage, which protects, the direction is reversed: red below Lucent's FY1999
    coverage, which proved far too thin). For the changes of DSO and inventory days the level
    is Lucent's FY1999→FY2000 change, the year before the FY2001 write-downs, with FY2000
    revenue implied by seed D9 and FY2000 inventory implied by D6 (reserve / 15.7%)."""
    led = ledger
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
    from ..ledger.asof import fiscal_quarters

    return fiscal_quarters(led.series(entity, "revenue"))


def _stock(led: Ledger, entity: str, metric: str, day) -> object | None:
    return led.observation(entity, metric, day.isoformat())


def not_reported(led: Ledger, entity: str, metric: str, day, *, carry_days: int = 0
                 ) -> tuple[str, list[str]] | None:
    """``(reason, sources)`` when a sourced ``not_reported`` event says the filings of
    ``entity`` carry no ``metric`` line on ``day`` (the event's date span covers it, or ended at
    most ``carry_days`` before it: an annual disclosure holds until the next one), else None.
    Such an input is not applicable rather than missing: the light stays grey and says why."""
    hits = [e for e in led.events
            if e.kind == NOT_REPORTED and e.entity == entity
            and e.description.split(":", 1)[0].strip() == metric and e.date.start is not None
            and e.date.start <= day <= (e.date.end or e.date.start) + dt.timedelta(carry_days)]
    if not hits:
        return None
    e = max(hits, key=lambda e: e.date.end or e.date.start)
    reason = e.description.split(":", 1)[1].strip()
    if day > (e.date.end or e.date.start):
        reason += f" (latest disclosure, for {e.date})"
    return reason, list(e.sources)


def _missing(led: Ledger, entity: str, metric: str, day) -> tuple[float, list[str], str]:
    """A grey input: 'not applicable' with the filing's reason where one is recorded, else
    'input missing' naming the observation that would fill it."""
    na = not_reported(led, entity, metric, day)
    if na is not None:
        return math.nan, sorted(set(na[1])), f"not applicable: {na[0]}"
    return math.nan, [], f"input missing ({metric} at {day})"


def _share(led: Ledger, entity: str, metric: str, q) -> object | None:
    """A customer share for quarter ``q``: stated at its end (receivables) or over a period
    ending with it, the quarter itself first, else the fiscal year ending there (revenue
    concentration is often disclosed only annually)."""
    o = _stock(led, entity, metric, q.date.end)
    if o is not None:
        return o
    spans = [x for x in led.series(entity, metric)
             if x.date.until is not None and x.date.end == q.date.end]
    return min(spans, key=lambda x: x.date.end - x.date.start, default=None)


def quarterly_ratios(led: Ledger, entity: str, quarter_end: str | None = None) -> dict:
    """The early-warning ratios on a vendor's fiscal quarter (the latest with a filed balance
    sheet, unless ``quarter_end`` is given), each as ``(value, sources, note)``.

    With quarterly revenue ``R_q`` over ``d`` days (end day included) and balances at the
    quarter's end: DSO = receivables / R_q × d; inventory days = inventory / R_q × d (on
    revenue, as for Lucent); their changes against the same fiscal quarter a year earlier
    (quarter ending 365 ± 10 days before). An input the filings do not report at all (a
    ``not_reported`` event, :func:`not_reported`) gives "not applicable: <reason>".
    Financing ratios divide by trailing-twelve-month revenue
    (:func:`capexloop.ledger.asof.trailing_year`: the fiscal year ending at the quarter, else
    four contiguous quarters ending there; a gap leaves them missing): stated
    customer-financing observations where filed, else the vendor's financing deals in the
    ledger as of the quarter's end (all active ones for commitments, ``drawn`` ones for
    drawn). Top-customer share = the sum of the three largest customer shares reported for the
    quarter (of revenue where given, over the quarter or the fiscal year ending with it, else
    of receivables at its end), like-for-like with Lucent's top-3 share.
    """
    from ..ledger.asof import as_of, trailing_year

    qs = _quarters(led, entity)
    if quarter_end is not None:
        qs = [o for o in qs if o.date.end <= dt.date.fromisoformat(quarter_end)]
    if not qs:
        return {k: (math.nan, [], "input missing") for k in RATIOS}
    # the latest quarter with a filed balance sheet (receivables, else inventory, at its end):
    # a newer quarter whose balance sheet is not in the ledger yet would leave lights grey
    filed = ([o for o in qs if _stock(led, entity, m, o.date.end) is not None]
             for m in ("receivables_net", "inventory"))
    q = qs[-1] if quarter_end is not None else next((f for f in filed if f), qs)[-1]
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
        return (v, sorted(set(src)), label) if v == v else _missing(led, entity, metric, end)

    def change(metric):
        v1, s1 = days_of(metric, q)
        if v1 != v1:
            return _missing(led, entity, metric, end)
        if prior is None:
            return math.nan, [], "needs the same quarter a year earlier"
        v0, s0 = days_of(metric, prior)
        if v0 != v0:
            return _missing(led, entity, metric, prior.date.end)
        return v1 - v0, sorted({*s1, *s0}), f"{prior.date} → {q.date}"

    # trailing twelve months ending at q: the fiscal year filed then, else four contiguous
    # quarters (a gap leaves it missing with the gap named)
    tty = trailing_year(led.series(entity, "revenue"), end)
    ttm, ttm_src = tty.value, tty.sources
    ttm_note = f"TTM revenue to {end} ({tty.note})" if ttm == ttm else tty.note

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
            what = (f"{len(deals)} financing deals by {entity} as of {end}, none of known size "
                    f"({', '.join(sorted(d.id for d in deals))})" if deals
                    else f"no financing deal by {entity} in the ledger as of {end}")
            return (math.nan, sorted({s for d in deals for s in d.sources}),
                    f"input missing ({metric} is not a filed line; {what})")
        total = sum(d.amount_usd.mid for d in known)
        return (total / ttm, sorted({*ttm_src, *(s for d in known for s in d.sources)}),
                f"{len(known)} ledger financing deals as of {end} / {ttm_note}")

    allow = _stock(led, entity, "customer_financing_allowance", end)
    drawn = _stock(led, entity, "customer_financing_drawn", end)
    coverage = ((allow.value.mid / drawn.value.mid, sorted({*allow.sources, *drawn.sources}),
                 label) if allow is not None and drawn is not None and drawn.value.mid
                else (math.nan, [], "input missing (customer_financing_allowance is not a filed line)"))

    top = (math.nan, [], f"input missing (no customer shares at {end})")
    for basis in ("revenue", "receivables"):
        ranks = [_share(led, entity, f"customer_share_{basis}_{k}", q) for k in (1, 2, 3)]
        ranks = [o for o in ranks if o is not None]
        if ranks:
            when = ranks[0].date
            top = (sum(o.value.mid for o in ranks), sorted({s for o in ranks for s in o.sources}),
                   f"top {len(ranks)} customers' share of {basis} "
                   + (f"at {end}" if when.until is None else f"over {when}"))
            break
    else:
        na = not_reported(led, entity, "customer_share_revenue_1", end, carry_days=366)
        if na is not None:
            top = (math.nan, sorted(set(na[1])), f"not applicable: {na[0]}")
    return {"financing_drawn_to_revenue": financing(
                "customer_financing_drawn", [d for d in fin if d.status.value == "drawn"]),
            "commitments_to_revenue": financing("customer_financing_commitments", fin),
            "allowance_coverage": coverage,
            "dso_days": level("receivables_net"),
            "dso_change": change("receivables_net"),
            "inventory_days": level("inventory"),
            "inventory_days_change": change("inventory"),
            "top_customer_share": top}


def early_warning(ledger: Ledger, entity: str, *, thresholds: pd.DataFrame,
                  year: str | None = None) -> pd.DataFrame:
    """Traffic lights for one vendor against ``thresholds`` (:func:`lucent_thresholds`); a
    missing input gives a grey light, never a zero."""
    th = thresholds
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
