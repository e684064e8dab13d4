"""Clearing models: published examples, neva's recorded outputs, and properties."""

import json
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from capexloop.errors import CapexloopError, ConvergenceWarning
from capexloop.stress import eisenberg_noe, linear_debtrank, rogers_veraart

DATA = json.loads((Path(__file__).parents[1] / "data" / "neva_reference.json").read_text())
EN_L = [[0, 20, 10], [5, 0, 24], [10, 0, 0]]


def test_en_networkvaluation_example():
    """NetworkValuation (Siebenbrunner), Eisenberg & Noe example: e = [10, 10, 10],
    L = [[0,20,10],[5,0,24],[10,0,0]] → p = [1890/77, 2030/77, 10], equity [−5.4545, −2.6364, 30]."""
    for method in ("fictitious", "iterate"):
        r = eisenberg_noe(EN_L, [10, 10, 10], method=method)
        np.testing.assert_allclose(r.payments[0], [1890 / 77, 2030 / 77, 10], rtol=0, atol=1e-9)
        np.testing.assert_allclose(r.equity[0], [1890 / 77 - 30 + 0 - 0 + 0 * 1,
                                                 2030 / 77 - 29, 30], atol=1e-9)
        assert r.converged


def test_rv_networkvaluation_example():
    """NetworkValuation, Rogers & Veraart example (Example.mlx): e = [10, 5, 5],
    L = [[0,30,0],[5,0,20],[10,0,0]]; α=β=1 → equity [−5, 5, 15] (one default);
    α=0.4, β=1 → p = [18, 20, 10], equity [−6, −2, 11] (contagion to bank 2)."""
    L, e = [[0, 30, 0], [5, 0, 20], [10, 0, 0]], [10, 5, 5]
    np.testing.assert_allclose(rogers_veraart(L, e).equity[0], [-5, 5, 15], atol=1e-9)
    for method in ("fictitious", "iterate"):
        r = rogers_veraart(L, e, alpha=0.4, beta=1, method=method)
        np.testing.assert_allclose(r.payments[0], [18, 20, 10], atol=1e-9)
        np.testing.assert_allclose(r.equity[0], [-6, -2, 11], atol=1e-9)


@pytest.mark.parametrize("case", DATA["cases"], ids=lambda c: f"n{len(c['L'])}")
def test_en_equals_neva(case):
    """Eisenberg–Noe with external liabilities against neva's recorded fixed point."""
    L = np.array(case["L"])
    e = np.array(case["ext_asset"]) - np.array(case["shock"])
    r = eisenberg_noe(L, e, external_liabilities=case["ext_liab"])
    np.testing.assert_allclose(r.equity[0], case["neva_en_equity"], rtol=0, atol=1e-9)


@pytest.mark.parametrize("case", DATA["cases"], ids=lambda c: f"n{len(c['L'])}")
def test_linear_debtrank_equals_neva(case):
    """Linear DebtRank h against neva's lin_dr equities: h = clip(1 − E/E⁰, 0, 1)."""
    e0 = np.array(case["neva_lindr_equity0"])
    h = linear_debtrank(case["L"], e0, case["shock"]).h[0]
    expected = np.clip(1 - np.array(case["neva_lindr_equity"]) / e0, 0, 1)
    np.testing.assert_allclose(h, expected, atol=1e-9)


def _net(seed, n, p):
    rng = np.random.default_rng(seed)
    L = (rng.random((n, n)) < p) * rng.lognormal(0, 1, (n, n))
    np.fill_diagonal(L, 0)
    e = rng.uniform(0, 3, n)
    return L, e


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 10**6), st.integers(1, 15), st.floats(0.1, 0.9))
def test_en_properties(seed, n, p):
    L, e = _net(seed, n, p)
    pbar = L.sum(axis=1)
    r = eisenberg_noe(L, e)
    P = r.payments[0]
    assert np.all(P >= -1e-12) and np.all(pbar + 1e-12 >= P)             # 0 ≤ p ≤ p̄
    # conservation: total paid out = total received + what external assets covered
    assert P.sum() <= (e + 0).sum() + (P @ np.divide(L, pbar[:, None], out=np.zeros_like(L),
                                                     where=pbar[:, None] > 0)).sum() + 1e-9
    # the two algorithms agree to 1e-9
    it = eisenberg_noe(L, e, method="iterate")
    np.testing.assert_allclose(it.payments[0], P, atol=1e-9)
    # monotone in assets; no default when everyone is solvent up front
    r2 = eisenberg_noe(L, e + 1.0)
    assert np.all(r2.payments[0] >= P - 1e-9)
    rich = eisenberg_noe(L, e + pbar)
    np.testing.assert_allclose(rich.payments[0], pbar)
    assert not rich.defaulted.any()
    # RV with α = β = 1 is EN
    np.testing.assert_allclose(rogers_veraart(L, e, alpha=1, beta=1).payments[0], P, atol=1e-9)
    # RV with default costs never pays more than EN
    assert np.all(rogers_veraart(L, e, alpha=0.5, beta=0.7).payments[0] <= P + 1e-9)


def test_en_equity_identity_and_value_conservation():
    """Σ equity of solvent + Σ (p − p̄) of defaulted = Σ e − 0 at the clearing point:
    Σ_i (e_i + (Πᵀp)_i − p̄_i) = Σ e − Σ (p̄ − p)."""
    L, e = _net(7, 12, 0.4)
    r = eisenberg_noe(L, e)
    assert r.equity.sum() == pytest.approx(e.sum() - r.shortfall.sum(), abs=1e-9)


def test_batched_equals_one_by_one():
    L, _ = _net(3, 10, 0.4)
    E = np.random.default_rng(1).uniform(0, 3, (25, 10))
    batch = eisenberg_noe(L, E)
    for k in range(25):
        np.testing.assert_allclose(batch.payments[k], eisenberg_noe(L, E[k]).payments[0])


@pytest.mark.parametrize(("kw", "msg"), [
    ({"liabilities": [[0, 1, 2], [1, 0, 1]]}, "square"),
    ({"liabilities": [[0, -1], [1, 0]]}, "non-negative"),
    ({"liabilities": [[0, np.nan], [1, 0]]}, "NaN"),
    ({"external_assets": [1, 2, 3]}, "shape"),
    ({"external_assets": [1, np.nan]}, "NaN"),
])
def test_bad_input(kw, msg):
    args = {"liabilities": [[0, 1], [1, 0]], "external_assets": [1, 1]} | kw
    with pytest.raises(CapexloopError, match=msg):
        eisenberg_noe(args["liabilities"], args["external_assets"])


def test_alpha_beta_range_and_nonconvergence():
    with pytest.raises(CapexloopError, match="alpha"):
        rogers_veraart(EN_L, [10, 10, 10], alpha=1.5)
    with pytest.warns(ConvergenceWarning, match="residual"):
        r = eisenberg_noe(EN_L, [10, 10, 10], method="iterate", max_iter=3)
    assert not r.converged and r.residual > 0
