"""The large-ledger paths of the circularity measures agree with the exact small-ledger ones.

References: the dense Sherman–Morrison round trip and the dense Leontief inverse for Finn's index
(second methods in this package), per-vendor max-flow, full cycle enumeration, and plain loops
for concentration and coverage written out here.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import capexloop.network.finn as finn_mod
import capexloop.network.roundtrip as rt_mod
from capexloop.ledger import Layer, load_dataset
from capexloop.ledger.synthetic import LAYER_SHARES, synthetic_ledger
from capexloop.network import circularity, commitment_coverage, concentration, money_cycles
from capexloop.network.cycles import simple_cycles_array
from capexloop.network.graph import flow_matrices


@pytest.fixture(scope="module")
def fm():
    return flow_matrices(synthetic_ledger(400, 4000, seed=7))


def test_synthetic_ledger_shape():
    led = synthetic_ledger(1000, 5000, seed=1)
    layers = pd.Series([e.layer.value for e in led.entities]).value_counts(normalize=True)
    for layer, share in LAYER_SHARES.items():
        assert layers[layer] == pytest.approx(share, abs=0.01)
    assert abs(len(led.deals) - 5000) <= 10
    assert any(o.metric == "revenue" for o in led.observations)


def test_sparse_propagation_equals_dense_sherman_morrison(fm, monkeypatch):
    F, G = fm.financing.tocsr(), fm.goods.tocsr()
    monkeypatch.setattr(rt_mod, "DENSE_MAX", 10**6)
    dense, d0 = rt_mod._proportional(F, G)
    monkeypatch.setattr(rt_mod, "DENSE_MAX", 0)
    sparse, d1 = rt_mod._proportional(F, G, max_vendors=10**6)
    assert dense.sum() > 0
    np.testing.assert_allclose(sparse, dense, rtol=1e-10, atol=1e-3)
    np.testing.assert_array_equal(d0, d1)


def test_proportional_cap_keeps_largest_vendors_exact(fm, monkeypatch):
    F, G = fm.financing.tocsr(), fm.goods.tocsr()
    monkeypatch.setattr(rt_mod, "DENSE_MAX", 0)
    full, _ = rt_mod._proportional(F, G, max_vendors=10**6)
    capped, _ = rt_mod._proportional(F, G, max_vendors=5)
    ok = ~np.isnan(capped)
    assert np.isnan(capped).sum() > 0
    np.testing.assert_allclose(capped[ok], full[ok], rtol=1e-10, atol=1e-3)


def test_finn_sparse_equals_dense_inverse(fm, monkeypatch):
    monkeypatch.setattr(finn_mod, "DENSE_MAX", 10**6)
    dense = finn_mod.finn_cycling_index(fm)
    monkeypatch.setattr(finn_mod, "DENSE_MAX", 0)
    sparse = finn_mod.finn_cycling_index(fm, max_nodes=10**6)
    np.testing.assert_allclose(sparse.node_cycling, dense.node_cycling, atol=1e-10)
    assert sparse.fci == pytest.approx(dense.fci, rel=1e-9) and sparse.fci_high == sparse.fci
    capped = finn_mod.finn_cycling_index(fm, max_nodes=10)
    assert capped.capped > 0
    assert capped.fci <= dense.fci + 1e-12 <= capped.fci_high + 2e-12


def test_earmarked_cap_is_an_upper_bound(fm):
    F, G = fm.financing.tocsr(), fm.goods.tocsr()
    exact, _, ex = rt_mod._earmarked(F, G, max_vendors=10**6)
    capped, _, cex = rt_mod._earmarked(F, G, max_vendors=3)
    assert ex.all() and (~cex).sum() > 0
    np.testing.assert_array_equal(capped[cex], exact[cex])
    assert np.all(capped[~cex] >= exact[~cex] - 1e-6)


def test_cycle_cap_lists_exactly_the_cycles_above_the_floor(fm):
    full = money_cycles(fm, 4, max_paths=10**8, keep=10**7)
    capped = money_cycles(fm, 4, max_paths=20_000, keep=10**7)
    assert full.complete and not capped.complete
    above = [(c, b) for c, b in full if b >= capped.min_bottleneck]
    assert list(capped) == above
    assert len(capped) < len(full)
    kept = money_cycles(fm, 4, max_paths=10**8, keep=25)
    assert len(kept.cycles) == 25 and len(kept) == len(full)
    assert list(kept) == list(full)[:25]
    arrays = simple_cycles_array(fm.structure(), 4)   # every deal an edge, known or not
    assert len(full) == sum(len(b) for _, b in arrays)


def _concentration_loop(fm):
    G = fm.goods.toarray()
    rows = []
    for j in np.flatnonzero(G.sum(axis=0) > 0):
        s = np.sort(G[:, j][G[:, j] > 0])[::-1] / G[:, j].sum()
        rows.append({"vendor": fm.ids[j], "hhi": (s**2).sum(), "top2": s[:2].sum(),
                     "customers": s.size})
    return pd.DataFrame(rows).set_index("vendor").sort_index()


def test_concentration_vectorised_equals_loop(fm):
    got = concentration(fm).set_index("vendor").sort_index()
    ref = _concentration_loop(fm)
    np.testing.assert_allclose(got["hhi"], ref["hhi"], rtol=1e-12)
    np.testing.assert_allclose(got["top2"], ref["top2"], rtol=1e-12)
    np.testing.assert_array_equal(got["customers"], ref["customers"])


def test_coverage_one_pass_equals_per_lab_lookups():
    led = load_dataset("ai2025")
    cov = commitment_coverage(led).set_index("lab")
    fm = flow_matrices(led)
    for e in led.entities:
        if e.layer != Layer.model_provider:
            continue
        rev = led.series(e.id, "revenue")
        assert cov.loc[e.id, "commitments_ledger"] == pytest.approx(
            fm.goods[fm.index[e.id]].sum())
        if rev:
            assert cov.loc[e.id, "revenue"] == rev[-1].value.mid


def test_circularity_uses_one_window_for_every_measure():
    led = load_dataset("ai2025")
    res = circularity(led, start="2025-10-01", end="2025-12-31")
    whole = circularity(led)
    fm = flow_matrices(led, start="2025-10-01", end="2025-12-31")
    assert res.coverage["commitments_ledger"].sum() == pytest.approx(fm.goods.sum())
    assert res.concentration["revenue"].sum() == pytest.approx(fm.goods.sum())
    assert res.coverage["commitments_ledger"].sum() <= whole.coverage["commitments_ledger"].sum()


def test_path_budget_is_checked_against_every_steps_extensions():
    """``simple_cycles_array`` raises ``TooManyPaths`` exactly when a step would extend more
    than ``max_paths`` open paths (reference: the open paths enumerated by a plain depth-first
    loop — simple, every later node above the start — each extended by its last node's
    out-degree), and names the first such count."""
    import scipy.sparse as sp

    from capexloop.network.cycles import TooManyPaths

    rng = np.random.default_rng(3)
    n, max_len = 14, 5
    A = (rng.random((n, n)) < 0.35) & ~np.eye(n, dtype=bool)
    W = sp.csr_matrix(A * rng.uniform(1, 2, (n, n)))
    out = [np.flatnonzero(A[u]) for u in range(n)]
    steps = []                            # extensions at steps 2..max_len
    level = [(u, v) for u in range(n) for v in out[u] if v > u]
    for _ in range(2, max_len + 1):
        steps.append(sum(len(out[p[-1]]) for p in level))
        level = [(*p, v) for p in level for v in out[p[-1]] if v > p[0] and v not in p]
    worst = max(steps)
    assert len(simple_cycles_array(W, max_len, max_paths=worst)) == len(
        simple_cycles_array(W, max_len))
    for budget in (worst - 1, steps[0], steps[1] - 1):
        first = next((s for s in steps if s > budget), None)
        if first is None:
            continue
        with pytest.raises(TooManyPaths) as err:
            simple_cycles_array(W, max_len, max_paths=budget)
        assert err.value.args[0] == first
