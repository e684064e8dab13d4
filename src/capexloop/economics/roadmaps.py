"""Lab roadmaps: OpenAI vs Anthropic — revenue, losses, commitments ($ and GW), coverage, and
the revenue growth needed to pay for the commitments.

Required growth: revenue ``R₀`` growing at ``g`` pays ``Σ_{t=1..H} R₀(1+g)^t`` over ``H``
years; the smallest ``g`` with that sum ≥ commitments ``C`` is solved by bisection (a share
``s`` of revenue can be set aside for compute; default 1, i.e. all revenue).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from scipy.optimize import brentq

from ..errors import CapexloopError
from ..ledger.capacity import capacity_by_entity
from ..ledger.model import Ledger

__all__ = ["lab_roadmaps", "power_context", "required_growth", "revenue_path"]


def required_growth(revenue: float, commitments: float, years: int, share: float = 1.0) -> float:
    """Yearly growth g with ``share·Σ_{t=1..years} R₀(1+g)^t = C``.

    >>> round(required_growth(100, 231, 2), 6)   # 100(1+g) + 100(1+g)^2 = 231 → g = 0.1
    0.1
    """
    if revenue <= 0 or years < 1 or not 0 < share <= 1:
        raise CapexloopError("revenue must be positive, years ≥ 1 and share in (0, 1]",
                             field="revenue")

    def gap(g):
        return share * revenue * sum((1 + g) ** t for t in range(1, years + 1)) - commitments

    if gap(-0.99) > 0:
        return -0.99
    return float(brentq(gap, -0.99, 100.0, xtol=1e-12))


def revenue_path(revenue: float, growth: float, years: int, start_year: int) -> pd.Series:
    """Revenue by year on a constant-growth path: ``R₀(1+g)^t`` for t = 1..years."""
    return pd.Series([revenue * (1 + growth) ** t for t in range(1, years + 1)],
                     index=range(start_year + 1, start_year + years + 1), name="revenue")


def _latest(led: Ledger, entity: str, metric: str):
    """The observation ending last (the longer period on the same day: a fiscal year before
    its half-year)."""
    obs = [o for o in led.series(entity, metric) if o.date.end is not None]
    o = max(obs, key=lambda o: (o.date.end, o.date.end - (o.date.start or o.date.end)),
            default=None)
    return (o.value.mid, str(o.date), o.sources) if o else (math.nan, "", [])


def lab_roadmaps(ledger: Ledger, *, horizon: int = 5, usd_per_gw: float | None = None) -> pd.DataFrame:
    """One row per model provider; missing figures stay NaN (never zero) and ``missing`` names
    them. Revenue and commitments are those of
    :func:`capexloop.network.concentration.commitment_coverage` (annual revenue: latest fiscal
    year, TTM, run-rate or quarter × 4; commitments: stated, else the lab's purchases in ledger
    deals), so the roadmap and the coverage table agree."""
    from ..network.concentration import commitment_coverage

    if usd_per_gw is None:
        usd_per_gw = next((p.value for p in ledger.parameters if p.id == "usd_per_gw_chips"),
                          math.nan)
    cov = commitment_coverage(ledger).set_index("lab")
    gw_held = capacity_by_entity(ledger)      # deals' GW by payer + own sites, each once
    rows = []
    for e in ledger.entities:
        if e.layer.value != "model_provider":
            continue
        c = cov.loc[e.id]
        rev, commit = float(c.revenue), float(c.commitments)
        rev_date = str(c.revenue_year)
        rev_year = _year_of(ledger, e.id) if rev == rev else None
        loss, loss_date, s2 = _latest(ledger, e.id, "operating_loss")
        share, _, s3 = _latest(ledger, e.id, "operating_loss_to_revenue")
        gw = float(c.gw_stated)
        be, _, s6 = _latest(ledger, e.id, "breakeven_year")
        prof, _, s7 = _latest(ledger, e.id, "profitable_from_year")
        deals_gw = gw_held.get(e.id, 0.0)
        future_rev = loss / share if share == share and share else math.nan
        span = int(loss_date[:4]) - rev_year if loss_date and rev_year else 0
        growth_plan = ((future_rev / rev) ** (1 / span) - 1
                       if rev == rev and future_rev == future_rev and span > 0 else math.nan)
        need = required_growth(rev, commit, horizon) if rev == rev and commit == commit \
            else math.nan
        missing = [m for m in str(c.missing).split("; ") if m]
        missing += [f"{m} (not in the ledger)" for m, v in
                    (("operating loss", loss), ("stated GW", gw)) if v != v]
        rows.append({
            "lab": e.id, "revenue": rev, "revenue_year": rev_date,
            "revenue_basis": str(c.revenue_basis), "revenue_from": rev_year,
            "operating_loss": loss, "loss_year": loss_date, "implied_revenue": future_rev,
            "planned_growth": growth_plan, "commitments": commit,
            "commitments_basis": str(c.commitments_basis),
            "commitments_gw": gw, "deals_gw": deals_gw,
            "gw_in_usd": gw * usd_per_gw if gw == gw else math.nan,
            "coverage_years": commit / rev if rev == rev and rev > 0 else math.nan,
            "required_growth": need, "breakeven_year": be, "profitable_from": prof,
            "missing": "; ".join(missing),
            "sources": "; ".join(sorted({*str(c.sources).split("; "), *s2, *s3, *s6, *s7}
                                        - {""}))})
    return pd.DataFrame(rows)


def _year_of(ledger: Ledger, lab: str) -> int | None:
    """The calendar year the lab's annual revenue refers to (its last day's year)."""
    from ..ledger.annual import annual_revenue

    a = annual_revenue(ledger, lab)
    return a.date.year if a.date else None


def power_context(ledger: Ledger) -> dict:
    """Committed and hoped-for GW against US data-centre demand and against US average
    electric load (TWh/year × 1000 / 8760 h), seed E12, E13."""
    gw = _latest(ledger, "openai", "committed_compute_gw")[0]
    target = _latest(ledger, "openai", "target_compute_gw_2033")[0]
    dc = next((o.value for o in ledger.observations if o.metric == "datacenter_power_demand"),
              None)
    out = {"committed_gw": gw, "target_gw_2033": target}
    if dc is not None:
        out |= {"us_dc_demand_low": dc.low, "us_dc_demand_high": dc.high,
                "committed_vs_us_dc": (gw / dc.high, gw / dc.low) if gw == gw else None,
                "target_vs_us_dc": (target / dc.high, target / dc.low)}
    twh = next((o.value.mid for o in ledger.series("us_economy", "electricity_consumption")),
               None)
    if twh is not None:
        load = twh * 1e3 / 8760.0                      # TWh/year → average GW
        out |= {"us_average_load_gw": load,
                "target_share_of_us_load": target / load if target == target else np.nan}
    return out
