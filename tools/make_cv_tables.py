"""Generate the shipped Monte Carlo critical-value tables (bubble/data/cv_*.npz).

Run: python tools/make_cv_tables.py [NAME ...]   (about a minute per table on 2 cores)

A table depends only on T, the minimum window, the lag, the replications and the seed (the
PSY null is the same whatever the series), so these settings are shipped:

* ``sp500``: S&P 500 P/D (T = 1,683, minimum window 90 regression rows, lag 0, exuber
  convention), 2,000 replications, seed 0 — the setting of exuber's published S&P example
  (2.5·10⁹ window regressions: simulated by the compiled kernel, see
  ``critical_values.MC_COMPILED_ABOVE``);
* ``nasdaq``: the report's monthly Nasdaq Composite (T = 240, default minimum window 30,
  lag 0), 1,000 replications, seed 0 — so that the first report simulates nothing (numpy
  would take ~0.5 s).

Either path gives the same table to the last bit (tests/bubble/test_windows.py).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import numpy as np

from capexloop.bubble.critical_values import mc_critical_values, shipped_name

OUT = Path(__file__).resolve().parents[1] / "src" / "capexloop" / "bubble" / "data"
TABLES = {"sp500": dict(T=1683, min_window=90, lag=0, reps=2000, seed=0),
          "nasdaq": dict(T=240, min_window=30, lag=0, reps=1000, seed=0)}


def main(names: list[str]) -> None:
    for name in names or list(TABLES):
        t = TABLES[name]
        with tempfile.TemporaryDirectory() as cache:
            os.environ["CAPEXLOOP_CACHE"] = cache
            cv = mc_critical_values(t["T"], min_window=t["min_window"], lag=t["lag"],
                                    reps=t["reps"], seed=t["seed"], progress=True)
        levels = (0.90, 0.95, 0.99)
        np.savez_compressed(OUT / shipped_name(t["T"], t["min_window"], t["lag"], t["reps"],
                                               t["seed"]),
                            levels=np.array(levels),
                            sadf=np.array([cv["sadf"][k] for k in levels]),
                            gsadf=np.array([cv["gsadf"][k] for k in levels]),
                            bsadf=np.vstack([cv["bsadf"][k] for k in levels]), **t)
        print(name, "SADF", cv["sadf"], "GSADF", cv["gsadf"])


if __name__ == "__main__":
    main(sys.argv[1:])
