"""Monte Carlo of the multi-year stress simulation over shocks and parameters.

Every draw varies, at once:

* **revenue paths** — each lab's shortfall against its plan, Beta-distributed around ``mean``
  with concentration ``kappa`` and correlated through a one-factor Gaussian copula ``rho``
  (:func:`~.scenarios.draw_shortfalls`);
* **deal amounts** — uniform over each deal's ``low..high`` range;
* **$/GW per vendor** — amounts derived as GW × $/GW use a per-vendor draw, uniform within
  ``±usd_per_gw_spread`` of the ledger's parameter (seed E5 gives NVIDIA's ~$40B/GW only;
  the spread is a stated assumption);
* **loss rates and asset life** — uniform over their ranges (:mod:`.lossrates`).

Draws are vectorised within chunks; chunk ``k`` uses ``SeedSequence(seed).spawn(n)[k]``, so
the numpy and dask backends give identical results for a seed (:func:`~.scenarios.run_chunks`).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

import numpy as np

from .._results import ResultMixin
from ..errors import CapexloopError
from ..ledger.model import Layer
from ..ledger.quantities import format_usd
from .lossrates import RATE_NAMES
from .scenarios import ShockSpec, draw_shortfalls, run_chunks
from .simulation import GOODS, LOSS_TYPES, SimulationInputs, _Draw, _pd, run_kernel

if TYPE_CHECKING:  # pandas only where tables are built
    import pandas as pd

__all__ = ["MonteCarloStress", "default_spec", "monte_carlo"]


#: Scenarios per chunk: arrays of 500 scenarios × contracts stay in cache (10,000 draws on
#: ai-public took ~35% less CPU than in chunks of 2,000; benchmarks/). The chunking fixes the
#: random streams, so numpy and dask give the same draws only with the same chunk size.
CHUNK_SIZE = 500


def default_spec(inp: SimulationInputs, mean: float = 0.3, kappa: float = 10.0,
                 rho: float = 0.5) -> ShockSpec:
    """Shortfall ``mean`` for every model provider with a balance sheet and obligations."""
    owes = set(inp.obligor[inp.cls == GOODS].tolist())
    labs = {e: mean for i, e in enumerate(inp.ids)
            if inp.layers[i] == Layer.model_provider.value and inp.balance.modelled[i]
            and i in owes}
    return ShockSpec(labs, kappa=kappa, rho=rho)


def _draw(inp: SimulationInputs, spec: ShockSpec, size: int, spread: float,
          rng: np.random.Generator) -> _Draw:
    cols = np.array([inp.index[k] for k in spec.mean], dtype=int)
    shock = draw_shortfalls(spec, cols, inp.n, size, rng)
    u = rng.random((size, inp.low.size))
    amount = inp.low[None, :] + u * (inp.high - inp.low)[None, :]
    gw = ~np.isnan(inp.gw)
    if gw.any():
        vendors = np.unique(inp.claimant[gw])
        f = 1.0 + spread * (2.0 * rng.random((size, vendors.size)) - 1.0)
        col = np.searchsorted(vendors, inp.claimant[gw])
        amount[:, gw] = inp.gw[gw][None, :] * inp.usd_per_gw * f[:, col]
    rates = {}
    for k in RATE_NAMES:
        lo, hi = inp.rates.range(k)
        rates[k] = lo + rng.random(size) * (hi - lo)
    return _Draw(amount, shock, rates)


def _chunk(inp: SimulationInputs, spec: ShockSpec, opts: dict, size: int,
           seed_seq: np.random.SeedSequence) -> dict:
    rng = np.random.default_rng(seed_seq)
    draw = _draw(inp, spec, size, opts["spread"], rng)
    out = run_kernel(inp, draw, alpha=opts["alpha"], beta=opts["beta"])
    return {"shock": draw.shock, "default_year": out["default_year"],
            "default_type": out["default_type"],
            "losses": out["losses"].transpose(1, 2, 0),      # (s, n, types)
            "converged": np.array([bool(out["converged"])])}


@dataclass(frozen=True)
class MonteCarloStress(ResultMixin):
    """Default probabilities, default years and loss bands per entity over ``s`` draws."""

    inputs: SimulationInputs = field(repr=False)
    spec: ShockSpec
    n_scenarios: int
    seed: int
    backend: str
    usd_per_gw_spread: float
    shock: np.ndarray          # (s, n)
    default_year: np.ndarray   # (s, n) index into years, −1 = none
    default_type: np.ndarray   # (s, n) 0 none, 1 liquidity, 2 solvency
    losses: np.ndarray         # (s, n, types)
    converged: bool

    @property
    def ids(self) -> tuple[str, ...]:
        return self.inputs.ids

    @property
    def defaulted(self) -> np.ndarray:
        return self.default_year >= 0

    @property
    def total_losses(self) -> np.ndarray:
        return self.losses.sum(axis=2)

    @property
    def headline(self) -> str:
        """What the draws vary, in one line (scope, horizon and the other assumptions are the
        simulation's line, :func:`~.simulation.assumptions_line`, printed once above)."""
        shocks = ", ".join(f"{k} {v:.0%}" for k, v in self.spec.mean.items()) or "none"
        return (f"{self.n_scenarios:,} draws (seed {self.seed}); mean revenue shortfall "
                f"{shocks} (κ={self.spec.kappa:g}, ρ={self.spec.rho:g}); deal amounts over "
                f"their ranges, $/GW ±{self.usd_per_gw_spread:.0%} per vendor, loss rates over "
                "their ranges")

    def default_probability(self) -> pd.Series:
        return _pd().Series(self.defaulted.mean(axis=0), index=self.ids)

    def to_frame(self) -> pd.DataFrame:
        L = self.total_losses
        q = np.quantile(L, [0.05, 0.5, 0.95, 0.99], axis=0)
        liq = (self.default_type == 1).mean(axis=0)
        sol = (self.default_type == 2).mean(axis=0)
        df = _pd().DataFrame({"default_probability": self.defaulted.mean(axis=0),
                           "liquidity": liq, "solvency": sol,
                           "mean_loss": L.mean(axis=0), "loss_p05": q[0], "loss_p50": q[1],
                           "loss_p95": q[2], "loss_p99": q[3]}, index=list(self.ids))
        for j, t in enumerate(LOSS_TYPES):
            df[f"mean_{t}"] = self.losses[:, :, j].mean(axis=0)
        df.index.name = "entity"
        keep = (df.mean_loss > 0) | (df.default_probability > 0)
        return df[keep].sort_values(["default_probability", "mean_loss"], ascending=False)

    def default_years(self) -> pd.DataFrame:
        """Probability of defaulting in each year, per entity (rows) and year (columns)."""
        years = self.inputs.years
        P = np.stack([(self.default_year == t).mean(axis=0) for t in range(len(years))], 1)
        df = _pd().DataFrame(P, index=list(self.ids), columns=list(years))
        return df[df.sum(axis=1) > 0]

    def system(self) -> dict:
        any_def = self.defaulted.any(axis=1)
        first = np.where(any_def, np.where(self.defaulted, self.default_year, 99).min(axis=1),
                         -1)
        years = self.inputs.years
        tot = self.total_losses.sum(axis=1)
        q = np.quantile(tot, [0.05, 0.5, 0.95, 0.99])
        return {"p_any_default": float(any_def.mean()),
                "mean_defaults": float(self.defaulted.sum(axis=1).mean()),
                "first_default_year": {int(years[t]): float((first == t).mean())
                                       for t in range(len(years)) if (first == t).any()},
                "total_loss": {"mean": float(tot.mean()), "p05": float(q[0]),
                               "p50": float(q[1]), "p95": float(q[2]), "p99": float(q[3])}}

    def default_chains(self, top: int = 5) -> list[tuple[tuple[str, ...], float]]:
        ids = np.array(self.ids)
        keys = [tuple(ids[row].tolist()) for row in self.defaulted if row.any()]
        return [(k, c / self.n_scenarios) for k, c in Counter(keys).most_common(top)]

    def to_dict(self) -> dict:
        return {"headline": self.headline, "scope": self.inputs.scope,
                "horizon": [self.inputs.years[0], self.inputs.years[-1]],
                "scenarios": self.n_scenarios, "seed": self.seed, "backend": self.backend,
                "shock_means": self.spec.mean, "kappa": self.spec.kappa, "rho": self.spec.rho,
                "entities": self.to_frame().reset_index().to_dict(orient="records"),
                "default_years": {e: {int(y): float(p) for y, p in row.items() if p > 0}
                                  for e, row in self.default_years().iterrows()},
                "system": self.system(),
                "default_chains": [{"defaulted": list(k), "probability": p}
                                   for k, p in self.default_chains()],
                "loss_rates": self.inputs.rates.to_dict(), "converged": self.converged}

    def summary(self) -> str:
        lines = [f"Monte Carlo stress — {self.headline}"]
        df = self.to_frame()
        lines.append(f"  {'entity':<12}{'P(default)':>11}{'liq.':>7}{'solv.':>7}"
                     f"{'mean loss':>11}{'p95 loss':>11}{'p99 loss':>11}")
        for e, r in df.iterrows():
            lines.append(f"  {e:<12}{r.default_probability:>11.1%}{r.liquidity:>7.1%}"
                         f"{r.solvency:>7.1%}{format_usd(r.mean_loss):>11}"
                         f"{format_usd(r.loss_p95):>11}{format_usd(r.loss_p99):>11}")
        sysd = self.system()
        fy = ", ".join(f"{y}: {p:.1%}" for y, p in sysd["first_default_year"].items())
        lines.append(f"System: P(any default) {sysd['p_any_default']:.1%}; first default year "
                     f"{fy or 'none'}; total loss mean {format_usd(sysd['total_loss']['mean'])}, "
                     f"p95 {format_usd(sysd['total_loss']['p95'])}")
        for k, p in self.default_chains():
            lines.append(f"  default set {' + '.join(k)}: {p:.1%} of draws")
        no_bs = [e for e, m in zip(self.ids, self.inputs.balance.modelled, strict=True) if not m]
        lines.append(f"Default not assessed (no balance sheet): {', '.join(no_bs) or 'none'}")
        return "\n".join(lines)


def monte_carlo(inp: SimulationInputs, spec: ShockSpec | None = None, *,
                n_scenarios: int = 10_000, seed: int = 0, chunk_size: int = CHUNK_SIZE,
                backend: Literal["numpy", "dask"] = "numpy", scheduler: str | None = None,
                usd_per_gw_spread: float = 0.25, clearing: Literal["en", "rv"] = "en",
                alpha: float = 1.0, beta: float = 1.0, progress: bool = False
                ) -> MonteCarloStress:
    """Run ``n_scenarios`` draws of shocks and parameters through the yearly simulation."""
    spec = spec or default_spec(inp)
    for k in spec.mean:
        if k not in inp.index:
            raise CapexloopError(f"shock names unknown entity {k!r}", field="--shock")
    if not 0.0 <= usd_per_gw_spread < 1.0:
        raise CapexloopError("usd_per_gw_spread must be in [0, 1)", field="usd_per_gw_spread")
    if clearing == "en":
        alpha = beta = 1.0
    opts = {"spread": usd_per_gw_spread, "alpha": alpha, "beta": beta}
    parts = run_chunks(_chunk, (inp, spec, opts), n_scenarios=n_scenarios,
                       chunk_size=chunk_size, seed=seed, backend=backend, scheduler=scheduler,
                       progress=progress)
    cat = {k: np.concatenate([p[k] for p in parts]) for k in parts[0]}
    return MonteCarloStress(inp, spec, n_scenarios, seed, backend, usd_per_gw_spread,
                            cat["shock"], cat["default_year"], cat["default_type"],
                            cat["losses"], bool(cat["converged"].all()))
