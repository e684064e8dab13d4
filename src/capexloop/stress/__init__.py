"""Stress engine: clearing and contagion models, the commitment-shortfall cascade, Monte Carlo."""

from .backtest import BacktestResult, telecom_backtest
from .calibration import LossParameters, lucent_parameters
from .cascade import CascadeNetwork, CascadeOutcome, build_network, parse_shocks, run_cascade
from .clearing import ClearingResult, eisenberg_noe, rogers_veraart
from .contagion import CascadeResult, debtrank, furfine, linear_debtrank
from .scenarios import MonteCarloResult, ShockSpec, simulate

__all__ = [
    "BacktestResult", "CascadeNetwork", "CascadeOutcome", "CascadeResult", "ClearingResult",
    "LossParameters", "MonteCarloResult", "ShockSpec", "build_network", "debtrank",
    "eisenberg_noe", "furfine", "linear_debtrank", "lucent_parameters", "parse_shocks",
    "rogers_veraart", "run_cascade", "simulate", "telecom_backtest",
]
