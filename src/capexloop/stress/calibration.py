"""Loss parameters of the commitment-shortfall cascade, calibrated on Lucent 1999–2002.

Each rate is computed from a ledger holding Lucent's financial lines (the embedded
``telecom2000`` dataset, seed D3–D9, passed in by the caller), never typed in, and can be
overridden. Rates:

* ``loan_allowance`` — share of a defaulted customer's vendor loan written off: Lucent's
  customer-financing allowance as a share of outstanding loans in FY2001 (seed D5, 71.3%).
* ``inventory_reserve`` — inventory reserve + impairment added per $ of revenue lost:
  (reserve FY2001 − reserve FY2000 + impairment FY2001) / (revenue FY2000 − revenue FY2001),
  revenues implied by the seed's own percentages (D5, D9) — (0.922B + 2.4B) / ~7.4B.
* ``receivable_allowance`` — allowance as a share of receivables from distressed customers in
  FY2001 (seed D7, 13.8%).
* ``receivables_to_revenue`` — receivables per $ of revenue, FY1999 (seed D7: 8.8B / 38.3B).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace

from ..errors import CapexloopError
from ..ledger.model import Ledger

__all__ = ["LossParameters", "lucent_parameters"]


@dataclass(frozen=True)
class LossParameters:
    loan_allowance: float
    inventory_reserve: float
    receivable_allowance: float
    receivables_to_revenue: float
    sources: tuple[str, ...] = ()

    def override(self, **kw: float) -> LossParameters:
        for k, v in kw.items():
            if k not in self.__dataclass_fields__ or k == "sources":
                raise CapexloopError(f"unknown loss parameter {k!r}", field=k)
            if not 0 <= float(v) <= 10:
                raise CapexloopError(f"loss parameter {k} = {v} is out of range", field=k)
        return replace(self, **{k: float(v) for k, v in kw.items()})

    def to_dict(self) -> dict:
        return asdict(self)


def _obs(led: Ledger, metric: str, year: str) -> float:
    o = led.observation("lucent", metric, year)
    if o is None:
        raise KeyError(metric, year)
    return o.value.mid


def lucent_parameters(telecom: Ledger) -> LossParameters:
    """Loss rates computed from Lucent's figures in ``telecom`` (e.g. ``telecom2000``)."""
    led = telecom
    rev2000 = _obs(led, "customer_financing_allowance", "2000") / _obs(
        led, "customer_financing_allowance_pct_revenue", "2000")
    rev2001 = _obs(led, "total_allowances", "2001") / _obs(led, "total_allowances_pct_revenue",
                                                            "2001")
    inv = ((_obs(led, "inventory_reserve", "2001") - _obs(led, "inventory_reserve", "2000")
            + _obs(led, "inventory_impairment", "2001")) / (rev2000 - rev2001))
    return LossParameters(
        loan_allowance=_obs(led, "customer_financing_allowance_pct_loans", "2001"),
        inventory_reserve=inv,
        receivable_allowance=_obs(led, "receivables_allowance_pct_receivables", "2001"),
        receivables_to_revenue=_obs(led, "receivables_net", "1999") / _obs(led, "revenue", "1999"),
        sources=("seed:D5", "seed:D6", "seed:D7", "seed:D8", "seed:D9"))
