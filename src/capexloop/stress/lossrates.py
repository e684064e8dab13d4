"""Loss rates per exposure type, each sourced or a stated, overridable assumption.

=====================  ==========================================================  =========
exposure               loss                                                        default
=====================  ==========================================================  =========
receivables            dues unpaid after clearing (Eisenberg–Noe), at most the     1
                       seller's receivables per $ of revenue × the year's dues
drawn loans            ``loan`` × principal drawn                                   seed D5
equity stakes          ``equity`` × cash invested (drawn tranches only)             assumed
contingent value       ``contingent`` × vested warrants/stock held (holder only)    assumed
inventory (chips)      ``inventory`` × receipts lost this year and next            seed D6
stranded capex/leases  ``stranded_capex`` × contract value due within the asset    assumed
(clouds)               life after the default (``asset_life`` years, seed F1)
purchase obligations   ``purchase_obligations`` × obligations × share of revenue   assumed
(chips)                lost
backstops              payments made under a capacity guarantee                    1
=====================  ==========================================================  =========

``ranges`` give the Monte Carlo bounds of each rate (uniform); a point where no range is known.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from ..errors import CapexloopError
from ..ledger.model import Ledger

__all__ = ["RATE_NAMES", "LossRates", "default_loss_rates"]

RATE_NAMES = ("loan", "equity", "contingent", "inventory", "stranded_capex", "asset_life",
              "purchase_obligations")


@dataclass(frozen=True)
class LossRates:
    loan: float
    equity: float
    contingent: float
    inventory: float
    stranded_capex: float
    asset_life: float
    purchase_obligations: float
    sources: dict[str, str] = field(default_factory=dict)
    ranges: dict[str, tuple[float, float]] = field(default_factory=dict)

    def override(self, **kw: float | tuple[float, float]) -> LossRates:
        """Set rates (a number, or a ``(low, high)`` Monte Carlo range)."""
        upd: dict = {}
        ranges, sources = dict(self.ranges), dict(self.sources)
        for k, v in kw.items():
            if k not in RATE_NAMES:
                raise CapexloopError(f"unknown loss rate {k!r} (one of: {', '.join(RATE_NAMES)})",
                                     field="--param")
            lo, hi = (v, v) if not isinstance(v, tuple) else v
            cap = 100.0 if k == "asset_life" else 1.0
            if not (0 <= lo <= hi <= cap) or (k == "asset_life" and lo <= 0):
                raise CapexloopError(f"loss rate {k} = {v} is out of range [0, {cap:g}]",
                                     field="--param")
            upd[k] = 0.5 * (lo + hi)
            ranges[k] = (float(lo), float(hi))
            sources[k] = "given with --param"
        return replace(self, **upd, ranges=ranges, sources=sources)

    def range(self, name: str) -> tuple[float, float]:
        v = getattr(self, name)
        return self.ranges.get(name, (v, v))

    def to_dict(self) -> dict:
        return {k: {"value": getattr(self, k), "range": list(self.range(k)),
                    "source": self.sources.get(k, "")} for k in RATE_NAMES}

    def lines(self) -> list[str]:
        out = []
        for k in RATE_NAMES:
            lo, hi = self.range(k)
            rng = f" (Monte Carlo {lo:.3g}..{hi:.3g})" if lo != hi else ""
            out.append(f"{k} = {getattr(self, k):.3g}{rng} [{self.sources.get(k, '')}]")
        return out


def default_loss_rates(reference: Ledger) -> LossRates:
    """Rates from the telecom record in ``reference`` (Lucent's lines, seed D5/D6: the
    ``telecom2000`` dataset) and the seeds' GPU life (F1); the rest are stated assumptions,
    overridable with ``--param``."""
    from .calibration import lucent_parameters

    lp = lucent_parameters(reference)
    return LossRates(
        loan=lp.loan_allowance, equity=1.0, contingent=1.0, inventory=lp.inventory_reserve,
        stranded_capex=0.5, asset_life=1 / 0.30, purchase_obligations=0.5,
        sources={"loan": "seed:D5 (Lucent's allowance / customer loans, FY2001; range FY2000–"
                         "FY2002)",
                 "equity": "assumption: a defaulter's equity is worth little (range 0.7–1)",
                 "contingent": "assumption: unvested or vested warrants of a failed issuer are "
                               "lost",
                 "inventory": "seed:D6, D9 (Lucent's reserve + impairment per $ of lost "
                              "revenue, FY2001; Monte Carlo ±50%, assumed)",
                 "stranded_capex": "assumption: half of the capacity built for a failed "
                                   "customer cannot be re-let (range 0.25–0.75)",
                 "asset_life": "seed:F1 (GPU depreciation 30% a year → 3.3 years; range 3–6)",
                 "purchase_obligations": "assumption: half of the supply commitments tied to "
                                         "lost revenue are written off (range 0.25–0.75)"},
        ranges={"loan": (0.465, 0.867), "equity": (0.7, 1.0),
                "inventory": (lp.inventory_reserve * 0.5, lp.inventory_reserve * 1.5),
                "stranded_capex": (0.25, 0.75), "asset_life": (3.0, 6.0),
                "purchase_obligations": (0.25, 0.75)})
