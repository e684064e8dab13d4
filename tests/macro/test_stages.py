"""Stage rules on synthetic series with known answers, and the real 1995–2003 backtest."""

import pandas as pd
import pytest

from capexloop.ledger import load_dataset
from capexloop.macro.stages import backtest_1995_2003, monitor, today


def months(start, n):
    return pd.date_range(start, periods=n, freq="MS")


def test_tightening_rule():
    idx = months("2000-01-01", 24)
    rate = pd.Series([5.0] * 12 + [5.6] * 12, index=idx)   # +60 bp in month 13
    r = monitor(short_rate=rate, start="2000-01", end="2001-12")
    assert r.table.loc["2001-01-01", "tightening"] and not r.table.loc["2000-12-01",
                                                                       "tightening"]
    assert r.table.loc["2001-01-01", "stage"] == 1
    # the stage lasts 6 months after the last firing (fires while the 6/12-month rises hold)
    assert r.table.loc["2000-06-01", "stage"] == 0


def test_equity_drawdown_and_events():
    idx = months("2000-01-01", 12)
    eq = pd.Series([100, 110, 120, 100, 95, 90, 100, 100, 100, 100, 100, 100.0], index=idx)
    ev = pd.DataFrame({"date": pd.to_datetime(["2000-08-15", "2000-10-01"]),
                       "kind": ["profit_warning", "bankruptcy"], "id": ["w", "b"],
                       "entity": ["x", "y"], "description": ["", ""], "sources": ["", ""]})
    r = monitor(equity=eq, events=ev, start="2000-01", end="2000-12")
    t = r.table
    assert not t.loc["2000-04-01", "equity"] and t.loc["2000-05-01", "equity"]  # 95/120 − 1
    assert t.loc["2000-08-01", "stage"] == 2 and t.loc["2000-10-01", "stage"] == 3
    assert t.loc["2000-12-01", "stage"] == 3


def test_backtest_dates():
    """Real data: stage 1 from Dec 1999 (T-bill up ≥ 50 bp in 6 months), stage 2 from Jan 2000
    (Lucent's 6 Jan warning, seed C13), stage 3 from Dec 2000 (HarvardNet, seed D11; Lucent's
    FY2000 revenue finding, seed C18, counted at year end)."""
    bt = backtest_1995_2003(load_dataset("telecom2000"))
    assert bt.onset(1, "2000-03-10") == pd.Timestamp("1999-12-01")
    assert bt.onset(2, "2000-03-10") == pd.Timestamp("2000-01-01")
    assert bt.onset(3, "2001-12-02") == pd.Timestamp("2000-12-01")
    assert bt.lead_months(1, "2000-03-10") == 3 and bt.lead_months(3, "2002-07-21") == 19
    assert bt.table.loc["1998-10-01", "spreads"]          # LTCM widening
    assert bt.onset(3, "2000-03-10") is None               # no crash signal before the peak


def test_today_from_seed():
    r = today(load_dataset("ai2025"))
    assert r.table.iloc[-1].stage == 1 and "labour" in r.table.iloc[-1].reasons


def test_short_series_error():
    from capexloop.errors import CapexloopError

    with pytest.raises(CapexloopError, match="too short"):
        monitor(short_rate=pd.Series([1.0], index=[pd.Timestamp("2000-01-01")]),
                start="2000-01", end="2000-02")
