"""Break-even against hand computation, roadmaps and the analogy table."""

import json
import math

import pytest

from capexloop.economics import (
    analogy_table,
    breakeven,
    lab_roadmaps,
    required_growth,
    sensitivity,
    tornado,
)
from capexloop.errors import CapexloopError
from capexloop.ledger import load_dataset


def test_seed_inputs_by_hand():
    """F1: 3T × 0.30 = 0.9T depreciation; 3T × 0.30 / 0.75 = 1.2T pre-tax; EBITDA 2.1T (F2
    says 2T); revenue 2.1T/0.6 = 3.5T and 2.1T/0.3 = 7T (F3 says 3.3–6T); per user with 1B
    users $3,500–7,000 and with 3B $1,167–2,333 (F5 says 3,300–6,000 and 1,000–2,000)."""
    b = breakeven(3e12, 0.30, 0.30, 0.25, [0.6, 0.3], users=[1e9, 3e9])
    assert b.depreciation_usd == pytest.approx(0.9e12)
    assert b.pretax_profit == pytest.approx(1.2e12)
    assert b.ebitda == pytest.approx(2.1e12)
    assert b.revenue.tolist() == pytest.approx([3.5e12, 7e12])
    assert b.per_user(3e9).tolist() == pytest.approx([3.5e12 / 3e9, 7e12 / 3e9])


@pytest.mark.parametrize(("kw", "msg"), [
    ({"margin": 0.0}, "above 0"), ({"margin": 30}, "0.3"), ({"tax": 25}, "0.25"),
    ({"tax": 1.0}, "not a fraction"), ({"capex": -1}, "positive"), ({"roe": -0.1}, "negative"),
])
def test_bad_inputs(kw, msg):
    args = {"capex": 3e12, "depreciation": 0.3, "roe": 0.3, "tax": 0.25, "margin": 0.5} | kw
    with pytest.raises(CapexloopError, match=msg):
        breakeven(**args)


def test_sensitivity_and_tornado():
    b = breakeven(3e12, 0.30, 0.30, 0.25, 0.5)
    grid = sensitivity(b, margins=[0.3, 0.5], depreciation=[0.2, 0.3])
    assert grid.loc[0.3, 0.5] == pytest.approx(2.1e12 / 0.5)
    assert grid.loc[0.2, 0.3] == pytest.approx(3e12 * (0.2 + 0.4) / 0.3)
    tor = tornado(b, margin=0.5)
    assert (tor.low <= tor.base).all() and (tor.high >= tor.base).all()
    row = tor.set_index("input").loc["capex"]
    assert row.low == pytest.approx(0.8 * 4.2e12) and row.high == pytest.approx(1.2 * 4.2e12)


def test_required_growth_hand():
    """100(1+g) + 100(1+g)² = 231 → 1+g = 1.1."""
    assert required_growth(100, 231, 2) == pytest.approx(0.1)


def test_roadmaps():
    df = lab_roadmaps(load_dataset("ai2025")).set_index("lab")
    oa = df.loc["openai"]
    assert oa.implied_revenue == pytest.approx(74e9 / 0.75)            # A2
    assert oa.coverage_years == pytest.approx(1.4e12 / 13e9)           # A3 / E8
    assert oa.planned_growth == pytest.approx((74e9 / 0.75 / 13e9) ** (1 / 3) - 1)
    assert oa.gw_in_usd == pytest.approx(50 * 40e9)                    # E12 × E5
    assert math.isnan(df.loc["anthropic", "revenue"])                  # missing stays missing
    assert df.loc["anthropic", "breakeven_year"] == 2028               # A1


def test_analogy_rows_cited_and_computed():
    t = analogy_table(load_dataset("telecom2000"), load_dataset("ai2025")).set_index("measure")
    assert t.loc["capex per $ of revenue", "telecom_2000"].startswith(f"{15.1 / 6.3:.2f}")
    assert "16.6" in t.loc["growth claimed vs measured", "telecom_2000"]
    assert "loans 100%" in t.loc["vendor financing mix", "telecom_2000"]
    assert all(t.sources.str.contains("seed:"))


def test_cli(cli):
    code, out, err = cli("breakeven", "--capex", "3T", "--margin", "0.3..0.6", "--users", "1e9",
                         "--json")
    assert code == 0, err
    doc = json.loads(out)
    assert doc["ebitda"] == pytest.approx(2.1e12)
    assert doc["per_user"]["1e+09"] == pytest.approx([7000, 3500])
    code, _, err = cli("breakeven", "--margin", "30")
    assert code == 2 and "did you mean 0.3" in err
    code, out, _ = cli("roadmap", "--json")
    assert code == 0 and json.loads(out)["labs"][0]["lab"] == "openai"
    code, out, _ = cli("monitor", "--json")
    doc = json.loads(out)
    assert code == 0 and doc["today"]["stage"] in (0, 1, 2, 3)
    for sig in doc["today"]["signals"]:
        assert {"rule", "value", "threshold", "date", "source", "seed_reading"} <= set(sig)
    assert doc["lead_months"]["stage2"]["before_peak_2000_03"] is None   # filings lag
    code, out, _ = cli("monitor")
    assert code == 0 and " nan " not in out   # rules without a finding show n/a, not nan
    code, _, err = cli("monitor", "--fred", "bogus=X")
    assert code == 2 and "ROLE" in err
