"""Circularity on a synthetic ledger (2,000 entities, 20,000 deals) vs a plain networkx baseline.

Run: python benchmarks/network_bench.py [--entities 2000 --deals 20000 --max-len 4]
The baseline enumerates cycles with networkx.simple_cycles(length_bound=k) and traces round
trips with one sparse solve per vendor in a Python loop; both must give the same numbers.
"""

from __future__ import annotations

import argparse

import networkx as nx
import numpy as np
import scipy.sparse as sp
from _util import report, timed

from capexloop.ledger import Deal, Entity, Ledger
from capexloop.network import circularity
from capexloop.network.cycles import simple_cycles_array
from capexloop.network.finn import finn_cycling_index
from capexloop.network.roundtrip import _proportional, _proportional_loop


def synthetic(n: int, m: int, seed: int = 0) -> tuple[sp.csr_matrix, sp.csr_matrix]:
    rng = np.random.default_rng(seed)
    a, b = rng.integers(0, n, m), rng.integers(0, n, m)
    keep = a != b
    a, b = a[keep], b[keep]
    amt = rng.lognormal(20, 1.5, a.size)
    fin = rng.random(a.size) < 0.3
    F = sp.csr_matrix((amt[fin], (a[fin], b[fin])), shape=(n, n))
    G = sp.csr_matrix((amt[~fin], (a[~fin], b[~fin])), shape=(n, n))
    return F, G


def to_ledger(F: sp.csr_matrix, G: sp.csr_matrix) -> Ledger:
    n = F.shape[0]
    ents = [Entity(id=f"e{i}", name=f"E{i}", layer="cloud") for i in range(n)]
    deals = []
    for kind, M in (("equity", F.tocoo()), ("chip_purchase", G.tocoo())):
        deals += [Deal(id=f"{kind}-{i}-{j}", kind=kind, payer=f"e{i}", payee=f"e{j}",
                       amount_usd=float(v)) for i, j, v in zip(M.row, M.col, M.data, strict=True)]
    return Ledger(entities=ents, deals=deals)


def baseline_cycles(W: sp.csr_matrix, k: int) -> int:
    g = nx.DiGraph(W)
    return sum(1 for c in nx.simple_cycles(g, length_bound=k) if len(c) >= 2)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--entities", type=int, default=2000)
    ap.add_argument("--deals", type=int, default=20000)
    ap.add_argument("--max-len", type=int, default=4)
    ap.add_argument("--baseline-len", type=int, default=3,
                    help="cycle length for the networkx comparison (k=4 takes it many minutes)")
    args = ap.parse_args()
    F, G = synthetic(args.entities, args.deals)
    W = (F + G).tocsr()
    t_full, parts = timed(lambda: simple_cycles_array(W, args.max_len))
    print(f"cycles k<={args.max_len}: {sum(len(b) for _, b in parts)} cycles in {t_full:.3f} s "
          f"(n={args.entities}, m={W.nnz})")
    k = args.baseline_len
    t_ours, parts = timed(lambda: simple_cycles_array(W, k))
    n_ours = sum(len(b) for _, b in parts)
    t_nx, n_nx = timed(lambda: baseline_cycles(W, k))
    assert n_ours == n_nx, (n_ours, n_nx)
    report(f"cycles k<={k} ({n_ours} cycles)", t_ours, "networkx.simple_cycles", t_nx)
    led = to_ledger(F, G)
    t_all, res = timed(lambda: circularity(led, max_len=args.max_len))
    print(f"all circularity metrics from a {args.deals}-deal ledger (round trips both rules, "
          f"cycles k<={args.max_len}, Finn, mix, concentration): {t_all:.2f} s")

    t_rt, (total, _) = timed(lambda: _proportional(F, G))
    n = W.shape[0]
    S = np.maximum(np.asarray(W.sum(0)).ravel(), np.asarray(W.sum(1)).ravel())
    inv = np.divide(1.0, S, out=np.zeros(n), where=S > 0)
    P = sp.diags(inv) @ W
    vendors = np.flatnonzero((np.asarray(F.sum(1)).ravel() > 0) & (np.asarray(G.sum(0)).ravel() > 0))
    sample = vendors[:: max(1, vendors.size // 40)]
    t_loop, loop = timed(lambda: _proportional_loop(F, (sp.diags(inv) @ G).tocsc(), P, sample))
    np.testing.assert_allclose(total[sample], np.clip(loop, 0, None), rtol=1e-6, atol=1.0)
    t_loop_all = t_loop * vendors.size / sample.size
    report(f"round trip, {vendors.size} vendors (batched Sherman-Morrison)", t_rt,
           f"per-vendor sparse solve loop (timed on {sample.size} vendors, scaled)", t_loop_all)
    t_f, res = timed(lambda: finn_cycling_index(W))
    print(f"Finn cycling index: {res.fci:.4f} in {t_f:.3f} s")


if __name__ == "__main__":
    main()
