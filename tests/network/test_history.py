"""Quarterly exposure series on a hand-computed ledger."""

import math

import pytest

from capexloop.ledger import Deal, Entity, Ledger, Observation, load_dataset
from capexloop.network import round_trip
from capexloop.network.history import exposure_at, exposure_history


def toy() -> Ledger:
    ents = [Entity(id="nvidia", name="NVIDIA", layer="semiconductor"),
            Entity(id="openai", name="OpenAI", layer="model_provider")]
    deals = [
        Deal(id="chips", kind="chip_purchase", payer="openai", payee="nvidia",
             amount_usd="400B", announced="2025-02-10"),
        Deal(id="equity", kind="equity", payer="nvidia", payee="openai", amount_usd="100B",
             announced="2025-09-22"),
        Deal(id="loan", kind="vendor_loan", payer="nvidia", payee="openai", amount_usd="100B",
             announced="2025-11-02"),
    ]
    obs = [Observation(entity="openai", metric="revenue", date="2024", value=4e9, unit="USD"),
           Observation(entity="openai", metric="revenue", date="2025", value=13e9, unit="USD")]
    return Ledger(name="toy", entities=ents, deals=deals, observations=obs)


def test_quarter_by_quarter_by_hand():
    """2025Q1: chips only, no financing → round trip 0, commitments 400 / revenue 4 (FY2024)
    = 100×. Q3: equity 100 → OpenAI's pool max(100, 400) = 400, NVIDIA's share 1/4, all 400
    flows back: 100 of 400 = 25%. Q4: plus the loan, pool 400 still, 200/400 → 50% back;
    FY2025 revenue ends 2025-12-31, so coverage 400/13; mix 50% equity, 50% debt."""
    h = exposure_history(toy(), "2025Q1", "2025Q4").table.set_index("quarter")
    assert h.loc["2025Q1", "round_trip_share"] == 0
    assert h.loc["2025Q1", "commitments_to_revenue"] == pytest.approx(100)
    assert math.isnan(h.loc["2025Q1", "equity_share"])
    assert h.loc["2025Q2", "deals"] == 1
    assert h.loc["2025Q3", "round_trip_share"] == pytest.approx(0.25)
    assert h.loc["2025Q3", "equity_share"] == pytest.approx(1.0)
    assert h.loc["2025Q4", "round_trip_share"] == pytest.approx(0.5)
    assert h.loc["2025Q4", "commitments_to_revenue"] == pytest.approx(400 / 13)
    assert h.loc["2025Q4", "debt_share"] == pytest.approx(0.5)


def test_last_quarter_equals_todays_measure():
    """A second method: the last row is round_trip() on the whole dated ledger."""
    led = load_dataset("ai2025")
    dated = led.model_copy(update={"deals": [d for d in led.deals if d.announced]})
    rt = round_trip(dated).totals()
    row = exposure_at(led, "2100-12-31")
    assert row["round_trip_share"] == pytest.approx(rt["share"])
    assert row["round_trip_usd"] == pytest.approx(rt["proportional"])


def test_history_outputs():
    h = exposure_history(toy())
    assert list(h.table.quarter) == ["2025Q1", "2025Q2", "2025Q3", "2025Q4"]
    assert "2025Q4" in h.summary()
    d = h.to_dict()
    assert d["by_vendor"]["2025Q4"]["nvidia"] == pytest.approx(0.5)
