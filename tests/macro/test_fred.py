"""FRED loader on recorded responses (tests/data/fred; no network)."""

from pathlib import Path

import httpx
import numpy as np
import pytest

from capexloop.macro.fred import FredClient, FredError, align

FIX = Path(__file__).parents[1] / "data" / "fred"


def transport(routes, calls):
    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        key = "api" if "api.stlouisfed.org" in request.url.host else "csv"
        sid = request.url.params.get("series_id") or request.url.params.get("id")
        status, body = routes[(key, sid)][min(len([c for c in calls if (
            c.url.params.get("series_id") or c.url.params.get("id")) == sid]) - 1,
            len(routes[(key, sid)]) - 1)]
        return httpx.Response(status, text=body)
    return httpx.MockTransport(handler)


def test_api_json_with_missing_value(tmp_path):
    calls = []
    body = (FIX / "BAA_observations.json").read_text()
    c = FredClient("k", cache_dir=tmp_path, transport=transport({("api", "BAA"): [(200, body)]},
                                                                calls), rate=1000)
    s = c.observations("baa")
    assert s.attrs["source"] == "fred:BAA" and len(s) == 48
    from arch.data import default  # the data the fixture was written from

    ref = default.load()["BAA"]
    assert np.isnan(s.iloc[5]) and s.loc["1998-01-01"] == ref.loc["1998-01-01"] == 7.19
    assert calls[0].url.params["api_key"] == "k" and calls[0].url.params["file_type"] == "json"
    # cached: a second call does not touch the network, and the key is not in the cache name
    c.observations("BAA")
    assert len(calls) == 1
    assert not any(p.name == "k" for p in tmp_path.rglob("*"))


def test_keyless_csv_and_offline(tmp_path, monkeypatch):
    monkeypatch.delenv("FRED_API_KEY", raising=False)
    calls = []
    body = (FIX / "AAA_graph.csv").read_text()
    c = FredClient(cache_dir=tmp_path, transport=transport({("csv", "AAA"): [(200, body)]},
                                                           calls), rate=1000)
    s = c.observations("AAA", start="1999-01-01")
    assert s.index[0].year == 1999 and s.name == "AAA"
    off = FredClient(cache_dir=tmp_path, offline=True)
    assert off.observations("AAA", start="1999-01-01").equals(s)
    with pytest.raises(FredError, match="not in the cache"):
        off.observations("FEDFUNDS")


def test_429_is_retried_then_succeeds(tmp_path):
    calls = []
    body = (FIX / "BAA_observations.json").read_text()
    c = FredClient("k", cache_dir=tmp_path, rate=1000, transport=transport(
        {("api", "BAA"): [(429, "Too Many Requests"), (503, "busy"), (200, body)]}, calls))
    assert len(c.observations("BAA")) == 48 and len(calls) == 3


def test_errors(tmp_path):
    calls = []
    err = (FIX / "error_400.json").read_text()
    routes = {("api", "NOPE"): [(400, err)], ("api", "GONE"): [(404, "")],
              ("api", "BAD"): [(200, "{not json")], ("api", "SLOW"): [(429, "")]}
    c = FredClient("k", cache_dir=tmp_path, rate=1000, retries=2,
                   transport=transport(routes, calls))
    with pytest.raises(FredError, match="series does not exist"):
        c.observations("NOPE")
    with pytest.raises(FredError, match="unknown FRED series"):
        c.observations("GONE")
    with pytest.raises(FredError, match="malformed"):
        c.observations("BAD")
    with pytest.raises(FredError, match="after 2 tries"):
        c.observations("SLOW")
    assert not list(tmp_path.rglob("BAD-*"))   # nothing half-written to the cache
    with pytest.raises(FredError, match="vintages need the API"):
        FredClient("", cache_dir=tmp_path).observations("BAA", vintage_dates="2001-01-01")


def test_network_down(tmp_path):
    def down(request):
        raise httpx.ConnectError("no route")
    c = FredClient("k", cache_dir=tmp_path, rate=1000, retries=2,
                   transport=httpx.MockTransport(down))
    with pytest.raises(FredError, match="network error"):
        c.observations("BAA")


def test_align_frequencies():
    import pandas as pd

    daily = pd.Series(range(60), index=pd.date_range("2000-01-01", periods=60, freq="D"),
                      dtype=float)
    quarterly = pd.Series([1.0, 2.0], index=pd.to_datetime(["2000-01-01", "2000-04-01"]))
    df = align({"d": daily, "q": quarterly})
    assert df.loc["2000-01-01", "d"] == 30 and df.loc["2000-02-01", "d"] == 59
    assert df.loc["2000-02-01", "q"] == 1.0
