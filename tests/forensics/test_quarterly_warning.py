"""Early-warning ratios on a vendor's latest fiscal quarter, on a hand-made filing history."""

import math

import pytest

from capexloop.forensics.lights import (
    early_warning,
    lucent_thresholds,
    quarterly_ratios,
)
from capexloop.ledger import Deal, Entity, Ledger, Observation, load_dataset
from capexloop.network.concentration import reported_concentration

Q = [("2024-07-29..2024-10-27", 35082e6), ("2024-10-28..2025-01-26", 39331e6),
     ("2025-01-27..2025-04-27", 44062e6), ("2025-04-28..2025-07-27", 46743e6),
     ("2025-07-28..2025-10-26", 57006e6)]


def vendor() -> Ledger:
    ents = [Entity(id="chips", name="Chips", layer="semiconductor"),
            Entity(id="lab", name="Lab", layer="model_provider")]
    obs = [Observation(entity="chips", metric="revenue", date=d, value=v, unit="USD",
                       sources=[f"sec:0001045810-25-00000{i}"]) for i, (d, v) in enumerate(Q)]
    obs += [
        Observation(entity="chips", metric="receivables_net", date="2025-10-26", value=33391e6,
                    unit="USD", sources=["sec:0001045810-25-000230"]),
        Observation(entity="chips", metric="receivables_net", date="2024-10-27", value=17693e6,
                    unit="USD", sources=["sec:0001045810-24-000316"]),
        Observation(entity="chips", metric="inventory", date="2025-10-26", value=19784e6,
                    unit="USD", sources=["sec:0001045810-25-000230"]),
        Observation(entity="chips", metric="customer_share_receivables_1", date="2025-10-26",
                    value=0.22, unit="ratio", sources=["sec:0001045810-25-000230"]),
        Observation(entity="chips", metric="customer_share_receivables_2", date="2025-10-26",
                    value=0.17, unit="ratio", sources=["sec:0001045810-25-000230"]),
        Observation(entity="chips", metric="customer_share_receivables_3", date="2025-10-26",
                    value=0.14, unit="ratio", sources=["sec:0001045810-25-000230"]),
        Observation(entity="chips", metric="customer_share_receivables_4", date="2025-10-26",
                    value=0.12, unit="ratio", sources=["sec:0001045810-25-000230"]),
    ]
    deals = [Deal(id="eq", kind="equity", payer="chips", payee="lab", amount_usd="100B",
                  announced="2025-09-22", sources=["https://e.org/a"]),
             Deal(id="later", kind="equity", payer="chips", payee="lab", amount_usd="5B",
                  announced="2025-11-05", sources=["https://e.org/b"]),
             Deal(id="drawn", kind="equity", payer="chips", payee="lab", amount_usd="2B",
                  announced="2025-03", status="drawn", sources=["https://e.org/c"])]
    return Ledger(name="t", entities=ents, deals=deals, observations=obs)


def test_latest_quarter_by_hand():
    """Quarter 2025-07-28..2025-10-26 is 91 days. DSO = 33,391 / 57,006 × 91 = 53.30 days;
    a year earlier 17,693 / 35,082 × 91 = 45.89 days; change +7.41. Inventory days
    19,784 / 57,006 × 91 = 31.58 (no inventory a year earlier: grey). TTM revenue = 39,331 +
    44,062 + 46,743 + 57,006 = 187,142; commitments as of 2025-10-26: $100B + $2B (the $5B of
    November comes later) → 0.5450; drawn $2B → 0.01069. Top-3 share of receivables
    0.22 + 0.17 + 0.14 = 0.53."""
    r = quarterly_ratios(vendor(), "chips")
    assert r["dso_days"][0] == pytest.approx(33391 / 57006 * 91)
    assert r["dso_change"][0] == pytest.approx(33391 / 57006 * 91 - 17693 / 35082 * 91)
    assert r["inventory_days"][0] == pytest.approx(19784 / 57006 * 91)
    assert math.isnan(r["inventory_days_change"][0])
    assert "2024-10-27" in r["inventory_days_change"][2]
    ttm = 39331 + 44062 + 46743 + 57006
    assert r["commitments_to_revenue"][0] == pytest.approx(102e3 / ttm)
    assert r["financing_drawn_to_revenue"][0] == pytest.approx(2e3 / ttm)
    assert r["top_customer_share"][0] == pytest.approx(0.53)
    assert math.isnan(r["allowance_coverage"][0])
    assert "sec:0001045810-25-000230" in r["dso_days"][1]


def test_earlier_quarter_and_lights():
    r = quarterly_ratios(vendor(), "chips", quarter_end="2025-07-31")
    assert math.isnan(r["dso_days"][0])                 # no receivables at 2025-07-27
    ew = early_warning(vendor(), "chips",
                       thresholds=lucent_thresholds(load_dataset("telecom2000"))).set_index("ratio")
    # DSO 53 vs Lucent 1999's 84 days (amber from 42): amber
    assert ew.loc["dso_days", "light"] == "amber"
    assert ew.loc["top_customer_share", "light"] == "red"          # 53% ≥ Lucent's 37%
    assert ew.loc["commitments_to_revenue", "light"] == "red"      # 0.545 ≥ 0.185
    assert ew.loc["allowance_coverage", "light"] == "grey"


def test_reported_concentration_from_ranked_disclosures():
    rc = reported_concentration(vendor())
    row = rc.iloc[0]
    assert (row.vendor, row.basis, row.top_k) == ("chips", "receivables", 4)
    assert row.top_k_share == pytest.approx(0.65)
    assert row.shares == "top1 22%, top2 39%, top3 53%, top4 65%"
    # HHI lower bound: each disclosed customer exact, the rest infinitely fine
    assert row.hhi_min == pytest.approx(0.22**2 + 0.17**2 + 0.14**2 + 0.12**2)


def test_financing_ratios_need_contiguous_quarters():
    """Drop the quarter 2025-01-27..2025-04-27: the four latest quarters on file no longer
    follow each other, so the financing ratios are missing with the gap named (a sum over
    them would be 15 months of revenue)."""
    led = vendor()
    led = led.model_copy(update={"observations": [
        o for o in led.observations if str(o.date) != "2025-01-27..2025-04-27"]})
    r = quarterly_ratios(led, "chips")
    for k in ("commitments_to_revenue", "financing_drawn_to_revenue"):
        assert math.isnan(r[k][0])
        assert "before 2025-04-28..2025-07-27 is missing" in r[k][2]
    assert r["dso_days"][0] == pytest.approx(33391 / 57006 * 91)     # DSO needs one quarter
