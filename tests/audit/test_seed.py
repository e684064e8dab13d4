"""One test per CHECK item of the fact sheet, each with its hand computation."""

import math

import pandas as pd
import pytest

from capexloop.audit import double_counted_chips, seed_audit, seed_checks, usd_per_gw_outliers
from capexloop.ledger import load_dataset
from capexloop.ledger.model import Ledger


@pytest.fixture(scope="module")
def checks():
    return seed_checks(load_dataset("ai2025"), load_dataset("telecom2000"))


def one(checks, cid, what=""):
    return next(c for c in checks if c.id == cid and what in c.what)


def test_a2_revenue_implied_by_loss(checks):
    """$74B loss at 3/4 of revenue: 74 / 0.75 = $98.7B ≈ the seed's $99B (agrees at 0.5%)."""
    c = one(checks, "A2")
    assert math.isclose(c.computed.low, 74e9 / 0.75) and c.agrees


def test_c2_lucent_peak_price(checks):
    """The seed's peak is $65 (1999), but seed:C13 has $72.38 on 5 Jan 2000: the peak was at
    least $72.38, so the stated peak is too low."""
    c = one(checks, "C2")
    assert c.claimed.low == 65 and c.computed.low == 72.38 and not c.agrees


def test_c5_doubling_every_90_days(checks):
    """2^(365/90) = 2^4.056 = 16.6× a year, not 16×."""
    c = one(checks, "C5")
    assert math.isclose(c.computed.low, 2 ** (365 / 90)) and round(c.computed.low, 1) == 16.6


def test_c8_user_growth(checks):
    """(360/16)^(1/5) − 1 = 22.5^0.2 − 1 = 0.864: 86% a year, not 70%."""
    c = one(checks, "C8")
    assert math.isclose(c.computed.low, 22.5 ** 0.2 - 1) and round(c.computed.low, 2) == 0.86
    assert c.claimed.low == 0.70 and not c.agrees


def test_c9_fed_tightening_from_fedfunds(checks):
    """FRED FEDFUNDS (monthly averages): Jan 2000 5.45% (the seed says 4.75%); Dec 1999 5.30% →
    Jun 2000 6.53% = +1.23 pp in H1 2000 (the seed says +175 bp); the trough after the 1998 cuts
    was 4.63% (Jan 1999) and the rate first stood ≥ 0.20 pp above it in Jul 1999 (4.99%, after
    the 30 Jun 1999 hike), six months before the seed's start of 2000."""
    lvl = one(checks, "C9", "start of 2000")
    assert lvl.claimed.low == 0.0475 and lvl.computed.low == pytest.approx(0.0545)
    rise = one(checks, "C9", "H1 2000")
    assert rise.claimed.low == 0.0175 and rise.computed.low == pytest.approx(0.0123)
    start = one(checks, "C9", "first month")
    assert start.fmt(start.computed) == "1999-07" and start.fmt(start.claimed) == "2000-01"
    assert not (lvl.agrees or rise.agrees or start.agrees)


def test_c9_uses_the_series_it_is_given():
    """A synthetic rate at 4.75% to Dec 1999 and 6.50% from Jan 2000 is the seed's story: the
    rise Dec 1999 → Jun 2000 is 6.50 − 4.75 = 1.75 pp (agrees) and the cycle starts in Jan 2000
    (agrees); only the level check reads 6.50% in Jan 2000 against the claimed 4.75%."""
    idx = pd.date_range("1997-01-01", "2001-12-01", freq="MS")
    fed = pd.Series([4.75 if d < pd.Timestamp("2000-01-01") else 6.5 for d in idx], index=idx)
    c = seed_checks(load_dataset("ai2025"), load_dataset("telecom2000"), fed_funds=fed)
    assert one(c, "C9", "start of 2000").computed.low == pytest.approx(0.065)
    rise = one(c, "C9", "H1 2000")
    assert rise.computed.low == pytest.approx(0.0175) and rise.agrees
    assert one(c, "C9", "first month").agrees


def test_c13_drop_and_market_value(checks):
    """1 − 52/72.38 = 0.2816 ≈ 28% (agrees); 0.2816 × $240B (seed:C2) = $67.6B of market value,
    more than three times the seed's '>$20B' (an understatement: not agreement)."""
    drop = one(checks, "C13", "fall")
    assert math.isclose(drop.computed.low, 1 - 52 / 72.38) and drop.agrees
    mv = one(checks, "C13", "market value")
    assert math.isclose(mv.computed.low, (1 - 52 / 72.38) * 240e9) and not mv.agrees


def test_d8_allowances_add_up(checks):
    """FY2001: 2,120 + 1,814 + 630 = $4,564M ≈ $4.56B; FY1999: 34 + 709 + 320 = $1,063M."""
    d8 = one(checks, "D8", "FY2001")
    assert math.isclose(d8.computed.low, 2.12e9 + 1.814e9 + 0.63e9) and d8.agrees
    assert math.isclose(one(checks, "D8", "allowances FY1999").computed.low, 1.063e9)


def test_d9_implied_revenue(checks):
    """604 / 0.021 = $28.76B (FY2000); 4,560 / 0.214 = $21.31B (FY2001)."""
    assert math.isclose(one(checks, "D9", "FY2000").computed.low, 604e6 / 0.021)
    assert math.isclose(one(checks, "D9", "total_allowances").computed.low, 4.56e9 / 0.214)


def test_d12_clec_capex_per_revenue(checks):
    """15.1 / 6.3 = 2.397 ≈ $2.4 of capex per $1 of revenue."""
    c = one(checks, "D12")
    assert math.isclose(c.computed.low, 15.1 / 6.3) and c.agrees


def test_e4_contract_total_vs_one_year(checks):
    """$300B over the reported five years is $60B a year: the seed sets the $300B total against
    one year of semiconductor capex."""
    c = one(checks, "E4")
    assert c.claimed.low == 300e9 and c.computed.low == 60e9 and not c.agrees


def test_e6_four_contracts(checks):
    """300 (Oracle) + 400 (NVIDIA 10 GW × $40B) + 240 (AMD 6 GW) + 400 (Broadcom) = $1.34T >
    $1T (an 'above' claim that holds)."""
    c = one(checks, "E6")
    assert c.computed.low == 1.34e12 and c.agrees


def test_e12_parts_and_coreweave_price_per_gw(checks):
    """10 + 6 + 10 + 4.5 + 20 = 50.5 GW (not 50); CoreWeave $22B / 20 GW = $1.1B/GW against
    Oracle's $300B / 4.5 GW = $66.7B/GW: ~61× apart, so not comparable."""
    s = one(checks, "E12", "committed")
    assert s.computed.low == 50.5 and not s.agrees
    p = one(checks, "E12", "per GW")
    assert math.isclose(p.computed.low, 1.1e9) and math.isclose(p.claimed.low, 300e9 / 4.5)
    assert not p.agrees


def test_e13_share_of_us_electricity(checks):
    """4,100 TWh / 8,760 h = 468 GW average US load; 250 / 468 = 0.53, about half, not a third."""
    c = one(checks, "E13")
    assert math.isclose(c.computed.low, 250 / (4100e3 / 8760)) and not c.agrees


def test_f2_f3_f5_break_even(checks):
    """3T×0.30 + 3T×0.30/0.75 = 0.9T + 1.2T = 2.1T EBITDA; revenue at 60%..30% margin =
    3.5T..7T (the seed: 2T and 3.3-6T); per user 3.5-7K (1B users), 1.17-2.33K (3B users)."""
    f2 = one(checks, "F2")
    assert math.isclose(f2.computed.low, 2.1e12) and not f2.agrees
    f3 = one(checks, "F3")
    assert math.isclose(f3.computed.low, 3.5e12) and math.isclose(f3.computed.high, 7e12)
    f5 = one(checks, "F5", "3B")
    assert math.isclose(f5.computed.low, 3.5e12 / 3e9) and not f5.agrees


def test_every_check_item_of_the_fact_sheet_is_covered(checks):
    from ..conftest import SHARED

    sheet = SHARED / "seed-facts.md"
    if not sheet.exists():
        pytest.skip("fact sheet not beside the checkout")
    import re

    flagged = set(re.findall(r"^- ([A-F]\d+) [^\n]*CHECK", sheet.read_text(), flags=re.M))
    assert flagged <= {c.id for c in checks}


def test_datasets_store_corrections_beside_claims():
    """The wrong figures live only as claimed_* (basis stated); the facts are the corrected
    ones: fed funds Jan 2000 = 5.45% (FRED), never 4.75%."""
    t = load_dataset("telecom2000")
    assert t.observation("us_economy", "fed_funds_rate", "2000-01").value.low == 0.0545
    c = t.observation("us_economy", "claimed_fed_funds_rate", "2000-01")
    assert c.value.low == 0.0475 and c.basis == "stated"
    for led in (t, load_dataset("ai2025")):
        for o in led.observations:
            if o.metric.startswith("claimed_"):
                assert o.basis == "stated", o


def test_double_counted_chips():
    """OpenAI's Oracle contract (4.5 GW) and its NVIDIA 10 GW deal, with Oracle buying from
    NVIDIA: at most min(4.5, 10) = 4.5 GW × $40B/GW = $180B may be counted twice."""
    df = double_counted_chips(load_dataset("ai2025"))
    r = df.set_index("cloud_deal").loc["openai-oracle-stargate"]
    assert r.vendor == "nvidia" and r.overlap_gw_max == 4.5 and r.overlap_usd_max == 180e9


def test_no_double_count_without_a_provider_vendor_link():
    led = Ledger(entities=[{"id": x, "name": x, "layer": "other"} for x in "abv"], deals=[
        {"id": "c", "kind": "cloud_contract", "payer": "a", "payee": "b", "amount_usd": 10e9,
         "capacity_gw": 1, "sources": ["x"]},
        {"id": "v", "kind": "chip_purchase", "payer": "a", "payee": "v", "amount_usd": 40e9,
         "capacity_gw": 1, "sources": ["x"]}])
    assert double_counted_chips(led).empty


def test_usd_per_gw_outliers():
    """Leave-one-out medians: CoreWeave $1.1B/GW vs the others' median $40B/GW (ratio 0.0275,
    outside 1/3..3); Oracle $66.7B/GW vs median 40 (1.67) is within."""
    df = usd_per_gw_outliers(load_dataset("ai2025")).set_index("deal")
    assert df.loc["openai-coreweave-compute-2023", "outlier"]
    assert math.isclose(df.loc["openai-coreweave-compute-2023", "ratio"], 1.1 / 40)
    assert not df.loc["openai-oracle-stargate", "outlier"]


def test_audit_result():
    a = seed_audit(load_dataset("ai2025"), load_dataset("telecom2000"))
    d = a.to_dict()
    assert {"checks", "double_counts", "usd_per_gw"} <= set(d)
    assert "C13" in a.summary() and len(a.to_frame()) == len(a.checks)


def test_power_context_uses_us_load_not_three_times_the_target():
    """250 GW against 4,100 TWh / 8,760 h = 468 GW of average US load is 0.53; the old code
    multiplied 250 GW by 3 ('a third') to invent a 750 GW US total."""
    from capexloop.economics import power_context

    pw = power_context(load_dataset("ai2025"))
    assert "implied_us_power_gw" not in pw
    assert math.isclose(pw["us_average_load_gw"], 4100e3 / 8760)
    assert math.isclose(pw["target_share_of_us_load"], 250 / (4100e3 / 8760))
