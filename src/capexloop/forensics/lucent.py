"""Lucent's triple write-down (seed 003 §3), rebuilt from the stored dollar amounts.

Lucent's customer financing came back as three write-downs — customer-financing allowances,
inventory reserves and receivable allowances — rising from 2.8% to 21.4% of revenue (seed
D2–D9). :func:`lucent_writedowns` rebuilds the table from the stored dollar amounts and checks
every percentage the seed states against them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import pandas as pd

from .._results import ResultMixin, records
from ..ledger.model import Ledger

__all__ = ["TripleWriteDown", "lucent_writedowns"]

YEARS = ("1999", "2000", "2001", "2002")


def _get(led: Ledger, metric: str, year: str, entity: str = "lucent"):
    o = led.observation(entity, metric, year)
    return (o.value.mid, o.sources, o.basis) if o else (math.nan, [], "")


@dataclass(frozen=True)
class TripleWriteDown(ResultMixin):
    """Per fiscal year: the three write-downs in $, % of revenue and % of their exposure; and
    every percentage the seed states, checked against the dollar amounts."""

    table: pd.DataFrame
    checks: pd.DataFrame
    sources: dict[str, list[str]]
    ledger: Ledger = field(repr=False, default=None)  # type: ignore[assignment]

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
        led = self.ledger
        res, _, _ = _get(led, "inventory_reserve", "2000")
        pct, _, _ = _get(led, "inventory_reserve_pct_inventory", "2000")
        imp, _, _ = _get(led, "inventory_impairment", "2001")
        ipct, _, _ = _get(led, "inventory_impairment_pct_prior_inventory", "2001")
        return [("FY2000 inventory (D6)", res / pct, imp / ipct)]

    __str__ = summary

    def to_dict(self) -> dict:
        return {"table": records(self.table.reset_index(names="fiscal_year")),
                "checks": records(self.checks), "sources": self.sources}


def lucent_writedowns(ledger: Ledger) -> TripleWriteDown:
    """The triple write-down table for FY1999–FY2002 and the seed-percentage checks.

    Revenue: FY1999 from seed D2, FY2001–2002 from Lucent's 10-K; FY2000, which neither gives,
    is the seed's own implied figure (D9: allowance / stated share), marked derived.
    """
    led = ledger
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
    return TripleWriteDown(t, _checks(led, t), {k: sorted(set(v)) for k, v in srcs.items()},
                           led)


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
