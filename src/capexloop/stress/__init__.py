"""Stress engine: clearing and contagion models, the commitment-shortfall cascade, Monte Carlo.

Names are imported on first use (PEP 562), so ``capexloop clear`` does not pay for the Monte
Carlo and backtest modules (scipy.stats, pandas) it never touches.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

_WHERE = {
    "BacktestResult": "backtest", "telecom_backtest": "backtest",
    "LossParameters": "calibration", "lucent_parameters": "calibration",
    "CascadeNetwork": "cascade", "CascadeOutcome": "cascade", "build_network": "cascade",
    "parse_shocks": "cascade", "run_cascade": "cascade",
    "ClearingResult": "clearing", "eisenberg_noe": "clearing", "rogers_veraart": "clearing",
    "CascadeResult": "contagion", "debtrank": "contagion", "furfine": "contagion",
    "linear_debtrank": "contagion",
    "MonteCarloResult": "scenarios", "ShockSpec": "scenarios", "simulate": "scenarios",
}
__all__ = [
    "BacktestResult", "CascadeNetwork", "CascadeOutcome", "CascadeResult", "ClearingResult",
    "LossParameters", "MonteCarloResult", "ShockSpec", "build_network", "debtrank",
    "eisenberg_noe", "furfine", "linear_debtrank", "lucent_parameters", "parse_shocks",
    "rogers_veraart", "run_cascade", "simulate", "telecom_backtest",
]

if TYPE_CHECKING:  # pragma: no cover
    from .backtest import BacktestResult, telecom_backtest
    from .calibration import LossParameters, lucent_parameters
    from .cascade import CascadeNetwork, CascadeOutcome, build_network, parse_shocks, run_cascade
    from .clearing import ClearingResult, eisenberg_noe, rogers_veraart
    from .contagion import CascadeResult, debtrank, furfine, linear_debtrank
    from .scenarios import MonteCarloResult, ShockSpec, simulate


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        value = getattr(importlib.import_module(f".{_WHERE[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_WHERE))
