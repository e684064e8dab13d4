"""Stress-engine speed: Eisenberg–Noe vs neva, batched scenarios, Monte Carlo, dask scaling.

Run: PYTHONPATH=/path/to/neva python benchmarks/stress_bench.py
(neva, github marcobardoscia/neva, is not on PyPI; without it only our timings are printed.)
"""

from __future__ import annotations

import argparse

import numpy as np
import scipy.sparse as sp
from _util import report, timed

from capexloop.ledger import load_dataset
from capexloop.stress import ShockSpec, eisenberg_noe
from capexloop.stress.montecarlo import monte_carlo
from capexloop.stress.simulation import prepare

try:
    import neva
    from neva import ibeval
except ImportError:  # pragma: no cover - benchmark only
    neva = None


def edge_list(n: int, degree: float, seed: int):
    rng = np.random.default_rng(seed)
    m = int(n * degree)
    a, b = rng.integers(0, n, m), rng.integers(0, n, m)
    keep = a != b
    a, b = a[keep], b[keep]
    w = rng.lognormal(0, 1, a.size)
    owed = np.bincount(a, weights=w, minlength=n)
    ext = owed * rng.uniform(0.2, 1.2, n)
    return a, b, w, ext


def ours_end_to_end(n, a, b, w, ext):
    L = sp.csr_matrix((w, (a, b)), shape=(n, n))
    return eisenberg_noe(L, ext).payments[0]


def neva_end_to_end(n, a, b, w, ext):
    owed = np.bincount(a, weights=w, minlength=n)
    banks = [neva.Bank(extasset=float(ext[i]), ibliabtot=float(owed[i])) for i in range(n)]
    claims = [[] for _ in range(n)]
    for i, j, x in zip(a.tolist(), b.tolist(), w.tolist(), strict=True):
        claims[j].append((banks[i], x))
    for j in range(n):
        banks[j].set_ibasset(claims[j])
        banks[j].ibeval = (lambda e, bk=banks[j]: ibeval.eisenberg_noe(e, bk.ibliabtot))
    bs = neva.BankingSystem(banks, tol=1e-13, maxiter=100_000)
    bs.fixedpoint_equity()
    eq = np.array(bs.get_equity())
    return np.minimum(owed, np.maximum(eq + owed, 0.0))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--neva-sample", type=int, default=5,
                    help="neva runs timed for the batched comparison (time scaled to 1,000)")
    args = ap.parse_args()
    n = 3000
    a, b, w, ext = edge_list(n, 10, 0)
    t_ours, p_ours = timed(lambda: ours_end_to_end(n, a, b, w, ext), repeat=3)
    if neva is not None:
        t_neva, p_neva = timed(lambda: neva_end_to_end(n, a, b, w, ext))
        diff = float(np.max(np.abs(p_ours - p_neva)))
        report(f"Eisenberg-Noe n={n}, degree 10, edge list to clearing vector (max |dp| {diff:.1e})",
               t_ours, "neva", t_neva)
    else:
        print(f"Eisenberg-Noe n={n}: ours {t_ours:.3f} s (neva not importable)")

    n2 = 1000
    a, b, w, ext = edge_list(n2, 10, 1)
    L = sp.csr_matrix((w, (a, b)), shape=(n2, n2))
    rng = np.random.default_rng(2)
    shocks = ext[None, :] * (1 - rng.uniform(0, 0.5, (1000, n2)) * (rng.random((1000, n2)) < 0.1))
    t_batch, res = timed(lambda: eisenberg_noe(L, shocks))
    if neva is not None:
        k = args.neva_sample
        t_k, _ = timed(lambda: [neva_end_to_end(n2, a, b, w, shocks[i]) for i in range(k)])
        check = neva_end_to_end(n2, a, b, w, shocks[0])
        diff = float(np.max(np.abs(check - res.payments[0])))
        report(f"1,000 shock scenarios n={n2}, one batched call (max |dp| {diff:.1e})", t_batch,
               f"neva loop (timed on {k} scenarios, scaled to 1,000)", t_k * 1000 / k)
    else:
        print(f"1,000 scenarios n={n2}: ours {t_batch:.3f} s")

    inp = prepare(load_dataset("ai2025"), scope="all")
    spec = ShockSpec({"openai": 0.3}, kappa=8, rho=0.5)
    t_mc, _ = timed(lambda: monte_carlo(inp, spec, n_scenarios=10_000, seed=0), repeat=3)
    print(f"Monte Carlo 10,000 draws of the 2025–2030 stress on ai2025, numpy backend: "
          f"{t_mc:.3f} s")
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError:
        print("dask not installed: skipping the scaling run")
        return
    times = {}
    for workers in (1, 2):
        with LocalCluster(n_workers=workers, threads_per_worker=1, host="127.0.0.1",
                          dashboard_address=None) as cluster, Client(cluster):
            addr = cluster.scheduler_address
            monte_carlo(inp, spec, n_scenarios=2_000, seed=0, backend="dask", scheduler=addr)
            times[workers], _ = timed(lambda addr=addr: monte_carlo(
                inp, spec, n_scenarios=200_000, seed=0, chunk_size=20_000, backend="dask",
                scheduler=addr))
    print(f"dask 200,000 draws: 1 worker {times[1]:.2f} s, 2 workers {times[2]:.2f} s, "
          f"speed-up {times[1] / times[2]:.2f}x")


if __name__ == "__main__":
    main()
