"""Yearly stress simulation: 2025–2030, 10,000 Monte Carlo draws on the largest embedded ledger,
timed as a whole process (interpreter start, imports, data load, simulation) on 2 cores,
beside the replaced one-year cascade's 10,000-scenario Monte Carlo (``_old_cascade.py``).

Both run interleaved as fresh interpreters pinned to cores 0 and 1; the row gives median and
minimum wall time of each, CPU seconds and the load average (shared machine).

Run: python benchmarks/stress_years_bench.py [--rounds 5]   (target: under 5 s for the new model)
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
from pathlib import Path

from _util import child_env, record, run_process

HERE = Path(__file__).resolve().parent

NEW = """
from capexloop.ledger.datasets import load_dataset
from capexloop.stress.lossrates import default_loss_rates
from capexloop.stress.simulation import prepare
from capexloop.stress.montecarlo import monte_carlo
led = load_dataset({name!r})
rates = default_loss_rates(reference=load_dataset("telecom2000"))
inp = prepare(led, scope="all", start=2025, horizon=2030, rates=rates)
mc = monte_carlo(inp, n_scenarios=10_000, seed=0)
print(len(inp.ids), len(inp.deal_ids), mc.defaulted.mean())
"""
OLD = """
import sys
sys.path.insert(0, {here!r})
from _old_cascade import ShockSpec, build_network, model_providers, simulate
from capexloop.ledger.datasets import load_dataset
from capexloop.stress.calibration import lucent_parameters
net = build_network(load_dataset({name!r}))
params = lucent_parameters(load_dataset("telecom2000"))
labs = [k for k in model_providers(net) if net.obligations[net.index[k]].sum() > 0]
mc = simulate(net, ShockSpec({{k: 0.3 for k in labs}}), params=params, n_scenarios=10_000,
              seed=0)
print(len(net.ids), mc.defaulted.mean())
"""


def largest_dataset() -> str:
    from capexloop.ledger.datasets import DATASETS, load_dataset

    return max(DATASETS, key=lambda n: len(load_dataset(n).deals))


def _argv(code: str) -> list[str]:
    cmd = [sys.executable, "-c", code]
    if shutil.which("taskset") and (os.cpu_count() or 1) >= 2:
        cmd = [shutil.which("taskset"), "-c", "0,1", *cmd]
    return cmd


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=5, help="interleaved rounds (default 5)")
    args = ap.parse_args()
    name = largest_dataset()
    env = child_env(OMP_NUM_THREADS="2", OPENBLAS_NUM_THREADS="2", MKL_NUM_THREADS="2")
    runs = {"new": _argv(NEW.format(name=name)),
            "old": _argv(OLD.format(name=name, here=str(HERE)))}
    wall: dict[str, list[float]] = {k: [] for k in runs}
    cpu: dict[str, list[float]] = {k: [] for k in runs}
    for _ in range(args.rounds):
        for k, argv in runs.items():
            wall[k].append(run_process(argv, env=env, cpu=cpu[k])[0])
    t_new = statistics.median(wall["new"])
    load = os.getloadavg()[0]
    record(f"stress 2025–2030, 10,000 Monte Carlo draws on {name} (import, load, prepare, "
           f"simulate) — {'under' if t_new < 5 else 'OVER'} the 5 s target; CPU "
           f"{statistics.median(cpu['new']):.2f} s vs {statistics.median(cpu['old']):.2f} s; "
           f"load average {load:.1f}", wall["new"],
           "replaced one-year cascade, 10,000 scenarios", wall["old"], kind="whole process")


if __name__ == "__main__":
    main()
