"""Dask: small jobs stay on numpy (the stated threshold), and a LocalCluster reached through its
scheduler address — the same code path as ``--scheduler tcp://host:8786`` — gives results
identical to numpy for the same seed."""

from __future__ import annotations

import numpy as np
import pytest

import capexloop.stress.scenarios as sc
from capexloop.ledger import load_dataset
from capexloop.stress import ShockSpec
from capexloop.stress.montecarlo import monte_carlo
from capexloop.stress.simulation import prepare

from .test_simulation import lucent_rates


def test_small_dask_jobs_run_on_numpy(monkeypatch):
    def no_dask(*a, **k):
        raise AssertionError("a small job without a scheduler must not start a cluster")

    monkeypatch.setattr(sc, "_run_dask", no_dask)
    inp = prepare(load_dataset("ai2025"), scope="all", rates=lucent_rates())
    spec = ShockSpec({"openai": 0.3}, kappa=8, rho=0.5)
    a = monte_carlo(inp, spec, n_scenarios=1000, seed=5, chunk_size=300, backend="dask")
    b = monte_carlo(inp, spec, n_scenarios=1000, seed=5, chunk_size=300)
    np.testing.assert_array_equal(a.losses, b.losses)
    assert sc.DASK_MIN_SCENARIOS > 1000


def test_local_cluster_through_the_scheduler_address():
    distributed = pytest.importorskip("dask.distributed")
    inp = prepare(load_dataset("ai2025"), scope="all", rates=lucent_rates())
    spec = ShockSpec({"openai": 0.3}, kappa=8, rho=0.5)
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False,
                                  protocol="tcp://", host="127.0.0.1",
                                  dashboard_address=None) as cluster:
        assert cluster.scheduler_address.startswith("tcp://")
        d = monte_carlo(inp, spec, n_scenarios=900, seed=11, chunk_size=200, backend="dask",
                        scheduler=cluster.scheduler_address)
    n = monte_carlo(inp, spec, n_scenarios=900, seed=11, chunk_size=200)
    np.testing.assert_array_equal(d.losses, n.losses)
    np.testing.assert_array_equal(d.default_year, n.default_year)
    np.testing.assert_array_equal(d.shock, n.shock)


def test_packed_chunks_round_trip_exactly():
    """What workers ship (non-zero entries) rebuilds every array bit for bit: signed zeros,
    NaN, integers, booleans, small and dense arrays."""
    rng = np.random.default_rng(0)
    losses = rng.random((300, 19, 8)) * (rng.random((300, 19, 8)) < 0.1)
    losses[0, 0, 0], losses[1, 1, 1] = -0.0, np.nan
    part = {"losses": losses, "year": np.where(rng.random((300, 19)) < 0.05, 3, -1)
            .astype(np.int16), "type": (rng.random((300, 19)) < 0.05).astype(np.int8),
            "dense": rng.random((50, 40)), "flag": np.array([True]),
            "zeros": np.zeros((64, 32))}
    packed = sc._packed(lambda: part)
    assert all(isinstance(packed[k], tuple) for k in ("losses", "year", "type", "zeros"))
    assert isinstance(packed["dense"], np.ndarray)
    back = sc._unpack(packed)
    for k, v in part.items():
        assert back[k].dtype == v.dtype and back[k].shape == v.shape
        assert back[k].tobytes() == v.tobytes(), k
