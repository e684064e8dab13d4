"""Hit rates, false alarms and lead times of every stage rule over several busts.

Targets come from data, not from the seeds: ``equity_peak`` — a month whose S&P 500 monthly
average is the highest within ±12 months and is followed by a fall of at least 20% within 24
months (2000-08, 2007-10, 2021-12 in the shipped data); ``recession_start`` — the first month
of an NBER recession (fred:USREC: 2001-04, 2008-01, 2020-03).

For each episode window, each rule (and each stage ≥ 1, 2, 3) and each target kind:

* hit: the rule fired at least once in the 24 months up to and including the target month;
  lead = months from the first such firing to the target;
* false alarm: a run of consecutive firing months that starts outside every
  [target − 24, target + 12] window (of the same target kind, any episode);
* filing rules need company data: where no company observations cover the episode the row
  says ``data: False`` and counts nothing.

The thresholds are those of :data:`capexloop.macro.stages.RULES`, fixed before this evaluation
(a test pins them); ``LEAD_MONTHS`` and ``GRACE_MONTHS`` are fixed here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from ..ledger.model import Ledger
from .dataset import MacroData, load_macro, months_between
from .stages import RULES, StageReading, monitor

__all__ = ["EPISODES", "GRACE_MONTHS", "LEAD_MONTHS", "Evaluation", "burst_targets",
           "evaluate_rules"]

EPISODES: dict[str, tuple[str, str]] = {"1995-2003": ("1995-01", "2003-12"),
                                        "2005-2010": ("2005-01", "2010-12"),
                                        "2018-2023": ("2018-01", "2023-12")}
LEAD_MONTHS, GRACE_MONTHS = 24, 12
PEAK_DROP, PEAK_HORIZON = 0.20, 24


def burst_targets(macro: MacroData) -> pd.DataFrame:
    """Equity peaks before a ≥ 20% fall (S&P 500 monthly averages) and recession starts."""
    sp = macro.series("sp500")
    fut_min = sp[::-1].rolling(PEAK_HORIZON + 1, min_periods=1).min()[::-1]
    local = sp.rolling(2 * 12 + 1, center=True, min_periods=1).max()
    peaks = sp.index[((fut_min / sp - 1) <= -PEAK_DROP) & (sp == local)]
    rec = macro.series("recession")
    starts = rec.index[(rec == 1) & (rec.shift(1) == 0)]
    rows = [{"kind": "equity_peak", "date": d, "source": "shiller/fred:SP500"} for d in peaks]
    rows += [{"kind": "recession_start", "date": d, "source": "fred:USREC"} for d in starts]
    return pd.DataFrame(rows).sort_values("date", ignore_index=True)


def _runs(s: pd.Series) -> list[pd.Timestamp]:
    """Start months of runs of consecutive True values."""
    s = s.astype(bool)
    return list(s.index[s & ~s.shift(1, fill_value=False)])


@dataclass(frozen=True)
class Evaluation:
    """One row per episode × rule × target kind, and the monthly readings behind them."""

    table: pd.DataFrame
    readings: dict[str, StageReading]
    targets: pd.DataFrame

    def to_frame(self) -> pd.DataFrame:
        return self.table

    def summary(self) -> str:
        t = self.table[self.table.data]
        lines = ["rule evaluation (hit = fired within 24 months before the target; "
                 "false alarm = a run starting outside every [target−24, target+12] window)"]
        for (ep, kind), g in t.groupby(["episode", "target"], sort=False):
            lines.append(f"{ep} vs {kind} ({', '.join(g.target_dates.iloc[0])}):")
            for r in g.itertuples():
                lead = ", ".join("–" if v is None else str(v) for v in r.lead_months)
                lines.append(f"  {r.rule:16s} hits {r.hits}/{r.n_targets}  false alarms "
                             f"{r.false_alarms}  lead {lead}")
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        tab = self.table.copy()
        tab["target_dates"] = tab.target_dates.map(list)
        tab["lead_months"] = tab.lead_months.map(list)
        return {"rules": [{"name": r.name, "stage": r.stage, "family": r.family,
                           "description": r.description, "threshold": r.threshold,
                           "unit": r.unit, "source": r.source} for r in RULES],
                "lead_months_window": LEAD_MONTHS, "grace_months": GRACE_MONTHS,
                "targets": [{"kind": r.kind, "date": f"{r.date:%Y-%m}", "source": r.source}
                            for r in self.targets.itertuples()],
                "table": tab.to_dict(orient="records")}


def evaluate_rules(telecom: Ledger, *, macro: MacroData | None = None,
                   extra_ledgers: tuple[Ledger, ...] = ()) -> Evaluation:
    """Run the monitor over every episode on the financial lines of ``telecom`` (Lucent's in
    ``telecom2000``) and ``extra_ledgers``, and score every rule and stage."""
    macro = macro if macro is not None else load_macro()
    targets = burst_targets(macro)
    rows, readings = [], {}
    for ep, (a, b) in EPISODES.items():
        rd = monitor(macro, (telecom, *extra_ledgers), start=a, end=b)
        readings[ep] = rd
        t = rd.table
        lo, hi = pd.Timestamp(a), pd.Timestamp(b)
        has_filings = bool(len(rd.findings)) and bool(
            ((rd.findings.period_end >= lo - pd.DateOffset(years=2))
             & (rd.findings.period_end <= hi)).any())
        columns = [(r.name, r.stage) for r in RULES] + [
            (f"stage>={k}", k) for k in (1, 2, 3)]
        for kind, tg in targets.groupby("kind"):
            inside = [d for d in tg.date if lo <= d <= hi]
            windows = [(d - pd.DateOffset(months=LEAD_MONTHS), d + pd.DateOffset(
                months=GRACE_MONTHS)) for d in tg.date]
            for name, _stage in columns:
                fired = t.stage >= int(name[-1]) if name.startswith("stage") else t[name]
                filing_rule = name in {"revenue_decline", "capex_cut", "inventory_build",
                                       "dso_jump", "writedown"}
                data = has_filings if filing_rule else True
                leads: list[int | None] = []
                for d in inside:
                    w = fired[(fired.index >= d - pd.DateOffset(months=LEAD_MONTHS))
                              & (fired.index <= d)]
                    on = w.index[w.to_numpy()]
                    leads.append(months_between(on[0], d) if len(on) else None)
                fa = [s for s in _runs(fired) if not any(w0 <= s <= w1 for w0, w1 in windows)]
                rows.append({"episode": ep, "target": kind, "rule": name,
                             "target_dates": tuple(f"{d:%Y-%m}" for d in inside),
                             "n_targets": len(inside), "data": data,
                             "hits": sum(v is not None for v in leads) if data else 0,
                             "lead_months": tuple(leads) if data else tuple(
                                 None for _ in inside),
                             "false_alarms": len(fa) if data else 0,
                             "false_alarm_starts": ", ".join(f"{s:%Y-%m}" for s in fa)
                             if data else "",
                             "months_fired": int(fired.sum())})
    return Evaluation(pd.DataFrame(rows), readings, targets)
