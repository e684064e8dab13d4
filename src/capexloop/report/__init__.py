"""The self-contained offline HTML report."""

from . import circularity_section, stress_section  # noqa: F401  (register their sections)
from .build import SECTIONS, build_report, write_report

__all__ = ["SECTIONS", "build_report", "write_report"]
