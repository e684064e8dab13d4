"""Three-stage burst monitor (seed C19): macro → earnings warnings/capex cuts → write-downs.

Monthly signals, each with a stated rule:

Stage 1, macro
  ``tightening``  short rate up ≥ 0.50 pp over 6 months or ≥ 0.75 pp over 12 months
  ``spreads``     6-month change of the Baa−Aaa spread above the 80th percentile of its own
                  history up to that month (at least 60 months of history)
  ``equity``      equity index ≥ 20% below its running peak (the financing window closes)
  ``pmi``         PMI below 50 and lower than 3 months earlier (user CSV; or a dated PMI event)
  ``labour``      payroll gains below 50k a month
Stage 2, earnings  a profit warning, earnings miss or capex cut event in the last 12 months
Stage 3, crash     a write-down, default, bankruptcy or restatement event in the last 12 months

ISM's PMI is not on FRED: give it as a ``date,value`` CSV (``capexloop monitor --csv
pmi=ism.csv``). Free substitutes are the regional Fed manufacturing surveys (Philadelphia Fed Business
Outlook, New York Fed Empire State). Their diffusion index is %up − %down; ``50 + index/2``
is the PMI-style diffusion (%up + ½·%unchanged) of the same answers, so the PMI rule applies.

The stage of a month is 3 if a stage-3 signal fired in the last 12 months, else 2 if a stage-2
signal did, else 1 if any stage-1 signal fired in the last 6 months, else 0. Events are placed
at the last day their date can mean (a year-dated event counts from 31 December), so coarse
dates never fire early.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .._results import ResultMixin, records
from ..errors import CapexloopError
from ..ledger.model import Ledger

__all__ = ["StageReading", "backtest_1995_2003", "monitor", "today"]

STAGE2_KINDS = {"profit_warning", "earnings_miss", "capex_cut"}
STAGE3_KINDS = {"write_down", "default", "bankruptcy", "restatement"}
PMI_KINDS = {"pmi_decline"}


def _monthly(s: pd.Series | None, how: str = "last") -> pd.Series | None:
    if s is None:
        return None
    s = s.dropna().sort_index()
    if len(s) < 2:
        raise CapexloopError(f"series {s.name!r} is too short for the stage rules",
                             field=str(s.name))
    r = s.resample("MS")
    return (r.last() if how == "last" else r.mean()).ffill()


def _events_frame(events) -> pd.DataFrame:
    rows = [{"date": pd.Timestamp(e.date.end or e.date.start), "kind": e.kind, "id": e.id,
             "entity": e.entity, "description": e.description, "sources": "; ".join(e.sources)}
            for e in events]
    return pd.DataFrame(rows, columns=["date", "kind", "id", "entity", "description", "sources"])


@dataclass(frozen=True)
class StageReading(ResultMixin):
    """Monthly signals and stages, the events behind them, and each signal's rule."""

    table: pd.DataFrame     # index month; bool signal columns; stage; reasons
    events: pd.DataFrame
    sources: dict[str, str] = field(default_factory=dict)

    def onset(self, stage: int, before: str) -> pd.Timestamp | None:
        """Start of the last uninterrupted run of stage ≥ ``stage`` that began by ``before``
        (earlier runs that ended are false alarms and do not count as lead)."""
        t = self.table.stage >= stage
        t = t[t.index <= pd.Timestamp(before)]
        if not len(t) or not t.iloc[-1]:
            return None
        starts = t.index[t & ~t.shift(1, fill_value=False)]
        return starts[-1]

    def lead_months(self, stage: int, event_date: str) -> int | None:
        """Months from the onset of ``stage`` to ``event_date`` (None if not in that stage)."""
        m = self.onset(stage, event_date)
        if m is None:
            return None
        ev = pd.Timestamp(event_date)
        return (ev.year - m.year) * 12 + ev.month - m.month

    def to_dict(self) -> dict:
        tab = self.table.reset_index(names="month")
        tab["month"] = tab["month"].dt.strftime("%Y-%m")
        return {"table": records(tab), "sources": self.sources}

    def summary(self) -> str:
        t = self.table
        last = t.iloc[-1]
        return (f"stage monitor {t.index[0]:%Y-%m}..{t.index[-1]:%Y-%m}: latest stage "
                f"{int(last.stage)}" + (f" ({last.reasons})" if last.reasons else ""))


SIGNALS = ["tightening", "spreads", "equity", "pmi", "labour", "earnings", "crash"]


def monitor(*, short_rate: pd.Series | None = None, spread: pd.Series | None = None,
            equity: pd.Series | None = None, pmi: pd.Series | None = None,
            payrolls_change: pd.Series | None = None, events: pd.DataFrame | None = None,
            start: str, end: str) -> StageReading:
    """Evaluate the stage rules month by month between ``start`` and ``end``."""
    months = pd.date_range(pd.Timestamp(start).to_period("M").to_timestamp(),
                           pd.Timestamp(end).to_period("M").to_timestamp(), freq="MS")
    if len(months) == 0:
        raise CapexloopError("the monitoring window is empty", field="start")
    sig = pd.DataFrame(False, index=months, columns=SIGNALS)
    r = _monthly(short_rate)
    if r is not None:
        up6, up12 = r - r.shift(6), r - r.shift(12)
        sig["tightening"] = ((up6 >= 0.5) | (up12 >= 0.75)).reindex(months, fill_value=False)
    sp = _monthly(spread)
    if sp is not None:
        ch = sp - sp.shift(6)
        thresh = ch.expanding(min_periods=60).quantile(0.8)
        sig["spreads"] = (ch > thresh).reindex(months, fill_value=False)
    eq = _monthly(equity)
    if eq is not None:
        sig["equity"] = (eq / eq.cummax() - 1 <= -0.20).reindex(months, fill_value=False)
    pm = _monthly(pmi)
    if pm is not None:
        sig["pmi"] = ((pm < 50) & (pm < pm.shift(3))).reindex(months, fill_value=False)
    pay = _monthly(payrolls_change, "mean")
    if pay is not None:
        sig["labour"] = (pay < 50_000).reindex(months, fill_value=False)
    ev = events if events is not None else _events_frame([])
    month_of = ev["date"].dt.to_period("M").dt.to_timestamp() if len(ev) else pd.Series([])
    for col, kinds in (("earnings", STAGE2_KINDS), ("crash", STAGE3_KINDS), ("pmi", PMI_KINDS)):
        hits = set(month_of[ev["kind"].isin(kinds)]) if len(ev) else set()
        sig[col] = sig[col] | sig.index.isin(list(hits))
    sig = sig.astype(bool)
    macro = sig[["tightening", "spreads", "equity", "pmi", "labour"]].any(axis=1)
    recent = lambda s, k: s.astype(int).rolling(k, min_periods=1).max().astype(bool)  # noqa: E731
    stage = np.where(recent(sig["crash"], 12), 3, np.where(recent(sig["earnings"], 12), 2,
                                                           np.where(recent(macro, 6), 1, 0)))
    table = sig.copy()
    table["stage"] = stage
    table["reasons"] = [", ".join(c for c in SIGNALS if row[c]) for _, row in sig.iterrows()]
    return StageReading(table, ev)


def backtest_1995_2003(telecom: Ledger, pmi: pd.Series | None = None) -> StageReading:
    """The monitor on offline data: Moody's Aaa/Baa (arch.data.default, = FRED AAA/BAA),
    3-month T-bill (statsmodels macrodata, quarterly → monthly), Nasdaq (arch.data.nasdaq,
    from 1999) and the dated events of ``telecom2000`` (seed C9–C18)."""
    import statsmodels.api as sm
    from arch.data import default, nasdaq

    led = telecom
    d = default.load()
    spread = (d["BAA"] - d["AAA"]).rename("baa_aaa")
    m = sm.datasets.macrodata.load_pandas().data
    q = pd.PeriodIndex.from_fields(year=m.year.astype(int), quarter=m.quarter.astype(int),
                                   freq="Q").to_timestamp(how="end").normalize()
    tbill = pd.Series(m.tbilrate.to_numpy(), index=q, name="tbill")
    nq = nasdaq.load()
    eq = nq["Adj Close" if "Adj Close" in nq else nq.columns[-1]].rename("nasdaq")
    reading = monitor(short_rate=tbill, spread=spread, equity=eq, pmi=pmi,
                      events=_events_frame(led.events), start="1995-01", end="2003-12")
    return StageReading(reading.table, reading.events, {
        "spreads": "Moody's Baa−Aaa (arch.data.default; FRED BAA, AAA)",
        "tightening": "3-month T-bill (statsmodels macrodata tbilrate, quarterly)",
        "equity": "Nasdaq Composite (arch.data.nasdaq, from 1999-01)",
        "events": "telecom2000 events (seed C9–C18, D4, D11)"})


def today(ai: Ledger, *, short_rate=None, spread=None, equity=None, pmi=None,
          payrolls_change=None, month: str = "2025-12") -> StageReading:
    """Today's reading from the seed facts (E14: Fed easing, ~30k jobs a month) and any series
    the user loads (e.g. FRED FEDFUNDS, BAA10Y, NASDAQCOM, PAYEMS changes). Year-dated seed
    figures count from the end of their year, so the default month is December 2025."""
    led = ai
    if payrolls_change is None:
        obs = led.series("us_economy", "monthly_job_gains")
        if obs:
            payrolls_change = pd.Series([o.value.mid for o in obs],
                                        index=[pd.Timestamp(o.date.end) for o in obs])
    start = (pd.Timestamp(month) - pd.DateOffset(months=23)).strftime("%Y-%m")
    return monitor(short_rate=short_rate, spread=spread, equity=equity, pmi=pmi,
                   payrolls_change=payrolls_change, events=_events_frame(led.events),
                   start=start, end=month)
