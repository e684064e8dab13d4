"""The self-contained offline HTML report."""

from . import (  # noqa: F401  (each module registers its section)
    bubble_section,
    circularity_section,
    economics_section,
    forensics_section,
    stress_section,
)
from .build import SECTIONS, build_report, write_report

__all__ = ["SECTIONS", "build_report", "write_report"]
