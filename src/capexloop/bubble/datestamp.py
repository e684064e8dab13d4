"""Date-stamp bubble episodes from a BSADF sequence (Phillips, Shi & Yu 2015).

An episode starts at the first date where BSADF exceeds its critical value and ends at the
last date before it falls back below; episodes shorter than the minimum duration
``⌊δ·log T⌉`` observations (δ = 1 by default) are dropped. Each episode reports its peak (the
highest value of the series inside it) and a *collapse* flag: the series fell by at least
``crash_drop`` from the peak within ``crash_horizon`` observations after it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from ..errors import CapexloopError
from .psy import PSYResult

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["COLUMNS", "datestamp", "episode_records", "min_duration"]

#: the fields of an episode, in the order of :func:`datestamp`'s columns
COLUMNS = ("start", "peak", "end", "duration", "ongoing", "peak_value", "max_bsadf",
           "drawdown_after_peak", "collapse")


def min_duration(T: int, delta: float = 1.0) -> int:
    """PSY's minimum duration ``round(δ·log T)`` (as exuber's ``psy_ds``)."""
    return int(np.round(delta * np.log(T)))


def episode_records(res: PSYResult, *, level: float = 0.95, delta: float = 1.0,
                    min_length: int | None = None, crash_drop: float = 0.2,
                    crash_horizon: int | None = None) -> list[dict[str, Any]]:
    """Episodes as records (one dict per episode, keys :data:`COLUMNS`; dates are the
    result's ``index`` values): what :func:`datestamp` tabulates, without pandas."""
    if level not in res.cv_sequence:
        raise CapexloopError(f"no {level:.0%} critical values attached; use "
                             "with_critical_values first", field="level")
    over = res.bsadf > res.cv_sequence[level]
    dates = res.dates
    y = res.y[res.first:res.first + res.bsadf.size]
    full_y = res.y
    L = min_length if min_length is not None else min_duration(res.nobs, delta)
    horizon = crash_horizon or max(L, 12)
    rows = []
    i, n = 0, over.size
    while i < n:
        if not over[i]:
            i += 1
            continue
        j = i
        while j + 1 < n and over[j + 1]:
            j += 1
        if j - i + 1 >= L:
            k = i + int(np.argmax(y[i:j + 1]))
            peak_pos = res.first + k
            after = full_y[peak_pos:peak_pos + horizon + 1]
            drawdown = float(after.min() / full_y[peak_pos] - 1) if full_y[peak_pos] > 0 else \
                float("nan")
            rows.append({"start": dates[i], "peak": dates[k], "end": dates[j],
                         "duration": j - i + 1, "ongoing": j == n - 1,
                         "peak_value": float(y[k]), "max_bsadf": float(res.bsadf[i:j + 1].max()),
                         "drawdown_after_peak": drawdown,
                         "collapse": bool(drawdown <= -crash_drop)})
        i = j + 1
    return rows


def datestamp(res: PSYResult, *, level: float = 0.95, delta: float = 1.0,
              min_length: int | None = None, crash_drop: float = 0.2,
              crash_horizon: int | None = None) -> pd.DataFrame:
    """Episodes as a table: start, peak, end, duration, ongoing, peak value, drawdown, collapse."""
    import pandas as pd

    return pd.DataFrame(episode_records(res, level=level, delta=delta, min_length=min_length,
                                        crash_drop=crash_drop, crash_horizon=crash_horizon),
                        columns=list(COLUMNS))
