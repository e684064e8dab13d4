"""Audits of the datasets: the seeds' arithmetic recomputed, and consistency across deals."""

from .consistency import double_counted_chips, usd_per_gw_outliers
from .seed import SeedAudit, SeedCheck, checks_frame, seed_audit, seed_checks

__all__ = ["SeedAudit", "SeedCheck", "checks_frame", "double_counted_chips", "seed_audit",
           "seed_checks", "usd_per_gw_outliers"]
