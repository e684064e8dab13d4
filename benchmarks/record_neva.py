"""Record neva's outputs on random networks into tests/data/neva_reference.json.

neva (github marcobardoscia/neva) is not on PyPI and is never vendored: put a checkout on
PYTHONPATH and run ``PYTHONPATH=/path/to/neva python benchmarks/record_neva.py``.

For each case: a random liability network (n banks, link probability p, lognormal amounts),
external assets and external liabilities (for linear DebtRank, external assets topped up so
every bank starts with positive equity); neva's BankingSystem is run to tolerance 1e-14 with
(a) the Eisenberg–Noe valuation ``neva.ibeval.eisenberg_noe`` and (b) linear DebtRank
``neva.ibeval.lin_dr`` after a shock to external assets. For (b) each bank's valuation
function is bound to *its own* initial equity (neva's ``shock_and_solve`` binds every
closure to the last bank's equity, which we do not reproduce). Recorded: inputs, neva's
final equities, and payments ``p_i = min(p̄_i, max(E_i + p̄_i, 0))`` derived from them.
"""

from __future__ import annotations

import json
from pathlib import Path

import neva
import numpy as np
from neva import ibeval

OUT = Path(__file__).resolve().parents[1] / "tests" / "data" / "neva_reference.json"


def make_case(seed: int, n: int, p: float) -> dict:
    rng = np.random.default_rng(seed)
    L = (rng.random((n, n)) < p) * rng.lognormal(0, 1, (n, n))
    np.fill_diagonal(L, 0)
    ext_liab = rng.uniform(0, 2, n)
    ext_asset = L.sum(axis=1) * rng.uniform(0.3, 1.6, n) + rng.uniform(0, 1, n)
    shock = ext_asset * rng.uniform(0, 0.4, n) * (rng.random(n) < 0.5)
    # linear DebtRank needs positive initial equity: top up external assets where needed
    naive = ext_asset - ext_liab + L.sum(axis=0) - L.sum(axis=1)
    ext_asset_dr = ext_asset + np.maximum(0.0, 0.5 - naive)
    return {"seed": seed, "L": L.tolist(), "ext_asset": ext_asset.tolist(),
            "ext_asset_dr": ext_asset_dr.tolist(), "ext_liab": ext_liab.tolist(),
            "shock": shock.tolist()}


def build(case: dict, ext_asset: np.ndarray):
    L = np.array(case["L"])
    n = L.shape[0]
    banks = [neva.Bank(extasset=float(ext_asset[i]), extliab=float(case["ext_liab"][i]),
                       ibliabtot=float(L[i].sum()), name=str(i)) for i in range(n)]
    for j in range(n):  # bank j holds claims on every debtor i with L[i, j] > 0
        banks[j].set_ibasset([(banks[i], float(L[i, j])) for i in range(n) if L[i, j] > 0])
    return banks


def run_en(case: dict) -> list[float]:
    banks = build(case, np.array(case["ext_asset"]) - np.array(case["shock"]))
    for b in banks:
        b.ibeval = (lambda e, b=b: ibeval.eisenberg_noe(e, b.ibliabtot + b.extliab))
    bs = neva.BankingSystem(banks, tol=1e-14, maxiter=100_000)
    bs.fixedpoint_equity()
    return bs.get_equity()


def run_lin_dr(case: dict) -> tuple[list[float], list[float]]:
    banks = build(case, np.array(case["ext_asset_dr"]))
    e0 = [b.get_naiveequity() for b in banks]
    for b, shock in zip(banks, case["shock"], strict=True):
        b.extasset -= shock
        b.equity = b.get_naiveequity()
    for b, eq0 in zip(banks, e0, strict=True):
        b.ibeval = (lambda e, eq0=eq0: ibeval.lin_dr(e, eq0))  # own initial equity
    bs = neva.BankingSystem(banks, tol=1e-14, maxiter=100_000)
    bs.fixedpoint_equity()
    return e0, bs.get_equity()


def main() -> None:
    cases = []
    for seed, (n, p) in enumerate([(3, 0.8), (5, 0.5), (8, 0.4), (12, 0.3), (20, 0.2),
                                   (30, 0.15), (40, 0.1)]):
        case = make_case(seed, n, p)
        case["neva_en_equity"] = run_en(case)
        e0, eq = run_lin_dr(case)
        case["neva_lindr_equity0"] = e0
        case["neva_lindr_equity"] = eq
        cases.append(case)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps({"generator": "benchmarks/record_neva.py",
                               "neva_commit": "6ced7f7 (marcobardoscia/neva)",
                               "cases": cases}, indent=1))
    print(f"wrote {OUT} ({len(cases)} cases)")


if __name__ == "__main__":
    main()
