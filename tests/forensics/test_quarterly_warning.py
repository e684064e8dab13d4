"""Early-warning ratios on a vendor's latest fiscal quarter, on a hand-made filing history."""

import datetime as dt
import math

import pytest

from capexloop.forensics.lights import (
    NOT_REPORTED,
    early_warning,
    lucent_thresholds,
    not_reported,
    quarterly_ratios,
)
from capexloop.ledger import Deal, Entity, Event, Ledger, Observation, load_dataset
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


def _with(led: Ledger, *, observations=(), events=()) -> Ledger:
    return Ledger(name=led.name, entities=led.entities, deals=led.deals,
                  observations=[*led.observations, *observations],
                  events=[*led.events, *events])


def test_line_the_filings_do_not_report_is_not_applicable_with_its_source():
    """A sourced not_reported event turns 'input missing' into 'not applicable: <reason>'
    (still grey, never a zero) for the dates it spans, and only for its metric."""
    no_inventory = Event(id="chips-no-inventory", date="2024-01-01..2025-12-31", entity="chips",
                         kind=NOT_REPORTED, sources=["sec:0001045810-25-000230"],
                         description="inventory: the balance sheet has no inventory line")
    led = _with(vendor(), events=[no_inventory])
    r = quarterly_ratios(led, "chips")
    v, src, note = r["inventory_days_change"]        # inventory filed at the quarter, not a year earlier
    assert math.isnan(v)
    assert note == "not applicable: the balance sheet has no inventory line"
    assert src == ["sec:0001045810-25-000230"]
    assert r["inventory_days"][0] == pytest.approx(19784 / 57006 * 91)   # a filed value wins
    assert r["dso_days"][0] == pytest.approx(33391 / 57006 * 91)        # other metrics untouched
    assert not_reported(led, "chips", "receivables_net", dt.date(2025, 10, 26)) is None
    # outside the event's span the input is simply missing
    late = Event(**{**no_inventory.model_dump(exclude={"date"}), "date": "2025-01-01..2025-12-31"})
    r = quarterly_ratios(_with(vendor(), events=[late]), "chips")
    assert r["inventory_days_change"][2] == "input missing (inventory at 2024-10-27)"
    ew = early_warning(led, "chips", thresholds=lucent_thresholds(load_dataset("telecom2000")))
    row = ew.set_index("ratio").loc["inventory_days_change"]
    assert row.light == "grey" and row.reason.startswith("not applicable")
    assert row.sources == "sec:0001045810-25-000230"


def test_no_large_customer_is_not_applicable_and_annual_revenue_share_counts():
    none = Event(id="chips-no-10pct", date="2025-10-26", entity="chips", kind=NOT_REPORTED,
                 description="customer_share_revenue_1: no customer reached 10% of revenue",
                 sources=["https://e.org/10-k"])
    base = vendor()
    bare = Ledger(name="t", entities=base.entities, deals=base.deals, events=[none],
                  observations=[o for o in base.observations
                                if not o.metric.startswith("customer_share")])
    top = quarterly_ratios(bare, "chips")["top_customer_share"]
    assert math.isnan(top[0]) and top[2] == "not applicable: no customer reached 10% of revenue"
    # an annual disclosure (fiscal years to 2025-06-30) holds for the quarter after it ...
    annual_na = Event(**{**none.model_dump(exclude={"date"}), "date": "2022-07-01..2025-06-30"})
    bare_annual = Ledger(name="t", entities=bare.entities, observations=bare.observations,
                         events=[annual_na])
    top = quarterly_ratios(bare_annual, "chips")["top_customer_share"]
    assert top[2] == ("not applicable: no customer reached 10% of revenue (latest disclosure, "
                      "for 2022-07-01..2025-06-30)")
    assert top[1] == ["https://e.org/10-k"]
    # ... but not for more than a year
    stale = Event(**{**none.model_dump(exclude={"date"}), "date": "2021-07-01..2024-06-30"})
    old = Ledger(name="t", entities=bare.entities, observations=bare.observations, events=[stale])
    assert quarterly_ratios(old, "chips")["top_customer_share"][2].startswith("input missing")
    # a revenue share disclosed for the fiscal year ending with the quarter is used, before the
    # receivables shares at the quarter's end (hand value: 0.30 + 0.12 = 0.42)
    annual = [Observation(entity="chips", metric=f"customer_share_revenue_{k}", value=v,
                          date="2024-10-28..2025-10-26", unit="ratio", sources=["https://e.org/k"])
              for k, v in ((1, 0.30), (2, 0.12))]
    top = quarterly_ratios(_with(base, observations=annual), "chips")["top_customer_share"]
    assert top[0] == pytest.approx(0.42)
    assert top[2] == "top 2 customers' share of revenue over 2024-10-28..2025-10-26"


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
