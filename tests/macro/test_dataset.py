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


def _readme_table() -> dict[str, tuple[str, str, str]]:
    """column -> (first month, last month, gaps cell) from the table in data/README.md."""
    from importlib import resources

    text = (resources.files("capexloop.macro") / "data" / "README.md").read_text("utf-8")
    rows = {}
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 5 and "…" in cells[3]:
            first, last = (x.strip() for x in cells[3].split("…"))
            rows[cells[0]] = (first, last, cells[4])
    return rows


def test_readme_table_states_each_columns_coverage(macro):
    """The README's `covers` and `gaps` cells are the CSV's: every column reaches exactly the
    last month the README states, so the two cannot drift apart."""
    table = _readme_table()
    cov = macro.coverage().set_index("series")
    assert set(table) == set(macro.frame.columns)
    for col, (first, last, gaps) in table.items():
        assert cov.loc[col, "first"] == first, col
        assert cov.loc[col, "last"] == last, col
        assert macro.series(col).index[-1] >= pd.Timestamp(last), col
        for g in filter(None, cov.loc[col, "gaps"].split(", ")):
            assert g in gaps, (col, g)


def test_months_added_in_late_2026(macro):
    """New months pinned to the public copies they come from (sources.yaml `origin`)."""
    f = macro.frame
    # LeopoldN/liberalmarkets@d3dc10c2195200c9b039170e505c9ee11809f86f:data/FEDFUNDS.csv
    # ("2026-07-01,3.6300000000"), data/UNRATE.csv ("2026-07-01,4.1", "2026-06-01,4.2") and
    # data/PAYEMS.csv ("2026-07-01,158858", "2025-11-01,158449", August 2026 vintage)
    assert f.loc["2026-04-01", "fed_funds"] == 3.64
    assert f.loc["2026-07-01", "fed_funds"] == 3.63
    assert f.loc["2026-06-01", "unemployment"] == 4.2
    assert f.loc["2026-07-01", "unemployment"] == 4.1
    assert f.loc["2026-07-01", "payrolls"] == 158858
    assert f.loc["2025-11-01", "payrolls"] == 158449
    # Thecoderstef/Macro-Charts@02759683bf1546aee000eb3280ed8afbe240e9ef:data/DGS10.csv:
    # means of the 22 / 21 business-day yields of April / June 2026
    assert f.loc["2026-04-01", "treasury_10y"] == 4.32
    assert f.loc["2026-06-01", "treasury_10y"] == 4.47
    assert f.loc["2026-04-01", "baa_spread_10y"] == 1.71            # 6.03 − 4.32
    # PipelineIntegrityHub/SPYPredict@019432f40e5b3e3bc65556e672de8adf291cc5a4:
    # data/BAMLH0A0HYM2.csv, mean of the daily values of each month
    assert f.loc["2026-03-01", "hy_oas"] == 3.19
    assert f.loc["2026-09-01", "hy_oas"] == 2.76
    # Jellydidy/macro-watch@2ef008d2df180d392962bc83e774bbc46c3bf767:data/fred/NASDAQCOM.csv:
    # closes of 30 Apr 2026 (24892.31) and 31 Jul 2026 (25373.85), rounded to 0.1 like the
    # shipped closes since 2020-06; data/fred/DGS10.csv: mean of July 2026's 22 business days
    assert f.loc["2026-04-01", "nasdaq"] == 24892.3
    assert f.loc["2026-07-01", "nasdaq"] == 25373.8
    assert f.loc["2026-07-01", "treasury_10y"] == 4.6
    # andrescls1/market-storm-watch@b8be1b14c8d2b0b72237785319d72d721eb9d45f:data/fred/TB3MS.csv
    # ("2026-09-01,3.94") and data/fred/BAA.csv ("2026-05-01,6.1", "2026-09-01,6.47");
    # andrescls1/market-storm-watch@5f914dbdcbb56e7e1430d9c41c490f6d44ae2a98:data/fred/SP500.csv,
    # mean of the 21 closes of September 2026
    assert f.loc["2026-09-01", "tbill_3m"] == 3.94
    assert f.loc["2026-05-01", "baa_yield"] == 6.1
    assert f.loc["2026-09-01", "baa_yield"] == 6.47
    assert f.loc["2026-07-01", "baa_spread_10y"] == 1.59            # 6.19 − 4.60
    assert f.loc["2026-09-01", "sp500"] == 7669.41
    # andrescls1/market-storm-watch@b8be1b14c8d2b0b72237785319d72d721eb9d45f:
    # data/us10y_monthly.csv (FRED GS10): "2026-09-01,4.99"
    assert f.loc["2026-09-01", "treasury_10y"] == 4.99
    assert f.loc["2026-09-01", "baa_spread_10y"] == 1.48            # 6.47 − 4.99
    # XinyuLiu2403/acc102-macro-dashboard@6d3e6faafd500b0c4f9b17bb0b80d5dea55f2acf:data/USREC.csv
    assert f.loc["2026-03-01", "recession"] == 0
    # incomplete months stay out: SPYPredict's last day is 2026-10-05, macro-watch's 2026-08-20
    assert pd.Timestamp("2026-10-01") not in macro.series("hy_oas").index
    assert pd.Timestamp("2026-08-01") not in macro.series("nasdaq").index


def test_payrolls_vintage_splice_leaves_no_step(macro):
    """PAYEMS: January 2026 vintage to 2020-12, August 2026 vintage (after the benchmark
    revision) from 2021-01, where the two still agree; no one-month step from the splice."""
    pay = macro.series("payrolls")
    assert pay.loc["2020-12-01"] == 142548          # Codex_Macro-Monitor copy, unrevised
    assert pay.loc["2025-12-01"] - pay.loc["2025-11-01"] == 158432 - 158449
    assert pay.loc["2024-01-01":].diff().abs().max() < 500
