"""The three-stage burst monitor as a study: the 1995–2003 backtest and today's reading, with
any series the user loads (FRED ids or date,value CSVs)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .._results import ResultMixin
from ..errors import CapexloopError
from ..ledger.model import Ledger

__all__ = ["EVENTS", "ROLES", "MonitorStudy", "load_monitor_inputs", "monitor_study"]

#: Series roles the monitor reads (``pmi`` has no FRED source; give it as a CSV).
ROLES = ("short_rate", "spread", "equity", "pmi", "payrolls")
#: The events whose lead time the backtest reports.
EVENTS = {"before_peak_2000_03": "2000-03-10", "before_enron_2001_12": "2001-12-02",
          "before_worldcom_2002_07": "2002-07-21"}


def load_monitor_inputs(fred: Sequence[str] = (), csv: Sequence[str] = (), *,
                        offline: bool = False) -> dict[str, Any]:
    """``['spread=BAA10Y']`` (FRED) and ``['pmi=ism.csv']`` (CSV) → series by role; PAYEMS
    (a level in thousands) becomes the monthly change in jobs (``payrolls_change``)."""
    from ..bubble.series import read_price_csv
    from ..macro.fred import FredClient

    loaded: dict[str, Any] = {}
    for spec, kind in [(x, "fred") for x in fred] + [(x, "csv") for x in csv]:
        role, sep, val = spec.partition("=")
        if not sep or role not in ROLES:
            raise CapexloopError(f"{spec!r} must be ROLE=VALUE with ROLE one of "
                                 f"{', '.join(sorted(ROLES))}", field=f"--{kind}")
        if kind == "fred":
            client = FredClient(offline=offline)
            try:
                loaded[role] = client.observations(val)
            finally:
                client.close()
        else:
            loaded[role] = read_price_csv(val)
    if "payrolls" in loaded:
        loaded["payrolls_change"] = loaded.pop("payrolls").diff() * 1000
    return loaded


@dataclass(frozen=True)
class MonitorStudy(ResultMixin):
    """The backtest reading, the lead of each stage before each event, and today's reading."""

    backtest: Any  # StageReading
    today: Any  # StageReading
    lead_months: dict[str, dict[str, int | None]]

    def to_dict(self) -> dict[str, Any]:
        bt, now = self.backtest, self.today
        last = now.table.iloc[-1]
        tab = bt.table.reset_index(names="month")
        tab["month"] = tab["month"].dt.strftime("%Y-%m")
        return {"backtest": tab.to_dict(orient="records"), "lead_months": self.lead_months,
                "today": {"month": now.table.index[-1].strftime("%Y-%m"),
                          "stage": int(last.stage), "signals": last.reasons},
                "sources": bt.sources}

    def onset(self, stage: int):
        """Onset of ``stage`` before the Nasdaq peak (or before WorldCom)."""
        bt = self.backtest
        return bt.onset(stage, "2000-03-10") or bt.onset(stage, "2002-07-21")

    def today_line(self) -> str:
        last = self.today.table.iloc[-1]
        return (f"today ({self.today.table.index[-1]:%Y-%m}): stage {int(last.stage)}"
                + (f" — signals: {last.reasons}" if last.reasons else ""))

    def summary(self) -> str:
        lines = ["backtest 1995–2003"]
        for s in (1, 2, 3):
            on = self.onset(s)
            lines.append(f"  stage {s}: onset {on:%Y-%m}" if on is not None
                         else f"  stage {s}: none")
        return "\n".join([*lines, self.today_line()])


def monitor_study(*, telecom: Ledger | None = None, ai: Ledger | None = None,
                  fred: Sequence[str] = (), csv: Sequence[str] = (),
                  offline: bool = False) -> MonitorStudy:
    """Backtest 1995–2003 (events of ``telecom``) and today's reading (seed facts of ``ai``)
    with the user's series."""
    from ..macro.stages import backtest_1995_2003, today
    from .reference import ai_reference, telecom_reference

    loaded = load_monitor_inputs(fred, csv, offline=offline)
    bt = backtest_1995_2003(telecom if telecom is not None else telecom_reference(),
                            pmi=loaded.get("pmi"))
    now = today(ai if ai is not None else ai_reference(), **loaded)
    leads = {f"stage{s}": {k: bt.lead_months(s, d) for k, d in EVENTS.items()}
             for s in (1, 2, 3)}
    return MonitorStudy(bt, now, leads)
