"""The LU behind fictitious default (:func:`capexloop.stress.clearing.solver`): the stated rule,
and dense and sparse solves agreeing to 1e-12 on the same default sets (second method: Picard
iteration of ``p = min(p̄, max(0, e + Πᵀp))``, Eisenberg & Noe 2001)."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest
import scipy.sparse as sp

import capexloop.stress.clearing as clearing
from capexloop.stress import eisenberg_noe, rogers_veraart


def _network(n=600, degree=8, s=1, seed=0):
    rng = np.random.default_rng(seed)
    a, b = rng.integers(0, n, n * degree), rng.integers(0, n, n * degree)
    keep = a != b
    L = sp.csr_matrix((rng.lognormal(0, 1, keep.sum()), (a[keep], b[keep])), shape=(n, n))
    owed = np.asarray(L.sum(axis=1)).ravel()
    return L, owed * rng.uniform(0.2, 1.2, (s, n)) if s > 1 else owed * rng.uniform(0.2, 1.2, n)


def test_rule():
    assert clearing.solver(clearing.DENSE_MAX + 1) == "sparse"
    assert clearing.solver(10) == "sparse"              # scipy.sparse is loaded in this test
    code = ("import sys; import capexloop.stress.clearing as c; "
            "print(c.solver(c.DENSE_MAX), c.solver(c.DENSE_MAX + 1), 'scipy' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.split()
    assert out == ["dense", "sparse", "False"]


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_dense_and_sparse_lu_agree(monkeypatch, seed):
    L, ext = _network(seed=seed)
    sizes = []
    solve = clearing._Receipts.solve

    def spy(self, idx, beta, rhs):
        sizes.append(idx.size)
        return solve(self, idx, beta, rhs)

    monkeypatch.setattr(clearing._Receipts, "solve", spy)
    out = {}
    for how in ("dense", "sparse"):
        monkeypatch.setattr(clearing, "solver", lambda m, how=how: how)
        out[how] = eisenberg_noe(L, ext, method="fictitious")
    assert max(sizes) >= 50                             # a real default set, not a trivial one
    scale = out["dense"].pbar.max()
    np.testing.assert_allclose(out["sparse"].payments, out["dense"].payments, rtol=0,
                               atol=1e-12 * scale)
    np.testing.assert_array_equal(out["sparse"].defaulted, out["dense"].defaulted)
    picard = eisenberg_noe(L, ext, method="iterate", tol=1e-15 * scale)
    np.testing.assert_allclose(out["sparse"].payments, picard.payments, rtol=0,
                               atol=1e-12 * scale)


def test_dense_and_sparse_lu_agree_with_default_costs(monkeypatch):
    L, E = _network(n=300, s=5, seed=3)
    out = {}
    for how in ("dense", "sparse"):
        monkeypatch.setattr(clearing, "solver", lambda m, how=how: how)
        out[how] = rogers_veraart(L, E, alpha=0.5, beta=0.9, method="fictitious")
    assert out["dense"].defaulted.any()
    np.testing.assert_allclose(out["sparse"].payments, out["dense"].payments, rtol=0,
                               atol=1e-12 * out["dense"].pbar.max())
