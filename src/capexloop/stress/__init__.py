"""Stress engine: clearing and contagion models, the yearly balance-sheet simulation, Monte
Carlo and the telecom backtest.

Names are imported on first use (PEP 562), so ``capexloop clear`` does not pay for the Monte
Carlo and backtest modules (scipy.stats, pandas) it never touches.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

_WHERE = {
    "TelecomBacktest": "telecom", "telecom_backtest": "telecom",
    "LossParameters": "calibration", "lucent_parameters": "calibration",
    "LossRates": "lossrates", "default_loss_rates": "lossrates",
    "BalanceSheets": "balance", "balance_sheets": "balance",
    "Simulation": "simulation", "prepare": "simulation", "simulate_years": "simulation",
    "MonteCarloStress": "montecarlo", "monte_carlo": "montecarlo",
    "ClearingResult": "clearing", "eisenberg_noe": "clearing", "rogers_veraart": "clearing",
    "CascadeResult": "contagion", "debtrank": "contagion", "furfine": "contagion",
    "linear_debtrank": "contagion",
    "ShockSpec": "scenarios",
}
__all__ = [
    "BalanceSheets", "CascadeResult", "ClearingResult", "LossParameters", "LossRates",
    "MonteCarloStress", "ShockSpec", "Simulation", "TelecomBacktest", "balance_sheets",
    "debtrank", "default_loss_rates", "eisenberg_noe", "furfine", "linear_debtrank",
    "lucent_parameters", "monte_carlo", "prepare", "rogers_veraart", "simulate_years",
    "telecom_backtest",
]

if TYPE_CHECKING:  # pragma: no cover
    from .balance import BalanceSheets, balance_sheets
    from .calibration import LossParameters, lucent_parameters
    from .clearing import ClearingResult, eisenberg_noe, rogers_veraart
    from .contagion import CascadeResult, debtrank, furfine, linear_debtrank
    from .lossrates import LossRates, default_loss_rates
    from .montecarlo import MonteCarloStress, monte_carlo
    from .scenarios import ShockSpec
    from .simulation import Simulation, prepare, simulate_years
    from .telecom import TelecomBacktest, telecom_backtest


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        value = getattr(importlib.import_module(f".{_WHERE[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_WHERE))
