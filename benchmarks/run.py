"""Run every benchmark script, then print the one results table (and write it into README.md).

Run: python benchmarks/run.py [--skip frontend] [--write-readme]
Put a neva checkout on PYTHONPATH for the stress peers (neva is not on PyPI); pyexuber comes
with the [test] extra; the front-end script needs Debian chromium. Every row comes from this
run: medians (and minima) of interleaved runs, ratio = peer median / our median.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from _util import child_env

HERE = Path(__file__).resolve().parent
SCRIPTS = ["network_bench.py", "stress_bench.py", "stress_years_bench.py", "bubble_bench.py",
           "frontend_bench.py"]
BEGIN, END = "<!-- results:begin -->", "<!-- results:end -->"


def table(rows: list[dict]) -> str:
    out = ["| workload | kind | ours median (min) s | peer | peer median (min) s | ratio |",
           "| --- | --- | --- | --- | --- | --- |"]
    for r in rows:
        peer = (f"{r['peer_median']:.3f} ({r['peer_min']:.3f})" if "peer_median" in r else "")
        ratio = f"{r['ratio']:.2f}x" if "ratio" in r else ""
        note = f" — {r['note']}" if r.get("note") else ""
        out.append(f"| {r['workload']}{note} | {r['kind']} | {r['ours_median']:.3f} "
                   f"({r['ours_min']:.3f}) | {r.get('peer', '')} | {peer} | {ratio} |")
    return "\n".join(out)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--skip", nargs="*", default=[], help="names to skip, e.g. frontend")
    ap.add_argument("--write-readme", action="store_true",
                    help="replace the results table in benchmarks/README.md")
    args = ap.parse_args()
    failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        results = Path(tmp) / "results.jsonl"
        results.touch()
        for script in SCRIPTS:
            if any(script.startswith(s) for s in args.skip):
                continue
            print(f"== {script}", flush=True)
            r = subprocess.run([sys.executable, str(HERE / script)], cwd=tmp,
                               env=child_env(BENCH_RESULTS=str(results)))
            failed += r.returncode != 0
        rows = [json.loads(line) for line in results.read_text().splitlines() if line]
    text = table(rows)
    print("\n" + text)
    if args.write_readme:
        readme = HERE / "README.md"
        doc = readme.read_text()
        block = f"{BEGIN}\n{text}\n{END}"
        doc = (doc[:doc.index(BEGIN)] + block + doc[doc.index(END) + len(END):]
               if BEGIN in doc else doc.rstrip() + "\n\n## Results\n\n" + block + "\n")
        readme.write_text(doc)
    return 1 if failed else 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONDONTWRITEBYTECODE", "1")
    sys.exit(main())
