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
