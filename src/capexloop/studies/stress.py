"""A stress run on a ledger: one cascade or a Monte Carlo, with the telecom backtest where the
ledger holds Lucent's figures."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from .._results import ResultMixin
from ..ledger.model import Ledger

__all__ = ["LEAD_LAB_SHORTFALL", "LeadLabScenario", "StressRun", "backtest_if_available",
           "lead_lab", "lead_lab_scenario", "shockable_labs", "stress_run"]


@dataclass(frozen=True)
class StressRun(ResultMixin):
    """Per-entity outcome of a cascade (``scenarios == 0``) or a Monte Carlo."""

    ledger: str
    parameters: dict[str, Any]
    shocks: dict[str, float]
    table: pd.DataFrame
    scenarios: int = 0
    seed: int = 0
    backend: str = "numpy"
    default_chains: tuple[tuple[tuple[str, ...], float], ...] = ()
    backtest: Any = field(default=None)  # BacktestResult | None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"ledger": self.ledger, "parameters": self.parameters,
                               "shocks": self.shocks}
        if self.scenarios > 0:
            out["monte_carlo"] = {"scenarios": self.scenarios, "seed": self.seed,
                                  "backend": self.backend,
                                  "entities": self.table.to_dict(orient="records"),
                                  "default_chains": [{"defaulted": list(k), "probability": p}
                                                     for k, p in self.default_chains]}
        else:
            out["cascade"] = self.table.to_dict(orient="records")
        if self.backtest is not None:
            out["backtest"] = self.backtest.table.to_dict(orient="records")
        return out

    def summary(self) -> str:
        lines = [f"{self.ledger}: " + ("Monte Carlo" if self.scenarios else "cascade")
                 + " (USD per year)", self.table.to_string(index=False)]
        lines += [f"default set {' + '.join(k)}: {p:.1%} of scenarios"
                  for k, p in self.default_chains]
        if self.backtest is not None:
            lines.append(self.backtest.summary())
        return "\n".join(lines)


def backtest_if_available(ledger: Ledger):
    """The telecom backtest when ``ledger`` holds the Lucent and CLEC figures it needs, else
    ``None`` (decided by the data, not by the ledger's name)."""
    from ..stress import telecom_backtest

    try:
        return telecom_backtest(ledger)
    except (KeyError, StopIteration):
        return None


def stress_run(ledger: Ledger, *, shocks: Sequence[str] | dict[str, float] = (),
               scenarios: int = 0, backend: str = "numpy", scheduler: str | None = None,
               seed: int = 0, rho: float = 0.5, term_years: float = 5.0,
               params: Sequence[str] | dict[str, float] = (), progress: bool = False
               ) -> StressRun:
    """Shock labs' revenue (``['openai.revenue=-0.4']`` or ``{'openai': 0.4}``) through one
    year of commitments; with ``scenarios > 0``, Beta shortfalls around those means (0.3 for
    every model provider with obligations when no shock is given)."""
    from ..stress import ShockSpec, build_network, lucent_parameters, parse_shocks, run_cascade, simulate
    from ..stress.cascade import model_providers
    from ..stress.options import parse_overrides, parse_shock_specs

    spec = dict(shocks) if isinstance(shocks, dict) else parse_shock_specs(shocks)
    overrides = dict(params) if isinstance(params, dict) else parse_overrides(params)
    net = build_network(ledger, term_years=term_years)
    spec = {ledger.entity(k).id: v for k, v in spec.items()}
    lp = lucent_parameters()
    lp = lp.override(**overrides) if overrides else lp
    common = {"ledger": ledger.name, "parameters": lp.to_dict(), "shocks": spec}
    if scenarios > 0:
        mean = spec or {k: 0.3 for k in model_providers(net)
                        if net.obligations[net.index[k]].sum() > 0}
        mc = simulate(net, ShockSpec(mean, rho=rho), n_scenarios=scenarios, seed=seed,
                      backend=backend, scheduler=scheduler, progress=progress, params=lp)
        run = StressRun(**common, table=mc.to_frame().reset_index(), scenarios=scenarios,
                        seed=seed, backend=backend, default_chains=tuple(mc.default_chains()))
    else:
        res = run_cascade(net, parse_shocks(net, spec), lp)
        run = StressRun(**common, table=res.to_frame())
    bt = backtest_if_available(ledger)
    return run if bt is None else _with(run, bt)


def _with(run: StressRun, backtest) -> StressRun:
    from dataclasses import replace

    return replace(run, backtest=backtest)


#: The lead-lab scenario: the lab's revenue falls this far short of plan.
LEAD_LAB_SHORTFALL = 0.4


def shockable_labs(net) -> list[str]:
    """Model providers with commitments of known size (the labs a revenue shock can hit)."""
    from ..stress.cascade import model_providers

    return [k for k in model_providers(net) if net.obligations[net.index[k]].sum() > 0]


def lead_lab(net) -> str | None:
    """The lab with the largest one-year commitments: the one place that picks it for the
    executive summary, the stress section and the dashboard."""
    labs = shockable_labs(net)
    return max(labs, key=lambda k: net.obligations[net.index[k]].sum()) if labs else None


@dataclass(frozen=True)
class LeadLabScenario(ResultMixin):
    """The lead lab's revenue :data:`LEAD_LAB_SHORTFALL` short of plan, cleared once."""

    ledger: str
    net: Any  # CascadeNetwork
    labs: tuple[str, ...]
    lab: str | None
    shortfall: float
    outcome: Any  # CascadeOutcome | None

    def to_dict(self) -> dict[str, Any]:
        return {"ledger": self.ledger, "labs": list(self.labs), "lab": self.lab,
                "shortfall": self.shortfall,
                "cascade": None if self.outcome is None
                else self.outcome.to_frame().to_dict(orient="records")}

    def largest_writedown(self) -> tuple[str, float] | None:
        """The entity with the largest write-downs and the amount (per year)."""
        if self.outcome is None:
            return None
        import numpy as np

        i = int(np.argmax(self.outcome.writedowns[0]))
        return self.outcome.ids[i], float(self.outcome.writedowns[0, i])

    def summary(self) -> str:
        if self.lab is None:
            return f"{self.ledger}: no lab with commitments of known size"
        name, usd = self.largest_writedown()
        return (f"{self.ledger}: {self.lab} revenue {self.shortfall:.0%} short of plan; "
                f"largest write-down {name} ${usd / 1e9:.1f}B per year")


def lead_lab_scenario(ledger: Ledger, shortfall: float = LEAD_LAB_SHORTFALL) -> LeadLabScenario:
    """The lead lab of ``ledger`` with its revenue ``shortfall`` short of plan, cleared once."""
    from ..stress import build_network, parse_shocks, run_cascade

    net = build_network(ledger)
    lab = lead_lab(net)
    out = run_cascade(net, parse_shocks(net, {lab: shortfall})) if lab else None
    return LeadLabScenario(ledger.name, net, tuple(shockable_labs(net)), lab, shortfall, out)


#: The report's Monte Carlo around the lead-lab scenario: every shockable lab short by a
#: Beta-distributed share with this mean, concentration and copula correlation.
MC_MEAN, MC_KAPPA, MC_RHO, MC_SEED = 0.3, 8.0, 0.5, 0


def lead_lab_sweep(scenario: LeadLabScenario, grid=None):
    """Write-downs as the lead lab's shortfall runs over ``grid`` (0–90% by default):
    ``(grid, CascadeOutcome)`` with one scenario per grid point."""
    import numpy as np

    from ..stress import run_cascade

    net = scenario.net
    grid = np.linspace(0, 0.9, 10) if grid is None else np.asarray(grid, float)
    X = np.zeros((grid.size, len(net.ids)))
    X[:, net.index[scenario.lab]] = grid
    return grid, run_cascade(net, X)


def lead_lab_monte_carlo(scenario: LeadLabScenario, n_scenarios: int | None = None):
    """Correlated shortfalls of every shockable lab (:data:`MC_MEAN`, :data:`MC_KAPPA`,
    :data:`MC_RHO`, seed :data:`MC_SEED`); 5,000 scenarios, 500 for ledgers above 200
    entities."""
    from ..stress import ShockSpec, simulate

    net = scenario.net
    n = n_scenarios or (5000 if len(net.ids) <= 200 else 500)
    return simulate(net, ShockSpec({k: MC_MEAN for k in scenario.labs}, kappa=MC_KAPPA,
                                   rho=MC_RHO), n_scenarios=n, seed=MC_SEED)
