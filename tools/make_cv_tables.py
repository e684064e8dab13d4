"""Generate the shipped Monte Carlo critical-value tables (bubble/data/cv_*.npz).

Run: python tools/make_cv_tables.py   (about a minute on 2 cores)
Table: S&P 500 P/D (T = 1,683, minimum window 90 regression rows, lag 0, exuber convention),
2,000 replications of the PSY null, seed 0 — the setting of exuber's published S&P example.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import numpy as np

from capexloop.bubble.critical_values import mc_critical_values

OUT = Path(__file__).resolve().parents[1] / "src" / "capexloop" / "bubble" / "data"


def main() -> None:
    with tempfile.TemporaryDirectory() as cache:
        os.environ["CAPEXLOOP_CACHE"] = cache
        cv = mc_critical_values(1683, min_window=90, lag=0, reps=2000, seed=0, progress=True)
    np.savez_compressed(OUT / "cv_sp500_T1683_w90_l0.npz",
                        levels=np.array([0.90, 0.95, 0.99]),
                        sadf=np.array([cv["sadf"][k] for k in (0.90, 0.95, 0.99)]),
                        gsadf=np.array([cv["gsadf"][k] for k in (0.90, 0.95, 0.99)]),
                        bsadf=np.vstack([cv["bsadf"][k] for k in (0.90, 0.95, 0.99)]),
                        reps=2000, seed=0, T=1683, min_window=90, lag=0)
    print("SADF", cv["sadf"], "GSADF", cv["gsadf"])


if __name__ == "__main__":
    main()
