"""CoreWeave's early-warning ratios on its latest quarter with a filed balance sheet in
``ai-public`` (Q3 2025, 2025-07-01..2025-09-30), recomputed by hand from the stored values:
receivables from the Q3 2025 earnings release (accession 0001769628-25-000059), Q4 2024 revenue
derived from the IPO prospectus (424B4, accession 0001193125-25-067651) and the nine months to
2024-09-30, and the filing facts that CoreWeave carries no inventory line and filed no balance
sheet before its IPO."""

from __future__ import annotations

import math

import pytest

from capexloop.forensics.lights import quarterly_ratios
from capexloop.ledger.asof import as_of


def test_coreweave_dso_by_hand(led, filed):
    r = quarterly_ratios(led, "coreweave")
    rev = filed("coreweave", "revenue", "2025-07-01..2025-09-30")
    ar = filed("coreweave", "receivables_net", "2025-09-30")
    assert (rev, ar) == (1_364_676e3, 1_659_229e3)         # as filed, $ thousands
    # 1 Jul – 30 Sep is 92 days: DSO = 1,659,229 / 1,364,676 × 92 = 111.86 days
    assert r["dso_days"][0] == pytest.approx(ar / rev * 92) == pytest.approx(111.857, abs=1e-3)
    assert r["dso_days"][2] == "quarter 2025-07-01..2025-09-30"


def test_coreweave_2024_quarters_add_up_to_the_filed_year(filed):
    """Q4 2024 is derived (FY2024 less the nine months to 2024-09-30) and Q1 2024 likewise from
    the nine months less Q2 and Q3, so the four quarters must sum to the filed fiscal year:
    188,684 + 395,371 + 583,941 + 747,430 = 1,915,426 ($ thousands)."""
    q = ["2024-01-01..2024-03-31", "2024-04-01..2024-06-30", "2024-07-01..2024-09-30",
         "2024-10-01..2024-12-31"]
    quarters = [filed("coreweave", "revenue", p) for p in q]
    assert quarters[3] == 1_915_426e3 - 1_167_996e3 == 747_430e3
    assert sum(quarters) == filed("coreweave", "revenue", "2024-01-01..2024-12-31")
    # the S-1's +28% quarter over quarter for Q4 2024 (convergedigest): 747,430 / 583,941
    assert quarters[3] / quarters[2] - 1 == pytest.approx(0.28, abs=0.005)


def test_coreweave_financing_ratios_on_trailing_revenue(led, filed):
    """With Q4 2024 in the ledger the trailing year to 2025-09-30 is complete:
    747,430 + 981,632 + 1,212,788 + 1,364,676 = 4,306,526 ($ thousands); Q1 2025 is the filed
    $981,632K of the Q1 2025 10-Q (accession 0001769628-25-000014), no longer the $981.6M quote."""
    r = quarterly_ratios(led, "coreweave")
    ttm = sum(filed("coreweave", "revenue", p) for p in (
        "2024-10-01..2024-12-31", "2025-01-01..2025-03-31", "2025-04-01..2025-06-30",
        "2025-07-01..2025-09-30"))
    assert ttm == pytest.approx(4_306_526e3)
    fin = [d for d in as_of(led, "2025-09-30").active_deals()
           if d.payer == "coreweave" and d.is_financing and d.amount_usd is not None]
    assert fin
    assert r["commitments_to_revenue"][0] == pytest.approx(
        sum(d.amount_usd.mid for d in fin) / ttm)
    assert "4 quarters 2024-10-01..2025-09-30" in r["commitments_to_revenue"][2]


def test_coreweave_inventory_and_prior_receivables_are_not_applicable(led):
    r = quarterly_ratios(led, "coreweave")
    for k in ("inventory_days", "inventory_days_change"):
        v, src, note = r[k]
        assert math.isnan(v)
        assert note.startswith("not applicable: CoreWeave's balance sheets carry no inventory")
        assert "sec:0001769628-25-000059" in src
    v, src, note = r["dso_change"]
    assert math.isnan(v)
    assert note.startswith("not applicable: CoreWeave filed no balance sheet at September 30")
    assert "sec:0001193125-25-067651" in src
