"""Lucent's triple write-down (seed D2–D9), early-warning lights, AMD warrants."""

import json
import math

import pytest

from capexloop.forensics import (
    ai_vendor_table,
    amd_warrants,
    early_warning,
    lucent_thresholds,
    lucent_writedowns,
)
from capexloop.ledger import Ledger, load_dataset
from capexloop.ledger.model import Entity, Observation


@pytest.fixture(scope="module")
def tw():
    return lucent_writedowns(load_dataset("telecom2000"))


def test_seed_dollar_figures(tw):
    t = tw.table
    assert t.loc["1999", "revenue"] == 38.3e9                               # D2
    assert t.loc["1999", "customer_financing_drawn"] == 1.6e9               # D3
    assert t.loc["2001", "customer_financing_drawn"] == 2.96e9              # D3
    assert t.loc["2000", "cf_allowance"] == 604e6                           # D5
    assert t.loc["2001", "inventory_reserve"] == 1.814e9                    # D6
    assert t.loc["2001", "inventory_impairment"] == 2.4e9                   # D6
    assert t.loc["2000", "receivables_net"] == 9.56e9                       # D7
    assert t.loc["1999", "total"] == pytest.approx(1.063e9)                 # D8: $1.06B
    assert t.loc["2001", "total"] == pytest.approx(4.564e9)                 # D8: $4.56B
    assert t.loc["2001", "revenue"] == 21294e6                              # 10-K FY2001


@pytest.mark.parametrize(("col", "year", "seed_pct"), [
    ("customer_financing_drawn_pct_revenue", "1999", 0.042),   # D3
    ("customer_financing_drawn_pct_revenue", "2001", 0.139),   # D3
    ("cf_allowance_pct_revenue", "2000", 0.021),               # D5
    ("cf_allowance_pct_revenue", "2001", 0.099),               # D5
    ("inventory_reserve_pct_revenue", "1999", 0.019),          # D6
    ("inventory_reserve_pct_revenue", "2000", 0.031),          # D6
    ("inventory_reserve_pct_revenue", "2001", 0.085),          # D6
    ("receivables_allowance_pct_revenue", "1999", 0.008),      # D7
    ("receivables_allowance_pct_revenue", "2001", 0.030),      # D7
    ("receivables_allowance_pct_receivables", "2000", 0.052),  # D7
    ("total_pct_revenue", "1999", 0.028),                      # D8
    ("total_pct_revenue", "2001", 0.214),                      # D8
])
def test_reproduces_seed_percentages_within_0_1pp(tw, col, year, seed_pct):
    assert abs(tw.table.loc[year, col] - seed_pct) <= 0.001


def test_reports_the_inconsistencies(tw):
    """D7's 1.5% of FY2000 revenue implies $33.3B revenue (the pre-spin-off figure), not the
    $28.8B that D5 implies (D9); D5's 46.5% of loans implies $1.30B of loans, not the ~$2.0B
    drawn in the FY2000 10-K."""
    bad = tw.checks[tw.checks.checked & ~tw.checks.agrees].set_index(["id", "year"])
    assert bad.loc[("D7", "2000")].shape[0] == 2
    rec = tw.checks[(tw.checks.id == "D7") & (tw.checks.year == "2000")
                    & tw.checks.statement.str.contains("allowance, % of revenue")].iloc[0]
    assert rec.implied_base == pytest.approx(500e6 / 0.015)
    loans = tw.checks[(tw.checks.id == "D5") & (tw.checks.year == "2000")
                      & tw.checks.statement.str.contains("loans")].iloc[0]
    assert not loans.agrees and loans.implied_base == pytest.approx(604e6 / 0.465)
    (_name, a, b), = tw.cross_checks()
    assert a == pytest.approx(892e6 / 0.157) and b == pytest.approx(2.4e9 / 0.424)


def test_thresholds_and_lights():
    th = lucent_thresholds(load_dataset("telecom2000"))
    assert th.loc["financing_drawn_to_revenue", "red"] == pytest.approx(1.6 / 38.3)
    assert th.loc["dso_days", "red"] == pytest.approx(8.8 / 38.3 * 365)
    led = Ledger(entities=[Entity(id="v", name="V")], observations=[
        Observation(entity="v", metric="revenue", date="2024", value=100, unit="USD"),
        Observation(entity="v", metric="customer_financing_drawn", date="2024", value=3,
                    unit="USD"),
        Observation(entity="v", metric="receivables_net", date="2024", value=10, unit="USD")])
    lights = early_warning(led, "v", thresholds=th).set_index("ratio")
    assert lights.loc["financing_drawn_to_revenue", "light"] == "amber"   # 3% vs 4.2%/2.1%
    assert lights.loc["dso_days", "light"] == "green"                     # 36.5 days
    assert lights.loc["inventory_days", "light"] == "grey"                # missing ≠ zero


def test_nvidia_concentration_red():
    lights = early_warning(load_dataset("ai2025"), "nvidia",
                           thresholds=lucent_thresholds(load_dataset("telecom2000"))
                           ).set_index("ratio")
    assert lights.loc["top_customer_share", "light"] == "red"   # 46% ≥ Lucent's 37%
    assert "seed:E11" in lights.loc["top_customer_share", "sources"]


def test_amd_warrants():
    """All 6 tranches at 6 GW and $600: 160M × $599.99 ≈ $96B; below $600 the last tranche
    stays unvested (5/6); at ~$220 and 6 GW, 5/6 × 160M × 220 ≈ $29B, the seed's '$30-40B'
    range needs ~$225–300 per share; dilution = vested / (1.6B + vested)."""
    w = amd_warrants(prices=[220, 600], deployed_gw=[3, 6])
    v = w["value"]
    assert v.loc[600, 6] == pytest.approx(160e6 * 599.99)
    assert v.loc[220, 6] == pytest.approx(160e6 * 5 / 6 * 219.99)
    assert w["vested_shares"].loc[220, 3] == pytest.approx(80e6)
    assert w["dilution"].loc[600, 6] == pytest.approx(160e6 / (1.6e9 + 160e6))


def test_ai_vendor_table_missing_is_missing():
    t = ai_vendor_table(load_dataset("ai2025"), load_dataset("telecom2000"))
    assert math.isnan(t.loc["dso_days", "nvidia"])
    assert t.loc["vendor_financing_committed_usd", "nvidia"] == pytest.approx(109.3e9)
    assert "seed:E9" in t.loc["vendor_financing_committed_usd", "nvidia_sources"]
    assert t.loc["top_customer_share", "lucent_1999"] == 0.37


def test_cli(cli):
    code, out, err = cli("forensics", "lucent", "--json")
    assert code == 0, err
    doc = json.loads(out)
    assert {r["fiscal_year"] for r in doc["table"]} == {"1999", "2000", "2001", "2002"}
    code, out, err = cli("forensics", "vendors", "--json")
    assert code == 0, err
    assert json.loads(out)["amd_warrants"]["value"]["600"]["6"] == pytest.approx(160e6 * 599.99)


def test_change_thresholds_and_fiscal_year_rules():
    """DSO change threshold: 365·(9.56/28.76 − 8.8/38.3) ≈ +37.5 days (FY2000 revenue implied
    by D9); a vendor whose receivables and revenue come from different fiscal years gets a grey
    light saying so; negative revenue is refused."""
    from capexloop.errors import CapexloopError

    th = lucent_thresholds(load_dataset("telecom2000"))
    assert th.loc["dso_change", "red"] == pytest.approx(365 * (9.56 / (0.604 / 0.021) - 8.8 / 38.3))
    led = Ledger(entities=[Entity(id="v", name="V")], observations=[
        Observation(entity="v", metric="revenue", date="2024", value=100, unit="USD"),
        Observation(entity="v", metric="receivables_net", date="2023", value=10, unit="USD")])
    lights = early_warning(led, "v", thresholds=th).set_index("ratio")
    assert lights.loc["dso_days", "light"] == "grey"
    assert "fiscal years differ" in lights.loc["dso_days", "reason"]
    neg = Ledger(entities=[Entity(id="v", name="V")], observations=[
        Observation(entity="v", metric="revenue", date="2024", value=-5, unit="USD")])
    with pytest.raises(CapexloopError, match="negative revenue"):
        early_warning(neg, "v", thresholds=th)
    two = Ledger(entities=[Entity(id="v", name="V")], observations=[
        Observation(entity="v", metric="revenue", date=y, value=100, unit="USD")
        for y in ("2023", "2024")] + [
        Observation(entity="v", metric="receivables_net", date="2023", value=10, unit="USD"),
        Observation(entity="v", metric="receivables_net", date="2024", value=30, unit="USD")])
    ch = early_warning(two, "v", thresholds=th).set_index("ratio").loc["dso_change"]
    assert ch.value == pytest.approx(365 * 0.2) and ch.light == "red"   # +73 days ≥ 37.5


def test_writedown_cross_checks_read_the_given_ledger():
    """The FY2000 inventory cross-check used to reload the embedded telecom2000 whatever
    ledger was given; now it reads the ledger passed in (reserve doubled → implied inventory
    doubled)."""
    tel = load_dataset("telecom2000")
    obs = [o.model_copy(update={"value": type(o.value)(low=o.value.low * 2,
                                                       high=o.value.high * 2)})
           if (o.entity, o.metric, str(o.date)) == ("lucent", "inventory_reserve", "2000")
           else o for o in tel.observations]
    doubled = tel.model_copy(update={"observations": obs})
    (_, a, _), = lucent_writedowns(tel).cross_checks()
    (_, b, _), = lucent_writedowns(doubled).cross_checks()
    assert b == pytest.approx(2 * a)
