"""Critical values for SADF, GSADF and the BSADF sequence.

* Monte Carlo under the PSY (2015) null ``y_t = d·T^{−η} + y_{t−1} + ε_t`` with d = η = 1
  (a random walk with asymptotically negligible drift), ε ~ N(0, 1): quantiles of SADF, GSADF
  and, at every end point, of BSADF.
* Wild bootstrap of Phillips & Shi (2020, "Real time monitoring of asset markets", Handbook of
  Statistics 42): residuals of the null regression ``Δy_t = α + Σψ_j Δy_{t−j} + e_t`` are
  resampled with replacement and multiplied by ``w_t ~ N(0, 1)``; each replicate's BSADF
  is computed over the first
  ``τ₀ + τ_b − 1`` observations and its maximum over the last ``τ_b = ⌊δ·log T⌋`` of them is
  kept; the quantile of those maxima controls the family-wise size over any ``τ_b`` periods,
  and is robust to heteroskedasticity. As in Phillips & Shi (2020) and psymonitor, the
  replicate is only ``τ₀ + τ_b − 1`` observations long, so on a long sample this value is
  well below the Monte Carlo BSADF sequence (few windows per end point): it is the real-time
  monitoring threshold, more liberal for historical dating.

Replicates are split into chunks seeded by ``SeedSequence(seed).spawn``; chunks run in worker
processes; the result depends only on the inputs (not on the number of workers) and is cached
on disk under ``$CAPEXLOOP_CACHE`` (default ``~/.cache/capexloop``) keyed by every input.
"""

from __future__ import annotations

import os

import numpy as np

from ..errors import CapexloopError
from .psy import CLOSED_FORM_MAX_ROWS, PSYResult, psy
from .series import DATA

__all__ = ["mc_critical_values", "wild_bootstrap_cv", "with_critical_values"]

LEVELS = (0.90, 0.95, 0.99)
_VERSION = 2


def _cached(kind: str, key: dict, compute):
    """The arrays cached under ``key``, computed by ``compute`` on a miss (the disk cache is
    imported here: a shipped table needs none of it)."""
    from .._files import cache_file, cache_root, cached_arrays

    path = cache_file(cache_root(), kind, {"kind": kind, "v": _VERSION, **key}, digits=20,
                      suffix=".npz")
    return cached_arrays(path, compute)


#: Monte Carlo without lagged differences runs in numpy up to this many window regressions
#: in all (replications × windows per series); above it the compiled kernel, whose
#: compilation (4–6 s on first use) is then repaid: numpy takes ~1.6× the kernel's time for
#: lag 0 (2 cores, T = 300), so the break-even is ~13 s of numpy, ~3·10⁸ windows. With lagged
#: differences numpy is as fast as the kernel (it batches replications), so no switch.
MC_COMPILED_ABOVE = 300_000_000


def _compiled(T: int, minw: int, lag: int, convention: str, reps: int) -> bool:
    """Whether a Monte Carlo job uses the compiled kernels (see :data:`MC_COMPILED_ABOVE`)."""
    n = T - 1 - lag - minw + 1                       # end points per series
    return T > CLOSED_FORM_MAX_ROWS or (convention == "exuber" and lag == 0
                                        and reps * n * (n + 1) // 2 > MC_COMPILED_ABOVE)


def _mc_chunk(args):
    """One chunk of replications: numpy (no compilation) unless :func:`_compiled` says the
    kernels repay their compilation. The exuber convention gives exactly what the compiled
    kernels give, so the shipped tables and the cache hold either."""
    T, minw, lag, convention, n, ss, compiled = args
    rng = np.random.default_rng(ss)
    Y = np.cumsum(1.0 / T + rng.standard_normal((n, T)), axis=1)
    if not compiled:
        from ._windows import mc_batch, psy_rows

        return mc_batch(Y, minw, lag) if convention == "exuber" else psy_rows(Y, minw, lag,
                                                                                convention)
    if convention == "exuber":
        from ._kernels import mc_batch_exuber, mc_batch_lag0

        return mc_batch_lag0(Y, minw) if lag == 0 else mc_batch_exuber(Y, minw, lag)
    sadf = np.empty(n)
    gsadf = np.empty(n)
    seqs = []
    for r in range(n):
        res = psy(Y[r], min_window=minw, lag=lag, convention=convention, numpy_max_rows=0)
        sadf[r], gsadf[r] = res.sadf, res.gsadf
        seqs.append(res.bsadf)
    return sadf, gsadf, np.vstack(seqs)


def _run_chunks(fn, tasks, n_jobs, progress: str | None):
    """Run chunk tasks in order; in worker processes when ``n_jobs > 1`` (default: 1 for a
    few chunks, where starting processes costs more than it saves, else the core count)."""
    if n_jobs is None:
        n_jobs = 1 if len(tasks) <= 4 else min(len(tasks), os.cpu_count() or 1)
    if progress:
        from rich.progress import Progress

        bar = Progress(transient=True)
        bar.start()
        task = bar.add_task(progress, total=len(tasks))
    try:
        if n_jobs <= 1:
            out = []
            for t in tasks:
                out.append(fn(t))
                if progress:
                    bar.advance(task)
            return out
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(n_jobs) as ex:
            out = []
            for r in ex.map(fn, tasks):   # ordered: results independent of the worker count
                out.append(r)
                if progress:
                    bar.advance(task)
            return out
    finally:
        if progress:
            bar.stop()


def mc_critical_values(T: int, *, min_window: int, lag: int = 0, convention: str = "exuber",
                       reps: int = 2000, seed: int = 0, levels=LEVELS, n_jobs: int | None = None,
                       progress: bool = False, chunk: int = 500) -> dict:
    """Monte Carlo critical values: ``{"sadf": {lvl: cv}, "gsadf": …, "bsadf": {lvl: (m,)}}``."""
    if reps < 10:
        raise CapexloopError("reps must be at least 10", field="reps")
    key = {"T": T, "minw": min_window, "lag": lag, "conv": convention, "reps": reps,
           "seed": seed}

    def compute():
        sizes = [chunk] * (reps // chunk) + ([reps % chunk] if reps % chunk else [])
        seqs = np.random.SeedSequence(seed).spawn(len(sizes))
        compiled = _compiled(T, min_window, lag, convention, reps)
        parts = _run_chunks(_mc_chunk, [(T, min_window, lag, convention, n, s, compiled)
                                        for n, s in zip(sizes, seqs, strict=True)], n_jobs,
                            "Monte Carlo critical values" if progress else None)
        return {"sadf": np.concatenate([p[0] for p in parts]),
                "gsadf": np.concatenate([p[1] for p in parts]),
                "bsadf": np.vstack([p[2] for p in parts])}

    d = _cached("mc", key, compute)
    return {"sadf": {lv: float(np.quantile(d["sadf"], lv)) for lv in levels},
            "gsadf": {lv: float(np.quantile(d["gsadf"], lv)) for lv in levels},
            "bsadf": {lv: np.quantile(d["bsadf"], lv, axis=0) for lv in levels},
            "reps": reps, "method": f"Monte Carlo, {reps} replications, seed {seed}"}


def _wb_chunk(args):
    resid, beta, y0, minw, lag, convention, tb, n, ss = args
    rng = np.random.default_rng(ss)
    length = minw + tb - 1 + (lag + 1 if convention == "exuber" else 0)
    Y = np.empty((n, length))
    for r in range(n):
        # Δy*_t = α̂ + Σ ψ̂_j Δy*_{t−j} + w_t e*_t, e* drawn from the residuals, w ~ N(0, 1)
        e = resid[rng.integers(0, resid.size, length - 1)] * rng.standard_normal(length - 1)
        dy = np.zeros(length - 1)
        for t in range(length - 1):
            acc = beta[0] + e[t]
            for j in range(1, lag + 1):
                if t - j >= 0:
                    acc += beta[j] * dy[t - j]
            dy[t] = acc
        Y[r] = np.concatenate([[y0], y0 + np.cumsum(dy)])
    if length - 1 - lag > CLOSED_FORM_MAX_ROWS:
        return np.array([psy(y, min_window=minw, lag=lag, convention=convention,
                             numpy_max_rows=CLOSED_FORM_MAX_ROWS).bsadf[-tb:].max() for y in Y])
    from ._windows import psy_rows

    return psy_rows(Y, minw, lag, convention)[2][:, -tb:].max(axis=1)   # each row as psy()


def wild_bootstrap_cv(y, *, min_window: int, lag: int = 0, convention: str = "exuber",
                      reps: int = 999, seed: int = 0, delta: float = 1.0, levels=LEVELS,
                      n_jobs: int | None = None, progress: bool = False, chunk: int = 100) -> dict:
    """Phillips–Shi (2020) wild-bootstrap critical value for the BSADF sequence (one value per
    level, family-wise over ``τ_b = ⌊δ log T⌋`` periods)."""
    import hashlib

    a = np.asarray(y, dtype=float)
    T = a.size
    tb = max(1, int(np.floor(delta * np.log(T))))
    dy = np.diff(a)
    X = np.column_stack([np.ones(dy.size - lag)] + [dy[lag - j:dy.size - j]
                                                    for j in range(1, lag + 1)])
    beta, *_ = np.linalg.lstsq(X, dy[lag:], rcond=None)   # the null model
    resid = dy[lag:] - X @ beta
    key = {"y": hashlib.sha256(a.tobytes()).hexdigest(), "minw": min_window, "lag": lag,
           "conv": convention, "reps": reps, "seed": seed, "tb": tb}

    def compute():
        sizes = [chunk] * (reps // chunk) + ([reps % chunk] if reps % chunk else [])
        seqs = np.random.SeedSequence(seed).spawn(len(sizes))
        parts = _run_chunks(_wb_chunk, [(resid, beta, a[0], min_window, lag, convention, tb, n, s)
                                        for n, s in zip(sizes, seqs, strict=True)], n_jobs,
                            "wild bootstrap" if progress else None)
        return {"max": np.concatenate(parts)}

    d = _cached("wb", key, compute)
    return {"bsadf": {lv: float(np.quantile(d["max"], lv)) for lv in levels}, "tb": tb,
            "reps": reps, "method": f"wild bootstrap (Phillips & Shi 2020), {reps} replications, "
                                    f"seed {seed}, family-wise over {tb} periods"}


def shipped_name(T: int, min_window: int, lag: int, reps: int, seed: int) -> str:
    """File name of a shipped table (``tools/make_cv_tables.py`` writes them)."""
    return f"cv_T{T}_w{min_window}_l{lag}_r{reps}_s{seed}.npz"


def shipped_table(T: int, min_window: int, lag: int, convention: str, reps: int = 2000,
                  seed: int = 0) -> dict | None:
    """A Monte Carlo table shipped with the package, if one matches every input (exuber
    convention): what :func:`mc_critical_values` computes, read instead of simulated."""
    path = DATA / shipped_name(T, min_window, lag, reps, seed)
    if convention != "exuber" or not path.is_file():
        return None
    with np.load(path) as f:
        lv = [float(x) for x in f["levels"]]
        return {"sadf": dict(zip(lv, map(float, f["sadf"]), strict=True)),
                "gsadf": dict(zip(lv, map(float, f["gsadf"]), strict=True)),
                "bsadf": dict(zip(lv, f["bsadf"], strict=True)), "reps": int(f["reps"]),
                "method": f"Monte Carlo, {int(f['reps'])} replications, seed {int(f['seed'])} "
                          "(shipped table, tools/make_cv_tables.py)"}


def with_critical_values(res: PSYResult, method: str = "mc", *, reps: int | None = None,
                         seed: int = 0, n_jobs: int | None = None,
                         progress: bool = False) -> PSYResult:
    """Attach critical values (``"mc"`` or ``"wild"``) to a :class:`PSYResult`."""
    if method == "mc":
        cv = shipped_table(res.nobs, res.min_window, res.lag, res.convention, reps or 2000,
                           seed)
        cv = cv or mc_critical_values(res.nobs, min_window=res.min_window, lag=res.lag,
                                      convention=res.convention, reps=reps or 2000, seed=seed,
                                      n_jobs=n_jobs, progress=progress)
        scal = {lv: {"sadf": cv["sadf"][lv], "gsadf": cv["gsadf"][lv]} for lv in cv["sadf"]}
        return res.with_cv(scal, cv["bsadf"], cv["method"])
    if method == "wild":
        cv = wild_bootstrap_cv(res.y, min_window=res.min_window, lag=res.lag,
                               convention=res.convention, reps=reps or 999, seed=seed,
                               n_jobs=n_jobs, progress=progress)
        scal = {lv: {"gsadf": v} for lv, v in cv["bsadf"].items()}
        seq = {lv: np.full(res.bsadf.size, v) for lv, v in cv["bsadf"].items()}
        return res.with_cv(scal, seq, cv["method"])
    raise CapexloopError("critical values must be mc or wild", field="cv")
