"""Break-even arithmetic, lab roadmaps and the telecom-vs-AI analogy table."""

from .analogy import analogy_table
from .breakeven import BreakEven, breakeven, check_rate, sensitivity, tornado
from .roadmaps import lab_roadmaps, power_context, required_growth, revenue_path

__all__ = ["BreakEven", "analogy_table", "breakeven", "check_rate", "lab_roadmaps",
           "power_context", "required_growth", "revenue_path", "sensitivity", "tornado"]
