"""Break-even and lab-roadmap studies: what AI must earn, and what the labs plan."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from .._results import ResultMixin
from ..errors import CapexloopError
from ..ledger.model import Ledger, Observation

__all__ = ["SCALE_METRICS", "BreakEvenRun", "RoadmapStudy", "breakeven_run", "industry_revenue",
           "parse_range", "roadmap_study"]


def parse_range(text: str | float | Sequence[float], name: str) -> list[float]:
    """``'0.3..0.6'`` → [0.3, 0.6]; ``'0.3'`` → [0.3]; numbers pass through.

    >>> parse_range("0.3..0.6", "--margin")
    [0.3, 0.6]
    """
    if not isinstance(text, str):
        return [float(x) for x in (text if isinstance(text, Sequence) else [text])]
    parts = text.split("..") if ".." in text else [text]
    try:
        return [float(p) for p in parts]
    except ValueError:
        raise CapexloopError(f"{name} {text!r} must be a number or LOW..HIGH", field=name) \
            from None


def _amount(text: str | float, name: str) -> float:
    from ..ledger.quantities import parse_number

    if not isinstance(text, str):
        return float(text)
    try:
        return parse_number(text)
    except ValueError as err:
        raise CapexloopError(str(err), field=name) from None


@dataclass(frozen=True)
class BreakEvenRun(ResultMixin):
    """Break-even EBITDA and revenue, the tornado, and the seed's claims beside them."""

    breakeven: Any  # economics.BreakEven
    tornado: pd.DataFrame
    seed_claims: tuple  # SeedCheck F2, F3, F5

    def to_dict(self) -> dict[str, Any]:
        b = self.breakeven
        return {
            "capex": b.capex, "depreciation_usd": b.depreciation_usd,
            "pretax_profit": b.pretax_profit, "ebitda": b.ebitda,
            "margins": b.margins.tolist(), "revenue": b.revenue.tolist(),
            "per_user": {f"{u:g}": (b.revenue / u).tolist() for u in b.users},
            "tornado": self.tornado.to_dict(orient="records"),
            "seed_claims": [{"id": c.id, "what": c.what, "claimed": [c.claimed.low,
                             c.claimed.high], "computed_from_seed_inputs": [c.computed.low,
                             c.computed.high]} for c in self.seed_claims]}

    def claim_lines(self) -> list[str]:
        return [f"seed:{c.id} {c.what}: claimed {c.claimed}, computed {c.computed} "
                f"({'agrees' if c.agrees else 'differs'})" for c in self.seed_claims]

    def summary(self) -> str:
        return "\n".join([self.breakeven.summary(), *self.claim_lines()])


def seed_breakeven_claims() -> tuple:
    """The seed's break-even CHECKs (F2, F3, F5), recomputed from their stated inputs."""
    from ..audit import seed_checks
    from .reference import ai_reference, telecom_reference

    return tuple(c for c in seed_checks(ai_reference(), telecom_reference())
                 if c.id in ("F2", "F3", "F5"))


def breakeven_run(capex: str | float | None = None, depreciation: float | None = None,
                  roe: float | None = None, tax: float | None = None,
                  margin: str | Sequence[float] | None = None,
                  users: Sequence[str | float] = (), *, ledger: Ledger | None = None
                  ) -> BreakEvenRun:
    """Break-even arithmetic from user spellings (``'3T'``, ``'0.3..0.6'``, ``'1e9'``); an
    input not given is the parameter stored in ``ledger`` (:func:`breakeven_inputs`: seed F1's
    $3T, 30%, 30%, 25% and margins 30–60% in the reference ai2025)."""
    from ..economics import breakeven, tornado

    inp = breakeven_inputs(ledger)
    k = inp.capex if capex is None else _amount(capex, "--capex")
    us = [_amount(u, "--users") for u in users]
    margins = (sorted(inp.margins) if margin is None else parse_range(margin, "--margin"))
    b = breakeven(k, inp.depreciation if depreciation is None else depreciation,
                  inp.roe if roe is None else roe, inp.tax if tax is None else tax, margins,
                  users=us)
    return BreakEvenRun(b, tornado(b), seed_breakeven_claims())


@dataclass(frozen=True)
class RoadmapStudy(ResultMixin):
    """Lab roadmaps, revenue paths (required and planned growth), power and the analogy table."""

    horizon: int
    labs: pd.DataFrame
    power: dict[str, Any]
    revenue_paths: dict[str, dict[str, dict[int, float]]]
    analogy: pd.DataFrame
    ledger: str = ""
    as_of: dt.date | None = None          # the day the ledger was read as of; None: as filed

    def to_dict(self) -> dict[str, Any]:
        return {"ledger": self.ledger, "as_of": self.as_of.isoformat() if self.as_of else None,
                "labs": self.labs.to_dict(orient="records"), "power": self.power,
                "revenue_paths": self.revenue_paths,
                "analogy": self.analogy.to_dict(orient="records")}

    def summary(self) -> str:
        return (f"lab roadmaps (commitments paid over {self.horizon} years)\n"
                + self.labs.to_string(index=False))


def roadmap_study(ledger: Ledger, *, horizon: int = 5) -> RoadmapStudy:
    """Roadmaps of ``ledger``'s model providers and each lab's revenue path at the growth it
    needs and the growth it plans (labs with a revenue and a growth figure), beside the
    telecom-vs-AI table of the reference datasets (telecom2000, ai2025)."""
    from ..economics import analogy_table, lab_roadmaps, power_context, revenue_path
    from .reference import ai_reference, telecom_reference

    df = lab_roadmaps(ledger, horizon=horizon)
    paths = {r.lab: {"required": revenue_path(r.revenue, r.required_growth, horizon,
                                              int(r.revenue_from)).to_dict(),
                     "planned": revenue_path(r.revenue, r.planned_growth, horizon,
                                             int(r.revenue_from)).to_dict()}
             for r in df.itertuples() if r.revenue == r.revenue and r.required_growth ==
             r.required_growth}
    return RoadmapStudy(horizon, df, power_context(ledger), paths,
                        analogy_table(telecom_reference(), ai_reference()), ledger.name,
                        ledger.as_of)


#: Ledger parameters holding the break-even inputs (seed F1), and their fallbacks.
BREAKEVEN_PARAMETERS = {"capex": "ai_total_investment", "depreciation": "gpu_depreciation_rate",
                        "roe": "required_roe", "tax": "corporate_tax_rate",
                        "margin_high": "ebitda_margin_nvidia", "margin_low": "ebitda_margin_cloud"}


@dataclass(frozen=True)
class BreakEvenInputs:
    """Capex, depreciation, ROE, tax and the margin range, and where they come from."""

    capex: float
    depreciation: float
    roe: float
    tax: float
    margins: tuple[float, float]  # (high, low): revenue needed (low, high)
    sources: tuple[str, ...]
    ledger: str  # the ledger whose parameters these are

    def to_dict(self) -> dict[str, Any]:
        return {"capex": self.capex, "depreciation": self.depreciation, "roe": self.roe,
                "tax": self.tax, "margins": list(self.margins), "sources": list(self.sources),
                "ledger": self.ledger}


def breakeven_inputs(ledger: Ledger | None = None) -> BreakEvenInputs:
    """The break-even inputs stored as parameters of ``ledger``; a ledger without all of them
    falls back to the reference ``ai2025`` parameters (``ledger`` of the result says which)."""
    from .reference import ai_reference

    def complete(led: Ledger) -> bool:
        ids = {p.id for p in led.parameters}
        return all(v in ids for v in BREAKEVEN_PARAMETERS.values())

    led = ledger if ledger is not None and complete(ledger) else ai_reference()
    p = {k: led.parameter(v) for k, v in BREAKEVEN_PARAMETERS.items()}
    srcs = sorted({s for q in p.values() for s in q.sources})
    return BreakEvenInputs(p["capex"].value, p["depreciation"].value, p["roe"].value,
                           p["tax"].value, (p["margin_high"].value, p["margin_low"].value),
                           tuple(srcs), led.name)


#: Industries whose 2024 revenue the break-even is set beside, for scale (``world`` series).
SCALE_METRICS = ("automotive_revenue", "advertising_revenue", "mobile_phone_revenue")


def industry_revenue(ledger: Ledger) -> tuple[str, list[Observation]]:
    """The ``world`` revenue observations of :data:`SCALE_METRICS` in ``ledger``, or those of
    the reference ``ai2025`` when it holds none; the name returned says whose they are."""
    from .reference import ai_reference

    def rows(led: Ledger) -> list[Observation]:
        return [o for m in SCALE_METRICS for o in led.series("world", m)]

    own = rows(ledger)
    if own:
        return ledger.name, own
    ref = ai_reference()
    return ref.name, rows(ref)


def reference_breakeven(ledger: Ledger | None = None, users=()):
    """Break-even at the stored inputs (:func:`breakeven_inputs`) for the report, summary and
    dashboard."""
    from ..economics import breakeven

    i = breakeven_inputs(ledger)
    return breakeven(i.capex, i.depreciation, i.roe, i.tax, list(i.margins), users=users)
