"""The seeds' own arithmetic, recomputed from their stated assumptions and from data.

Every ``CHECK`` item of the fact sheet (A2, C2, C5, C8, C9, C13, D8, D9, D12, E4, E6, E12, E13,
F2, F3, F5) becomes one or more :class:`SeedCheck` rows: the claim as the seed states it (read
from the ``claimed_*`` observations or the seed's own figures in the datasets), the value
computed from the seed's assumptions or from the shipped data (``fred:FEDFUNDS`` for C9), and
the formula. Nothing here copies a rounded claim: analyses use the computed value.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from ..ledger.model import Ledger
from ..ledger.quantities import Range, format_usd

__all__ = ["SeedAudit", "SeedCheck", "checks_frame", "seed_audit", "seed_checks"]

HOURS_PER_YEAR = 8760.0


@dataclass(frozen=True)
class SeedCheck:
    """A seed claim next to the value computed from its own assumptions (or from data).

    ``at_least`` marks "more than X" claims: they agree when the computed value is at least X
    and, if ``max_ratio`` is set, at most ``max_ratio``·X (a claim of ">$20B" for ~$67B is an
    understatement, not agreement). Units ``month`` hold ``year*12 + month - 1``."""

    id: str
    what: str
    claimed: Range
    computed: Range
    unit: str
    formula: str
    rel_tol: float = 0.005
    at_least: bool = False
    max_ratio: float | None = None
    sources: tuple[str, ...] = ()

    @property
    def difference(self) -> tuple[float, float]:
        """``computed - claimed`` at the low and the high end."""
        return (self.computed.low - self.claimed.low, self.computed.high - self.claimed.high)

    @property
    def agrees(self) -> bool:
        """Within ``rel_tol`` at both ends (or, for an 'above X' claim, not below X and not
        more than ``max_ratio`` times X)."""
        if self.at_least:
            ok = self.computed.low >= self.claimed.low * (1 - self.rel_tol)
            if self.max_ratio is not None:
                ok = ok and self.computed.low <= self.max_ratio * self.claimed.low
            return ok
        return all(math.isclose(c, k, rel_tol=self.rel_tol, abs_tol=1e-12) for c, k in
                   ((self.computed.low, self.claimed.low), (self.computed.high, self.claimed.high)))

    def fmt(self, r: Range) -> str:
        if self.unit == "month":
            one = lambda v: f"{int(v) // 12}-{int(v) % 12 + 1:02d}"  # noqa: E731
            return one(r.low) if r.low == r.high else f"{one(r.low)}..{one(r.high)}"
        if self.unit.startswith("USD"):
            per = self.unit[3:]
            return format_usd(r, 4) + per
        one = lambda v: f"{v:.4g}"  # noqa: E731
        return one(r.low) if r.low == r.high else f"{one(r.low)}..{one(r.high)}"

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "what": self.what, "claimed": self.fmt(self.claimed),
                "computed": self.fmt(self.computed), "unit": self.unit,
                "formula": self.formula, "agrees": self.agrees,
                "claimed_low": self.claimed.low, "claimed_high": self.claimed.high,
                "computed_low": self.computed.low, "computed_high": self.computed.high,
                "sources": list(self.sources)}


def _r(lo: float, hi: float | None = None) -> Range:
    return Range(low=lo, high=lo if hi is None else hi)


def _obs(led: Ledger, entity: str, metric: str, date: str) -> float:
    o = led.observation(entity, metric, date)
    if o is None:
        raise KeyError(f"{entity}.{metric}@{date}")
    return o.value.low


def _obs_range(led: Ledger, entity: str, metric: str, date: str) -> Range:
    o = led.observation(entity, metric, date)
    if o is None:
        raise KeyError(f"{entity}.{metric}@{date}")
    return o.value


def _gw(led: Ledger, payee: str) -> float:
    return sum(d.capacity_gw or 0.0 for d in led.active_deals()
               if d.payer == "openai" and d.payee == payee)


def _deal(led: Ledger, payer: str, payee: str, kind: str):
    return next((d for d in led.active_deals() if d.payer == payer and d.payee == payee
                 and d.kind == kind and d.amount_usd is not None), None)


def _month(ts: pd.Timestamp) -> float:
    return float(ts.year * 12 + ts.month - 1)


def _fed_checks(telecom: Ledger, fed: pd.Series | None) -> list[SeedCheck]:
    """C9 from the effective federal funds rate (percent, monthly averages)."""
    if fed is None:
        from ..macro.dataset import load_macro

        fed = load_macro().series("fed_funds")
    src = (fed.attrs.get("source", "fred:FEDFUNDS"), "seed:C9")
    jan00, dec99, jun00 = (float(fed.loc[m]) for m in ("2000-01-01", "1999-12-01", "2000-06-01"))
    out = [SeedCheck("C9", "fed funds rate at the start of 2000",
                     _r(_obs(telecom, "us_economy", "claimed_fed_funds_rate", "2000-01")),
                     _r(jan00 / 100), "ratio", f"FEDFUNDS Jan 2000 = {jan00:.2f}%",
                     rel_tol=0.02, sources=src),
           SeedCheck("C9", "rise of the fed funds rate in H1 2000",
                     _r(_obs(telecom, "us_economy", "claimed_fed_funds_hike_h1_2000", "2000-06")),
                     _r((jun00 - dec99) / 100), "ratio",
                     f"FEDFUNDS Jun 2000 − Dec 1999 = {jun00:.2f} − {dec99:.2f}", rel_tol=0.05,
                     sources=src)]
    # start of the cycle: the first month at least 0.20 pp above the trough that followed the
    # 1998 cuts (lowest rate of 1998-10..1999-06)
    trough_m = fed.loc["1998-10-01":"1999-06-01"].idxmin()
    trough = float(fed.loc[trough_m])
    after = fed.loc[trough_m:"2000-06-01"]
    start = after.index[(after >= trough + 0.20).to_numpy()][0]
    out.append(SeedCheck("C9", "first month of the 1999-2000 tightening",
                         _r(_month(pd.Timestamp("2000-01-01"))), _r(_month(start)), "month",
                         f"first month with FEDFUNDS ≥ trough + 0.20 pp (trough "
                         f"{trough:.2f}% in {trough_m:%Y-%m}; {float(fed.loc[start]):.2f}% in "
                         f"{start:%Y-%m})", rel_tol=0.0, sources=src))
    return out


def seed_checks(ai: Ledger, telecom: Ledger, *, fed_funds: pd.Series | None = None
                ) -> list[SeedCheck]:
    """Recompute every seed CHECK (and related derived figures) from the stored assumptions;
    C9 reads ``fed_funds`` (percent, monthly; default: the shipped ``fred:FEDFUNDS``)."""
    p = {x.id: x.value for x in ai.parameters}
    out: list[SeedCheck] = []
    # A2: 2028 revenue implied by a $74B loss at three quarters of revenue
    loss = _obs(ai, "openai", "operating_loss", "2028")
    share = _obs(ai, "openai", "operating_loss_to_revenue", "2028")
    out.append(SeedCheck("A2", "OpenAI 2028 revenue implied by its loss", _r(99e9),
                         _r(loss / share), "USD", f"{loss / 1e9:g}B / {share:g}",
                         sources=("seed:A2",)))
    # C2/C13: Lucent's peak share price
    peak_claim = _obs(telecom, "lucent", "claimed_peak_share_price", "1999")
    prices = [o for o in telecom.series("lucent", "share_price")]
    top = max(prices, key=lambda o: o.value.high)
    out.append(SeedCheck("C2", "Lucent peak share price", _r(peak_claim), _r(top.value.high),
                         "USD", f"highest stated price: ${top.value.high:g} on {top.date} "
                         "(seed:C13) > the stated $65 peak", at_least=True, max_ratio=1.0,
                         sources=("seed:C2", "seed:C13")))
    # C5: doubling every 90 days
    claimed = _obs(telecom, "us_fiber_sector", "claimed_traffic_growth_per_year", "2000")
    out.append(SeedCheck("C5", "'doubling every 90 days' as yearly growth", _r(claimed),
                         _r(2 ** (365 / 90)), "x/year", "2^(365/90)", sources=("seed:C5",)))
    # C8: internet users 16M (1995) → 360M (2000)
    u0 = _obs(telecom, "us_fiber_sector", "internet_users", "1995")
    u1 = _obs(telecom, "us_fiber_sector", "internet_users", "2000")
    out.append(SeedCheck("C8", "internet user growth 1995-2000",
                         _r(_obs(telecom, "us_fiber_sector", "claimed_internet_user_growth",
                                 "1995..2000")),
                         _r((u1 / u0) ** (1 / 5) - 1), "1/year",
                         f"({u1 / 1e6:g}M / {u0 / 1e6:g}M)^(1/5) − 1", rel_tol=0.02,
                         sources=("seed:C8",)))
    # C9: the Fed's tightening, from the FEDFUNDS series
    out += _fed_checks(telecom, fed_funds)
    # C13: the 6 Jan 2000 drop and the market value it cost
    before = _obs(telecom, "lucent", "share_price", "2000-01-05")
    after = _obs(telecom, "lucent", "share_price", "2000-01-06")
    drop = 1 - after / before
    out.append(SeedCheck("C13", "Lucent one-day fall on 6 Jan 2000",
                         _r(_obs(telecom, "lucent", "claimed_daily_drop", "2000-01-06")),
                         _r(drop), "ratio", f"1 − {after:g}/{before:g}", rel_tol=0.02,
                         sources=("seed:C13",)))
    mv = _obs_range(telecom, "lucent", "market_value_peak", "1999..2000")
    out.append(SeedCheck("C13", "market value lost on 6 Jan 2000",
                         _r(_obs(telecom, "lucent", "claimed_market_value_lost", "2000-01-06")),
                         _r(drop * mv.low, drop * mv.high), "USD",
                         f"{drop:.3f} × peak market value {mv} (seed:C2)", at_least=True,
                         max_ratio=2.0, sources=("seed:C13", "seed:C2")))
    # D9: Lucent revenue implied by the stated percentages
    for year, metric, pct_metric in (("2000", "customer_financing_allowance",
                                      "customer_financing_allowance_pct_revenue"),
                                     ("2001", "customer_financing_allowance",
                                      "customer_financing_allowance_pct_revenue"),
                                     ("2001", "total_allowances", "total_allowances_pct_revenue"),
                                     ("2001", "customer_financing_drawn",
                                      "customer_financing_drawn_pct_revenue")):
        amt, pct = _obs(telecom, "lucent", metric, year), _obs(telecom, "lucent", pct_metric, year)
        claimed = 28.8e9 if year == "2000" else 21.3e9
        out.append(SeedCheck("D9", f"Lucent FY{year} revenue implied by {metric}", _r(claimed),
                             _r(amt / pct), "USD", f"{amt / 1e6:g}M / {pct:g}",
                             sources=("seed:D9",)))
    # D8: the three allowances add up
    for year in ("1999", "2001"):
        claimed = _obs(telecom, "lucent", "total_allowances", year)
        parts3 = [_obs(telecom, "lucent", m, year) for m in (
            "customer_financing_allowance", "inventory_reserve", "receivables_allowance")]
        out.append(SeedCheck("D8", f"Lucent total allowances FY{year}", _r(claimed),
                             _r(sum(parts3)), "USD",
                             " + ".join(f"{x / 1e6:g}M" for x in parts3), sources=("seed:D8",)))
    rev99 = _obs(telecom, "lucent", "revenue", "1999")
    out.append(SeedCheck("D8", "Lucent total allowances FY1999 as share of revenue",
                         _r(_obs(telecom, "lucent", "total_allowances_pct_revenue", "1999")),
                         _r(_obs(telecom, "lucent", "total_allowances", "1999") / rev99), "ratio",
                         "1.06B / 38.3B", rel_tol=0.05, sources=("seed:D8",)))
    # D12: CLEC capex per revenue dollar
    out.append(SeedCheck("D12", "CLEC capex per $ of revenue, 1999",
                         _r(_obs(telecom, "clec_sector", "capex_per_revenue", "1999")),
                         _r(_obs(telecom, "clec_sector", "capex", "1999")
                            / _obs(telecom, "clec_sector", "revenue", "1999")), "ratio",
                         "15.1B / 6.3B", sources=("seed:D12",)))
    # E4: a multi-year contract total set against one year of capex
    ora = _deal(ai, "openai", "oracle", "cloud_contract")
    if ora is not None and ora.term_years:
        total = ora.amount_usd.low
        out.append(SeedCheck("E4", "OpenAI-Oracle contract set against one year of capex: "
                             "total vs value per year", _r(total),
                             _r(total / ora.term_years), "USD",
                             f"{total / 1e9:g}B / {ora.term_years:g} years",
                             sources=("seed:E4", *[s for s in ora.sources
                                                   if not s.startswith("seed:")])))
    # E6: the four OpenAI contracts together
    four = sum(d.amount_usd.low for d in ai.active_deals() if d.payer == "openai"
               and d.payee in ("oracle", "nvidia", "amd", "broadcom") and d.amount_usd)
    out.append(SeedCheck("E6", "Oracle + NVIDIA + AMD + Broadcom contracts ('above $1T')",
                         _r(1e12), _r(four), "USD",
                         "sum of the four deals (GW-derived where the seed gives GW)",
                         at_least=True, sources=("seed:E6",)))
    # E12: committed compute in GW, sum of the parts; and CoreWeave's $/GW
    parts = {v: _gw(ai, v) for v in ("nvidia", "amd", "broadcom", "oracle")}
    cw_gw = _obs(ai, "openai", "committed_compute_gw_coreweave", "2025-11")
    parts["coreweave"] = cw_gw
    total_gw = sum(parts.values())
    out.append(SeedCheck("E12", "OpenAI committed compute", _r(_obs(
        ai, "openai", "committed_compute_gw", "2025-11")), _r(total_gw), "GW",
        " + ".join(f"{k} {v:g}" for k, v in parts.items()) + f" = {total_gw:g} (lower bound)",
        sources=("seed:E12",)))
    cw = _deal(ai, "openai", "coreweave", "cloud_contract")
    if cw is not None and ora is not None and ora.capacity_gw:
        ora_per = ora.amount_usd.low / ora.capacity_gw
        cw_per = cw.amount_usd.low / cw_gw
        out.append(SeedCheck("E12", "CoreWeave contract $ per GW vs Oracle's", _r(ora_per),
                             _r(cw_per), "USD/GW",
                             f"{cw.amount_usd.low / 1e9:g}B / {cw_gw:g} GW vs "
                             f"{ora.amount_usd.low / 1e9:g}B / {ora.capacity_gw:g} GW "
                             f"({ora_per / cw_per:.0f}× apart)", rel_tol=0.5,
                             sources=("seed:E12", "seed:B2", "seed:E4")))
    # E13: 250 GW against US electricity use
    target = _obs(ai, "openai", "target_compute_gw_2033", "2033")
    twh = _obs(ai, "us_economy", "electricity_consumption", "2024")
    load = twh * 1e3 / HOURS_PER_YEAR
    out.append(SeedCheck("E13", "250 GW as a share of US electricity",
                         _r(_obs(ai, "openai", "claimed_target_share_of_us_electricity", "2033")),
                         _r(target / load), "ratio",
                         f"{target:g} GW / ({twh:g} TWh / 8760 h = {load:.0f} GW)", rel_tol=0.05,
                         sources=("seed:E13",)))
    # F2/F3/F5: break-even
    capex, dep, roe, tax = (p["ai_total_investment"], p["gpu_depreciation_rate"],
                            p["required_roe"], p["corporate_tax_rate"])
    ebitda = capex * dep + capex * roe / (1 - tax)
    out.append(SeedCheck("F2", "required annual AI EBITDA", _r(2e12), _r(ebitda), "USD",
                         f"capex×dep + capex×roe/(1−tax) = {capex * dep / 1e12:g}T + "
                         f"{capex * roe / 1e12:g}T/{1 - tax:g}", sources=("seed:F1", "seed:F2")))
    m_lo, m_hi = p["ebitda_margin_cloud"], p["ebitda_margin_nvidia"]
    rev = _r(ebitda / m_hi, ebitda / m_lo)
    out.append(SeedCheck("F3", "required annual AI revenue", _r(3.3e12, 6e12), rev, "USD",
                         f"EBITDA / margin, margin {m_hi:g}..{m_lo:g}", sources=("seed:F3",)))
    for users, cid in ((1e9, "1b"), (3e9, "3b")):
        claimed_r = next(o.value for o in ai.observations
                         if o.metric == f"claimed_revenue_per_user_{cid}")
        out.append(SeedCheck("F5", f"revenue per user, {users / 1e9:g}B users", claimed_r,
                             rev * (1 / users), "USD/user/year", f"required revenue / {users:g}",
                             sources=("seed:F5",)))
    return out


def checks_frame(checks: list[SeedCheck]) -> pd.DataFrame:
    """One row per check: claimed, computed, unit, formula, agrees, difference."""
    rows = []
    for c in checks:
        if c.at_least:
            diff = "n/a (lower bound)"
        elif c.unit == "month":
            diff = f"{int(c.difference[0]):+d} months"
        else:
            diff = " .. ".join(f"{d:+.4g}" for d in sorted(set(c.difference)))
        rows.append({"id": c.id, "what": c.what, "claimed": c.fmt(c.claimed),
                     "computed": c.fmt(c.computed), "unit": c.unit, "formula": c.formula,
                     "agrees": c.agrees, "difference": diff})
    return pd.DataFrame(rows)


@dataclass(frozen=True)
class SeedAudit:
    """The seed checks plus the data-consistency findings beyond the fact sheet."""

    checks: list[SeedCheck]
    double_counts: pd.DataFrame = field(default_factory=pd.DataFrame)
    usd_per_gw: pd.DataFrame = field(default_factory=pd.DataFrame)

    def to_frame(self) -> pd.DataFrame:
        return checks_frame(self.checks)

    def summary(self) -> str:
        df = self.to_frame()
        bad = df[~df.agrees]
        lines = [f"{len(df)} seed checks, {len(bad)} where the seed's figure does not follow "
                 "from its own assumptions or the data:"]
        lines += [f"  {r.id:4s} {r.what}: claimed {r.claimed}, computed {r.computed}"
                  for r in bad.itertuples()]
        if len(self.double_counts):
            lines.append(f"{len(self.double_counts)} possible double counts of chips")
        if len(self.usd_per_gw):
            out = self.usd_per_gw[self.usd_per_gw.outlier]
            lines.append(f"{len(out)} deal(s) whose $/GW is far from comparable deals")
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        return {"checks": [c.to_dict() for c in self.checks],
                "double_counts": self.double_counts.to_dict(orient="records"),
                "usd_per_gw": self.usd_per_gw.to_dict(orient="records")}


def seed_audit(ai: Ledger, telecom: Ledger, *, fed_funds: pd.Series | None = None) -> SeedAudit:
    """All seed checks and the consistency findings on ``ai``."""
    from .consistency import double_counted_chips, usd_per_gw_outliers

    return SeedAudit(seed_checks(ai, telecom, fed_funds=fed_funds),
                     double_counted_chips(ai), usd_per_gw_outliers(ai))
