"""SEC XBRL loader on recorded responses (tests/data/sec; no network)."""

from pathlib import Path

import httpx
import pytest

from capexloop.errors import CapexloopError
from capexloop.forensics.sec import SecClient

FIX = Path(__file__).parents[1] / "data" / "sec"


def make(tmp_path, overrides=None, calls=None):
    overrides = overrides or {}
    calls = calls if calls is not None else []

    def handler(request):
        calls.append(request)
        name = request.url.path.rsplit("/", 1)[-1]
        if name in overrides:
            status, body = overrides[name].pop(0) if isinstance(overrides[name], list) \
                else overrides[name]
            return httpx.Response(status, text=body)
        if name == "company_tickers.json":
            return httpx.Response(200, text=(FIX / name).read_text())
        if name.startswith("CIK"):
            f = FIX / f"companyfacts_{name}"
            return httpx.Response(200, text=f.read_text()) if f.exists() else httpx.Response(404)
        if name == "CY2023.json":
            return httpx.Response(200, text=(FIX / "frames_Revenues_USD_CY2023.json").read_text())
        return httpx.Response(404)

    return SecClient("capexloop tests test@example.org", cache_dir=tmp_path, rate=1000,
                     retries=3, transport=httpx.MockTransport(handler)), calls


def test_revenue_latest_filing_wins_and_history_kept(tmp_path):
    c, calls = make(tmp_path)
    cf = c.concept("NVDA", "revenue")
    assert cf.concept == "Revenues"
    fy23 = cf.latest[cf.latest.end == "2023-01-29"].iloc[0]
    assert fy23.val == 26900000000 and fy23.filed == "2024-02-21"      # restated value
    assert (cf.history.end == "2023-01-29").sum() == 2                 # both filings kept
    assert "2023-04-30" not in set(cf.latest.end)                       # quarterly dropped
    assert calls[0].headers["User-Agent"] == "capexloop tests test@example.org"


def test_observations_with_accession_sources(tmp_path):
    c, _ = make(tmp_path)
    ent, obs = c.observations("nvda", ["revenue", "receivables_net"])
    assert ent.id == "nvda" and ent.name == "NVIDIA CORP"
    rev = [o for o in obs if o.metric == "revenue"]
    assert rev[-1].value.low == 60922000000 and rev[-1].sources == ["sec:0000000000-24-000001"]
    assert str(rev[-1].date) == "2023-01-30..2024-01-28"


def test_fallback_missing_concept_and_unknown_ticker(tmp_path):
    c, _ = make(tmp_path)
    with pytest.raises(CapexloopError, match="reports none of InventoryNet"):
        c.concept("NVDA", "inventory")
    with pytest.raises(CapexloopError, match="unknown ticker 'ZZZZ'"):
        c.cik("ZZZZ")
    with pytest.raises(CapexloopError, match="no data"):
        c.company_facts("AMD")   # 404 for AMD's facts in the fixtures


def test_frames(tmp_path):
    c, _ = make(tmp_path)
    df = c.frame("Revenues", "CY2023")
    assert set(df.entityName) == {"NVIDIA CORP", "ADVANCED MICRO DEVICES INC"}


def test_429_retry_malformed_and_cache(tmp_path):
    calls = []
    c, calls = make(tmp_path, {"company_tickers.json": [(429, ""), (200, (
        FIX / "company_tickers.json").read_text())]}, calls)
    assert c.cik("NVDA")[0] == 1045810 and len(calls) == 2
    c.cik("NVDA")
    assert len(calls) == 2                                      # served from the cache
    bad, _ = make(tmp_path / "b", {"company_tickers.json": (200, "{oops")})
    with pytest.raises(CapexloopError, match="malformed"):
        bad.cik("NVDA")
    assert not list((tmp_path / "b").rglob("tickers-*"))        # nothing half-written


def test_user_agent_required_and_offline(tmp_path, monkeypatch):
    monkeypatch.delenv("SEC_USER_AGENT", raising=False)
    with pytest.raises(CapexloopError, match="User-Agent"):
        SecClient(cache_dir=tmp_path)
    off = SecClient(cache_dir=tmp_path / "empty", offline=True)
    with pytest.raises(CapexloopError, match="not in the cache"):
        off.cik("NVDA")


def test_network_down(tmp_path):
    def down(request):
        raise httpx.ConnectError("down")
    c = SecClient("t t@example.org", cache_dir=tmp_path, rate=1000, retries=2,
                  transport=httpx.MockTransport(down))
    with pytest.raises(CapexloopError, match="network error"):
        c.cik("NVDA")
