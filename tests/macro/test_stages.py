"""Stage rules on synthetic data with known answers, filing signals by hand, the real
1995–2003 history, the evaluation over three busts, and today's reading."""

import numpy as np
import pandas as pd
import pytest

from capexloop.ledger import load_dataset
from capexloop.ledger.dates import parse_period
from capexloop.ledger.model import Ledger
from capexloop.macro.dataset import MacroData, load_macro
from capexloop.macro.evaluation import EPISODES, burst_targets, evaluate_rules
from capexloop.macro.stages import (
    RULES,
    backtest_1995_2003,
    filing_signals,
    monitor,
    today,
    today_signals,
)

COLS = list(load_macro().frame.columns)


def synthetic(n=36, start="2000-01-01", **cols):
    idx = pd.date_range(start, periods=n, freq="MS")
    f = pd.DataFrame(np.nan, index=idx, columns=COLS)
    for k, v in cols.items():
        f[k] = v
    return MacroData(f)


def test_thresholds_are_the_stated_ones():
    """Fixed before the evaluation (module docstring of capexloop.macro.stages)."""
    assert {r.name: r.threshold for r in RULES} == {
        "tightening": 0.75, "curve": 0.0, "credit_spread": 0.40, "hy_spread": 1.50,
        "equity": 0.20, "pmi": 50.0, "philly": 0.0, "unemployment": 0.50, "payrolls": 50.0,
        "revenue_decline": 0.05, "capex_cut": 0.20, "inventory_build": 0.20, "dso_jump": 0.20,
        "writedown": 0.50, "default_wave": 8.0}


def test_one_macro_rule_is_not_a_stage():
    """Fed funds 5.0 for 12 months then 5.8: +0.8 pp ≥ 0.75 over 12 months from month 13;
    alone it is stage 0; with 10y − 3m = −0.1 (curve inverted) from month 13 it is stage 1."""
    ff = [5.0] * 12 + [5.8] * 24
    r = monitor(synthetic(fed_funds=ff), start="2000-01", end="2002-12")
    assert r.table.loc["2001-01-01", "tightening"] and not r.table.loc["2000-12-01",
                                                                       "tightening"]
    assert (r.table.stage == 0).all()
    m = synthetic(fed_funds=ff, treasury_10y=[5.0] * 36, tbill_3m=[4.0] * 12 + [5.1] * 24)
    r = monitor(m, start="2000-01", end="2002-12")
    assert r.table.loc["2001-01-01", "curve"] and r.table.loc["2001-01-01", "stage"] == 1


def test_equity_payrolls_and_default_wave():
    """Nasdaq 100→120→90: 1 − 90/120 = 25% below its 24-month high (fires); payroll level
    +30k a month: 3-month mean change 30 < 50 (fires); HY OAS 9% ≥ 8% → stage 3."""
    nq = [100.0] * 6 + [120.0] * 6 + [90.0] * 24
    pay = list(100_000 + 30 * np.arange(36.0))
    hy = [4.0] * 30 + [9.0] * 6
    r = monitor(synthetic(nasdaq=nq, payrolls=pay, hy_oas=hy), start="2000-01", end="2002-12")
    t = r.table
    assert t.loc["2001-01-01", "equity"] and r.values.loc["2001-01-01", "equity"] == 0.25
    assert t.loc["2000-06-01", "payrolls"]
    assert t.loc["2001-01-01", "stage"] == 1
    assert t.loc["2002-07-01", "default_wave"] and t.loc["2002-07-01", "stage"] == 3


def test_lucent_filing_signals_by_hand():
    """FY1999 revenue $38.3B, receivables $8.8B: DSO = 8.8/38.3×365 = 83.9 days. FY2000
    revenue from the seed's own percentage, 604/0.021 = $28.76B, receivables $9.56B: DSO =
    9.56/28.76×366 = 121.7 days (2000 has 366 days; +45.1%); revenue −24.9%; customer-financing
    allowance 34M → 604M (+1,676%, 2.1% of revenue). FY2000 is dated to its year end, usable
    from 2001-03 (+60 days)."""
    f = filing_signals(load_dataset("telecom2000"))
    fy00 = f[f.period_end == pd.Timestamp("2000-12-31")].set_index("rule")
    assert fy00.loc["dso_jump", "value"] == pytest.approx(
        (9.56 / (604 / 0.021) * 1e3 * 366) / (8.8 / 38.3 * 365) - 1, rel=1e-6)
    assert fy00.loc["revenue_decline", "value"] == pytest.approx(604e6 / 0.021 / 38.3e9 - 1)
    assert (fy00.available == pd.Timestamp("2001-03-01")).all()
    w = f[(f.rule == "writedown") & f.detail.str.startswith("customer_financing")]
    assert w.value.iloc[0] == pytest.approx(604 / 34 - 1)


def test_quarterly_filings_by_hand():
    """Quarter Q (Jul–Sep 2025) against the same quarter a year earlier: revenue 100 → 110
    (+10%), receivables 50 → 80 (DSO 50/100×92 = 46 → 80/110×92 = 66.9 days, +45%), inventory
    20 → 30 (+50% vs revenue +10%: gap 40 pp), capex 40 → 30 (−25%)."""
    obs = []
    for y, rev, rec, inv, cap in ((2024, 100e9, 50e9, 20e9, 40e9), (2025, 110e9, 80e9, 30e9,
                                                                     30e9)):
        span = f"{y}-07-01..{y}-09-30"
        obs += [{"entity": "x", "metric": "revenue", "date": span, "value": rev, "unit": "USD"},
                {"entity": "x", "metric": "capex", "date": span, "value": cap, "unit": "USD"},
                {"entity": "x", "metric": "receivables_net", "date": f"{y}-09-30",
                 "value": rec, "unit": "USD"},
                {"entity": "x", "metric": "inventory", "date": f"{y}-09-30", "value": inv,
                 "unit": "USD"}]
    led = Ledger(entities=[{"id": "x", "name": "X", "layer": "cloud"}],
                 observations=[o | {"sources": ["test"]} for o in obs])
    f = filing_signals(led).set_index("rule")
    assert set(f.index) == {"dso_jump", "inventory_build", "capex_cut"}
    assert f.loc["dso_jump", "value"] == pytest.approx((80 / 110) / (50 / 100) - 1)
    assert f.loc["inventory_build", "value"] == pytest.approx(0.5 - 0.1)
    assert f.loc["capex_cut", "value"] == pytest.approx(-0.25)
    assert f.loc["capex_cut", "available"] == pd.Timestamp("2025-11-01")


def test_no_seed_event_is_a_trigger():
    """Removing every event, or moving them all to 1995, changes no stage and no rule."""
    tel = load_dataset("telecom2000")
    base = backtest_1995_2003(tel)
    none = backtest_1995_2003(tel.model_copy(update={"events": []}))
    moved = backtest_1995_2003(tel.model_copy(update={"events": [
        e.model_copy(update={"date": parse_period("1995-01")}) for e in tel.events]}))
    pd.testing.assert_frame_equal(base.table, none.table)
    pd.testing.assert_frame_equal(base.table, moved.table)
    assert len(base.events) == len(tel.events) and none.events.empty


def test_backtest_1995_2003_from_data():
    """Stage 1 from 2000-05 (tightening: FEDFUNDS 6.27 vs 4.74 a year earlier, and the Nasdaq
    27.6% below its high: 3400.91 vs 4696.69); stage 3 from 2000-11 (HY OAS ≥ 8%); Lucent's
    FY2000 filing rules in 2001-03. The equity series covers 1995 on (S&P and Nasdaq)."""
    bt = backtest_1995_2003(load_dataset("telecom2000"))
    t = bt.table
    assert t.index[0] == pd.Timestamp("1995-01-01") and len(t) == 108
    assert bt.values.equity.notna().all()
    assert bt.onset(1, "2000-08-31") == pd.Timestamp("2000-05-01")
    assert bt.values.loc["2000-05-01", "equity"] == pytest.approx(1 - 3400.91 / 4696.69)
    assert bt.onset(3, "2001-04-01") == pd.Timestamp("2000-11-01")
    assert t.loc["2001-03-01", ["revenue_decline", "dso_jump", "writedown"]].all()


@pytest.fixture(scope="module")
def evaluation():
    return evaluate_rules(load_dataset("telecom2000"))


def test_targets_from_data():
    tg = burst_targets(load_macro())
    got = {(r.kind, f"{r.date:%Y-%m}") for r in tg.itertuples()}
    assert {("equity_peak", "2000-08"), ("equity_peak", "2007-10"), ("equity_peak", "2021-12"),
            ("recession_start", "2001-04"), ("recession_start", "2008-01"),
            ("recession_start", "2020-03")} <= got


def test_evaluation_per_rule_and_episode(evaluation):
    t = evaluation.table.set_index(["episode", "target", "rule"])
    assert set(t.index.get_level_values(0)) == set(EPISODES)
    # every rule is scored in every episode; filing rules only where company data exist
    assert not t.loc[("2005-2010", "recession_start", "dso_jump"), "data"]
    r = t.loc[("1995-2003", "recession_start", "writedown")]
    assert r.hits == 1 and r.lead_months == (1,)           # 2001-03 vs 2001-04
    c = t.loc[("2005-2010", "recession_start", "curve")]
    assert c.hits == 1 and c.lead_months[0] >= 12 and c.false_alarms == 0
    s = t.loc[("1995-2003", "equity_peak", "stage>=1")]
    assert s.hits == 1
    d = evaluation.to_dict()
    assert d["lead_months_window"] == 24 and len(d["rules"]) == len(RULES)


def test_false_alarm_counting():
    """A rule firing in 1997-01..03 only (no target within 24 months before or 12 after) is
    one false alarm; the same firing in 1999-09..11 before the 2000-08 peak is a hit."""
    from capexloop.macro.evaluation import _runs

    idx = pd.date_range("1995-01-01", "2003-12-01", freq="MS")
    s = pd.Series(False, index=idx)
    s.loc["1997-01-01":"1997-03-01"] = True
    s.loc["1999-09-01":"1999-11-01"] = True
    assert _runs(s) == [pd.Timestamp("1997-01-01"), pd.Timestamp("1999-09-01")]


def test_today_lists_every_signal_with_value_threshold_date_source():
    m = load_macro()
    now = today(macro=m)
    sig = today_signals(now, m).set_index("rule")
    assert set(sig.index) == {r.name for r in RULES}
    assert sig.loc["payrolls", "seed_reading"] == "boom"        # seed:E14 reads it as support
    for rule in ("tightening", "curve", "credit_spread", "payrolls", "unemployment"):
        row = sig.loc[rule]
        assert row.value == row.value and row.date and row.source.startswith("fred:")
    # the value is the 3-month mean change up to the reading's own month (today's window ends
    # at the last month most series cover; payrolls may run further)
    pay = m.frame.payrolls.dropna()
    pay = pay[pay.index <= pd.Timestamp(sig.loc["payrolls", "date"])]
    assert sig.loc["payrolls", "date"] == f"{now.table.index[-1]:%Y-%m}"
    assert sig.loc["payrolls", "value"] == pytest.approx(pay.diff().iloc[-3:].mean())


def test_short_series_error():
    from capexloop.errors import CapexloopError

    with pytest.raises(CapexloopError, match="too short"):
        monitor(synthetic(), start="2000-01", end="2000-02",
                overrides={"short_rate": pd.Series([1.0], index=[pd.Timestamp("2000-01-01")])})


def _writedown_ledger(rev_growth: float, metric: str) -> Ledger:
    """Quarter Jul–Sep 2025 vs 2024: revenue 100 → 100·(1+g), ``metric`` 1 → 3 (+200%, 2–3% of
    revenue, well past the 50% and 1% thresholds)."""
    obs = []
    for y, rev, w in ((2024, 100e9, 1e9), (2025, 100e9 * (1 + rev_growth), 3e9)):
        span = f"{y}-07-01..{y}-09-30"
        obs += [{"entity": "v", "metric": "revenue", "date": span, "value": rev, "unit": "USD"},
                {"entity": "v", "metric": metric, "date": span, "value": w, "unit": "USD"}]
    return Ledger(entities=[{"id": "v", "name": "V", "layer": "semiconductor"}],
                  observations=[o | {"sources": ["test"]} for o in obs])


@pytest.mark.parametrize(("metric", "growth", "fires"), [
    ("inventory_provision", +0.69, False),   # written down while sales grow: not a crash
    ("inventory_provision", -0.10, True),    # written down as sales fall (Lucent FY2001)
    ("inventory_impairment", +0.69, False),
    ("inventory_impairment", -0.10, True),
    ("customer_financing_allowance", +0.69, True),   # a credit loss is the signal itself
    ("receivables_allowance", +0.69, True),
])
def test_inventory_writedowns_need_falling_revenue(metric, growth, fires):
    f = filing_signals(_writedown_ledger(growth, metric))
    assert (f.rule == "writedown").any() == fires


def test_today_on_ai_public_is_not_stage_3_from_inventory_provisions():
    """NVIDIA's inventory provisions of 2025 (H20 export-licence charges) rose while its
    revenue grew: no write-down signal, so today's stage is not 3 for that reason; the
    1995–2003 backtest keeps Lucent's write-downs (its credit allowances and, as revenue
    fell 26%, its FY2001 inventory reserve)."""
    ai = load_dataset("ai-public")
    f = filing_signals(ai)
    assert not ((f.entity == "nvidia") & (f.rule == "writedown")).any()
    nv = [o for o in ai.series("nvidia", "inventory_provision")
          if str(o.date) == "2025-01-27..2025-04-27"]
    assert nv and nv[0].value.mid == 2.3e9       # the provision that used to fire stage 3
    tel = filing_signals(load_dataset("telecom2000"))
    w = tel[tel.rule == "writedown"]
    assert w.detail.str.startswith("inventory_reserve").any()
    assert w.detail.str.contains("while revenue fell 26%").any()
    now = today((ai,))
    assert int(now.table.stage.iloc[-1]) < 3


def test_unemployment_skips_a_month_never_published():
    """UNRATE has no 2025-10 (not published). Synthetic: 4.0 for 14 months, a gap in month
    15, then 4.6, 4.6. The 3-month mean at month 16 uses the 2 months it has,
    (4.0 + 4.6) / 2 = 4.3, at month 17 (4.6 + 4.6) / 2 = 4.6; the prior 12-month low is 4.0
    (11 of 12 months present). So +0.3 (no fire) then +0.6 ≥ 0.5 (fires). Before, every
    window touching the gap was empty and the rule was blind for a year."""
    u = [4.0] * 14 + [np.nan] + [4.6] * 21
    r = monitor(synthetic(unemployment=u), start="2000-01", end="2002-12")
    v = r.values.unemployment
    assert v.loc["2001-04-01"] == pytest.approx(0.3)
    assert v.loc["2001-05-01"] == pytest.approx(0.6)
    assert not r.table.loc["2001-04-01", "unemployment"]
    assert r.table.loc["2001-05-01", "unemployment"]
    assert v.loc["2001-12-01"] == v.loc["2001-12-01"]     # never blind after the gap


def test_today_is_the_last_month_the_rule_inputs_cover():
    """Today's month counts only the ten columns the rules read, not context columns such as
    recession and sp500: a month where 8 of the 10 have values qualifies (≥ 75%)."""
    from capexloop.macro.stages import RULE_COLUMNS

    m = load_macro()
    g = m.frame[list(RULE_COLUMNS)]
    n = g.notna().sum(axis=1)
    last = n.index[n >= 7.5].max()
    assert today(macro=m).table.index[-1] == last
    # the real unemployment reading is no longer blind after the 2025-10 gap
    sig = today_signals(today(macro=m), m).set_index("rule")
    assert sig.loc["unemployment", "date"] > "2025-10"


def test_a_projection_is_not_a_filing():
    """A lab's 2024 projection of $5B and its actual 2025 revenue of $3.2B: comparing the two
    would be a 36% "revenue decline" (1 − 3.2/5); a projection is a plan, so nothing fires.
    With the 2024 figure reported instead, the same numbers fire revenue_decline."""
    from capexloop.ledger import Entity, Observation

    def led(basis):
        return Ledger(entities=[Entity(id="lab", name="Lab", layer="model_provider")],
                      observations=[
                          Observation(entity="lab", metric="revenue", date="2024", value=5e9,
                                      unit="USD", basis=basis, sources=["https://x.org/a"]),
                          Observation(entity="lab", metric="revenue", date="2025", value=3.2e9,
                                      unit="USD", sources=["https://x.org/b"])])
    assert not (filing_signals(led("projected")).rule == "revenue_decline").any()
    f = filing_signals(led("reported"))
    assert f[f.rule == "revenue_decline"].value.iloc[0] == pytest.approx(3.2 / 5 - 1)
