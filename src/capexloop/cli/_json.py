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
_PLAIN = frozenset({str, int, bool, float, type(None)})
_STR = frozenset({str})


def _shallow(v: Any) -> Any:
    """:func:`json_safe` of one value, nested dicts and lists left for :func:`_layout`."""
    tv = type(v)
    if tv in _SCALARS or tv is dict or tv is list:
        return v
    if tv is float:
        return v if v - v == 0.0 else None
    return json_safe(v)


def _layout(x: Any, pad: str, out: list[str]) -> None:
    """Indented JSON of ``json_safe(x)``; a container that holds no container is written on
    one line. A container of plain values (str keys; no NaN or inf, which the strict encoder
    refuses) is written by the C encoder as it is; others are made safe one level at a time."""
    t = type(x)
    if t is dict:
        if _PLAIN.issuperset(map(type, x.values())) and _STR.issuperset(map(type, x)):
            try:
                out.append(_INLINE.encode(x))
                return
            except ValueError:                       # NaN or ±inf: written as null below
                pass
        x = {k if type(k) is str else str(k): _shallow(v) for k, v in x.items()}
        items: Any = x.items()
        inner = x.values()
    elif t is list:
        if _PLAIN.issuperset(map(type, x)):
            try:
                out.append(_INLINE.encode(x))
                return
            except ValueError:
                pass
        x = [_shallow(v) for v in x]
        items, inner = None, x
    else:
        y = json_safe(x)
        if type(y) in _NESTED:
            _layout(y, pad, out)
        else:
            out.append(_INLINE.encode(y))
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
    """``obj`` as strict JSON text (:func:`json_safe`): indented, one line per record (a dict
    of plain values)."""
    out: list[str] = []
    _layout(obj, "", out)
    return "".join(out) + "\n"


def emit_json(obj: Any) -> None:
    """Print ``obj`` (usually a result's ``to_dict()``) as strict JSON on stdout."""
    sys.stdout.write(json_text(obj))
