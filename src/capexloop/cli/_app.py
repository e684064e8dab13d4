"""The root typer application; command modules register on it.

Help is plain click text (``rich_markup_mode=None``): the rich help renderer alone costs a
quarter of a second per call, and ``[dashboard]`` in a docstring would read as markup.
"""

from __future__ import annotations

import typer

__all__ = ["app", "group"]


def group(help: str, **kw) -> typer.Typer:
    """A command group (``capexloop ledger …``)."""
    return typer.Typer(no_args_is_help=True, rich_markup_mode=None, help=help, **kw)


app = group("Map, measure and stress-test circular financing in AI compute.",
            add_completion=False, pretty_exceptions_enable=False)
