"""Oracle's early-warning ratios on its latest quarter with a filed balance sheet in
``ai-public`` (Q2 FY2026, 2025-09-01..2025-11-30), recomputed by hand from the stored values:
trade receivables and revenue as filed in the 10-Qs, the three earlier quarters of the trailing
year derived from Oracle's trailing-twelve-month revenue, and the filing fact that Oracle's
quarterly balance sheets carry no inventory line."""

from __future__ import annotations

import math

import pytest

from capexloop.forensics.lights import quarterly_ratios


def test_oracle_latest_quarter_by_hand(led, filed):
    r = quarterly_ratios(led, "oracle")
    rev = filed("oracle", "revenue", "2025-09-01..2025-11-30")
    rev0 = filed("oracle", "revenue", "2024-09-01..2024-11-30")
    assert (rev, rev0) == (16_058e6, 14_059e6)             # as filed, $ millions
    ar = filed("oracle", "receivables_net", "2025-11-30")
    ar0 = filed("oracle", "receivables_net", "2024-11-30")
    assert (ar, ar0) == (9_440e6, 8_177e6)
    # 1 Sep – 30 Nov is 91 days: DSO = 9,440 / 16,058 × 91 = 53.50 days
    assert r["dso_days"][0] == pytest.approx(53.4961, abs=1e-3)
    assert r["dso_days"][2] == "quarter 2025-09-01..2025-11-30"
    # a year earlier 8,177 / 14,059 × 91 = 52.93 days: +0.57 days
    assert r["dso_change"][0] == pytest.approx(0.5686, abs=1e-3)
    assert r["dso_change"][2] == "2024-09-01..2024-11-30 → 2025-09-01..2025-11-30"


def test_oracle_inventory_is_not_applicable(led):
    r = quarterly_ratios(led, "oracle")
    for k in ("inventory_days", "inventory_days_change"):
        v, src, note = r[k]
        assert math.isnan(v)                                  # grey, never a zero
        assert note.startswith("not applicable: Oracle's quarterly balance sheets carry no "
                               "inventory line")
        assert any("000095017024075605" in s for s in src)    # the 10-K balance sheet read


def test_oracle_trailing_year_revenue(led, filed):
    """TTM to 2025-11-30 = 14,130 + 15,903 + 14,926 + 16,058 = 61,017 ($M); stockanalysis.com's
    trailing figure for the same four quarters is 61,016 (rounding)."""
    quarters = ["2024-12-01..2025-02-28", "2025-03-01..2025-05-31", "2025-06-01..2025-08-31",
                "2025-09-01..2025-11-30"]
    ttm = sum(filed("oracle", "revenue", q) for q in quarters)
    assert ttm == 61_017e6
    assert abs(ttm - 61_016e6) <= 2e6
    # fiscal 2025 (Jun 2024 – May 2025) from the same rule sums to the filed 57,399
    fy = (13_307e6 + 14_059e6 + filed("oracle", "revenue", quarters[0])
          + filed("oracle", "revenue", quarters[1]))
    assert fy == 57_399e6
    note = quarterly_ratios(led, "oracle")["commitments_to_revenue"][2]
    assert "four contiguous" not in note                    # the trailing year is complete


def test_oracle_top_customer_share_is_not_applicable(led):
    """Oracle's 10-K for fiscal 2026 (accession 0001193125-26-277521) states that no single
    customer accounted for 10% or more of total revenues in fiscal 2024-2026, which spans the
    quarter to 2025-11-30: the light is not applicable, with that filing as its source."""
    v, src, note = quarterly_ratios(led, "oracle")["top_customer_share"]
    assert math.isnan(v)
    assert note.startswith("not applicable: no single customer accounted for 10% or more of "
                           "Oracle's total revenues")
    assert "sec:0001193125-26-277521" in src
