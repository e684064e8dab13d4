"""``method="auto"``: the stated rule picks fictitious default or Picard iteration, and both give
the same clearing vector to 1e-12 (second method: the exact fictitious-default algorithm of
Eisenberg & Noe 2001 and Rogers & Veraart 2013)."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp

from capexloop.stress import eisenberg_noe, rogers_veraart
from capexloop.stress.clearing import AUTO_MAX_SETS, _setup, choose_method


def _network(n=60, s=300, seed=0):
    rng = np.random.default_rng(seed)
    a, b = rng.integers(0, n, n * 6), rng.integers(0, n, n * 6)
    keep = a != b
    L = sp.csr_matrix((rng.lognormal(20, 1, keep.sum()), (a[keep], b[keep])), shape=(n, n))
    owed = np.asarray(L.sum(axis=1)).ravel()
    ext = owed * rng.uniform(0.2, 1.2, n)
    shocks = ext * (1 - rng.uniform(0, 0.6, (s, n)) * (rng.random((s, n)) < 0.2))
    return L, ext, shocks


def test_rule_picks_iteration_for_many_distinct_default_sets():
    L, ext, shocks = _network()
    _, E, _, pbar, PiT = _setup(L, shocks, None)
    assert choose_method(E, pbar, PiT) == "iterate"
    _, E1, _, _, _ = _setup(L, np.tile(ext, (AUTO_MAX_SETS * 3, 1)), None)
    assert choose_method(E1, pbar, PiT) == "fictitious"      # one default set, many scenarios
    assert choose_method(E[:1], pbar, PiT) == "fictitious"


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_auto_agrees_with_fictitious_default(seed):
    L, _, shocks = _network(seed=seed)
    exact = eisenberg_noe(L, shocks, method="fictitious")
    auto = eisenberg_noe(L, shocks)
    scale = exact.pbar.max()
    assert auto.converged and exact.defaulted.any()
    np.testing.assert_allclose(auto.payments, exact.payments, rtol=0, atol=1e-12 * scale)
    np.testing.assert_array_equal(auto.defaulted, exact.defaulted)


def test_auto_rogers_veraart_agrees_with_fictitious_default():
    L, _, shocks = _network(seed=4)
    exact = rogers_veraart(L, shocks, alpha=0.6, beta=0.8, method="fictitious")
    auto = rogers_veraart(L, shocks, alpha=0.6, beta=0.8)
    np.testing.assert_allclose(auto.payments, exact.payments, rtol=0,
                               atol=1e-12 * exact.pbar.max())
