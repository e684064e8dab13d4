"""PSY tests against pyexuber (exuber's C++ core), exuber's published S&P 500 values, a direct
implementation of psymonitor's formulas, and invariants."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from capexloop.bubble import (
    datestamp,
    default_min_window,
    mc_critical_values,
    psy,
    sp500_pd,
    with_critical_values,
)
from capexloop.errors import CapexloopError

exuber = pytest.importorskip("exuber")


@pytest.mark.parametrize("lag", [0, 1, 3])
def test_equals_pyexuber_sp500(lag):
    y = sp500_pd().to_numpy()
    ours = psy(y, min_window=90, lag=lag)
    ref = exuber.radf(y, minw=90, lag=lag)
    np.testing.assert_allclose(ours.bsadf, ref.bsadf[:, 0], rtol=0, atol=1e-8)
    np.testing.assert_allclose(ours.badf, ref.badf[:, 0], rtol=0, atol=1e-8)
    assert ours.sadf == pytest.approx(float(ref.sadf[0]), abs=1e-8)
    assert ours.gsadf == pytest.approx(float(ref.gsadf[0]), abs=1e-8)
    assert ours.adf == pytest.approx(float(ref.adf[0]), abs=1e-8)


@settings(max_examples=15, deadline=None)
@given(st.integers(0, 10**6), st.integers(40, 160), st.integers(0, 2))
def test_equals_pyexuber_random(seed, T, lag):
    rng = np.random.default_rng(seed)
    y = np.cumsum(rng.standard_normal(T)) + np.where(np.arange(T) > T // 2,
                                                     1.03 ** np.arange(T), 0)
    ours = psy(y, lag=lag)
    ref = exuber.radf(y, minw=default_min_window(T), lag=lag)
    np.testing.assert_allclose(ours.bsadf, ref.bsadf[:, 0], atol=1e-8)


def test_published_exuber_sp500():
    """exuber (2018) vignette, S&P 500 P/D, lag 0, minw 90: SADF 3.443243, GSADF 4.206874;
    Monte Carlo critical values SADF 1.290/1.586/2.124, GSADF 2.211/2.393/2.882 (90/95/99%)."""
    r = with_critical_values(psy(sp500_pd(), min_window=90), "mc")
    assert round(r.sadf, 6) == 3.443243 and round(r.gsadf, 6) == 4.206874
    published = {0.90: (1.290, 2.211), 0.95: (1.586, 2.393), 0.99: (2.124, 2.882)}
    for lv, (s, g) in published.items():   # 2,000 replications: Monte Carlo error ~0.05–0.1
        assert r.critical_values[lv]["sadf"] == pytest.approx(s, abs=0.12)
        assert r.critical_values[lv]["gsadf"] == pytest.approx(g, abs=0.12)


def test_dotcom_episode_dated_in_sp500():
    """PSY (2015) date the late-1990s boom in the S&P 500 P/D series; 1929 too."""
    eps = datestamp(with_critical_values(psy(sp500_pd(), min_window=90), "mc"))
    dotcom = eps[(eps.start <= "1999-12-31") & (eps.end >= "2000-03-01")]
    assert len(dotcom) == 1 and dotcom.iloc[0].start.year in (1995, 1996, 1997)
    assert ((eps.start <= "1929-09-01") & (eps.end >= "1929-09-01")).any()


def _psymonitor_adf(y, k, kmax, fixed=False):
    """psymonitor's ADF_IC / ADF_FL for one window (direct numpy port of its formulas)."""
    t1 = len(y) - 1
    dy = np.diff(y)
    x1 = np.column_stack([y[:-1], np.ones(t1)])
    out = []
    for kk in ([kmax] if fixed else range(kmax + 1)):
        rows = slice(kk, t1)
        X = np.column_stack([x1[rows]] + [dy[kk - j:t1 - j] for j in range(1, kk + 1)])
        yy = dy[rows]
        beta = np.linalg.solve(X.T @ X, X.T @ yy)
        eps = yy - X @ beta
        t = len(eps)
        den = (t1 - 2) if kk == 0 else (t1 - kk - kmax - 2)
        se = np.sqrt(eps @ eps / den * np.linalg.inv(X.T @ X)[0, 0])
        npdf = np.sum(-0.5 * np.log(2 * np.pi) - 0.5 * eps**2)
        ic = -2 * npdf / t + (2 if k == "aic" else np.log(t)) * len(beta) / t
        out.append((ic, beta[0] / se))
    return min(out, key=lambda x: x[0])[1] if not fixed else out[0][1]


@pytest.mark.parametrize(("ic", "kmax"), [("aic", 2), ("bic", 3), ("fixed", 2)])
def test_psymonitor_convention_matches_direct_formulas(ic, kmax):
    rng = np.random.default_rng(4)
    y = np.cumsum(rng.standard_normal(70)) + 20
    res = psy(y, min_window=25, lag=kmax, ic=ic, convention="psymonitor")
    for e in (24, 40, 69):
        stats = [_psymonitor_adf(y[s:e + 1], ic, kmax, fixed=ic == "fixed")
                 for s in range(0, e - 25 + 2)]
        assert res.bsadf[e - 24] == pytest.approx(max(stats), abs=1e-9)
        assert res.badf[e - 24] == pytest.approx(stats[0], abs=1e-9)


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 10**6), st.integers(30, 200))
def test_invariants(seed, T):
    y = np.cumsum(np.random.default_rng(seed).standard_normal(T))
    r = psy(y)
    assert r.sadf <= r.gsadf + 1e-12
    assert r.gsadf == pytest.approx(r.bsadf.max())
    assert np.all(r.bsadf >= r.badf - 1e-12)      # the start-at-1 window is among the sups
    assert psy(3 * y + 7).gsadf == pytest.approx(r.gsadf, abs=1e-8)   # location/scale free


def test_evans_bubble_detected_near_truth():
    """Evans (1991) periodically collapsing bubble on a random-walk fundamental: the stamped
    episodes start near the first bubble's start and the first crash is flagged."""
    rng = np.random.default_rng(11)
    T, start, crash = 200, 100, 140
    f = 50 + np.cumsum(rng.standard_normal(T) * 0.5)
    b = np.zeros(T)
    b[start] = 1.0
    for t in range(start + 1, crash):
        b[t] = b[t - 1] * 1.06 * (1 + 0.01 * rng.standard_normal())
    y = f + b
    res = with_critical_values(psy(y), "mc", reps=400)
    eps = datestamp(res, crash_drop=0.15)
    assert len(eps) >= 1
    first = eps.iloc[0]
    assert start <= first.start <= start + 25
    assert crash - 10 <= first.end <= crash + 5 and first.collapse


@pytest.mark.slow
def test_size_under_the_null():
    """A pure random walk rejects at 95% about 5% of the time (GSADF, T = 100)."""
    cv = mc_critical_values(100, min_window=default_min_window(100), reps=2000, seed=1)
    rng = np.random.default_rng(99)
    rej = np.mean([psy(np.cumsum(rng.standard_normal(100))).gsadf > cv["gsadf"][0.95]
                   for _ in range(1000)])
    assert 0.03 <= rej <= 0.07


def test_mc_reproducible_and_independent_of_workers(tmp_path, monkeypatch):
    monkeypatch.setenv("CAPEXLOOP_CACHE", str(tmp_path))
    a = mc_critical_values(60, min_window=12, reps=300, seed=3, n_jobs=1, chunk=50)
    monkeypatch.setenv("CAPEXLOOP_CACHE", str(tmp_path / "other"))
    b = mc_critical_values(60, min_window=12, reps=300, seed=3, n_jobs=2, chunk=50)
    assert a["gsadf"] == b["gsadf"]
    np.testing.assert_array_equal(a["bsadf"][0.95], b["bsadf"][0.95])
    assert list(tmp_path.glob("mc-*.npz"))   # cached on disk


@pytest.mark.parametrize(("y", "kw", "msg"), [
    (np.arange(10.0), {}, "too short"),
    ([1.0, np.nan] * 30, {}, "NaN"),
    ([1.0, 0.0, 2.0] * 20, {"log": True}, "zero or negative"),
    (np.ones(80), {}, "constant"),
])
def test_bad_input(y, kw, msg):
    with pytest.raises(CapexloopError, match=msg):
        psy(y, **kw)


def test_bubble_cli(cli, tmp_path):
    import json

    code, out, err = cli("bubble", "--dataset", "sp500", "--json")
    assert code == 0, err
    doc = json.loads(out)
    assert round(doc["gsadf"], 6) == 4.206874
    assert any(e["start"][:4] in ("1995", "1996", "1997") for e in doc["episodes"])
    dates = pd.date_range("2000-01-01", periods=120, freq="MS")
    f = tmp_path / "p.csv"
    pd.DataFrame({"date": dates, "value": np.exp(np.cumsum(
        np.random.default_rng(1).normal(0, 0.05, 120)))}).to_csv(f, index=False)
    code, out, err = cli("bubble", "--csv", f, "--log", "--reps", "200", "--json")
    assert code == 0, err
    bad = {"dup.csv": "date,value\n2020-01-01,1\n2020-01-01,2\n",
           "order.csv": "date,value\n2020-02-01,1\n2020-01-01,2\n",
           "nan.csv": "date,value\n2020-01-01,1\n2020-02-01,abc\n",
           "date.csv": "date,value\n2020-01-01,1\nlater,2\n"}
    for name, body in bad.items():
        (tmp_path / name).write_text(body)
        code, _, err = cli("bubble", "--csv", tmp_path / name)
        assert code == 2 and name in err and "Traceback" not in err, (name, err)
    short = tmp_path / "short.csv"
    short.write_text("date,value\n" + "".join(f"2020-01-{d:02d},{d}\n" for d in range(1, 16)))
    code, _, err = cli("bubble", "--csv", short, "--freq", "D")
    assert code == 2 and "too short" in err
    code, _, err = cli("bubble", "--dataset", "sp500", "--csv", f)
    assert code == 2


def test_plot_and_ledger_series(tmp_path, cli):
    import matplotlib

    matplotlib.use("Agg")
    r = with_critical_values(psy(sp500_pd(), min_window=90), "mc")
    ax = r.plot()
    assert ax.get_lines()[0].get_label() == "BSADF" and len(ax.patches) >= 5   # episodes
    db = tmp_path / "t.duckdb"
    assert cli("ledger", "init", "--db", db, "--dataset", "telecom2000")[0] == 0
    code, _, err = cli("bubble", "--ledger-series", "cisco.share_price", "--db", db)
    assert code == 2 and "too short" in err   # two prices in the seed: nothing to test
    code, _, err = cli("bubble", "--ledger-series", "cisco")
    assert code == 2 and "ENTITY.METRIC" in err


def test_cli_states_sample_and_first_testable_date_and_no_nan(cli):
    code, out, err = cli("bubble", "--dataset", "nasdaq", "--reps", "20")
    assert code == 0, err
    assert "sample 1999-" in out and "first testable date" in out
    assert "nan" not in out.lower().replace("nasdaq", "")


@settings(max_examples=10, deadline=None)
@given(st.integers(0, 10**6), st.integers(30, 300), st.booleans())
def test_lag0_closed_form_equals_compiled_kernel(seed, T, flat):
    """The numpy closed form of the default (lag 0) windows gives what the compiled kernel
    gives (same formula, same floating-point operations, so the same bits), singular windows
    included."""
    from capexloop.bubble import _kernels
    from capexloop.bubble._closed_form import windows_lag0
    from capexloop.bubble.psy import _cumsum_outer, _design_exuber

    rng = np.random.default_rng(seed)
    y = np.cumsum(rng.standard_normal(T))
    if flat:
        y[T // 3:T // 3 + 12] = y[T // 3]          # a constant stretch: singular windows
    z = (y - y.mean()) / y.std()
    S = _cumsum_outer(_design_exuber(z, 0))
    minw = max(3, default_min_window(T) // 2)
    for ours, ref in zip(windows_lag0(S, minw), _kernels.windows_fixed2(S, 1, minw, 2),
                         strict=True):
        np.testing.assert_array_equal(ours, ref)   # to the last bit (in-place, same order)


def test_shipped_nasdaq_table_is_the_monte_carlo_it_replaces(tmp_path, monkeypatch):
    """The report's Nasdaq table (T 240, window 30, lag 0, 1,000 reps, seed 0) is exactly what
    mc_critical_values simulates for those inputs, and with_critical_values reads it."""
    from capexloop.bubble.critical_values import shipped_table

    monkeypatch.setenv("CAPEXLOOP_CACHE", str(tmp_path))
    fresh = mc_critical_values(240, min_window=30, lag=0, reps=1000, seed=0)
    table = shipped_table(240, 30, 0, "exuber", 1000, 0)
    assert table is not None and table["gsadf"] == fresh["gsadf"]
    assert table["sadf"] == fresh["sadf"]
    for lv in (0.90, 0.95, 0.99):
        np.testing.assert_array_equal(table["bsadf"][lv], fresh["bsadf"][lv])
    assert shipped_table(240, 30, 0, "exuber", 999, 0) is None        # other inputs: simulate
    y = np.exp(np.cumsum(np.random.default_rng(5).standard_normal(240) * 0.05))
    r = with_critical_values(psy(y, log=True), "mc", reps=1000)
    assert "shipped table" in r.cv_method and r.critical_values[0.95]["gsadf"] == \
        fresh["gsadf"][0.95]
