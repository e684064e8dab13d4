"""The self-contained offline HTML report."""

from .build import SECTIONS, build_report, write_report

__all__ = ["SECTIONS", "build_report", "write_report"]
