"""``capexloop sec refresh`` on a recorded company-facts response (no network).

The fixture tests/data/sec/refresh/companyfacts_CIK0001045810.json is written in EDGAR's
company-facts JSON structure with NVIDIA values as filed and their accessions (the values
stored in ai-public), plus one quarter the ledger lacks (a test value, 1,000, under a
placeholder accession, not a filed figure) and one year-to-date span (the sum of the three
quarters)."""

from __future__ import annotations

from pathlib import Path

import httpx

from capexloop.forensics.sec import SecClient
from capexloop.forensics.sec_refresh import refresh_filings
from capexloop.ledger import load_dataset

FIX = Path(__file__).parents[1] / "data" / "sec"


def _client(tmp_path):
    def handler(request):
        name = request.url.path.rsplit("/", 1)[-1]
        if name == "company_tickers.json":
            return httpx.Response(200, text=(FIX / name).read_text())
        f = FIX / "refresh" / f"companyfacts_{name}"
        return httpx.Response(200, text=f.read_text()) if f.exists() else httpx.Response(404)

    return SecClient("capexloop tests test@example.org", cache_dir=tmp_path, rate=1000,
                     retries=1, transport=httpx.MockTransport(handler))


def test_refresh_rederives_the_stored_filing_values(tmp_path):
    led = load_dataset("ai-public")
    res = refresh_filings(led, _client(tmp_path), entities=["nvidia"],
                          metrics=["revenue", "receivables_net", "inventory"])
    # Q3 and Q2 revenue, Q3 receivables, FY-end inventory: equal to the stored filed values
    assert res.confirmed == 4 and res.replaced == []
    # the Q1 FY2026 receivables are new; the nine-month revenue span is not a period we store
    assert res.added == 1
    new = res.ledger.observation("nvidia", "receivables_net", "2025-04-27")
    assert new.value.mid == 1_000e6 and new.sources == ["sec:0000000000-25-000001"]
    assert res.ledger.observation("nvidia", "revenue", "2025-01-27..2025-10-26") is None
    assert len(res.ledger.observations) == len(led.observations) + 1


def test_a_restated_value_replaces_the_stored_one(tmp_path):
    led = load_dataset("ai-public")
    obs = [o.model_copy(update={"value": o.value * 1.01})
           if (o.entity, o.metric, str(o.date)) == ("nvidia", "receivables_net", "2025-10-26")
           else o for o in led.observations]
    res = refresh_filings(led.model_copy(update={"observations": obs}), _client(tmp_path),
                          entities=["nvidia"], metrics=["receivables_net"])
    (e, m, d, old, new), = res.replaced
    assert (e, m, d, new) == ("nvidia", "receivables_net", "2025-10-26", 33_391e6)
    assert old == 33_391e6 * 1.01
    assert res.ledger.observation("nvidia", "receivables_net", "2025-10-26").value.mid == new
