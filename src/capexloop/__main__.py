"""``python -m capexloop`` (the same as the ``capexloop`` command)."""

from .cli import _entry

_entry()
