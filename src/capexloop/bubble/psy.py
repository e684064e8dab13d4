"""Right-tailed unit-root tests for bubbles: SADF, GSADF and the BSADF sequence.

ADF regression over a window, ``Δy_t = α + ρ y_{t−1} + Σ_{j≤k} ψ_j Δy_{t−j} + ε_t``; the test
statistic is the t-ratio of ρ. SADF (Phillips, Wu & Yu 2011) is the sup over windows that start
at the first observation; BSADF(r₂) the sup over all starts of windows ending at r₂; GSADF
(Phillips, Shi & Yu 2015) the sup of BSADF. H₀: a unit root (random walk with asymptotically
negligible drift); H₁: mildly explosive episodes. Default minimum window
``r₀ = 0.01 + 1.8/√T`` (PSY 2015).

Two window conventions, as in the two R packages:

* ``"exuber"`` (default): the regression rows are built once on the whole series and the minimum
  window counts *regression rows*; lags are fixed. Reproduces exuber / pyexuber.
* ``"psymonitor"``: the window counts *observations of y* and lagged differences are rebuilt
  inside each window; the lag can be chosen per window by AIC or BIC (psymonitor's ``ADF_IC``,
  including its information criterion ``log 2π + SSR/t + penalty·p/t`` and its variance
  denominators). Reproduces psymonitor.

All windows are computed from cumulative normal equations, O(1) each. Up to
``SERIES_NUMPY_MAX_ROWS`` rows for one series (``CLOSED_FORM_MAX_ROWS`` in Monte Carlo
batches) they run in numpy: without lagged differences (the default) in closed form over blocks
of end points, with lags or an information criterion one window length at a time
(:mod:`capexloop.bubble._windows`); longer series use the compiled (numba) kernels, imported
and compiled only then. Both give the same numbers (tests/bubble).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

import numpy as np

from .._results import ResultMixin
from ..errors import CapexloopError

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["PSYResult", "default_min_window", "psy"]

Convention = Literal["exuber", "psymonitor"]
#: fewer observations leave too few windows for a meaningful supremum
MIN_OBS = 20
#: Up to this many regression rows (observations for the psymonitor convention) the windows
#: run in numpy, with no compiled code: numba's import and first compilation (1–6 s after
#: install) cost more than numpy needs for T = 2,000; longer series use the compiled kernels.
#: Both give the same numbers (tests/bubble).
CLOSED_FORM_MAX_ROWS = 2000
#: One series (not a Monte Carlo batch) runs in numpy up to this many rows: there numpy takes
#: about what the kernels take once compiled (2 cores, one thread: T = 10,000 lag 0 0.92 vs
#: 0.67 s, lag 1 2.3 vs 4.4 s; psymonitor BIC T = 6,000 4.2 vs 5.3 s; bit-identical), while
#: the kernels' import and compilation cost ~3 s on first use.
SERIES_NUMPY_MAX_ROWS = 20_000


def default_min_window(n: int) -> int:
    """PSY (2015) rule ``⌊(0.01 + 1.8/√n)·n⌋`` (as exuber's ``psy_minw``)."""
    return int(np.floor((0.01 + 1.8 / np.sqrt(n)) * n))


def _validate(y, log: bool) -> np.ndarray:
    a = np.asarray(y, dtype=float).ravel()
    if a.size == 0:
        raise CapexloopError("series is empty", field="series")
    if not np.all(np.isfinite(a)):
        raise CapexloopError("series contains NaN or infinite values", field="series")
    if log:
        if (a <= 0).any():
            raise CapexloopError("log requested but the series has zero or negative values",
                                 field="series")
        a = np.log(a)
    if np.ptp(a) == 0:
        raise CapexloopError("series is constant: the ADF regression is singular",
                             field="series")
    return a


def _design_exuber(y: np.ndarray, lag: int) -> np.ndarray:
    """Rows (y_t, 1, y_{t−1}, Δy_{t−1}, …, Δy_{t−lag}) for t = lag+1 … T−1."""
    dy = np.diff(y)
    T = y.size
    rows = np.arange(lag + 1, T)
    cols = [y[rows], np.ones(rows.size), y[rows - 1]]
    cols += [dy[rows - 1 - j] for j in range(1, lag + 1)]
    return np.column_stack(cols)


def _design_psymonitor(y: np.ndarray, kmax: int) -> np.ndarray:
    """Row t (0 … T−1) = (Δy_t, y_{t−1}, 1, Δy_{t−1}, …, Δy_{t−kmax}); row 0 and missing lags 0."""
    T = y.size
    Z = np.zeros((T, 3 + kmax))
    dy = np.zeros(T)
    dy[1:] = np.diff(y)
    Z[1:, 0] = dy[1:]
    Z[1:, 1] = y[:-1]
    Z[1:, 2] = 1.0
    for j in range(1, kmax + 1):
        Z[j + 1:, 2 + j] = dy[1:T - j]
    return Z


def _cumsum_outer(Z: np.ndarray) -> np.ndarray:
    S = np.zeros((Z.shape[0] + 1, Z.shape[1], Z.shape[1]))
    np.cumsum(Z[:, :, None] * Z[:, None, :], axis=0, out=S[1:])
    return S


def prefix_sums(a: np.ndarray, lag: int, convention: str) -> np.ndarray:
    """Prefix sums of the regression rows of ``a`` (see :func:`_cumsum_outer`). t-ratios are
    invariant to location and scale: the exuber convention standardises the series; the
    psymonitor one only centres it (its information criterion uses unscaled residuals)."""
    if convention == "exuber":
        return _cumsum_outer(_design_exuber((a - a.mean()) / a.std(), lag))
    return _cumsum_outer(_design_psymonitor(a - a.mean(), lag))


@dataclass(frozen=True)
class PSYResult(ResultMixin):
    """SADF/GSADF statistics, the BADF and BSADF sequences, and the settings behind them.

    ``bsadf[i]`` belongs to observation ``index[first + i]``; ``index`` is a numpy array (dates
    as ``datetime64``, else positions), so a result needs no pandas until :meth:`to_frame`.
    Critical values are attached by :func:`capexloop.bubble.critical_values` (``with_cv``).
    """

    sadf: float
    gsadf: float
    adf: float
    badf: np.ndarray
    bsadf: np.ndarray
    bsadf_start: np.ndarray
    lags: np.ndarray
    min_window: int
    lag: int
    ic: str
    convention: str
    nobs: int
    first: int
    index: np.ndarray = field(repr=False)
    y: np.ndarray = field(repr=False)
    critical_values: dict = field(default_factory=dict)
    cv_sequence: dict = field(default_factory=dict, repr=False)
    cv_method: str = ""

    @property
    def stat(self) -> float:
        return self.gsadf

    @property
    def dates(self) -> np.ndarray:
        """The observation (date or position) of each BSADF value."""
        return self.index[self.first:self.first + self.bsadf.size]

    def with_cv(self, critical_values: dict, cv_sequence: dict, method: str) -> PSYResult:
        from dataclasses import replace

        return replace(self, critical_values=critical_values, cv_sequence=cv_sequence,
                       cv_method=method)

    def to_frame(self) -> pd.DataFrame:
        import pandas as pd

        df = pd.DataFrame({"y": self.y[self.first:self.first + self.bsadf.size],
                           "badf": self.badf, "bsadf": self.bsadf,
                           "window_start": self.index[self.bsadf_start]}, index=self.dates)
        for lvl, seq in self.cv_sequence.items():
            df[f"cv{round(lvl * 100)}"] = seq
        return df

    def summary(self) -> str:
        lines = ["Phillips–Shi–Yu right-tailed ADF tests",
                 f"observations {self.nobs}, minimum window {self.min_window} "
                 f"({'regression rows' if self.convention == 'exuber' else 'observations'}, "
                 f"{self.convention} convention), lags "
                 + (f"{self.ic.upper()} ≤ {self.lag}" if self.ic != "fixed" else str(self.lag)),
                 "H0: unit root (random walk); H1: explosive episodes (right tail)",
                 f"{'':8}{'stat':>10}" + "".join(f"{int(k * 100)}%".rjust(9)
                                                 for k in sorted(self.critical_values)),
                 ]
        if self.index.dtype.kind == "M" and len(self.index):
            d = np.datetime_as_string(self.index[[0, -1, self.first]], unit="D")
            lines.insert(1, f"sample {d[0]} .. {d[1]}; first testable date (BSADF) {d[2]}")
        for name, val in (("ADF", self.adf), ("SADF", self.sadf), ("GSADF", self.gsadf)):
            cvs = "".join(_cv_cell(self.critical_values[k].get(name.lower(), np.nan))
                          for k in sorted(self.critical_values))
            lines.append(f"{name:8}{val:10.4f}{cvs}")
        if self.cv_method:
            lines.append(f"critical values: {self.cv_method}")
        return "\n".join(lines)

    __str__ = summary

    def plot(self, level: float = 0.95, ax=None):
        """BSADF against its critical-value sequence, episodes shaded, series on a second axis."""
        import matplotlib.pyplot as plt

        from .datestamp import datestamp

        ax = ax or plt.subplots(figsize=(10, 4))[1]
        d = self.dates
        ax.plot(d, self.bsadf, label="BSADF", color="#1565c0")
        if level in self.cv_sequence:
            ax.plot(d, self.cv_sequence[level], label=f"{int(level * 100)}% critical value",
                    color="#c62828", linestyle="--")
            for ep in datestamp(self, level=level).itertuples():
                ax.axvspan(ep.start, ep.end, color="#c62828", alpha=0.15)
        ax2 = ax.twinx()
        ax2.plot(d, self.y[self.first:self.first + self.bsadf.size], color="#5a6070", lw=0.8)
        ax.legend(loc="upper left")
        return ax

    def to_dict(self) -> dict:
        return {"nobs": self.nobs, "min_window": self.min_window, "convention": self.convention,
                "lag": self.lag, "ic": self.ic, "adf": self.adf, "sadf": self.sadf,
                "gsadf": self.gsadf,
                "critical_values": {str(k): v for k, v in self.critical_values.items()},
                "cv_method": self.cv_method}


def psy(y, *, min_window: int | None = None, lag: int = 0,
        ic: Literal["fixed", "aic", "bic"] = "fixed", convention: Convention | None = None,
        log: bool = False, index=None, numpy_max_rows: int = SERIES_NUMPY_MAX_ROWS
        ) -> PSYResult:
    """SADF, GSADF and the BSADF sequence of ``y``.

    Parameters
    ----------
    y : series (array, list or pandas Series; a Series' index gives the dates)
    min_window : smallest window; default ``⌊(0.01 + 1.8/√T)·T⌋``
    lag : fixed lag, or the largest lag when ``ic`` is ``"aic"``/``"bic"``
    ic : ``"fixed"`` or per-window lag choice by ``"aic"``/``"bic"`` (psymonitor convention)
    convention : ``"exuber"`` (default for fixed lags) or ``"psymonitor"`` (required for ic)
    log : take logs first (the series must be positive)
    numpy_max_rows : longer series run in the compiled kernels (compiled on first use; same
        numbers): repeated calls on long series, as in a Monte Carlo loop, repay it

    >>> rng = np.random.default_rng(0)
    >>> r = psy(np.cumsum(rng.standard_normal(200)))
    >>> bool(r.sadf <= r.gsadf), bool(np.isclose(r.gsadf, r.bsadf.max()))
    (True, True)
    """
    pd = sys.modules.get("pandas")     # a pandas Series can only come with pandas loaded
    if pd is not None and isinstance(y, pd.Series):
        index = y.index if index is None else index
    a = _validate(y, log)
    T = a.size
    index = np.arange(T) if index is None else np.asarray(index)
    if len(index) != T:
        raise CapexloopError("index length does not match the series", field="index")
    if lag < 0:
        raise CapexloopError("lag must be >= 0", field="lag")
    if ic not in ("fixed", "aic", "bic"):
        raise CapexloopError("ic must be fixed, aic or bic", field="ic")
    convention = convention or ("exuber" if ic == "fixed" else "psymonitor")
    if ic != "fixed" and convention != "psymonitor":
        raise CapexloopError("lag selection by information criterion follows psymonitor: use "
                             "convention='psymonitor'", field="ic")
    if T < MIN_OBS:
        raise CapexloopError(f"series too short: {T} observations; the tests need at least "
                             f"{MIN_OBS}", field="series")
    minw = default_min_window(T) if min_window is None else int(min_window)
    if convention == "exuber":
        nrows = T - 1 - lag
        if minw < lag + 3 or minw > nrows:
            raise CapexloopError(
                f"series too short: {T} observations give {nrows} regression rows, fewer than "
                f"the minimum window {minw} (needs at least {lag + 3} rows); supply at least "
                f"{minw + lag + 1} observations or a smaller --min-window", field="min_window")
        S = prefix_sums(a, lag, convention)
        p = 2 + lag
        if lag == 0 and nrows <= numpy_max_rows:
            from ._closed_form import windows_lag0

            badf, bsadf, arg = windows_lag0(S, minw)
        elif nrows <= numpy_max_rows:
            from ._windows import windows_fixed

            badf, bsadf, arg = windows_fixed(S, p, 1, minw, p)
        else:
            from . import _kernels

            badf, bsadf, arg = (_kernels.windows_fixed2(S, 1, minw, p) if lag == 0 else
                                _kernels.windows_fixed(S, p, 1, minw, p))
        first = minw + lag           # observation index of the first BSADF
        lags = np.full(bsadf.size, lag)
        starts = arg + lag + 1 - 1   # regression row a ↔ its lagged level y_{a+lag}
    elif convention == "psymonitor":
        if minw < lag + 5 or minw > T:
            raise CapexloopError(
                f"series too short: {T} observations for a minimum window of {minw} "
                f"observations with up to {lag} lags (needs at least {lag + 5})",
                field="min_window")
        if numpy_max_rows >= T:
            from ._windows import windows_ic
        else:
            from ._kernels import windows_ic

        S = prefix_sums(a, lag, convention)
        badf, bsadf, arg, lags = windows_ic(S, T, minw, lag, 1 if ic == "aic" else 2,
                                            ic == "fixed")
        first = minw - 1
        starts = arg
    else:
        raise CapexloopError("convention must be exuber or psymonitor", field="convention")
    if not np.isfinite(bsadf).all():
        raise CapexloopError("a window regression is singular (constant stretch in the series?)",
                             field="series")
    return PSYResult(sadf=float(np.nanmax(badf)), gsadf=float(bsadf.max()), adf=float(badf[-1]),
                     badf=badf, bsadf=bsadf, bsadf_start=np.asarray(starts), lags=lags,
                     min_window=minw, lag=lag, ic=ic, convention=convention, nobs=T,
                     first=first, index=index, y=a)


def _cv_cell(v: float) -> str:
    """A critical value right-aligned in 9 characters, ``n/a`` when none was computed."""
    return f"{v:9.3f}" if v == v else f"{'n/a':>9}"
