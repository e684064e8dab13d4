"""The three-stage burst monitor as a study: the monthly 1995–2003 history from data, the rule
evaluation over three busts, and today's reading, with any series the user loads (FRED ids or
date,value CSVs) laid over the shipped macro data."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .._results import ResultMixin
from ..errors import CapexloopError
from ..ledger.model import Ledger

__all__ = ["EVENTS", "ROLES", "MonitorStudy", "load_monitor_inputs", "monitor_study",
           "today_ledgers"]

#: Series roles a user may override (``pmi`` has no FRED source; give it as a CSV).
ROLES = ("short_rate", "spread", "equity", "pmi", "payrolls")
#: Dates shown beside the backtest (annotations; the targets the rules are scored against
#: come from data, see :mod:`capexloop.macro.evaluation`).
EVENTS = {"before_peak_2000_03": "2000-03-10", "before_enron_2001_12": "2001-12-02",
          "before_worldcom_2002_07": "2002-07-21"}


def load_monitor_inputs(fred: Sequence[str] = (), csv: Sequence[str] = (), *,
                        offline: bool = False) -> dict[str, Any]:
    """``['spread=BAA10Y']`` (FRED) and ``['pmi=ism.csv']`` (CSV) → series by role (PAYEMS as
    a level in thousands, as the shipped ``payrolls`` column)."""
    from ..bubble.series import read_price_csv

    loaded: dict[str, Any] = {}
    for spec, kind in [(x, "fred") for x in fred] + [(x, "csv") for x in csv]:
        role, sep, val = spec.partition("=")
        if not sep or role not in ROLES:
            raise CapexloopError(f"{spec!r} must be ROLE=VALUE with ROLE one of "
                                 f"{', '.join(sorted(ROLES))}", field=f"--{kind}")
        if kind == "fred":
            from ..macro.fred import FredClient  # httpx and tenacity only when used

            client = FredClient(offline=offline)
            try:
                loaded[role] = client.observations(val)
            finally:
                client.close()
        else:
            loaded[role] = read_price_csv(val)
    return loaded


def today_ledgers(ai: Ledger | None = None) -> tuple[Ledger, ...]:
    """The ledgers today's filing rules read: ``ai2025`` and, where shipped, ``ai-public``
    (company filing observations: revenue, receivables_net, inventory, capex by quarter)."""
    from ..ledger.datasets import DATASETS, load_dataset
    from .reference import ai_reference

    out = [ai if ai is not None else ai_reference()]
    if "ai-public" in DATASETS:
        out.append(load_dataset("ai-public"))
    return tuple(out)


@dataclass(frozen=True)
class MonitorStudy(ResultMixin):
    """The 1995–2003 reading, the rule evaluation, and today's reading with its signals."""

    backtest: Any      # StageReading
    evaluation: Any    # Evaluation
    today: Any         # StageReading
    signals: Any       # DataFrame: today's value, threshold, date, source per rule
    lead_months: dict[str, dict[str, int | None]]
    as_of: dt.date | None = None     # today's reading as of this day; None: all data shipped

    def to_dict(self) -> dict[str, Any]:
        bt, now = self.backtest, self.today
        last = now.table.iloc[-1]
        tab = bt.table.reset_index(names="month")
        tab["month"] = tab["month"].dt.strftime("%Y-%m")
        ev = bt.events.copy()
        ev["date"] = ev["date"].dt.strftime("%Y-%m-%d")
        sig = self.signals.astype(object).where(self.signals.notna(), None)
        return {"as_of": self.as_of.isoformat() if self.as_of else None,
                "backtest": tab.to_dict(orient="records"),
                "backtest_findings": bt.to_dict()["findings"],
                "annotations": ev.to_dict(orient="records"),
                "lead_months": self.lead_months,
                "evaluation": self.evaluation.to_dict(),
                "today": {"month": now.table.index[-1].strftime("%Y-%m"),
                          "stage": int(last.stage), "signals_firing": last.reasons,
                          "signals": sig.to_dict(orient="records")},
                "sources": bt.sources}

    def onset(self, stage: int):
        """Onset of ``stage`` before the S&P 500 peak of 2000-08 (or before WorldCom)."""
        bt = self.backtest
        return bt.onset(stage, "2000-08-31") or bt.onset(stage, "2002-07-21")

    def today_line(self) -> str:
        last = self.today.table.iloc[-1]
        when = f"as of {self.as_of}, " if self.as_of else ""
        return (f"today ({when}{self.today.table.index[-1]:%Y-%m}): stage {int(last.stage)}"
                + (f" — signals: {last.reasons}" if last.reasons else ""))

    def summary(self) -> str:
        lines = ["backtest 1995–2003 (stages from data; seed events are annotations)"]
        for s in (1, 2, 3):
            on = self.onset(s)
            lines.append(f"  stage {s}: onset {on:%Y-%m}" if on is not None
                         else f"  stage {s}: none")
        return "\n".join([*lines, self.evaluation.summary(), self.today_line()])


def monitor_study(*, telecom: Ledger | None = None, ai: Ledger | None = None,
                  fred: Sequence[str] = (), csv: Sequence[str] = (),
                  offline: bool = False, as_of: object | None = None) -> MonitorStudy:
    """Backtest 1995–2003, the evaluation over 1995–2003, 2005–2010 and 2018–2023, and
    today's reading on the shipped macro data (plus the user's series) and company filings.

    ``as_of`` reads "today" as it stood at the end of that day: macro months that had ended
    by then, and the ledgers cut by :func:`capexloop.ledger.asof.as_of` (filings whose
    period had ended; each still needs its 60 days to be usable)."""
    from ..macro.dataset import load_macro
    from ..macro.evaluation import evaluate_rules
    from ..macro.stages import today, today_signals

    overrides = load_monitor_inputs(fred, csv, offline=offline)
    macro = load_macro()
    from .reference import telecom_reference

    tel = telecom if telecom is not None else telecom_reference()
    if overrides:
        from ..macro.stages import backtest_1995_2003

        bt = backtest_1995_2003(tel, macro=macro, overrides=overrides)
    else:
        bt = None
    ev = evaluate_rules(tel, macro=macro)
    bt = bt or ev.readings["1995-2003"]
    ledgers = today_ledgers(ai)
    day = None
    if as_of is not None:
        import pandas as pd

        from ..ledger.asof import as_of as cut
        from ..ledger.asof import parse_as_of
        from ..macro.dataset import MacroData

        day = parse_as_of(as_of)
        ledgers = tuple(cut(led, day) for led in ledgers)
        last = (pd.Timestamp(day) + pd.Timedelta(days=1)).to_period("M").to_timestamp() \
            - pd.DateOffset(months=1)                  # the last month ended by ``day``
        macro_now = MacroData(macro.frame[macro.frame.index <= last], macro.info)
        over_now = {k: s[s.index < last + pd.DateOffset(months=1)]
                    for k, s in overrides.items()}
    else:
        macro_now, over_now = macro, overrides
    now = today(ledgers, macro=macro_now, overrides=over_now)
    leads = {f"stage{s}": {k: bt.lead_months(s, d) for k, d in EVENTS.items()}
             for s in (1, 2, 3)}
    return MonitorStudy(bt, ev, now, today_signals(now, macro_now), leads, day)
