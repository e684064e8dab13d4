"""Circularity at scale on synthetic ledgers shaped like the AI build-out (labs, clouds, chip and
equipment vendors, investors; heavy-tailed counterparties), in-process and whole-process.

Run: python benchmarks/network_bench.py [--sizes 500 2000 10000 50000] [--whole-max 10000]
     [--baseline OTHER/src]   (whole-process runs interleaved with another version)

Prints the scaling table (per-metric seconds, whole-process ``capexloop circularity --db``
seconds and peak MiB), then two peer comparisons, interleaved with medians:
cycle enumeration (k ≤ 3) vs ``networkx.simple_cycles`` on the same graph, and the round trip
vs the previous release's dense Sherman–Morrison inverse (exact; same numbers checked).
Deals per entity: 10. Database files are written to a temporary directory. The whole-process
row also gives the child's CPU seconds, the in-process CPU time to read and validate the
database into a ledger, the wall time to write it, and the machine's load average at the end of
the run (a shared machine inflates wall times far more than CPU times).
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

import networkx as nx
import numpy as np
from _util import capexloop, child_env, interleaved, record, run_process

import capexloop.network.roundtrip as rt_mod
from capexloop.ledger import LedgerStore
from capexloop.ledger.quantities import format_usd
from capexloop.ledger.synthetic import synthetic_ledger
from capexloop.network.concentration import commitment_coverage, concentration
from capexloop.network.cycles import MAX_PATHS, money_cycles, simple_cycles_array
from capexloop.network.finn import FINN_MAX_NODES, finn_cycling_index
from capexloop.network.graph import flow_matrices
from capexloop.network.mix import financing_mix
from capexloop.network.roundtrip import EARMARK_MAX_VENDORS, PROPORTIONAL_MAX_VENDORS, round_trip


def metric_times(led) -> tuple[dict[str, float], str]:
    """CPU seconds of each measure (a shared machine inflates wall time), and which measures
    are capped at this size (``Circularity.caps()`` in the JSON says why)."""
    out, res = {}, {}
    t = time.process_time()
    fm = flow_matrices(led)
    out["flows"] = time.process_time() - t
    steps = {"round trip": lambda: round_trip(fm), "cycles": lambda: money_cycles(fm, 4),
             "finn": lambda: finn_cycling_index(fm),
             "mix": lambda: financing_mix(led, deals=fm.deals),
             "concentration": lambda: concentration(fm),
             "coverage": lambda: commitment_coverage(led, flows=fm)}
    for k, fn in steps.items():
        t = time.process_time()
        res[k] = fn()
        out[k] = time.process_time() - t
    rt, cyc, finn = res["round trip"].capped, res["cycles"], res["finn"]
    caps = []
    if rt["proportional"] or rt["earmarked"]:
        caps.append(f"round trip: {rt['proportional']:,} vendors not traced (limit "
                    f"{PROPORTIONAL_MAX_VENDORS}), {rt['earmarked']:,} earmarked bounds (exact "
                    f"max-flow for {EARMARK_MAX_VENDORS})")
    if not cyc.complete:
        caps.append(f"cycles listed from bottleneck >= {format_usd(cyc.min_bottleneck)} "
                    f"({len(cyc):,} found; path budget {MAX_PATHS:,})")
    if finn.capped:
        caps.append(f"Finn: {finn.capped:,} nodes bounded, FCI {finn.fci:.4f}..."
                    f"{finn.fci_high:.4f} (limit {FINN_MAX_NODES})")
    return out, "; ".join(caps) or "nothing capped"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="*", default=[500, 2000, 10000])
    ap.add_argument("--whole-max", type=int, default=10000,
                    help="largest ledger also run as a whole capexloop process")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--baseline", type=Path, default=None,
                    help="src directory of another capexloop version (e.g. a checkout of the "
                         "previous release) run interleaved on the same databases")
    args = ap.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.sizes:
            led = synthetic_ledger(n, 10 * n, seed=0)
            times, caps = metric_times(led)
            total = sum(times.values())
            whole, rss = float("nan"), float("nan")
            if n <= args.whole_max:
                db = Path(tmp) / f"s{n}.duckdb"
                t = time.perf_counter()
                with LedgerStore(db) as store:
                    store.add_ledger(led)
                write = time.perf_counter() - t
                t = time.process_time()
                with LedgerStore(db, read_only=True) as store:
                    store.load()
                load = time.process_time() - t
                rounds = args.rounds if n <= 2000 else 1
                argv = capexloop("circularity", "--db", str(db), "--json")
                cpu: list[float] = []
                base: list[tuple[float, float]] = []
                base_cpu: list[float] = []
                runs = []
                for _ in range(rounds):           # interleaved with the baseline, if any
                    runs.append(run_process(argv, cpu=cpu))
                    if args.baseline:
                        base.append(run_process(argv, cpu=base_cpu, env=child_env(
                            PYTHONPATH=str(args.baseline))))
                walls = [w for w, _ in runs]
                whole, rss = float(np.median(walls)), max(m for _, m in runs)
                record(f"capexloop circularity, {n:,} entities / {10 * n:,} deals", walls,
                       kind="whole process", note=f"peak {rss:.0f} MiB, CPU {np.median(cpu):.2f}s "
                       f"(median); in-process CPU: database read and validated {load:.2f}s; "
                       f"written in {write:.2f}s wall; load average {os.getloadavg()[0]:.1f}")
                if base:
                    record(f"capexloop circularity, {n:,} entities, vs the baseline version",
                           walls, "baseline version (--baseline), same database",
                           [w for w, _ in base], kind="whole process",
                           note=f"CPU median ours {np.median(cpu):.2f}s, baseline "
                           f"{np.median(base_cpu):.2f}s; peak MiB ours {rss:.0f}, baseline "
                           f"{max(m for _, m in base):.0f}")
            record(f"all circularity metrics, {n:,} entities / {10 * n:,} deals (CPU s)", [total],
                   note=", ".join(f"{k} {v:.2f}s" for k, v in times.items())
                   + f"; capped: {caps}")
            rows.append((n, 10 * n, times, total, whole, rss, caps))
    print("\nscaling (metrics: CPU seconds, µs per deal in brackets; whole: wall seconds)")
    keys = list(rows[0][2])
    print(f"{'entities':>9} {'deals':>8} " + " ".join(f"{k:>14}" for k in keys)
          + f" {'in-process':>11} {'whole':>8} {'MiB':>6}")
    for n, m, times, total, whole, rss, _ in rows:
        cells = " ".join(f"{times[k]:6.2f} [{1e6 * times[k] / m:5.1f}]" for k in keys)
        print(f"{n:>9,} {m:>8,} {cells} {total:>11.2f} {whole:>8.2f} {rss:>6.0f}")
    print("capped measures (the --json 'caps' section says why):")
    for n, *_, caps in rows:
        print(f"{n:>9,}: {caps}")

    led = synthetic_ledger(2000, 20000, seed=1)
    fm = flow_matrices(led)
    W = fm.money
    g = nx.DiGraph(W)
    t, out = interleaved({
        "ours": lambda: sum(len(b) for _, b in simple_cycles_array(W, 3)),
        "networkx": lambda: sum(1 for c in nx.simple_cycles(g, length_bound=3) if len(c) >= 2)},
        rounds=args.rounds)
    assert out["ours"] == out["networkx"], out
    record(f"money cycles k<=3, 2,000 entities ({out['ours']:,} cycles)", t["ours"],
           "networkx.simple_cycles", t["networkx"])
    F, G = fm.financing.tocsr(), fm.goods.tocsr()

    def dense():
        saved = rt_mod.DENSE_MAX
        rt_mod.DENSE_MAX = 10**9
        try:
            return rt_mod._proportional(F, G)[0]
        finally:
            rt_mod.DENSE_MAX = saved

    t, out = interleaved({"ours": lambda: rt_mod._proportional(F, G, max_vendors=10**9)[0],
                          "dense": dense}, rounds=args.rounds)
    np.testing.assert_allclose(out["ours"], out["dense"], rtol=1e-9, atol=1e-3)
    record("proportional round trip, every vendor, 2,000 entities", t["ours"],
           "dense Sherman-Morrison inverse (previous method)", t["dense"])


if __name__ == "__main__":
    main()
