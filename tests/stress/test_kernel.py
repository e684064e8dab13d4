"""The yearly kernel treats scenarios independently and assesses solvency every year."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from capexloop.ledger.datasets import load_dataset
from capexloop.stress.montecarlo import _draw, default_spec
from capexloop.stress.simulation import _Draw, prepare, run_kernel, simulate_years

from .test_simulation import ledger, lucent_rates, obs


def test_a_shock_alone_can_make_equity_negative():
    """lab: cash $100B (pays its $1B due easily), book equity $1B, revenue $10B at cash margin
    0.5. A 40% revenue shortfall costs 0.5 × 10 × 0.4 = $2B of equity in 2025: 1 − 2 = −$1B,
    a solvency default in 2025 though nothing is unpaid (no liquidity default)."""
    deals = [{"id": "c", "kind": "cloud_contract", "payer": "lab", "payee": "cloud",
              "amount_usd": 1e9, "schedule": {2025: 1e9}, "binding": True}]
    led = ledger([("lab", "model_provider"), ("cloud", "cloud")], deals,
                 [obs("lab", "revenue", 10e9), obs("lab", "cash_and_securities", 100e9),
                  obs("lab", "equity", 1e9)])
    sim = simulate_years(led, shocks={"lab": 0.4}, start=2025, horizon=2026,
                         rates=lucent_rates(), assume={"lab.cash_margin": 0.5})
    r = sim.defaults.set_index("entity").loc["lab"]
    assert (r.year, r.type) == (2025, "solvency")
    assert ("equity $1B less losses $0 and cash margin lost to the revenue shortfall $2B is "
            "negative ($-1B at the end)") in r.reason
    assert sim.baseline_defaults.empty            # without the shock: equity stays $1B


@pytest.fixture(scope="module")
def ai_public():
    return prepare(load_dataset("ai-public"), scope="all", start=2025, horizon=2030,
                   rates=lucent_rates())


@settings(max_examples=8, deadline=None)
@given(st.integers(0, 2**31))
def test_each_scenario_is_independent_of_its_batch(ai_public, seed):
    """A batch of 12 scenarios gives, row by row, what each scenario gives alone (a second
    computation of the same rows): defaults, default years and losses."""
    inp = ai_public
    d = _draw(inp, default_spec(inp), 12, 0.25, np.random.default_rng(seed))
    batch = run_kernel(inp, d)
    for i in range(12):
        one = run_kernel(inp, _Draw(d.amount[i:i + 1], d.shock[i:i + 1],
                                    {k: v[i:i + 1] for k, v in d.rates.items()}))
        assert np.array_equal(one["default_year"][0], batch["default_year"][i])
        assert np.array_equal(one["default_type"][0], batch["default_type"][i])
        np.testing.assert_allclose(one["losses"][:, 0], batch["losses"][:, i], rtol=1e-12,
                                   atol=1e-3)


def test_detail_and_batch_kernels_agree(ai_public):
    """The detailed run (every contract kept, losses per year) and the Monte Carlo run (inert
    contracts left out) give the same defaults and the same losses per entity."""
    d = _draw(ai_public, default_spec(ai_public), 20, 0.25, np.random.default_rng(7))
    fast = run_kernel(ai_public, d)
    full = run_kernel(ai_public, d, detail=True)
    assert np.array_equal(fast["default_year"], full["default_year"])
    np.testing.assert_allclose(fast["losses"], full["losses"].sum(axis=3), rtol=1e-12,
                               atol=1e-3)
