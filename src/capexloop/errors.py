"""Errors and warnings of capexloop.

Every user-facing failure is a :class:`CapexloopError` that knows *where* the problem is
(``source`` file, ``line`` and ``field``), so the CLI can print one line of the form
``file:line: field: message`` and exit with status 2.
"""

from __future__ import annotations

__all__ = [
    "CapexloopError",
    "ConvergenceWarning",
    "DuplicateDealsError",
    "LedgerValidationError",
    "UnknownEntityError",
]


class CapexloopError(Exception):
    """A user error with its location: ``source`` (file), ``line`` (1-based) and ``field``."""

    def __init__(
        self,
        message: str,
        *,
        source: str | None = None,
        line: int | None = None,
        field: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.source = source
        self.line = line
        self.field = field

    def located(
        self, *, source: str | None = None, line: int | None = None, field: str | None = None
    ) -> CapexloopError:
        """Fill in location parts that are still unknown (innermost wins) and return self."""
        self.source = self.source or source
        self.line = self.line or line
        self.field = self.field or field
        return self

    def __str__(self) -> str:
        where = ""
        if self.source:
            where = self.source + (f":{self.line}" if self.line else "") + ": "
        elif self.line:
            where = f"line {self.line}: "
        if self.field:
            where += f"{self.field}: "
        return where + self.message


class LedgerValidationError(CapexloopError):
    """A ledger record breaks a rule of the data model."""


class UnknownEntityError(LedgerValidationError):
    """A name matches no entity id or alias."""


class DuplicateDealsError(CapexloopError):
    """An import would add deals that look like ones already in the ledger."""

    def __init__(self, message: str, groups: list[list[str]], **where) -> None:
        super().__init__(message, **where)
        self.groups = groups


class ConvergenceWarning(UserWarning):
    """A fixed-point iteration stopped at its iteration limit before reaching its tolerance."""
