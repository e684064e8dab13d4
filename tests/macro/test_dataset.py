"""The shipped US monthly macro dataset and its FRED refresh (no network)."""

import httpx
import numpy as np
import pandas as pd
import pytest

from capexloop.macro.dataset import FRED_RECIPES, load_macro, refresh_macro
from capexloop.macro.fred import FredClient


@pytest.fixture(scope="module")
def macro():
    return load_macro()


def test_every_column_has_a_source_and_covers_1994_on(macro):
    cols = set(macro.frame.columns)
    assert cols == set(macro.info)
    for name, info in macro.info.items():
        assert info.source.split(":")[0] in {"fred", "ism", "shiller"}, name
        assert info.origin and info.unit and info.method
        s = macro.series(name)
        first = "1997-01-01" if name == "hy_oas" else "1994-01-01"   # HY OAS starts 1996-12
        assert s.index[0] <= pd.Timestamp(first), name
        assert s.index[-1] >= pd.Timestamp("2025-08-01"), name
    assert macro.series("baa_yield").attrs["source"] == "fred:BAA"


def test_published_values(macro):
    """Values as FRED publishes them: FEDFUNDS Jan 2000 5.45 and Jun 2000 6.53 (monthly averages
    of the effective rate; the FOMC target was 5.50 and 6.50); TB3MS Jan 2000 5.32; UNRATE Oct
    2009 10.0; Nasdaq close of 31 Mar 2000 4572.83; Moody's Baa Dec 2008 8.43 (= arch.data)."""
    f = macro.frame
    assert f.loc["2000-01-01", "fed_funds"] == 5.45
    assert f.loc["2000-06-01", "fed_funds"] == 6.53
    assert f.loc["2000-01-01", "tbill_3m"] == 5.32
    assert f.loc["2009-10-01", "unemployment"] == 10.0
    assert f.loc["2000-03-01", "nasdaq"] == 4572.83
    from arch.data import default

    ref = default.load()["BAA"]
    got = f["baa_yield"].loc["1990-01-01":"2018-12-01"]
    assert np.allclose(got.to_numpy(), ref.loc["1990-01-01":"2018-12-01"].to_numpy())
    assert f.loc["2008-12-01", "baa_yield"] == 8.43


def test_spread_is_baa_minus_10y_and_gaps_are_listed(macro):
    f = macro.frame.dropna(subset=["baa_spread_10y"])
    assert np.allclose(f.baa_spread_10y, (f.baa_yield - f.treasury_10y).round(2), atol=1e-9)
    cov = macro.coverage().set_index("series")
    assert cov.loc["unemployment", "gaps"] == "2025-10"     # not published that month
    assert "fred:UNRATE" in macro.summary()


def _csv(sid: str, rows: list[tuple[str, float]]) -> str:
    return "observation_date," + sid + "\n" + "\n".join(f"{d},{v}" for d, v in rows) + "\n"


def test_refresh_lays_fred_over_the_shipped_data(tmp_path, macro):
    # daily DGS10 for March 2027 (complete: last business day 31 Mar) and a partial April
    days = pd.bdate_range("2027-03-01", "2027-04-02")
    dgs10 = [(d.strftime("%Y-%m-%d"), 4.0 if d.month == 3 else 9.0) for d in days]
    bodies = {sid: _csv(sid, [("2027-03-01", 1.25)]) for sid, _, _ in FRED_RECIPES.values()}
    bodies["DGS10"] = _csv("DGS10", dgs10)
    bodies["BAA"] = _csv("BAA", [("2027-03-01", 6.0)])

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, text=bodies[request.url.params["id"]])

    client = FredClient(None, cache_dir=tmp_path / "c", transport=httpx.MockTransport(handler),
                        rate=1000)
    out = tmp_path / "m.csv"
    new = refresh_macro(client, out)
    assert new.frame.loc["2027-03-01", "fed_funds"] == 1.25
    assert new.frame.loc["2027-03-01", "treasury_10y"] == 4.0
    assert pd.Timestamp("2027-04-01") not in new.frame.index          # partial month dropped
    assert new.frame.loc["2027-03-01", "baa_spread_10y"] == 2.0
    # the ISM PMI is not on FRED: the shipped values stay
    assert new.frame.loc["2001-01-01", "ism_pmi"] == macro.frame.loc["2001-01-01", "ism_pmi"]
    again = load_macro(out)
    pd.testing.assert_frame_equal(again.frame, new.frame, check_freq=False)
    assert not list(tmp_path.glob(".m.csv.*"))
