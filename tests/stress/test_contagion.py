"""Furfine and DebtRank on hand-computed chains, and their invariants."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from capexloop.stress import debtrank, furfine, linear_debtrank

CHAIN = [[0, 7, 0], [0, 0, 8], [0, 0, 0]]   # 0 owes 1 seven, 1 owes 2 eight
EQ = [4, 6, 10]


def test_furfine_chain():
    """Bank 0 is wiped out (shock 4 = equity); bank 1 loses 7 ≥ 6 and fails in round 1;
    bank 2 loses 8 < 10 (h = 0.8) and survives. With LGD 0.5 bank 1 loses 3.5 < 6."""
    r = furfine(CHAIN, EQ, [4, 0, 0])
    assert r.default_round[0].tolist() == [0, 1, -1]
    np.testing.assert_allclose(r.h[0], [1, 1, 0.8])
    r = furfine(CHAIN, EQ, [4, 0, 0], lgd=0.5)
    assert r.default_round[0].tolist() == [0, -1, -1]
    np.testing.assert_allclose(r.h[0], [1, 3.5 / 6, 0])


def test_debtrank_chain():
    """Shock 2 on bank 0 (E=4): h0 = 0.5; bank 1: 0.5 × 7/6; bank 2: that × 8/10."""
    for fn in (debtrank, linear_debtrank):
        np.testing.assert_allclose(fn(CHAIN, EQ, [2, 0, 0]).h[0],
                                   [0.5, 0.5 * 7 / 6, 0.5 * 7 / 6 * 0.8])


def test_debtrank_original_propagates_once_on_a_cycle():
    """Two banks lending 5 to each other, equity 10: a shock h0 = 0.5 on bank 0 reaches bank 1
    as 0.25; bank 1's echo (0.125) reaches bank 0 once, but bank 0 is inactive by then and
    passes nothing on, while linear DebtRank sums the geometric series 0.5/(1 − 0.25)."""
    L = [[0, 5], [5, 0]]
    np.testing.assert_allclose(debtrank(L, [10, 10], [5, 0]).h[0], [0.5 + 0.125, 0.25])
    np.testing.assert_allclose(linear_debtrank(L, [10, 10], [5, 0]).h[0],
                               [0.5 / 0.75, 0.25 / 0.75])


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 10**6), st.integers(2, 12))
def test_invariants(seed, n):
    rng = np.random.default_rng(seed)
    L = (rng.random((n, n)) < 0.4) * rng.lognormal(0, 1, (n, n))
    np.fill_diagonal(L, 0)
    eq = rng.uniform(0.5, 5, n)
    shock = eq * rng.uniform(0, 1, n) * (rng.random(n) < 0.3)
    lin, orig, fur = linear_debtrank(L, eq, shock), debtrank(L, eq, shock), furfine(L, eq, shock)
    for r in (lin, orig, fur):
        assert np.all((r.h >= r.h0 - 1e-12) & (r.h <= 1 + 1e-12))
    assert np.all(orig.h <= lin.h + 1e-9)        # propagating once never exceeds every round
    assert set(np.flatnonzero(fur.defaulted[0])) <= set(np.flatnonzero(lin.h[0] >= 1 - 1e-9))
    # no shock, no losses
    assert linear_debtrank(L, eq, np.zeros(n)).h.sum() == 0
    assert not furfine(L, eq, np.zeros(n)).defaulted.any()


def test_debtrank_value():
    r = linear_debtrank(CHAIN, EQ, [2, 0, 0])
    assert r.debtrank()[0] == pytest.approx((0.5 * 7 / 6 + 0.5 * 7 / 6 * 0.8) / 3)
