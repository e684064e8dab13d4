"""The self-contained offline HTML report."""

from . import circularity_section  # noqa: F401  (registers its section)
from .build import SECTIONS, build_report, write_report

__all__ = ["SECTIONS", "build_report", "write_report"]
