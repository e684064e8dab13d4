"""PSY bubble-test speed against pyexuber (exuber's compiled C++ core), from one run.

Run: python benchmarks/bubble_bench.py [--whole-process]   (needs the [test] extra for
pyexuber; --whole-process runs only the end-to-end S&P 500 row)
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
from pathlib import Path

import exuber
import numpy as np
from _util import capexloop, child_env, interleaved, record, report, run_process, timed

from capexloop.bubble import default_min_window, mc_critical_values, psy, sp500_pd

PYEXUBER_SCRIPT = """
import sys
import numpy as np
import exuber
y = np.loadtxt(sys.argv[1], delimiter=",", skiprows=1, usecols=1)
r = exuber.radf(y, minw=int(sys.argv[2]))
print(float(r.bsadf.max()))
"""


def whole_process(first: bool = True, rounds: int = 11) -> None:
    """``capexloop bubble --dataset sp500`` (JSON, the row, and the table, in its note) vs a
    pyexuber script on the same series, end to end, interleaved; then the first run with an
    empty numba cache (compile included)."""
    y = sp500_pd()
    mw = default_min_window(len(y))
    with tempfile.TemporaryDirectory() as tmp:
        csv, script = Path(tmp) / "sp500.csv", Path(tmp) / "ex.py"
        csv.write_text("date,value\n" + "".join(f"{i},{v!r}\n" for i, v in
                                                 enumerate(y.to_numpy().tolist())))
        script.write_text(PYEXUBER_SCRIPT)
        warm = child_env(CAPEXLOOP_CACHE=tmp)
        run_process(capexloop("bubble", "--dataset", "sp500", "--json"), env=warm)  # fill cache
        argv = {"ours": capexloop("bubble", "--dataset", "sp500", "--json"),
                "table": capexloop("bubble", "--dataset", "sp500"),
                "pyexuber": [sys.executable, str(script), str(csv), str(mw)]}
        cpu: dict[str, list[float]] = {k: [] for k in argv}
        t, _ = interleaved({k: lambda k=k: run_process(argv[k], env=warm, cpu=cpu[k])[0]
                            for k in argv}, rounds=rounds)
        med = {k: statistics.median(v) for k, v in cpu.items()}
        record("bubble on the S&P 500 P/D series (critical values shipped), --json",
               t["ours"], "pyexuber script (radf)", t["pyexuber"], kind="whole process",
               note=f"CPU {med['ours']:.2f} vs {med['pyexuber']:.2f} s (medians); the table "
                    f"(no --json) {statistics.median(t['table']):.3f} s (min "
                    f"{min(t['table']):.3f}, CPU {med['table']:.2f} s), "
                    f"{statistics.median(t['pyexuber']) / statistics.median(t['table']):.2f}x; "
                    f"{rounds} interleaved rounds; load average {os.getloadavg()[0]:.1f}")
        if first:
            first_run(tmp)


#: Commands whose first run compiled numba kernels before the numpy windows (up to 2,000 rows
#: nothing is compiled now): the default (shipped critical values), fixed lags, lags chosen
#: by BIC, and Monte Carlo critical values for a series without a shipped table.
FIRST_RUN = {
    "bubble --dataset sp500": ["--dataset", "sp500"],
    "bubble --csv (T=300) --lags 2 --reps 200": ["--csv", "{csv300}", "--lags", "2", "--reps",
                                                 "200"],
    "bubble --csv (T=300) --lags 2 --ic bic --reps 200": ["--csv", "{csv300}", "--lags", "2",
                                                          "--ic", "bic", "--reps", "200"],
    "bubble --csv (T=300), Monte Carlo critical values, 2,000 reps": ["--csv", "{csv300}"],
}


def first_run(tmp: str) -> None:
    """Each command with an empty numba cache (compile included, if any) and again with the
    caches filled by that first run. Critical values are cached too, so the difference of the
    --csv commands is compile plus the first simulation; whether numba compiled anything shows
    in its cache directory (written or untouched)."""
    csv300 = Path(tmp) / "rw300.csv"
    y = np.exp(np.cumsum(np.random.default_rng(7).standard_normal(300) * 0.05)) * 100
    csv300.write_text("date,value\n" + "".join(
        f"{d},{v!r}\n" for d, v in zip(np.arange("2000-01", "2025-01", dtype="datetime64[M]")
                                       .astype(str), y.tolist(), strict=True)))
    for k, (label, args) in enumerate(FIRST_RUN.items()):
        argv = capexloop("bubble", *[a.format(csv300=csv300) for a in args], "--json")
        env = child_env(CAPEXLOOP_CACHE=str(Path(tmp) / f"cv{k}"),
                        NUMBA_CACHE_DIR=str(Path(tmp) / f"numba{k}"))
        cold = run_process(argv, env=env)[0]
        warm = run_process(argv, env=env)[0]
        compiled = (Path(tmp) / f"numba{k}").exists()
        record(f"{label}: first run after install (empty numba cache)", [cold],
               kind="whole process", note=f"second run {warm:.2f} s; difference (compile and "
                                          f"first simulation) {cold - warm:.2f} s; numba cache "
                                          f"{'written' if compiled else 'untouched'}; load "
                                          f"average {os.getloadavg()[0]:.1f}")


def main() -> None:
    if "--whole-process" in sys.argv[1:]:     # only the end-to-end row
        return whole_process(first=False)
    whole_process()
    psy(np.cumsum(np.random.default_rng(0).standard_normal(100)))  # warm up
    y1680 = sp500_pd().to_numpy()[:1680]
    y5000 = np.cumsum(np.random.default_rng(1).standard_normal(5000)) + 100
    for name, y in (("T=1,680 (S&P P/D)", y1680), ("T=5,000 (random walk)", y5000)):
        mw = default_min_window(len(y))
        t_ours, ours = timed(lambda y=y, mw=mw: psy(y, min_window=mw), repeat=3)
        t_ex, ref = timed(lambda y=y, mw=mw: exuber.radf(y, minw=mw), repeat=3)
        diff = float(np.max(np.abs(ours.bsadf - ref.bsadf[:, 0])))
        report(f"GSADF + BSADF sequence, lag 0, {name}, max |diff| {diff:.1e}", t_ours,
               "pyexuber", t_ex)
    for name, y in (("T=300 (random walk)", y5000[:300]), ("T=1,680 (S&P P/D)", y1680)):
        mw = default_min_window(len(y))
        t_ours, ours = timed(lambda y=y, mw=mw: psy(y, min_window=mw, lag=2), repeat=3)
        t_ex, ref = timed(lambda y=y, mw=mw: exuber.radf(y, minw=mw, lag=2), repeat=3)
        diff = float(np.max(np.abs(ours.bsadf - ref.bsadf[:, 0])))
        report(f"GSADF + BSADF sequence, lag 2, {name}, numpy windows (no numba), "
               f"max |diff| {diff:.1e}", t_ours, "pyexuber", t_ex)
    y547 = np.cumsum(np.random.default_rng(2).standard_normal(547)) + 50
    psy(y547[:100], lag=6, ic="bic")
    t_bic, _ = timed(lambda: psy(y547, lag=6, ic="bic"), repeat=3)
    print(f"BSADF with BIC lag choice up to 6 per window, T=547 (psymonitor's vignette setting, "
          f"~5 min in R): {t_bic:.3f} s")
    with tempfile.TemporaryDirectory() as cache:
        os.environ["CAPEXLOOP_CACHE"] = cache
        mc_critical_values(50, min_window=10, reps=20)   # warm up
        t_mc, _ = timed(lambda: mc_critical_values(200, min_window=default_min_window(200),
                                                   reps=2000, seed=0))
    t_exmc, _ = timed(lambda: exuber.radf_mc_cv(200, nrep=2000, seed=1))
    report("Monte Carlo critical values, 2,000 reps, T=200", t_mc, "pyexuber radf_mc_cv", t_exmc)


if __name__ == "__main__":
    main()
