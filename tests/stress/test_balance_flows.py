"""Yearly flows and the cash margin of a balance sheet are read over matching months
(``stress.balance``): a filed fiscal year beats a quarter scaled to a year, four contiguous
quarters make a year, and a cash flow is divided by revenue of the same period. Hand-computed
cases; the AMD figures are those stored in ai-public (Q4 2024 $7,658M, FY2024 $25,785M)."""

import pytest

from capexloop.ledger.model import Entity, Layer, Ledger, Observation
from capexloop.stress.balance import balance_sheets


def _obs(metric, date, value):
    return Observation(entity="v", metric=metric, date=date, value=value, unit="USD",
                       sources=["test"])


def _sheet(observations):
    led = Ledger(name="t", entities=[Entity(id="v", name="V", layer=Layer.semiconductor)],
                 observations=observations)
    return balance_sheets(led, range(2025, 2027))


def test_a_filed_year_beats_its_last_quarter_scaled():
    # before: the quarter listed last won: 7,658 x 365 / 91 = 30,716 instead of 25,785
    bs = _sheet([_obs("revenue", "2023-12-31..2024-12-28", 25_785e6),
                 _obs("revenue", "2024-09-29..2024-12-28", 7_658e6)])
    assert bs.revenue[0, 0] == pytest.approx(25_785e6)


def test_four_contiguous_quarters_make_the_year():
    qs = [("2024-01-01..2024-03-31", 1.0), ("2024-04-01..2024-06-30", 2.0),
          ("2024-07-01..2024-09-30", 3.0), ("2024-10-01..2024-12-31", 4.0)]
    bs = _sheet([_obs("revenue", d, v * 1e9) for d, v in qs])
    assert bs.revenue[0, 0] == pytest.approx(10e9)                 # 1 + 2 + 3 + 4
    bs = _sheet([_obs("revenue", d, v * 1e9) for d, v in qs[1:]])   # three: scaled, stated
    assert bs.revenue[0, 0] == pytest.approx(4e9 * 365 / 92)


def test_cash_margin_divides_by_revenue_of_the_same_months():
    # a quarter's cash flow over the same quarter's revenue: 26.0 / 158.9, not over a year
    bs = _sheet([_obs("revenue", "2024-07-01..2024-09-30", 158.9e9),
                 _obs("revenue", "2023-01-01..2023-12-31", 500e9),
                 _obs("operating_cash_flow", "2024-07-01..2024-09-30", 26.0e9)])
    assert bs.margin[0] == pytest.approx(26.0 / 158.9)
    line = next(a.line() for a in bs.assumptions if a.item == "cash_margin")
    assert "same period as filed" in line
    # a fiscal-year cash flow over the four quarters ending with it: 6 / (1 + 2 + 3 + 4)
    qs = [("2024-01-01..2024-03-31", 1.0), ("2024-04-01..2024-06-30", 2.0),
          ("2024-07-01..2024-09-30", 3.0), ("2024-10-01..2024-12-31", 4.0)]
    bs = _sheet([*(_obs("revenue", d, v * 1e9) for d, v in qs),
                 _obs("operating_cash_flow", "2024-01-01..2024-12-31", 6e9)])
    assert bs.margin[0] == pytest.approx(0.6)


def test_cash_flow_without_matching_revenue_gives_no_margin_and_says_why():
    bs = _sheet([_obs("revenue", "2024-07-01..2024-09-30", 100e9),
                 _obs("operating_cash_flow", "2024-01-01..2024-06-30", 20e9)])
    line = next(a.line() for a in bs.assumptions if a.item == "cash_margin")
    # half a year of cash flow has no revenue of those months (no parameter either): 0, said
    assert bs.margin[0] == 0.0
    assert "operating cash flow without revenue over the same months: none assumed" in line


def test_cash_margin_is_capped_at_one_and_says_why():
    # CoreWeave 2024: operating cash flow $2,749M on revenue $1,915M (prepayments): 1.435 -> 1
    bs = _sheet([_obs("revenue", "2024-01-01..2024-12-31", 1_915.426e6),
                 _obs("operating_cash_flow", "2024-01-01..2024-12-31", 2_749.168e6)])
    assert bs.margin[0] == 1.0
    line = next(a.line() for a in bs.assumptions if a.item == "cash_margin")
    assert "capped at 1" in line and "(1.44)" in line
