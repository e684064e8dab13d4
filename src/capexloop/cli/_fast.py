"""Commands that run without typer when their options are plain.

Importing typer (with the pydantic adapters it builds for every option) costs ~0.1 s, a third
of ``capexloop clear`` on 3,000 banks. A command listed in :data:`FAST` declares its options
once more as plain data (:class:`Opt`; a test checks them against the typer declaration);
:func:`fast_call` parses ``--name value``, ``--name=value``, ``-n value`` and flags (``--log``,
``--no-log``) with it, and gives up — returning None, so typer runs and prints its usual help or
error — on anything else: ``--help``, an unknown, repeated or missing option, a value that does
not convert, ``-n=value`` or ``-nvalue``.
"""

from __future__ import annotations

import importlib
import os
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["FAST", "REQUIRED", "Opt", "fast_call", "parse"]

#: Marks an option without a default.
REQUIRED: Any = object()
#: Numbers as typer (pydantic, lax mode) reads them; anything else goes to typer (which
#: rejects digits other than ASCII ones, so ``\d`` would not do).
_FLOAT = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_INT = re.compile(r"[+-]?[0-9]+")


@dataclass(frozen=True)
class Opt:
    """One option: ``--name`` (or a short alias such as ``-d``) → keyword ``dest`` of type
    ``kind`` (``"path"``, ``"float"``, ``"int"``, ``"str"``, ``"flag"`` or a tuple of choices);
    ``off`` is a flag's negative spelling (``--no-log``: False)."""

    name: str
    dest: str
    kind: str | tuple[str, ...]
    default: Any = REQUIRED
    aliases: tuple[str, ...] = ()
    off: str | None = None


def _convert(kind: str | tuple[str, ...], text: str) -> Any:
    """The value, or raise ValueError (typer then reports it)."""
    if kind == "path":
        if not text:
            raise ValueError(text)
        return Path(text)
    if kind == "float":
        if not _FLOAT.fullmatch(text):
            raise ValueError(text)
        return float(text)
    if kind == "int":
        if not _INT.fullmatch(text):
            raise ValueError(text)
        return int(text)
    if kind == "str":
        return text
    if isinstance(kind, tuple) and text in kind:
        return text
    raise ValueError(text)


def parse(opts: Sequence[Opt], args: Sequence[str]) -> dict[str, Any] | None:
    """Keyword arguments from ``args`` (the command's own arguments), or None if typer must
    handle them."""
    by_name = {n: o for o in opts for n in (o.name, *o.aliases)}
    off = {o.off: o for o in opts if o.off}
    out: dict[str, Any] = {}
    i = 0
    while i < len(args):
        name, eq, value = (args[i].partition("=") if args[i].startswith("--")
                           else (args[i], "", ""))
        o = by_name.get(name) or off.get(name)
        if o is None or o.dest in out:
            return None
        if o.kind == "flag":
            if eq:
                return None
            out[o.dest] = name not in off
            i += 1
            continue
        if not eq:
            if i + 1 >= len(args):
                return None
            value = args[i + 1]
            i += 1
        try:
            out[o.dest] = _convert(o.kind, value)
        except ValueError:
            return None
        i += 1
    for o in opts:
        if o.dest not in out:
            if o.default is REQUIRED:
                return None
            out[o.dest] = o.default
    return out


#: command → ``module:function`` of a typer-free module holding ``OPTIONS`` and the function.
FAST = {"clear": "capexloop.cli._clear:run", "bubble": "capexloop.cli._bubble:run",
        "circularity": "capexloop.cli._circularity:run"}


#: Commands whose linear algebra is single-threaded anyway (``clear`` solves its LU under a
#: one-thread limit, ``bubble`` multiplies matrices of a few columns): numpy's OpenBLAS then
#: need not start a thread per core when it is imported, which costs ~0.08 s of wall time per
#: run on 2 cores (``capexloop clear`` on 3,000 banks: median 0.28 -> 0.20 s). Set only if the
#: user has not set it, and only before numpy is imported (these paths import it lazily).
SERIAL = ("clear", "bubble")


def fast_call(args: Sequence[str]) -> tuple[Callable[..., Any], dict[str, Any]] | None:
    """The function and keyword arguments of a typer-free run of ``args``, or None."""
    if not args or args[0] not in FAST:
        return None
    mod, fn = FAST[args[0]].split(":")
    module = importlib.import_module(mod)
    kw = parse(module.OPTIONS, args[1:])
    if kw is None:
        return None
    if args[0] in SERIAL and "numpy" not in sys.modules:
        os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    return getattr(module, fn), kw
