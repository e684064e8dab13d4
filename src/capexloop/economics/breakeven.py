"""What must AI earn? Break-even EBITDA and revenue for an installed capex base (seed §6).

With capex ``K``, depreciation rate ``d`` (GPUs: 30%/yr, seed F1), a required after-tax return
on equity ``r`` on the whole base and a tax rate ``τ``:

    depreciation  D = d·K
    pre-tax profit  P = r·K / (1 − τ)          (so that after tax r·K remains)
    EBITDA  = D + P = K·(d + r/(1 − τ))
    revenue  = EBITDA / margin                  (EBITDA margin m ∈ (0, 1])
    revenue per user = revenue / users

Seed F1–F3: K = $3T, d = r = 0.30, τ = 0.25 → EBITDA = 0.9T + 1.2T = $2.1T (the seed says ~$2T),
revenue at 60%..30% margin = $3.5T..$7T (the seed says $3.3–6T).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .._results import ResultMixin
from ..errors import CapexloopError

__all__ = ["BreakEven", "breakeven", "check_rate", "sensitivity", "tornado"]


def check_rate(value: float, name: str, *, allow_one: bool = True) -> float:
    """A rate as a fraction; 30 instead of 0.30 is refused with a hint."""
    v = float(value)
    if not np.isfinite(v):
        raise CapexloopError(f"{name} must be a finite number", field=name)
    if v > 1.0 or (v == 1.0 and not allow_one):
        hint = f" (did you mean {v / 100:g}? give rates as fractions)" if 1 < v <= 100 else ""
        raise CapexloopError(f"{name} = {v:g} is not a fraction{hint}", field=name)
    if v < 0:
        raise CapexloopError(f"{name} must not be negative", field=name)
    return v


@dataclass(frozen=True)
class BreakEven(ResultMixin):
    capex: float
    depreciation: float
    roe: float
    tax: float
    margins: np.ndarray
    users: tuple[float, ...] = ()
    comparators: dict[str, tuple[float, float]] = field(default_factory=dict)

    @property
    def depreciation_usd(self) -> float:
        return self.capex * self.depreciation

    @property
    def pretax_profit(self) -> float:
        return self.capex * self.roe / (1.0 - self.tax)

    @property
    def ebitda(self) -> float:
        return self.depreciation_usd + self.pretax_profit

    @property
    def revenue(self) -> np.ndarray:
        return self.ebitda / self.margins

    def per_user(self, users: float) -> np.ndarray:
        return self.revenue / users

    def to_frame(self) -> pd.DataFrame:
        df = pd.DataFrame({"margin": self.margins, "revenue": self.revenue})
        for u in self.users:
            df[f"per_user_{u:g}"] = self.revenue / u
        return df

    def summary(self) -> str:
        lines = [f"capex ${self.capex / 1e12:g}T, depreciation {self.depreciation:.0%}, "
                 f"ROE {self.roe:.0%}, tax {self.tax:.0%}",
                 f"depreciation ${self.depreciation_usd / 1e12:.3g}T + pre-tax profit "
                 f"${self.pretax_profit / 1e12:.3g}T = EBITDA ${self.ebitda / 1e12:.3g}T"]
        for m, r in zip(self.margins, self.revenue, strict=True):
            line = f"  margin {m:.0%}: revenue ${r / 1e12:.3g}T"
            for u in self.users:
                line += f", ${r / u:,.0f} per user ({u / 1e9:g}B users)"
            lines.append(line)
        return "\n".join(lines)

    __str__ = summary

    def to_dict(self) -> dict:
        return {"capex": self.capex, "depreciation": self.depreciation, "roe": self.roe,
                "tax": self.tax, "depreciation_usd": self.depreciation_usd,
                "pretax_profit": self.pretax_profit, "ebitda": self.ebitda,
                "margins": self.margins.tolist(), "revenue": self.revenue.tolist(),
                "users": list(self.users)}


def breakeven(capex: float, depreciation: float, roe: float, tax: float, margin,
              users=()) -> BreakEven:
    """Break-even EBITDA and revenue (see the module docstring for the formula).

    >>> b = breakeven(3e12, 0.30, 0.30, 0.25, [0.6, 0.3])
    >>> round(b.ebitda / 1e12, 6), [round(float(x) / 1e12, 6) for x in b.revenue]
    (2.1, [3.5, 7.0])
    """
    if not np.isfinite(capex) or capex <= 0:
        raise CapexloopError("capex must be a positive amount", field="capex")
    d = check_rate(depreciation, "depreciation")
    r = check_rate(roe, "roe")
    t = check_rate(tax, "tax", allow_one=False)
    ms = np.atleast_1d(np.asarray(margin, float))
    for m in ms:
        check_rate(m, "margin")
        if m <= 0:
            raise CapexloopError("margin must be above 0: at a zero EBITDA margin no revenue "
                                 "breaks even", field="margin")
    us = tuple(float(u) for u in np.atleast_1d(users)) if users is not None else ()
    if any(u <= 0 for u in us):
        raise CapexloopError("users must be positive", field="users")
    return BreakEven(float(capex), d, r, t, ms, us)


def sensitivity(base: BreakEven, *, margins=np.linspace(0.2, 0.7, 6),
                depreciation=np.linspace(0.15, 0.40, 6)) -> pd.DataFrame:
    """Required revenue over a grid of EBITDA margins (columns) × depreciation rates (rows)."""
    D, M = np.meshgrid(depreciation, margins, indexing="ij")
    rev = base.capex * (D + base.roe / (1 - base.tax)) / M
    return pd.DataFrame(rev, index=pd.Index(depreciation, name="depreciation"),
                        columns=pd.Index(margins, name="margin"))


def tornado(base: BreakEven, swing: float = 0.2, margin: float | None = None) -> pd.DataFrame:
    """Required revenue when each input moves ±``swing`` (relative), others at base."""
    m = float(margin if margin is not None else base.margins.mean())

    def rev(capex=base.capex, d=base.depreciation, r=base.roe, t=base.tax, mm=m):
        return capex * (d + r / (1 - t)) / mm

    center = rev()
    rows = []
    for name, kw in (("capex", "capex"), ("depreciation", "d"), ("roe", "r"), ("tax", "t"),
                     ("margin", "mm")):
        val = {"capex": base.capex, "d": base.depreciation, "r": base.roe, "t": base.tax,
               "mm": m}[kw]
        lo, hi = rev(**{kw: val * (1 - swing)}), rev(**{kw: min(val * (1 + swing), 0.999)
                                                            if kw in ("t",) else val * (1 + swing)})
        rows.append({"input": name, "low": min(lo, hi), "high": max(lo, hi), "base": center,
                     "range": abs(hi - lo)})
    return pd.DataFrame(rows).sort_values("range", ascending=False, ignore_index=True)
