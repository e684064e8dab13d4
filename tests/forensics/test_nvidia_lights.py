"""NVIDIA's early-warning ratios on its latest quarter with a filed balance sheet in
``ai-public``, recomputed by hand from the stored filing values (10-Q for the quarter ended
26 Oct 2025, accession 0001045810-25-000230)."""

from __future__ import annotations

import pytest

from capexloop.forensics.lights import quarterly_ratios


def test_nvidia_latest_quarter_by_hand(led, filed):
    r = quarterly_ratios(led, "nvidia")
    q = "2025-07-28..2025-10-26"                        # Q3 FY2026: 91 days, end included
    rev = filed("nvidia", "revenue", q)
    assert rev == 57_006e6                             # as filed, $ millions
    ar = filed("nvidia", "receivables_net", "2025-10-26")
    inv = filed("nvidia", "inventory", "2025-10-26")
    assert ar == 33_391e6
    # DSO = receivables / quarterly revenue × days = 33,391 / 57,006 × 91 = 53.30 days
    assert r["dso_days"][0] == pytest.approx(ar / rev * 91) == pytest.approx(53.3028, abs=1e-3)
    # inventory days = 19,784 / 57,006 × 91 = 31.58 days
    assert r["inventory_days"][0] == pytest.approx(inv / rev * 91)
    # top three direct customers' share of receivables: 22% + 17% + 14% = 53%
    shares = [filed("nvidia", f"customer_share_receivables_{k}", "2025-10-26") for k in (1, 2, 3)]
    assert r["top_customer_share"][0] == pytest.approx(sum(shares)) == pytest.approx(0.53)
    # changes against Q3 FY2025 (2024-07-29..2024-10-27, 91 days; 10-Q accession
    # 0001045810-24-000316): receivables 17,693 and inventories 7,654 on revenue 35,082
    rev0 = filed("nvidia", "revenue", "2024-07-29..2024-10-27")
    ar0 = filed("nvidia", "receivables_net", "2024-10-27")
    inv0 = filed("nvidia", "inventory", "2024-10-27")
    assert (rev0, ar0, inv0) == (35_082e6, 17_693e6, 7_654e6)
    # DSO a year earlier = 17,693 / 35,082 × 91 = 45.89 days → change 53.30 − 45.89 = +7.41
    assert r["dso_change"][0] == pytest.approx(ar / rev * 91 - ar0 / rev0 * 91)
    assert r["dso_change"][0] == pytest.approx(7.4086, abs=1e-3)
    # inventory days a year earlier = 7,654 / 35,082 × 91 = 19.85 → change 31.58 − 19.85 = +11.73
    assert r["inventory_days_change"][0] == pytest.approx(inv / rev * 91 - inv0 / rev0 * 91)
    assert r["inventory_days_change"][0] == pytest.approx(11.7285, abs=1e-3)
    assert r["dso_change"][2] == "2024-07-29..2024-10-27 → 2025-07-28..2025-10-26"
    assert "sec:0001045810-24-000316" in r["dso_change"][1]

def test_nvidia_financing_ratios_on_trailing_revenue(led):
    """Financing ratios divide by trailing-four-quarter revenue: Q4 FY2025 + Q1–Q3 FY2026."""
    r = quarterly_ratios(led, "nvidia")
    quarters = [o for o in led.series("nvidia", "revenue")
                if o.date.start and o.date.end and 80 <= (o.date.end - o.date.start).days <= 100
                and o.date.end <= __import__("datetime").date(2025, 10, 26)][-4:]
    ttm = sum(o.value.mid for o in quarters)
    assert len(quarters) == 4
    from capexloop.ledger.asof import as_of

    cut = as_of(led, "2025-10-26")
    fin = [d for d in cut.active_deals() if d.payer == "nvidia" and d.is_financing
           and d.amount_usd is not None]
    committed = sum(d.amount_usd.mid for d in fin)
    assert r["commitments_to_revenue"][0] == pytest.approx(committed / ttm)
