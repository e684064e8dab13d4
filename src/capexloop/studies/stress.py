"""The stress study: the yearly simulation of a ledger under a shock, its Monte Carlo, and the
telecom backtest where the ledger holds Lucent's figures — computed once here and shown by the
command line, the report and the dashboard."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .._results import ResultMixin
from ..errors import CapexloopError
from ..ledger.model import Ledger

__all__ = ["DEFAULT_SCOPE", "LEAD_LAB_SHORTFALL", "LeadLabScenario", "StressRun",
           "backtest_if_available", "default_start", "lead_lab", "lead_lab_scenario",
           "parse_assume", "parse_rates", "reference_backtest", "reference_loss_rates",
           "shockable_labs", "stress_run"]

DEFAULT_SCOPE = "binding"


@dataclass(frozen=True)
class StressRun(ResultMixin):
    """One shocked simulation (always), a Monte Carlo (``scenarios > 0``) and a backtest."""

    ledger: str
    simulation: Any                       # capexloop.stress.simulation.Simulation
    monte_carlo: Any = field(default=None)   # MonteCarloStress | None
    backtest: Any = field(default=None)      # TelecomBacktest | None
    as_of: dt.date | None = None            # the day the ledger was read as of; None: as filed

    @property
    def headline(self) -> str:
        """Scope, horizon and key assumptions in one line, the as-of date included
        (:func:`capexloop.stress.simulation.assumptions_line`)."""
        return self.simulation.headline

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"ledger": self.ledger,
                               "as_of": self.as_of.isoformat() if self.as_of else None,
                               "headline": self.headline,
                               "simulation": self.simulation.to_dict()}
        if self.monte_carlo is not None:
            out["monte_carlo"] = self.monte_carlo.to_dict()
        if self.backtest is not None:
            out["backtest"] = self.backtest.to_dict()
        return out

    def summary(self) -> str:
        parts = ([f"Ledger {self.ledger} as of {self.as_of}: deals announced and observations "
                  "filed by then"] if self.as_of else []) + [self.simulation.summary()]
        if self.monte_carlo is not None:
            parts.append(self.monte_carlo.summary())
        if self.backtest is not None:
            parts.append(self.backtest.summary())
        return "\n\n".join(parts)


def backtest_if_available(ledger: Ledger):
    """The telecom backtest when ``ledger`` holds the Lucent and CLEC figures it needs, else
    ``None`` (decided by the data, not by the ledger's name)."""
    from ..stress.telecom import telecom_backtest

    try:
        return telecom_backtest(ledger)
    except (KeyError, StopIteration):
        return None


def reference_backtest():
    """The telecom backtest on the reference dataset ``telecom2000`` (Lucent, FY1999)."""
    from ..stress.telecom import telecom_backtest
    from .reference import telecom_reference

    return telecom_backtest(telecom_reference())


def reference_loss_rates():
    """The default loss rates, calibrated on Lucent's lines in the reference dataset
    ``telecom2000`` (each rate's source names its seed fact)."""
    from ..stress.lossrates import default_loss_rates
    from .reference import telecom_reference

    return default_loss_rates(reference=telecom_reference())


def default_start(ledger: Ledger) -> int:
    """2025, or the year after the latest announcement for a historical ledger (before 2010)."""
    years = [d.announced.begin.year for d in ledger.deals
             if d.announced is not None and d.announced.begin is not None]
    if years and max(years) < 2010:
        return max(years) + 1
    return 2025


def parse_assume(items: Sequence[str] | Mapping[str, float]) -> dict[str, float]:
    """``['openai.cash_and_securities=30B']`` → ``{'openai.cash_and_securities': 3e10}``."""
    from ..ledger.quantities import parse_number

    if isinstance(items, Mapping):
        return {k: float(v) for k, v in items.items()}
    out = {}
    for item in items:
        k, sep, v = item.partition("=")
        try:
            if not sep or "." not in k:
                raise ValueError
            out[k.strip()] = (-parse_number(v.strip()[1:]) if v.strip().startswith("-")
                              else parse_number(v))
        except ValueError:
            raise CapexloopError(f"--assume {item!r} must look like ENTITY.ITEM=NUMBER "
                                 "(e.g. openai.cash_and_securities=30B)",
                                 field="--assume") from None
    return out


def parse_rates(items: Sequence[str] | Mapping[str, Any]) -> dict[str, Any]:
    """``['loan=0.5', 'stranded_capex=0.2..0.6']`` → numbers or (low, high) ranges."""
    if isinstance(items, Mapping):
        return dict(items)
    out: dict[str, Any] = {}
    for item in items:
        k, sep, v = item.partition("=")
        try:
            if not sep:
                raise ValueError
            lo, dots, hi = v.partition("..")
            out[k.strip()] = (float(lo), float(hi)) if dots else float(v)
        except ValueError:
            raise CapexloopError(f"--param {item!r} must look like NAME=NUMBER or "
                                 "NAME=LOW..HIGH", field="--param") from None
    return out


def stress_run(ledger: Ledger, *, shocks: Sequence[str] | Mapping[str, float] = (),
               scenarios: int = 0, backend: str = "numpy", scheduler: str | None = None,
               seed: int = 0, rho: float = 0.5, term_years: float = 5.0,
               params: Sequence[str] | Mapping[str, Any] = (),
               scope: str = DEFAULT_SCOPE, start: int | None = None,
               horizon: int | None = None,
               assume: Sequence[str] | Mapping[str, float] = (), clearing: str = "en",
               alpha: float = 1.0, beta: float = 1.0, progress: bool = False,
               facility_years: int | None = None) -> StressRun:
    """Shock labs' revenue against their plan (``['openai.revenue=-0.4']``) and simulate
    ``start..horizon`` year by year; with ``scenarios > 0`` also a Monte Carlo around those
    shocks (a 30% mean shortfall for every lab with a balance sheet when none is given)."""
    from ..stress.montecarlo import default_spec, monte_carlo
    from ..stress.options import parse_shock_specs
    from ..stress.scenarios import ShockSpec
    from ..stress.simulation import prepare, simulate_years

    spec = dict(shocks) if isinstance(shocks, Mapping) else parse_shock_specs(shocks)
    spec = {ledger.entity(k).id: v for k, v in spec.items()}
    start = default_start(ledger) if start is None else start
    horizon = start + 5 if horizon is None else horizon
    rates = reference_loss_rates()
    overrides = parse_rates(params)
    if overrides:
        rates = rates.override(**overrides)
    from ..ledger.contracts import DEFAULT_FACILITY_YEARS

    inp = prepare(ledger, scope=scope, start=start, horizon=horizon, rates=rates,
                  assume=parse_assume(assume), default_term=term_years,
                  facility_years=DEFAULT_FACILITY_YEARS if facility_years is None
                  else facility_years)
    sim = simulate_years(ledger, shocks=spec, clearing=clearing, alpha=alpha, beta=beta,
                         inputs=inp)
    mc = None
    if scenarios > 0:
        mspec = (ShockSpec(spec, rho=rho) if spec else default_spec(inp, rho=rho))
        mc = monte_carlo(inp, mspec, n_scenarios=scenarios, seed=seed, backend=backend,
                         scheduler=scheduler, clearing=clearing, alpha=alpha, beta=beta,
                         progress=progress)
    return StressRun(ledger.name, sim, mc, backtest_if_available(ledger), as_of=ledger.as_of)


#: The lead-lab scenario: the lab's revenue falls this far short of plan.
LEAD_LAB_SHORTFALL = 0.4


def shockable_labs(sim) -> list[str]:
    """Model providers with a balance sheet and payments due over the horizon (the labs a
    revenue shock can hit), in a :class:`~capexloop.stress.simulation.Simulation`."""
    inp, ey = sim.inputs, sim.entity_years
    due = ey[ey.due > 0].groupby("entity")["due"].sum()
    labs = [e for i, e in enumerate(inp.ids) if inp.layers[i] == "model_provider"
            and inp.balance.modelled[i] and e in due.index]
    return sorted(labs, key=lambda e: -due[e])


def lead_lab(sim) -> str | None:
    """The lab that owes the most over the horizon: the one place that picks it for the
    executive summary, the stress section and the dashboard."""
    labs = shockable_labs(sim)
    return labs[0] if labs else None


@dataclass(frozen=True)
class LeadLabScenario(ResultMixin):
    """The lead lab's revenue :data:`LEAD_LAB_SHORTFALL` below plan every year, simulated."""

    ledger: str
    labs: tuple[str, ...]
    lab: str | None
    shortfall: float
    run: StressRun

    @property
    def headline(self) -> str:
        return self.run.headline

    def to_dict(self) -> dict[str, Any]:
        return {"ledger": self.ledger, "labs": list(self.labs), "lab": self.lab,
                "shortfall": self.shortfall, "run": self.run.to_dict()}

    def largest_loss(self) -> tuple[str, float] | None:
        """The counterparty with the largest losses over the horizon and the amount."""
        tot = self.run.simulation.total_losses()
        if self.lab is None or tot.empty or tot.iloc[0] <= 0:
            return None
        return str(tot.index[0]), float(tot.iloc[0])

    def summary(self) -> str:
        if self.lab is None:
            return f"{self.ledger}: no lab with a balance sheet and payments due"
        big = self.largest_loss()
        most = f"; largest loss {big[0]} ${big[1] / 1e9:.1f}B" if big else "; no losses"
        return (f"{self.ledger}: {self.lab} revenue {self.shortfall:.0%} below plan{most} "
                f"({self.headline})")


def lead_lab_scenario(ledger: Ledger, shortfall: float = LEAD_LAB_SHORTFALL,
                      scenarios: int = 0) -> LeadLabScenario:
    """The lead lab of ``ledger`` with its revenue ``shortfall`` below plan, simulated over the
    default horizon and scope (and a Monte Carlo of ``scenarios`` draws around it)."""
    base = stress_run(ledger)
    labs = shockable_labs(base.simulation)
    lab = labs[0] if labs else None
    run = (stress_run(ledger, shocks={lab: shortfall}, scenarios=scenarios) if lab
           else base)
    return LeadLabScenario(ledger.name, tuple(labs), lab, shortfall, run)
