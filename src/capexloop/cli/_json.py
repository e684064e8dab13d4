"""Strict JSON on stdout for ``--json``: no typer, rich or pandas, so the typer-free commands
(:mod:`capexloop.cli._fast`) use it too."""

from __future__ import annotations

import json
import sys
from typing import Any

__all__ = ["emit_json", "json_safe", "json_text"]

_SCALARS = (str, int, bool, type(None))


def json_safe(obj: Any) -> Any:
    """NaN/inf become null (strict JSON); numpy scalars become Python numbers."""
    t = type(obj)
    if t in _SCALARS:
        return obj
    if t is float:
        return obj if obj - obj == 0.0 else None           # NaN and ±inf give NaN here
    if isinstance(obj, dict):
        return {k if type(k) is str else str(k):
                v if (tv := type(v)) in _SCALARS or (tv is float and v - v == 0.0)
                else json_safe(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [json_safe(v) for v in obj]
    if hasattr(obj, "item") and callable(obj.item):
        obj = obj.item()
    if isinstance(obj, float) and (obj != obj or obj in (float("inf"), float("-inf"))):
        return None
    return obj


_INLINE = json.JSONEncoder(allow_nan=False, default=str, separators=(", ", ": "))
_NESTED = {dict, list}


def _layout(x: Any, pad: str, out: list[str]) -> None:
    """Indented JSON; a container that holds no container is written on one line."""
    if type(x) is dict:
        items: Any = x.items()
        inner = x.values()
    elif type(x) is list:
        items, inner = None, x
    else:
        out.append(_INLINE.encode(x))
        return
    if _NESTED.isdisjoint(map(type, inner)):
        out.append(_INLINE.encode(x))
        return
    sub = pad + " "
    out.append("{\n" if items is not None else "[\n")
    for k, v in enumerate(items if items is not None else x):
        if k:
            out.append(",\n")
        out.append(sub)
        if items is not None:
            out.append(_INLINE.encode(v[0]) + ": ")
            v = v[1]
        _layout(v, sub, out)
    out.append("\n" + pad + ("}" if items is not None else "]"))


def json_text(obj: Any) -> str:
    """``obj`` as strict JSON text: indented, one line per record (a dict of plain values)."""
    out: list[str] = []
    _layout(json_safe(obj), "", out)
    return "".join(out) + "\n"


def emit_json(obj: Any) -> None:
    """Print ``obj`` (usually a result's ``to_dict()``) as strict JSON on stdout."""
    sys.stdout.write(json_text(obj))
