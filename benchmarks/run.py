"""Run every benchmark script in this folder, one after the other, printing their ratios.

Run: python benchmarks/run.py [--skip frontend] (stress needs neva on PYTHONPATH for its peer
columns; bubble needs pyexuber; frontend needs Debian chromium — each script says what it
compares against, measured in the same run)."""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCRIPTS = ["network_bench.py", "stress_bench.py", "stress_years_bench.py", "bubble_bench.py", "frontend_bench.py"]


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--skip", nargs="*", default=[], help="names to skip, e.g. frontend")
    args = ap.parse_args()
    failed = 0
    for script in SCRIPTS:
        if any(script.startswith(s) for s in args.skip):
            continue
        print(f"== {script}", flush=True)
        r = subprocess.run([sys.executable, str(HERE / script)], cwd=HERE)
        failed += r.returncode != 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
