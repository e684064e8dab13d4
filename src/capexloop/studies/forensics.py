"""Vendor-financing studies: Lucent's triple write-down and the AI vendors beside Lucent."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pandas as pd

from .._results import ResultMixin
from ..ledger.model import Ledger

__all__ = ["AI_VENDORS", "LucentStudy", "VendorStudy", "lucent_study", "vendor_study"]

#: The AI vendors compared with Lucent (one place decides; the CLI, report and dashboard use it).
AI_VENDORS = ("nvidia", "amd", "coreweave", "oracle", "microsoft")


@dataclass(frozen=True)
class LucentStudy(ResultMixin):
    """Lucent's write-downs 1999–2002 with the seed-percentage checks and the early-warning
    thresholds calibrated on them."""

    writedowns: Any  # forensics.TripleWriteDown
    thresholds: pd.DataFrame

    def to_dict(self) -> dict[str, Any]:
        tw = self.writedowns
        t = tw.table.reset_index(names="fiscal_year")
        return {"table": t.to_dict(orient="records"),
                "checks": tw.checks.to_dict(orient="records"),
                "cross_checks": [{"what": a, "first": b, "second": c}
                                 for a, b, c in tw.cross_checks()],
                "thresholds": self.thresholds.reset_index().to_dict(orient="records"),
                "sources": tw.sources}

    def summary(self) -> str:
        return self.writedowns.summary()


def lucent_study(telecom: Ledger | None = None) -> LucentStudy:
    """Lucent's triple write-down and thresholds from ``telecom`` (the embedded
    ``telecom2000`` reference when not given)."""
    from ..forensics import lucent_thresholds, lucent_writedowns
    from .reference import telecom_reference

    telecom = telecom if telecom is not None else telecom_reference()

    return LucentStudy(lucent_writedowns(telecom), lucent_thresholds(telecom))


@dataclass(frozen=True)
class VendorStudy(ResultMixin):
    """The AI vendors beside Lucent FY1999, their early-warning lights and AMD's warrants."""

    table: pd.DataFrame
    lights: dict[str, pd.DataFrame]
    amd_warrants: dict[str, pd.DataFrame]
    as_of: dt.date | None = None          # the day the ledger was read as of; None: as filed

    def to_dict(self) -> dict[str, Any]:
        return {
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "table": self.table.reset_index().to_dict(orient="records"),
            "lights": {v: df.to_dict(orient="records") for v, df in self.lights.items()},
            "amd_warrants": {k: {str(i): {str(c): float(x) for c, x in row.items()}
                                 for i, row in v.iterrows()}
                             for k, v in self.amd_warrants.items()}}

    @property
    def vendors(self) -> list[str]:
        return [c for c in self.table.columns if not c.endswith("_sources")]

    def light_lines(self) -> list[str]:
        return [f"{v}: " + ", ".join(f"{r.ratio} ({r.light})" for r in df.itertuples())
                for v, df in self.lights.items()]

    def summary(self) -> str:
        return "\n".join([self.table[self.vendors].to_string(), *self.light_lines()])


def vendor_study(ledger: Ledger, *, telecom: Ledger | None = None,
                 thresholds: pd.DataFrame | None = None) -> VendorStudy:
    """:data:`AI_VENDORS` of ``ledger`` beside Lucent FY1999 (from ``telecom``), with
    Lucent-calibrated lights for each vendor the ledger holds."""
    from ..forensics import ai_vendor_table, amd_warrants, early_warning, lucent_thresholds
    from .reference import telecom_reference

    telecom = telecom if telecom is not None else telecom_reference()

    th = thresholds if thresholds is not None else lucent_thresholds(telecom)
    lights = {v: early_warning(ledger, v, thresholds=th) for v in AI_VENDORS
              if v in ledger.entity_ids}
    return VendorStudy(ai_vendor_table(ledger, telecom, vendors=AI_VENDORS), lights,
                       amd_warrants(), as_of=ledger.as_of)
