"""Shared helpers for the benchmark scripts: interleaved timing, whole-process runs, results.

Rules every script follows (so that no number flatters us):

* ours and the peer run *interleaved* (A B A B …), each the same number of times; we report
  the median and the minimum of each, and the ratio of medians;
* peers are used as their users would use them (e.g. a neva ``BankingSystem`` built once);
* compile and start-up times are measured separately and are included in end-to-end numbers;
* whole-process command-line runs sit beside in-process ones;
* nothing is written into the source tree: child processes get ``PYTHONDONTWRITEBYTECODE=1``
  and run in temporary directories, with empty temporary caches when "cold".

Each result is also appended as one JSON line to ``$BENCH_RESULTS`` (set by ``run.py``), from
which ``run.py`` prints the one results table of ``benchmarks/README.md``.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
SRC = HERE.parent / "src"


def timed(fn: Callable[[], Any], repeat: int = 1) -> tuple[float, Any]:
    """Median wall time of ``repeat`` runs and the last result."""
    times, out = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), out


def interleaved(fns: dict[str, Callable[[], Any]], rounds: int = 5
                ) -> tuple[dict[str, list[float]], dict[str, Any]]:
    """Run every function once per round, in turn; returns all times and the last results."""
    times: dict[str, list[float]] = {k: [] for k in fns}
    outs: dict[str, Any] = {}
    for _ in range(rounds):
        for k, fn in fns.items():
            t0 = time.perf_counter()
            outs[k] = fn()
            times[k].append(time.perf_counter() - t0)
    return times, outs


def child_env(**extra: str) -> dict[str, str]:
    """Environment for child processes: our source first on the path, no bytecode written."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(SRC), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env.update(extra)
    return env


#: Runs argv[2:] and writes "wall cpu maxrss_kib exit" to the fd numbered argv[1]. A child
#: forked from a big process (this benchmark holds whole ledgers) inherits its parent's peak RSS in
#: ``ru_maxrss`` (Linux keeps the high-water mark across fork and exec), so the command is
#: started from this small launcher instead and measured there.
_LAUNCH = """
import os, sys, time
t0 = time.perf_counter()
pid = os.posix_spawn(sys.argv[2], sys.argv[2:], os.environ)
_, status, ru = os.wait4(pid, 0)
wall = time.perf_counter() - t0
os.write(int(sys.argv[1]), f"{wall} {ru.ru_utime + ru.ru_stime} {ru.ru_maxrss} "
            f"{os.waitstatus_to_exitcode(status)}".encode())
"""


def run_process(argv: Sequence[str], *, env: dict[str, str] | None = None,
                cwd: str | None = None, cpu: list[float] | None = None) -> tuple[float, float]:
    """Wall seconds and peak resident MiB of one child process (stdout discarded); its CPU
    seconds (user + system) are appended to ``cpu`` when given (on a shared machine they
    move less than wall time). The child is started and measured by a small launcher, so
    its peak memory is its own, not this process's."""
    argv = list(argv)
    if not os.path.isabs(argv[0]):
        import shutil

        argv[0] = shutil.which(argv[0]) or argv[0]
    with tempfile.TemporaryDirectory() as tmp, open(Path(tmp) / "stderr", "w+b") as err:
        r, w = os.pipe()
        proc = subprocess.Popen([sys.executable, "-c", _LAUNCH, str(w), *argv],
                                stdout=subprocess.DEVNULL, stderr=err, pass_fds=(w,),
                                env=env or child_env(), cwd=cwd or tmp)
        os.close(w)
        with os.fdopen(r) as fh:
            out = fh.read()
        proc.wait()
        if not out:
            err.seek(0)
            raise RuntimeError(f"launcher failed: {err.read().decode()[-2000:]}")
        wall_s, cpu_s, rss_kib, code = out.split()
        if int(code) != 0:
            err.seek(0)
            raise RuntimeError(f"{' '.join(argv)} exited {code}:\n"
                               f"{err.read().decode()[-2000:]}")
    if cpu is not None:
        cpu.append(float(cpu_s))
    return float(wall_s), int(rss_kib) / 1024


def capexloop(*args: str) -> list[str]:
    """argv of the ``capexloop`` command run by this interpreter."""
    return [sys.executable, "-m", "capexloop.cli", *args]


def record(workload: str, ours: Sequence[float], peer_name: str = "",
           peer: Sequence[float] = (), *, kind: str = "in-process", note: str = "") -> None:
    """Print one comparison (median and min of each side, ratio of medians) and keep it."""
    med, lo = statistics.median(ours), min(ours)
    row = {"workload": workload, "kind": kind, "ours_median": med, "ours_min": lo,
           "runs": len(ours), "peer": peer_name, "note": note}
    line = f"{workload} [{kind}]: ours median {med:.3f} s (min {lo:.3f})"
    if peer:
        pmed, plo = statistics.median(peer), min(peer)
        row |= {"peer_median": pmed, "peer_min": plo, "ratio": pmed / med}
        line += f", {peer_name} median {pmed:.3f} s (min {plo:.3f}), ratio {pmed / med:.2f}x"
    if note:
        line += f" — {note}"
    print(line, flush=True)
    out = os.environ.get("BENCH_RESULTS")
    if out:
        with open(out, "a", encoding="utf-8") as fh:
            fh.write(json.dumps(row) + "\n")


def report(workload: str, ours: float, peer_name: str, peer: float) -> None:
    """One-off comparison of single timings (kept for scripts that time once)."""
    record(workload, [ours], peer_name, [peer])
