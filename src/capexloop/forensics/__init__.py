"""Vendor-financing forensics: Lucent's triple write-down, early-warning ratios, SEC loader."""

from .vendor_financing import (
    TripleWriteDown,
    ai_vendor_table,
    amd_warrants,
    early_warning,
    lucent_thresholds,
    lucent_writedowns,
)

__all__ = ["TripleWriteDown", "ai_vendor_table", "amd_warrants", "early_warning",
           "lucent_thresholds", "lucent_writedowns"]
