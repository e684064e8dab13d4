"""Monte Carlo over shocks and parameters: reproducible, dask-identical, vendors can default."""

import numpy as np
import pytest

from capexloop.ledger.datasets import load_dataset
from capexloop.stress.montecarlo import default_spec, monte_carlo
from capexloop.stress.scenarios import ShockSpec
from capexloop.stress.simulation import prepare

from .test_simulation import lab_vendor, lucent_rates


def test_reproducible_and_dask_identical():
    inp = prepare(load_dataset("ai2025"), scope="all", rates=lucent_rates())
    a = monte_carlo(inp, n_scenarios=600, seed=3, chunk_size=250)
    b = monte_carlo(inp, n_scenarios=600, seed=3, chunk_size=250)
    assert np.isfinite(a.losses).all()
    assert np.array_equal(a.losses, b.losses) and np.array_equal(a.default_year, b.default_year)
    distributed = pytest.importorskip("dask.distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  host="127.0.0.1", dashboard_address=None) as cluster:
        d = monte_carlo(inp, n_scenarios=600, seed=3, chunk_size=250, backend="dask",
                        scheduler=cluster.scheduler_address)
    assert np.array_equal(a.losses, d.losses) and np.array_equal(a.shock, d.shock)
    assert np.array_equal(a.default_type, d.default_type)


def test_thin_vendor_defaults_in_some_draws():
    """The vendor of the hand-worked case defaults in every draw where the lab's cash cannot
    carry the order (it cannot here); the probability is printed beside the lab's."""
    inp = prepare(lab_vendor(1e9, 100e9), start=2025, horizon=2027, rates=lucent_rates())
    mc = monte_carlo(inp, ShockSpec({"lab": 0.3}), n_scenarios=500, seed=1)
    p = mc.default_probability()
    assert p["vendor"] == 1.0
    assert "vendor" in mc.summary() and mc.to_dict()["system"]["p_any_default"] == 1.0


def test_draws_cover_ranges_and_rates():
    """Amounts stay inside low..high; GW-derived amounts move with the vendor's $/GW draw."""
    inp = prepare(load_dataset("ai2025"), scope="all", rates=lucent_rates())
    from capexloop.stress.montecarlo import _draw

    d = _draw(inp, default_spec(inp), 2000, 0.25, np.random.default_rng(0))
    fixed = np.isnan(inp.gw)
    assert (d.amount[:, fixed] >= inp.low[fixed] - 1e-6).all()
    assert (d.amount[:, fixed] <= inp.high[fixed] + 1e-6).all()
    gw = ~fixed
    ratio = d.amount[:, gw] / (inp.gw[gw] * inp.usd_per_gw)
    assert ratio.min() >= 0.75 - 1e-12 and ratio.max() <= 1.25 + 1e-12
    lo, hi = inp.rates.range("loan")
    assert lo <= d.rates["loan"].min() and d.rates["loan"].max() <= hi


def test_shortfall_marginals_are_the_stated_beta_copula():
    """Second method: the copula's uniforms mapped through scipy.stats.beta.ppf give the same
    shortfalls (to 1e-12), and each lab's marginal passes a Kolmogorov–Smirnov test against
    Beta(mean·kappa, (1−mean)·kappa) (module docstring of stress.scenarios)."""
    from scipy import special, stats

    from capexloop.stress.scenarios import draw_shortfalls

    spec = ShockSpec({"a": 0.3, "b": 0.05, "c": 0.0}, kappa=8.0, rho=0.4)
    cols = np.array([0, 2, 3])
    X = draw_shortfalls(spec, cols, 5, 20_000, np.random.default_rng(7))
    rng = np.random.default_rng(7)
    z = (np.sqrt(0.4) * rng.standard_normal((20_000, 1))
         + np.sqrt(0.6) * rng.standard_normal((20_000, 3)))
    u = special.ndtr(z)
    for j, (col, m) in enumerate(zip(cols, (0.3, 0.05, 0.0), strict=True)):
        if m == 0:
            assert np.all(X[:, col] == 0)
            continue
        ref = stats.beta.ppf(u[:, j], m * 8.0, (1 - m) * 8.0)
        np.testing.assert_allclose(X[:, col], ref, rtol=1e-12, atol=1e-15)
        assert stats.kstest(X[:, col], stats.beta(m * 8.0, (1 - m) * 8.0).cdf).pvalue > 1e-3
    assert np.all(X[:, [1, 4]] == 0)
