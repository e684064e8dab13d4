"""The numpy windows (lagged, information-criterion, Monte Carlo batches) against the compiled
kernels they replace on short series (a second implementation of the same arithmetic), and
against psy() row by row; the kernels themselves are checked against pyexuber and
psymonitor's formulas in test_psy.py."""

import json
import subprocess
import sys

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from capexloop.bubble import _kernels, _windows, default_min_window, psy
from capexloop.bubble.psy import _cumsum_outer, _design_exuber, _design_psymonitor


def _series(seed: int, T: int, flat: bool) -> np.ndarray:
    rng = np.random.default_rng(seed)
    y = np.cumsum(rng.standard_normal(T)) + 30
    y[T // 2:] += 1.04 ** np.arange(T - T // 2)            # an explosive stretch
    if flat:
        y[T // 4:T // 4 + 12] = y[T // 4]                  # a constant stretch: singular windows
    return y


@settings(max_examples=12, deadline=None)
@given(st.integers(0, 10**6), st.integers(40, 220), st.integers(1, 3), st.booleans())
def test_lagged_windows_equal_the_kernel(seed, T, lag, flat):
    y = _series(seed, T, flat)
    S = _cumsum_outer(_design_exuber((y - y.mean()) / y.std(), lag))
    minw = max(lag + 3, default_min_window(T))
    ours = _windows.windows_fixed(S, 2 + lag, 1, minw, 2 + lag)
    ref = _kernels.windows_fixed(S, 2 + lag, 1, minw, 2 + lag)
    for a, b in zip(ours[:2], ref[:2], strict=True):
        np.testing.assert_allclose(a, b, rtol=0, atol=1e-10)
    np.testing.assert_array_equal(ours[2], ref[2])          # the same (first) maximising start


@settings(max_examples=12, deadline=None)
@given(st.integers(0, 10**6), st.integers(40, 160), st.integers(0, 3),
       st.sampled_from([(1, False), (2, False), (2, True)]), st.booleans())
def test_information_criterion_windows_equal_the_kernel(seed, T, kmax, ic_fixed, flat):
    ic, fixed = ic_fixed
    y = _series(seed, T, flat)
    S = _cumsum_outer(_design_psymonitor(y - y.mean(), kmax))
    minw = max(kmax + 5, default_min_window(T))
    ours = _windows.windows_ic(S, T, minw, kmax, ic, fixed)
    ref = _kernels.windows_ic(S, T, minw, kmax, ic, fixed)
    for a, b in zip(ours[:2], ref[:2], strict=True):
        np.testing.assert_allclose(a, b, rtol=0, atol=1e-10)
    np.testing.assert_array_equal(ours[2], ref[2])
    np.testing.assert_array_equal(ours[3], ref[3])          # the lag each BIC/AIC chose


@pytest.mark.parametrize(("T", "lag"), [(60, 0), (150, 0), (60, 1), (120, 2)])
def test_monte_carlo_batch_equals_the_kernel_exactly(T, lag):
    """Same operations in the same order: equal to the last bit, so a critical-value table
    simulated by either (the shipped ones were simulated by the kernels) is the same table."""
    Y = np.cumsum(1.0 / T + np.random.default_rng(T + lag).standard_normal((40, T)), axis=1)
    minw = default_min_window(T)
    ours = _windows.mc_batch(Y, minw, lag)
    ref = (_kernels.mc_batch_lag0(Y, minw) if lag == 0 else
           _kernels.mc_batch_exuber(Y, minw, lag))
    for a, b in zip(ours, ref, strict=True):
        np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize(("lag", "convention"), [(0, "exuber"), (2, "exuber"),
                                                 (0, "psymonitor"), (2, "psymonitor")])
def test_rows_equal_psy_row_by_row(lag, convention):
    Y = np.cumsum(np.random.default_rng(lag).standard_normal((6, 90)), axis=1) + 50
    sadf, gsadf, bsadf = _windows.psy_rows(Y, 20, lag, convention)
    for r, y in enumerate(Y):
        res = psy(y, min_window=20, lag=lag, convention=convention)
        assert sadf[r] == res.sadf and gsadf[r] == res.gsadf
        np.testing.assert_array_equal(bsadf[r], res.bsadf)


def test_lagged_information_criterion_and_monte_carlo_commands_compile_nothing(tmp_path):
    """The first run after install of ``--lags 2``, ``--ic bic`` and Monte Carlo critical
    values for a new series imports no numba (nothing to compile)."""
    y = np.exp(np.cumsum(np.random.default_rng(7).standard_normal(150) * 0.05)) * 100
    csv = tmp_path / "p.csv"
    csv.write_text("date,value\n" + "".join(
        f"{d},{v!r}\n" for d, v in zip(np.arange("2000-01", "2012-07", dtype="datetime64[M]")
                                       .astype(str), y.tolist(), strict=True)))
    code = ("import sys\nfrom capexloop.cli import main\n"
            f"for extra in (['--lags', '2'], ['--lags', '2', '--ic', 'bic'], []):\n"
            f"    assert main(['bubble', '--csv', {str(csv)!r}, '--reps', '60', '--json', "
            "*extra]) == 0\n"
            "sys.stderr.write(repr('numba' in sys.modules))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=tmp_path, env={"CAPEXLOOP_CACHE": str(tmp_path), "PATH": "",
                                            "NUMBA_CACHE_DIR": str(tmp_path / "numba"),
                                            "PYTHONPATH": ":".join(sys.path)}, check=False)
    assert out.returncode == 0, out.stderr
    assert out.stderr.strip().endswith("False"), out.stderr
    docs = [json.loads(d) for d in out.stdout.replace("}\n{", "}\n\x00{").split("\x00")]
    assert [d["lag"] for d in docs] == [2, 2, 0] and docs[1]["ic"] == "bic"


def test_monte_carlo_compiles_only_when_it_repays():
    """Windows per series = n(n+1)/2 with n = T − 1 − lag − minw + 1 end points:
    T 300, window 34: n = 266, 35,511 windows × 2,000 reps = 7.1·10⁷ ≤ 3·10⁸ → numpy;
    T 1,683, window 90: n = 1,593, 1,269,621 × 2,000 = 2.5·10⁹ → compiled kernel (lag 0);
    with lags numpy batches replications as fast as the kernel → numpy up to 2,000 rows."""
    from capexloop.bubble.critical_values import _compiled

    assert not _compiled(300, 34, 0, "exuber", 2000)
    assert _compiled(1683, 90, 0, "exuber", 2000)
    assert not _compiled(1683, 90, 2, "exuber", 2000)
    assert not _compiled(1683, 90, 0, "psymonitor", 2000)
    assert _compiled(2500, 100, 2, "exuber", 200)          # beyond 2,000 rows: the kernels


@pytest.mark.parametrize(("lag", "ic"), [(0, "fixed"), (1, "fixed"), (2, "bic")])
def test_long_series_run_in_numpy_as_the_kernels_do(lag, ic):
    """One series above the Monte Carlo batch limit (2,400 observations) runs in numpy and gives
    exactly the compiled kernels' numbers (``numpy_max_rows=0`` forces the kernels)."""
    from capexloop.bubble.psy import CLOSED_FORM_MAX_ROWS, SERIES_NUMPY_MAX_ROWS

    y = np.cumsum(np.random.default_rng(11).standard_normal(2400)) + 80.0
    assert CLOSED_FORM_MAX_ROWS < y.size - 1 - lag <= SERIES_NUMPY_MAX_ROWS
    conv = "psymonitor" if ic != "fixed" else "exuber"
    a = psy(y, lag=lag, ic=ic, convention=conv)
    b = psy(y, lag=lag, ic=ic, convention=conv, numpy_max_rows=0)
    assert np.array_equal(a.bsadf, b.bsadf) and a.gsadf == b.gsadf and a.sadf == b.sadf
    assert np.array_equal(a.lags, b.lags)



def test_a_long_series_compiles_nothing(tmp_path):
    """One bubble test on 3,000 points (lag 0 and lag 1) imports no numba: it cost ~3 s of
    compilation on first use when series above 2,000 rows went to the kernels."""
    code = ("import sys\nimport numpy as np\nfrom capexloop.bubble import psy\n"
            "y = np.cumsum(np.random.default_rng(5).standard_normal(3000)) + 80.0\n"
            "psy(y)\npsy(y, lag=1)\nsys.stderr.write(repr('numba' in sys.modules))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=tmp_path, env={"PATH": "", "NUMBA_CACHE_DIR": str(tmp_path / "nb"),
                                            "PYTHONPATH": ":".join(sys.path)}, check=False)
    assert out.returncode == 0, out.stderr
    assert out.stderr.strip().endswith("False"), out.stderr
