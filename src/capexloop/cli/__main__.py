"""``python -m capexloop.cli``."""

from . import _entry

_entry()
