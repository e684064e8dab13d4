"""Stress-engine speed: Eisenberg–Noe vs neva, batched scenarios, Monte Carlo, dask scaling.

Run: PYTHONPATH=/path/to/neva python benchmarks/stress_bench.py
(neva, github marcobardoscia/neva, is not on PyPI; without it only our timings are printed.)
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import scipy.sparse as sp
from _util import capexloop, interleaved, record, run_process, timed

from capexloop.ledger import load_dataset
from capexloop.stress import ShockSpec, default_loss_rates, eisenberg_noe, monte_carlo, prepare
from capexloop.stress.clearing import _setup
from capexloop.stress.clearing import choose_method as _choose
from capexloop.stress.clearing import solver as _solver
from capexloop.stress.scenarios import worker_environment

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
    """neva as a one-off user runs it: build the system, then solve it."""
    bs, owed = neva_system(n, a, b, w, ext)
    bs.fixedpoint_equity()
    eq = np.array(bs.get_equity())
    return np.minimum(owed, np.maximum(eq + owed, 0.0))


NEVA_SCRIPT = """
import csv, json, sys
import numpy as np
import neva
from neva import ibeval
rows = list(csv.reader(open(sys.argv[1])))[1:]
ext = {r[0]: float(r[1]) for r in list(csv.reader(open(sys.argv[2])))[1:]}
ids = sorted(ext)
owed = dict.fromkeys(ids, 0.0)
for a, b, x in rows:
    owed[a] += float(x)
banks = {i: neva.Bank(extasset=ext[i], ibliabtot=owed[i]) for i in ids}
claims = {i: [] for i in ids}
for a, b, x in rows:
    claims[b].append((banks[a], float(x)))
for i in ids:
    banks[i].set_ibasset(claims[i])
    banks[i].ibeval = (lambda e, bk=banks[i]: ibeval.eisenberg_noe(e, bk.ibliabtot))
bs = neva.BankingSystem([banks[i] for i in ids], tol=1e-13, maxiter=100000)
bs.fixedpoint_equity()
eq = bs.get_equity()
print(json.dumps({i: min(owed[i], max(e + owed[i], 0.0)) for i, e in zip(ids, eq)}))
"""


def neva_system(n, a, b, w, ext):
    """A neva BankingSystem built once (as a user running many scenarios would)."""
    owed = np.bincount(a, weights=w, minlength=n)
    banks = [neva.Bank(extasset=float(ext[i]), ibliabtot=float(owed[i])) for i in range(n)]
    claims = [[] for _ in range(n)]
    for i, j, x in zip(a.tolist(), b.tolist(), w.tolist(), strict=True):
        claims[j].append((banks[i], x))
    for j in range(n):
        banks[j].set_ibasset(claims[j])
        banks[j].ibeval = (lambda e, bk=banks[j]: ibeval.eisenberg_noe(e, bk.ibliabtot))
    return neva.BankingSystem(banks, tol=1e-13, maxiter=100_000), owed


def neva_scenarios(bs, owed, shocks) -> np.ndarray:
    """The fair neva loop: reset external assets and equity, solve, for each scenario."""
    out = []
    for e in shocks:
        for bk, x in zip(bs.banks, e.tolist(), strict=True):
            bk.extasset = x
        bs.set_equity(bs.get_naiveequity())
        bs.fixedpoint_equity()
        eq = np.array(bs.get_equity())
        out.append(np.minimum(owed, np.maximum(eq + owed, 0.0)))
    return np.array(out)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--neva-sample", type=int, default=10,
                    help="scenarios per round of the neva loop (time scaled to 1,000)")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--dask-scenarios", type=int, default=1_000_000)
    ap.add_argument("--parts", nargs="*", default=["en", "batch", "mc", "dask"],
                    help="en (n=3000 in-process and clear from CSV), batch, mc, dask")
    args = ap.parse_args()
    if "en" in args.parts:
        clearing_n3000(args)
    if "batch" in args.parts:
        batched(args)
    if "mc" in args.parts or "dask" in args.parts:
        monte_carlo_and_dask(args)


def clearing_n3000(args) -> None:
    n = 3000
    a, b, w, ext = edge_list(n, 10, 0)
    fresh = "scipy.sparse.linalg" not in sys.modules
    t0 = time.perf_counter()
    ours_end_to_end(n, a, b, w, ext)          # the first call also loads the LU it chose
    first = time.perf_counter() - t0
    lu = (f"LU chosen by the stated rule: {_solver(n // 2)} (scipy.sparse loaded by the caller); "
          f"first call in a process {first:.3f} s" + (" (imports scipy's sparse LU)" if fresh
                                                      else ""))
    fns = {"ours": lambda: ours_end_to_end(n, a, b, w, ext)}
    if neva is not None:
        fns["neva"] = lambda: neva_end_to_end(n, a, b, w, ext)
    t, out = interleaved(fns, rounds=args.rounds)
    if neva is not None:
        diff = float(np.max(np.abs(out["ours"] - out["neva"])))
        record(f"Eisenberg-Noe n={n}, degree 10, arrays to clearing vector (max |dp| {diff:.1e})",
               t["ours"], "neva (build + solve)", t["neva"], note=lu)
    else:
        record(f"Eisenberg-Noe n={n}", t["ours"], note=f"neva not importable; {lu}")
    with tempfile.TemporaryDirectory() as tmp:
        edges, assets, script = Path(tmp) / "L.csv", Path(tmp) / "A.csv", Path(tmp) / "nv.py"
        edges.write_text("debtor,creditor,amount\n" + "".join(
            f"b{i},b{j},{x!r}\n" for i, j, x in zip(a.tolist(), b.tolist(), w.tolist(),
                                                  strict=True)))
        assets.write_text("id,value\n" + "".join(f"b{i},{float(x)!r}\n"
                                                  for i, x in enumerate(ext)))
        script.write_text(NEVA_SCRIPT)
        cpu: dict[str, list[float]] = {"ours": [], "neva": []}
        procs = {"ours": lambda: run_process(capexloop(
            "clear", "--model", "en", "--liabilities", str(edges), "--assets", str(assets),
            "--json"), cpu=cpu["ours"])[0]}
        if neva is not None:
            procs["neva"] = lambda: run_process([sys.executable, str(script), str(edges),
                                                 str(assets)], cpu=cpu["neva"])[0]
        t, _ = interleaved(procs, rounds=args.rounds)
        note = (f"CPU median ours {np.median(cpu['ours']):.3f} s"
                + (f", neva {np.median(cpu['neva']):.3f} s" if cpu["neva"] else "")
                + f"; load average {os.getloadavg()[0]:.1f}")
        record(f"capexloop clear --model en, n={n} from CSV", t["ours"],
               "neva script (csv in, json out)" if neva is not None else "", t.get("neva", ()),
               kind="whole process", note=note)


def batched(args) -> None:
    n2 = 1000
    a, b, w, ext = edge_list(n2, 10, 1)
    L = sp.csr_matrix((w, (a, b)), shape=(n2, n2))
    rng = np.random.default_rng(2)
    shocks = ext[None, :] * (1 - rng.uniform(0, 0.5, (1000, n2)) * (rng.random((1000, n2)) < 0.1))
    fns = {"auto": lambda: eisenberg_noe(L, shocks),
           "fictitious": lambda: eisenberg_noe(L, shocks, method="fictitious")}
    if neva is not None:
        t0 = time.perf_counter()
        bs, owed = neva_system(n2, a, b, w, ext)
        build = time.perf_counter() - t0
        k = args.neva_sample
        fns["neva"] = lambda: neva_scenarios(bs, owed, shocks[:k])
    t, out = interleaved(fns, rounds=args.rounds)
    note = f"method auto chose {choose_method(shocks, L)}"
    if neva is not None:
        diff = float(np.max(np.abs(out["neva"] - out["auto"].payments[:k])))
        scaled = [x * 1000 / k + build for x in t["neva"]]
        record(f"1,000 shock scenarios n={n2}, one batched call (max |dp| vs neva {diff:.1e})",
               t["auto"], f"neva loop, system built once ({build:.2f} s, included), timed on "
               f"{k} scenarios per round and scaled", scaled, note=note)
        record(f"1,000 shock scenarios n={n2}, fictitious default forced", t["fictitious"],
               "same neva loop", scaled)
    else:
        record(f"1,000 scenarios n={n2}", t["auto"], note=note)


def monte_carlo_and_dask(args) -> None:
    inp = prepare(load_dataset("ai2025"), scope="all",
                  rates=default_loss_rates(reference=load_dataset("telecom2000")))
    spec = ShockSpec({"openai": 0.3}, kappa=8, rho=0.5)

    def simulate(_net, spec, **kw):
        return monte_carlo(inp, spec, **kw)

    net = None
    if "mc" in args.parts:
        t_mc, _ = timed(lambda: simulate(net, spec, n_scenarios=10_000, seed=0), repeat=3)
        record("Monte Carlo 10,000 draws of the 2025-2030 stress on ai2025, numpy backend",
               [t_mc])
    if "dask" not in args.parts:
        return
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError:
        print("dask not installed: skipping the scaling run")
        return
    t0 = time.perf_counter()
    simulate(net, spec, n_scenarios=10_000, seed=0, backend="dask")
    record("dask backend, 10,000 scenarios, no scheduler (runs on numpy: below threshold)",
           [time.perf_counter() - t0])
    times, m = {}, args.dask_scenarios
    for workers in (1, 2):
        t0 = time.perf_counter()
        with worker_environment(), LocalCluster(
                n_workers=workers, threads_per_worker=1, host="127.0.0.1",
                dashboard_address=None) as cluster, Client(cluster):
            start = time.perf_counter() - t0
            addr = cluster.scheduler_address
            times[workers], _ = timed(lambda addr=addr: simulate(
                net, spec, n_scenarios=m, seed=0, chunk_size=50_000, backend="dask",
                scheduler=addr))
        record(f"dask {m:,} scenarios, {workers} worker(s)", [times[workers]],
               note=f"cluster start {start:.2f} s, not included")
    print(f"dask speed-up 1 -> 2 workers on {m:,} scenarios: {times[1] / times[2]:.2f}x")


def choose_method(shocks, L) -> str:
    _, E, _, pbar, PiT = _setup(L, shocks, None)
    return _choose(E, pbar, PiT)


if __name__ == "__main__":
    main()
