"""Three-stage burst monitor (seed C19) computed from data: macro series, company filings and
dated write-down lines. Events the seeds list are annotations only, never triggers.

Rules and thresholds (fixed before any evaluation; :data:`RULES` states each one):

Stage 1, macro (monthly, from :mod:`capexloop.macro.dataset`)
  ``tightening``     fed funds up ≥ 0.75 pp over 12 months                       (fred:FEDFUNDS)
  ``curve``          10-year minus 3-month yield ≤ 0                        (fred:DGS10, TB3MS)
  ``credit_spread``  Baa−10y spread up ≥ 0.40 pp over 6 months                   (fred:BAA10YM)
  ``hy_spread``      high-yield OAS up ≥ 1.50 pp over 6 months              (fred:BAMLH0A0HYM2)
  ``equity``         Nasdaq month-end ≥ 20% below its 24-month high            (fred:NASDAQCOM)
  ``pmi``            ISM PMI < 50 and below its level 3 months earlier     (ism:manufacturing)
  ``philly``         Philadelphia Fed activity < 0 and below 3 months earlier
  ``unemployment``   3-month mean unemployment ≥ 0.5 pp above its prior 12-month low (fred:UNRATE;
                     a month the source never published, such as 2025-10, is skipped: the mean
                     needs 2 of its 3 months and the low 9 of its 12)
  ``payrolls``       3-month mean payroll change < +50k a month                 (fred:PAYEMS)
Stage 2, filings (per company report; usable 60 days after the period end)
  ``revenue_decline`` revenue ≥ 5% below the same period a year earlier
  ``capex_cut``       capex ≥ 20% below the same period a year earlier
  ``inventory_build`` inventory growth minus revenue growth (y/y) ≥ 20 pp
  ``dso_jump``        days sales outstanding (receivables / revenue × days) up ≥ 20% y/y
Stage 3, write-downs and defaults (dated data)
  ``writedown``       a credit allowance (receivables, customer financing) up ≥ 50% y/y and
                      ≥ 1% of revenue, or a reported impairment / restatement amount; an
                      inventory reserve, provision or impairment only while the company's
                      revenue of the same period is down by the ``revenue_decline`` threshold
  ``default_wave``    high-yield OAS ≥ 8.0% (a market-wide default wave)

Why inventory write-downs need falling revenue: stage 3 is the crash of seed C19, when the
customers a vendor financed fail — its credit allowances jump (Lucent's customer-financing
allowance $34M → $604M → $2.12B, seed D5) and the inventory built for them is written down as
their orders stop (Lucent's reserve doubled in FY2001 while revenue fell 26%, D6, D9). A
vendor that writes inventory down while its sales are growing has not lost its customers: the
charge has another cause (NVIDIA's H20 provisions of 2025 follow a US export-licence
requirement, not a customer's default), so alone it is not a crash signal. Credit allowances
stay unconditional: a jump in expected customer credit losses is the signal itself.

Stage of a month: 3 if a stage-3 rule fired in the last 12 months, else 2 if a stage-2 rule did,
else 1 if at least two different stage-1 rules fired in the last 6 months, else 0.
Flows compare periods of equal length ending a year apart (±20 days); where a revenue line is
missing, it is derived from a ``<metric>`` / ``<metric>_pct_revenue`` pair of the same period
(the seed's own percentages, as in the D9 check).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from .._results import ResultMixin
from ..errors import CapexloopError
from ..ledger.model import Ledger
from .dataset import MacroData, months_between

__all__ = ["RULES", "SEED_READINGS", "Rule", "StageReading", "backtest_1995_2003",
           "filing_signals", "macro_signals", "monitor", "today", "today_signals"]


@dataclass(frozen=True)
class Rule:
    """One signal: its stage, family, threshold (with unit) and the data it reads."""

    name: str
    stage: int
    family: str
    description: str
    threshold: float
    unit: str
    source: str


RULES: tuple[Rule, ...] = (
    Rule("tightening", 1, "rates", "fed funds 12-month change ≥ threshold", 0.75, "pp",
         "fred:FEDFUNDS"),
    Rule("curve", 1, "rates", "10-year minus 3-month yield ≤ threshold", 0.0, "pp",
         "fred:DGS10, fred:TB3MS"),
    Rule("credit_spread", 1, "spreads", "Baa−10y spread 6-month change ≥ threshold", 0.40,
         "pp", "fred:BAA10YM"),
    Rule("hy_spread", 1, "spreads", "high-yield OAS 6-month change ≥ threshold", 1.50, "pp",
         "fred:BAMLH0A0HYM2"),
    Rule("equity", 1, "equity", "Nasdaq below its 24-month high by ≥ threshold", 0.20,
         "fraction", "fred:NASDAQCOM"),
    Rule("pmi", 1, "surveys", "ISM PMI below threshold and below 3 months earlier", 50.0,
         "index", "ism:manufacturing-pmi"),
    Rule("philly", 1, "surveys", "Philadelphia Fed activity below threshold and falling", 0.0,
         "index", "fred:GACDFSA066MSFRBPHI"),
    Rule("unemployment", 1, "labour", "3-month unemployment above its 12-month low by ≥",
         0.50, "pp", "fred:UNRATE"),
    Rule("payrolls", 1, "labour", "3-month mean payroll change below threshold", 50.0,
         "thousand jobs/month", "fred:PAYEMS"),
    Rule("revenue_decline", 2, "filings", "revenue y/y change ≤ −threshold", 0.05, "fraction",
         "ledger: revenue"),
    Rule("capex_cut", 2, "filings", "capex y/y change ≤ −threshold", 0.20, "fraction",
         "ledger: capex"),
    Rule("inventory_build", 2, "filings", "inventory growth − revenue growth ≥ threshold",
         0.20, "fraction", "ledger: inventory, revenue"),
    Rule("dso_jump", 2, "filings", "DSO y/y change ≥ threshold", 0.20, "fraction",
         "ledger: receivables_net, revenue"),
    Rule("writedown", 3, "write-downs", "credit allowance y/y change ≥ threshold (and ≥ 1% of "
         "revenue), inventory reserve/provision likewise while revenue falls, or an "
         "impairment/restatement", 0.50, "fraction",
         "ledger: allowances, reserves, impairments"),
    Rule("default_wave", 3, "defaults", "high-yield OAS ≥ threshold", 8.0, "percent",
         "fred:BAMLH0A0HYM2"),
)
RULE = {r.name: r for r in RULES}
FILING_LAG_DAYS = 60
STAGE1_MIN_RULES, STAGE1_MONTHS, STAGE23_MONTHS = 2, 6, 12
#: credit allowances: a jump is a stage-3 signal by itself
CREDIT_METRICS = ("receivables_allowance", "customer_financing_allowance")
#: inventory write-downs: stage 3 only while the company's revenue is falling
INVENTORY_METRICS = ("inventory_reserve", "inventory_provision")
ALLOWANCE_METRICS = CREDIT_METRICS + INVENTORY_METRICS
ONE_OFF_METRICS = ("inventory_impairment", "impairment", "restatement")
#: monitor roles a user may override (``--fred spread=BAA10Y``) → dataset column
ROLE_COLUMNS = {"short_rate": "fed_funds", "spread": "baa_spread_10y", "equity": "nasdaq",
                "pmi": "ism_pmi", "payrolls": "payrolls"}
#: The macro columns the rules read (the others, e.g. ``recession`` and ``sp500``, are context).
RULE_COLUMNS = ("fed_funds", "treasury_10y", "tbill_3m", "baa_spread_10y", "hy_oas", "nasdaq",
                "ism_pmi", "philly_activity", "unemployment", "payrolls")


def _months(start: str, end: str) -> pd.DatetimeIndex:
    idx = pd.date_range(pd.Timestamp(start).to_period("M").to_timestamp(),
                        pd.Timestamp(end).to_period("M").to_timestamp(), freq="MS")
    if len(idx) == 0:
        raise CapexloopError("the monitoring window is empty", field="start")
    return idx


def _monthly(s: pd.Series) -> pd.Series:
    s = s.dropna().sort_index()
    if len(s) < 2:
        raise CapexloopError(f"series {s.name!r} is too short for the stage rules",
                             field=str(s.name))
    return s.resample("MS").last()


def macro_signals(macro: MacroData, months: pd.DatetimeIndex,
                  overrides: dict[str, pd.Series] | None = None
                  ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Stage-1 and market stage-3 rules month by month: (fired, value) frames. A month whose
    input is missing neither fires nor counts (value NaN)."""
    f = macro.frame.copy()
    for role, s in (overrides or {}).items():
        col = ROLE_COLUMNS.get(role, role)
        f = f.reindex(f.index.union(_monthly(s).index))
        f[col] = _monthly(s).reindex(f.index)
    f = f.reindex(f.index.union(months)).sort_index()
    val = pd.DataFrame(index=f.index)
    val["tightening"] = f.fed_funds - f.fed_funds.shift(12)
    val["curve"] = f.treasury_10y - f.tbill_3m
    val["credit_spread"] = f.baa_spread_10y - f.baa_spread_10y.shift(6)
    val["hy_spread"] = f.hy_oas - f.hy_oas.shift(6)
    nq = f.nasdaq
    val["equity"] = 1 - nq / nq.rolling(24, min_periods=1).max()
    val["pmi"] = f.ism_pmi
    val["philly"] = f.philly_activity
    u3 = f.unemployment.rolling(3, min_periods=2).mean()
    val["unemployment"] = u3 - u3.shift(1).rolling(12, min_periods=9).min()
    val["payrolls"] = f.payrolls.diff().rolling(3).mean()
    val["default_wave"] = f.hy_oas
    th = {r.name: r.threshold for r in RULES}
    fired = pd.DataFrame(index=f.index)
    fired["tightening"] = val.tightening >= th["tightening"]
    fired["curve"] = val.curve <= th["curve"]
    fired["credit_spread"] = val.credit_spread >= th["credit_spread"]
    fired["hy_spread"] = val.hy_spread >= th["hy_spread"]
    fired["equity"] = val.equity >= th["equity"]
    fired["pmi"] = (val.pmi < th["pmi"]) & (val.pmi < val.pmi.shift(3))
    fired["philly"] = (val.philly < th["philly"]) & (val.philly < val.philly.shift(3))
    fired["unemployment"] = val.unemployment >= th["unemployment"]
    fired["payrolls"] = val.payrolls < th["payrolls"]
    fired["default_wave"] = val.default_wave >= th["default_wave"]
    return fired.reindex(months).fillna(False).astype(bool), val.reindex(months)


# ---------------------------------------------------------------- filings (stages 2 and 3)

def _obs_frame(led: Ledger) -> pd.DataFrame:
    """Observations of what happened (reported, derived or stated); a projection is a plan,
    not a filing, and never stands in for the prior year a filing is compared with."""
    rows = []
    for o in led.observations:
        if o.date.end is None or o.basis == "projected":
            continue
        end = pd.Timestamp(o.date.end)
        start = pd.Timestamp(o.date.start) if o.date.start else end
        rows.append({"entity": o.entity, "metric": o.metric, "start": start, "end": end,
                     "value": o.value.mid, "sources": "; ".join(o.sources)})
    df = pd.DataFrame(rows, columns=["entity", "metric", "start", "end", "value", "sources"])
    for c in ("start", "end"):
        df[c] = pd.to_datetime(df[c])
    return df


def _priors(df: pd.DataFrame) -> np.ndarray:
    """For each row (one metric), the position of the observation of the same entity a year
    earlier with an equal-length span (end and span each within 20 days; the first such row),
    −1 if none. Compared within each entity's rows at once."""
    pos = np.full(len(df), -1)
    end = df.end.to_numpy()
    target = (df.end - pd.DateOffset(years=1)).to_numpy()
    span = ((df.end - df.start) // pd.Timedelta(days=1)).to_numpy(dtype=float)
    ent = df.entity.to_numpy()
    for e in dict.fromkeys(ent):
        idx = np.flatnonzero(ent == e)
        ok = ((np.abs(end[idx][None, :] - target[idx][:, None]) <= np.timedelta64(20, "D"))
              & (np.abs(span[idx][None, :] - span[idx][:, None]) <= 20))
        has = ok.any(axis=1)
        pos[idx[has]] = idx[ok.argmax(axis=1)[has]]
    return pos


def _with_revenue(obs: pd.DataFrame) -> pd.DataFrame:
    """Add ``revenue`` rows derived from ``X`` / ``X_pct_revenue`` where revenue is missing."""
    have = set(zip(obs[obs.metric == "revenue"].entity, obs[obs.metric == "revenue"].end,
                   strict=True))
    pct = obs[obs.metric.str.endswith("_pct_revenue")]
    extra = []
    for r in pct.itertuples():
        if (r.entity, r.end) in have or r.value <= 0:
            continue
        base = obs[(obs.entity == r.entity) & (obs.end == r.end)
                   & (obs.metric == r.metric.removesuffix("_pct_revenue"))]
        if len(base):
            b = base.iloc[0]
            extra.append({"entity": r.entity, "metric": "revenue", "start": b.start,
                          "end": b.end, "value": b.value / r.value,
                          "sources": f"derived: {b.metric} / {r.metric}; {b.sources}"})
            have.add((r.entity, r.end))
    if not extra:
        return obs
    out = pd.concat([obs, pd.DataFrame(extra, columns=obs.columns)], ignore_index=True)
    for c in ("start", "end"):
        out[c] = pd.to_datetime(out[c])
    return out


def filing_signals(ledger: Ledger, *, lag_days: int = FILING_LAG_DAYS) -> pd.DataFrame:
    """Every stage-2/3 finding the ledger's company observations support: one row per company
    report and rule with the value, the threshold, the period, and the first month the report
    is usable (period end + ``lag_days``). Reads revenue, capex, inventory, receivables_net and
    the allowance/reserve/provision/impairment lines; ignores events."""
    obs = _with_revenue(_obs_frame(ledger))
    cols = ["entity", "rule", "period_end", "available", "value", "threshold", "detail",
            "sources"]
    out: list[dict[str, Any]] = []

    def add(rule: str, r: Any, value: float, detail: str, sources: str) -> None:
        out.append({"entity": r.entity, "rule": rule, "period_end": r.end,
                    "available": (r.end + pd.Timedelta(days=lag_days)).to_period("M")
                    .to_timestamp(), "value": value, "threshold": RULE[rule].threshold,
                    "detail": detail, "sources": sources})

    def yoy(metric: str) -> pd.DataFrame:
        df = obs[obs.metric == metric]
        prior = _priors(df)
        rows = []
        for k, r in enumerate(df.itertuples()):
            p = df.iloc[prior[k]] if prior[k] >= 0 else None
            if p is not None and p.value > 0:
                rows.append({"entity": r.entity, "start": r.start, "end": r.end,
                             "value": r.value, "prior": p.value, "growth": r.value / p.value - 1,
                             "sources": r.sources})
        return pd.DataFrame(rows, columns=["entity", "start", "end", "value", "prior", "growth",
                                           "sources"])

    rev, capex, inv = yoy("revenue"), yoy("capex"), yoy("inventory")
    for r in rev.itertuples():
        if r.growth <= -RULE["revenue_decline"].threshold:
            add("revenue_decline", r, r.growth, f"revenue {r.prior:.4g} → {r.value:.4g}",
                r.sources)
    for r in capex.itertuples():
        if r.growth <= -RULE["capex_cut"].threshold:
            add("capex_cut", r, r.growth, f"capex {r.prior:.4g} → {r.value:.4g}", r.sources)
    rev_at = {(r.entity, r.end): r for r in rev.itertuples()}
    for r in inv.itertuples():
        g = rev_at.get((r.entity, r.end))
        if g is None:
            continue
        gap = r.growth - g.growth
        if gap >= RULE["inventory_build"].threshold:
            add("inventory_build", r, gap, f"inventory {r.growth:+.0%} vs revenue "
                f"{g.growth:+.0%}", r.sources)
    # DSO: receivables at the period end over the revenue of the period ending then
    revs = obs[obs.metric == "revenue"]
    recv = obs[obs.metric == "receivables_net"]
    dso = []
    for r in recv.itertuples():
        m = revs[(revs.entity == r.entity) & ((revs.end - r.end).abs() <= pd.Timedelta(days=20))]
        if len(m):
            q = m.iloc[0]
            days = max((q.end - q.start).days + 1, 1) if q.start != q.end else 365
            dso.append({"entity": r.entity, "start": r.end, "end": r.end,
                        "value": r.value / q.value * days, "sources": r.sources})
    dso_df = pd.DataFrame(dso, columns=["entity", "start", "end", "value", "sources"])
    for r in dso_df.itertuples():
        p = dso_df[(dso_df.entity == r.entity) & ((dso_df.end - (r.end - pd.DateOffset(
            years=1))).abs() <= pd.Timedelta(days=20))]
        if len(p) and p.iloc[0].value > 0:
            ch = r.value / p.iloc[0].value - 1
            if ch >= RULE["dso_jump"].threshold:
                add("dso_jump", r, ch, f"DSO {p.iloc[0].value:.0f} → {r.value:.0f} days",
                    r.sources)
    # stage 3: credit allowances jumping, inventory written down while revenue falls, and
    # reported impairments or restatements
    def falling(entity, end) -> bool:
        g = rev_at.get((entity, end))
        return g is not None and g.growth <= -RULE["revenue_decline"].threshold

    for metric in ALLOWANCE_METRICS:
        for r in yoy(metric).itertuples():
            g = rev_at.get((r.entity, r.end))
            revenue = g.value if g is not None else np.nan
            big = bool(np.isnan(revenue)) or r.value >= 0.01 * revenue
            demand = metric in CREDIT_METRICS or falling(r.entity, r.end)
            if r.growth >= RULE["writedown"].threshold and big and demand:
                add("writedown", r, r.growth, f"{metric} {r.prior:.4g} → {r.value:.4g}"
                    + ("" if metric in CREDIT_METRICS else
                       f" while revenue fell {-rev_at[(r.entity, r.end)].growth:.0%}"),
                    r.sources)
    for r in obs[obs.metric.isin(ONE_OFF_METRICS) & (obs.value > 0)].itertuples():
        if r.metric.startswith("inventory") and not falling(r.entity, r.end):
            continue
        add("writedown", r, r.value, f"{r.metric} {r.value:.4g}", r.sources)
    return pd.DataFrame(out, columns=cols).sort_values(["available", "entity", "rule"],
                                                        ignore_index=True)


# ---------------------------------------------------------------- the reading

def _events_frame(events) -> pd.DataFrame:
    rows = [{"date": pd.Timestamp(e.date.end or e.date.start), "kind": e.kind, "id": e.id,
             "entity": e.entity, "description": e.description, "sources": "; ".join(e.sources)}
            for e in events if e.kind != "not_reported"]   # disclosure notes, not market events
    return pd.DataFrame(rows, columns=["date", "kind", "id", "entity", "description", "sources"])


def _recent(s: pd.Series, k: int) -> pd.Series:
    return s.astype(int).rolling(k, min_periods=1).max().astype(bool)


@dataclass(frozen=True)
class StageReading(ResultMixin):
    """Monthly rule firings, rule values, stages, filing findings and (annotation-only) events."""

    table: pd.DataFrame          # index month; one bool column per rule; stage; reasons
    values: pd.DataFrame         # index month; the value each macro rule compares
    findings: pd.DataFrame       # filing findings (entity, rule, period_end, available, ...)
    events: pd.DataFrame         # seed events: shown beside the stages, never used by them
    sources: dict[str, str] = field(default_factory=dict)

    def onset(self, stage: int, before: str) -> pd.Timestamp | None:
        """Start of the last uninterrupted run of stage ≥ ``stage`` that began by ``before``
        and was still on then (earlier runs that ended are false alarms)."""
        t = self.table.stage >= stage
        t = t[t.index <= pd.Timestamp(before)]
        if not len(t) or not t.iloc[-1]:
            return None
        starts = t.index[t & ~t.shift(1, fill_value=False)]
        return starts[-1]

    def lead_months(self, stage: int, event_date: str) -> int | None:
        """Months from the onset of ``stage`` to ``event_date`` (None if not in that stage)."""
        m = self.onset(stage, event_date)
        return None if m is None else months_between(m, pd.Timestamp(event_date))

    def summary(self) -> str:
        t = self.table
        lines = [f"stage monitor {t.index[0]:%Y-%m}..{t.index[-1]:%Y-%m}"]
        for s in (1, 2, 3):
            on = t.index[t.stage >= s]
            lines.append(f"  stage ≥{s}: {len(on)} months" + (f", first {on[0]:%Y-%m}"
                                                                if len(on) else ""))
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        tab = self.table.reset_index(names="month")
        tab["month"] = tab["month"].dt.strftime("%Y-%m")
        fnd = self.findings.copy()
        for c in ("period_end", "available"):
            fnd[c] = fnd[c].dt.strftime("%Y-%m-%d")
        return {"table": tab.to_dict(orient="records"), "findings": fnd.to_dict(
            orient="records"), "sources": self.sources}


def monitor(macro: MacroData | None = None, ledgers: tuple[Ledger, ...] = (), *, start: str,
            end: str, overrides: dict[str, pd.Series] | None = None,
            lag_days: int = FILING_LAG_DAYS) -> StageReading:
    """Evaluate every rule month by month between ``start`` and ``end`` from the macro data and
    the company observations of ``ledgers``; their events are kept as annotations only."""
    from .dataset import load_macro

    macro = macro if macro is not None else load_macro()
    months = _months(start, end)
    fired, values = macro_signals(macro, months, overrides)
    findings = pd.concat([filing_signals(led, lag_days=lag_days) for led in ledgers]
                         or [filing_signals(Ledger(), lag_days=lag_days)], ignore_index=True)
    for rule in ("revenue_decline", "capex_cut", "inventory_build", "dso_jump"):
        fired[rule] = months.isin(findings.available[findings.rule == rule])
    fired["writedown"] = months.isin(findings.available[findings.rule == "writedown"])
    order = [r.name for r in RULES]
    fired = fired[order]
    s1 = [r.name for r in RULES if r.stage == 1]
    s2 = [r.name for r in RULES if r.stage == 2]
    s3 = [r.name for r in RULES if r.stage == 3]
    n1 = sum(_recent(fired[c], STAGE1_MONTHS).astype(int) for c in s1)
    a1 = n1 >= STAGE1_MIN_RULES
    a2 = _recent(fired[s2].any(axis=1), STAGE23_MONTHS)
    a3 = _recent(fired[s3].any(axis=1), STAGE23_MONTHS)
    table = fired.copy()
    table["stage"] = np.where(a3, 3, np.where(a2, 2, np.where(a1, 1, 0)))
    table["reasons"] = [", ".join(c for c in order if row[c]) for _, row in fired.iterrows()]
    events = pd.concat([_events_frame(led.events) for led in ledgers] or [_events_frame([])],
                       ignore_index=True)
    srcs = {r.name: r.source for r in RULES}
    for name, info in macro.info.items():
        srcs[f"data:{name}"] = info.source
    return StageReading(table, values, findings, events, srcs)


def backtest_1995_2003(telecom: Ledger, *, macro: MacroData | None = None,
                       overrides: dict[str, pd.Series] | None = None) -> StageReading:
    """The monitor over 1995-01..2003-12 on the shipped macro data and the financial lines of
    ``telecom`` (Lucent FY1999-2002 in ``telecom2000``)."""
    return monitor(macro, (telecom,), start="1995-01", end="2003-12", overrides=overrides)


def today(ledgers: tuple[Ledger, ...] = (), *, macro: MacroData | None = None,
          overrides: dict[str, pd.Series] | None = None, months: int = 24) -> StageReading:
    """The last ``months`` months up to the latest month at least three quarters of the macro
    series the rules read (:data:`RULE_COLUMNS`) cover; later months hold only the quickest
    series. :func:`today_signals` shows each rule at its latest value in that window."""
    from .dataset import load_macro

    macro = macro if macro is not None else load_macro()
    f = macro.frame[[c for c in RULE_COLUMNS if c in macro.frame]]
    last = f.index[f.notna().sum(axis=1) >= 0.75 * f.shape[1]].max()
    for s in (overrides or {}).values():
        last = max(last, s.dropna().index.max().to_period("M").to_timestamp())
    start = last - pd.DateOffset(months=months - 1)
    return monitor(macro, ledgers, start=f"{start:%Y-%m}", end=f"{last:%Y-%m}",
                   overrides=overrides)


# ---------------------------------------------------------------- today's reading

#: How the seeds themselves read each signal today: ``boom`` (it keeps the boom going),
#: ``burst`` (a warning) or ``none`` (the seeds say nothing about it).
SEED_READINGS: dict[str, tuple[str, str, str]] = {
    "tightening": ("boom", "seed:E14", "the Fed stays loose"),
    "payrolls": ("boom", "seed:E14", "job gains fell from ~200k (2024) to ~30k a month: a "
                 "reason for the Fed to stay loose, read by the seed as support, not a warning"),
    "unemployment": ("boom", "seed:E14", "a softer labour market keeps rates low"),
    "equity": ("burst", "seed:A6", "NVIDIA −4% on 4 Nov 2025, SoftBank −20% in a week"),
    "writedown": ("boom", "seed:E14", "GPU utilisation 50–70%, no 'dark GPUs'"),
    "credit_spread": ("boom", "seed:E14", "AI vendor financing is mostly equity; no "
                      "predatory lending seen yet"),
}


def today_signals(reading: StageReading, macro: MacroData) -> pd.DataFrame:
    """Each rule at its latest value: value, threshold, month, source, whether it fires, and
    which way the seeds' own reading of it points."""
    rows = []
    for r in RULES:
        seed = SEED_READINGS.get(r.name, ("none", "", ""))
        base = {"rule": r.name, "stage": r.stage, "family": r.family,
                "description": r.description, "threshold": r.threshold, "unit": r.unit,
                "seed_reading": seed[0], "seed_source": seed[1], "seed_note": seed[2]}
        if r.name in reading.values:
            v = reading.values[r.name].dropna()
            if not len(v):
                rows.append(base | {"value": None, "date": None, "fires": False,
                                    "source": r.source, "entity": ""})
                continue
            m = v.index[-1]
            rows.append(base | {"value": float(v.iloc[-1]), "date": f"{m:%Y-%m}",
                                "fires": bool(reading.table.loc[m, r.name]),
                                "source": r.source, "entity": ""})
        else:
            f = reading.findings[reading.findings.rule == r.name]
            if not len(f):
                rows.append(base | {"value": None, "date": None, "fires": False,
                                    "source": r.source + " (no company finding in the window)",
                                    "entity": ""})
            for x in f.itertuples():
                rows.append(base | {"value": float(x.value), "date": f"{x.period_end:%Y-%m-%d}",
                                    "fires": True, "source": x.sources, "entity": x.entity,
                                    "detail": x.detail})
    return pd.DataFrame(rows)
