"""Monte Carlo plumbing: correlated revenue shortfalls and chunked numpy/dask execution.

Shortfalls are Beta-distributed per lab (mean ``mean``, concentration ``kappa``:
``a = mean·kappa``, ``b = (1−mean)·kappa``) and correlated through a one-factor Gaussian
copula (``z_i = √ρ·Z + √(1−ρ)·ε_i``, ``u = Φ(z)``, shortfall ``= F⁻¹_Beta(u)``).
Scenarios run in chunks; chunk ``k`` draws from ``SeedSequence(seed).spawn(n_chunks)[k]`` so
the numpy and dask backends give bit-identical results for the same seed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
from scipy import special

from ..errors import CapexloopError

__all__ = ["ShockSpec", "draw_shortfalls", "run_chunks"]


@dataclass(frozen=True)
class ShockSpec:
    """Beta shortfall distribution per lab and the copula correlation."""

    mean: dict[str, float]
    kappa: float = 10.0
    rho: float = 0.5

    def __post_init__(self) -> None:
        for k, m in self.mean.items():
            if not 0.0 <= m < 1.0:
                raise CapexloopError(f"mean shortfall of {k} must be in [0, 1), got {m}",
                                     field="shock")
        if self.kappa <= 0:
            raise CapexloopError("kappa must be positive", field="kappa")
        if not 0.0 <= self.rho < 1.0:
            raise CapexloopError("rho must be in [0, 1)", field="rho")


def draw_shortfalls(spec: ShockSpec, cols: np.ndarray, n: int, size: int,
                    rng: np.random.Generator) -> np.ndarray:
    """(size, n) shortfall fractions: Beta marginals on ``cols``, one-factor Gaussian copula."""
    X = np.zeros((size, n))
    if cols.size == 0:
        return X
    z = (np.sqrt(spec.rho) * rng.standard_normal((size, 1))
         + np.sqrt(1 - spec.rho) * rng.standard_normal((size, cols.size)))
    u = special.ndtr(z)
    means = np.array([spec.mean[k] for k in spec.mean])
    a, b = means * spec.kappa, (1 - means) * spec.kappa
    # the Beta quantile is the inverse regularised incomplete beta function (scipy.stats.beta.ppf
    # calls the same routine; importing scipy.stats costs ~0.8 s of start-up)
    X[:, cols] = np.where(means > 0, special.betaincinv(np.maximum(a, 1e-12), b, u), 0.0)
    return X


#: The stated small-job rule: ``backend="dask"`` without a ``scheduler`` runs on numpy below this
#: many scenarios. Starting a LocalCluster costs about 3 s (measured in benchmarks/), while the
#: numpy backend runs 10,000 draws of the yearly stress in under a second; with an explicit
#: ``scheduler`` (an existing cluster) the job always goes to dask.
DASK_MIN_SCENARIOS = 200_000


def run_chunks(fn, payload: tuple, *, n_scenarios: int, chunk_size: int = 1_000,
               seed: int = 0, backend: Literal["numpy", "dask"] = "numpy",
               scheduler: str | None = None, progress: bool = False) -> list:
    """Call ``fn(*payload, size, seed_sequence)`` on chunks of ``n_scenarios`` scenarios.

    Chunk ``k`` draws from ``SeedSequence(seed).spawn(n_chunks)[k]``, so the numpy and dask
    backends return the same parts in the same order (bit-identical results for a seed).
    Small dask jobs without a scheduler run on numpy (``DASK_MIN_SCENARIOS``).
    """
    if n_scenarios < 1 or chunk_size < 1:
        raise CapexloopError("n_scenarios and chunk_size must be positive", field="scenarios")
    sizes = [chunk_size] * (n_scenarios // chunk_size)
    if n_scenarios % chunk_size:
        sizes.append(n_scenarios % chunk_size)
    seqs = np.random.SeedSequence(seed).spawn(len(sizes))
    if backend == "dask" and scheduler is None and n_scenarios < DASK_MIN_SCENARIOS:
        backend = "numpy"                     # identical parts; no cluster start-up to pay
    if backend == "numpy":
        if not progress:
            return [fn(*payload, size, ss) for size, ss in zip(sizes, seqs, strict=True)]
        from rich.progress import Progress

        parts = []
        with Progress(transient=True) as bar:
            task = bar.add_task("scenarios", total=n_scenarios)
            for size, ss in zip(sizes, seqs, strict=True):
                parts.append(fn(*payload, size, ss))
                bar.advance(task, size)
        return parts
    if backend == "dask":
        return _run_dask(fn, payload, sizes, seqs, scheduler, progress)
    raise CapexloopError(f"unknown backend {backend!r} (numpy, dask)", field="backend")


def worker_environment():
    """dask's worker environment without ``MALLOC_TRIM_THRESHOLD_``: set, it turns off glibc's
    adaptive mmap threshold, so every large temporary array is mapped and faulted in afresh and
    the Monte Carlo ran ~3× slower in a worker than in the client (benchmarks/). A context
    manager for starting workers (``LocalCluster``); see README for ``dask worker``."""
    import dask

    env = dict(dask.config.get("distributed.nanny.pre-spawn-environ", {}) or {})
    env.pop("MALLOC_TRIM_THRESHOLD_", None)
    return dask.config.set({"distributed.nanny.pre-spawn-environ": env})


def _run_dask(fn, payload, sizes, seqs, scheduler, progress):
    try:
        from dask.distributed import Client, LocalCluster, as_completed
    except ImportError:
        raise CapexloopError("the dask backend needs the [scale] extra: "
                             "pip install 'capexloop[scale]'", field="backend") from None
    cluster = None
    if scheduler is None:
        with worker_environment():
            cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                   host="127.0.0.1", dashboard_address=None)
        client = Client(cluster)
    else:
        client = Client(scheduler)
    try:
        scattered = client.scatter(list(payload), broadcast=True)
        futures = [client.submit(_packed, fn, *scattered, size, ss, pure=False)
                   for size, ss in zip(sizes, seqs, strict=True)]
        if progress:
            from rich.progress import Progress

            with Progress(transient=True) as bar:
                task = bar.add_task("scenarios (dask)", total=len(futures))
                for _ in as_completed(futures):
                    bar.advance(task)
        return [_unpack(part) for part in client.gather(futures)]   # in submission order
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


#: Arrays at most this dense travel from dask workers as (flat index, value) pairs.
PACK_DENSITY = 0.25


def _packed(fn, *args):
    """Run one chunk on a worker and return its mostly-zero arrays as their non-zero entries.

    A Monte Carlo chunk is mostly zeros (no loss, no shock for most entities and types), and
    shipping it dense made the client's unpickling and copying the bottleneck: 1,000,000
    scenarios are ~1.4 GB dense and ~10× less packed. Exact: zeros are compared bitwise
    (``-0.0`` and NaN are kept)."""
    part = fn(*args)
    return {k: _pack(v) for k, v in part.items()} if isinstance(part, dict) else part


def _pack(a):
    if not isinstance(a, np.ndarray) or a.size < 1024 or a.dtype.kind not in "fiub":
        return a
    flat = np.ascontiguousarray(a).reshape(-1)
    if a.dtype.kind == "f":             # background 0.0, compared bitwise
        fill, idx = 0, np.flatnonzero(flat.view(f"u{a.dtype.itemsize}"))
    else:                               # integers and flags: background their smallest value
        fill = flat.min()
        idx = np.flatnonzero(flat != fill)
    if idx.size > PACK_DENSITY * a.size:
        return a
    return ("packed", a.shape, a.dtype.str, fill,
            idx.astype(np.int32 if a.size < 2**31 else np.int64), flat[idx])


def _unpack(part):
    if not isinstance(part, dict):
        return part
    out = {}
    for k, v in part.items():
        if isinstance(v, tuple) and len(v) == 6 and v[0] == "packed":
            _, shape, dtype, fill, idx, vals = v
            a = np.full(shape, fill, dtype=np.dtype(dtype))
            a.reshape(-1)[idx] = vals
            v = a
        out[k] = v
    return out
