"""Bubble detection: Phillips–Shi–Yu SADF/GSADF/BSADF, critical values and date-stamping."""

from .critical_values import mc_critical_values, wild_bootstrap_cv, with_critical_values
from .datestamp import datestamp, episode_records, min_duration
from .psy import PSYResult, default_min_window, psy
from .series import SERIES, load_series, nasdaq, read_price_csv, sp500_arrays, sp500_pd

__all__ = [
    "SERIES", "PSYResult", "datestamp", "default_min_window", "episode_records", "load_series",
    "mc_critical_values", "min_duration", "nasdaq", "psy", "read_price_csv", "sp500_arrays",
    "sp500_pd", "wild_bootstrap_cv", "with_critical_values",
]
