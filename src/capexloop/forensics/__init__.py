"""Vendor-financing forensics: Lucent's triple write-down, early-warning lights, AMD's
warrants, AI vendors beside Lucent, and the SEC loader."""

from .lights import early_warning, lucent_thresholds, quarterly_ratios
from .lucent import TripleWriteDown, lucent_writedowns
from .vendors import ai_vendor_table
from .warrants import amd_warrants

__all__ = ["TripleWriteDown", "ai_vendor_table", "amd_warrants", "early_warning",
           "lucent_thresholds", "lucent_writedowns", "quarterly_ratios"]
