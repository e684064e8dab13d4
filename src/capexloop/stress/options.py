"""User spellings of stress inputs: revenue shocks and loss-parameter overrides.

``openai.revenue=-0.4`` is a 40% revenue fall (a shortfall of 0.4); ``loan_allowance=0.5``
overrides one Lucent-calibrated loss rate. Parsed here, where the rules live, so the command
line, the report and the dashboard accept the same spellings.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..errors import CapexloopError

__all__ = ["parse_overrides", "parse_shock_specs"]


def parse_shock_specs(items: Iterable[str]) -> dict[str, float]:
    """``['openai.revenue=-0.4']`` → ``{'openai': 0.4}`` (a 40% revenue shortfall).

    >>> parse_shock_specs(["openai.revenue=-0.4", "anthropic=-0.1"])
    {'openai': 0.4, 'anthropic': 0.1}
    """
    out = {}
    for item in items:
        key, sep, val = item.partition("=")
        ent, _, metric = key.partition(".")
        if not sep or not ent or metric not in ("", "revenue"):
            raise CapexloopError(f"shock {item!r} must look like ENTITY.revenue=-0.4",
                                 field="--shock")
        try:
            x = float(val)
        except ValueError:
            raise CapexloopError(f"shock {item!r}: {val!r} is not a number", field="--shock") \
                from None
        if not -1.0 <= x <= 0.0:
            raise CapexloopError(f"shock {item!r}: give the revenue change as a fraction between "
                                 "-1 and 0 (e.g. -0.4; -40 looks like a percentage)",
                                 field="--shock")
        out[ent.strip()] = -x
    return out


def parse_overrides(items: Iterable[str]) -> dict[str, float]:
    """``['loan_allowance=0.5']`` → ``{'loan_allowance': 0.5}`` (names checked by
    :meth:`LossParameters.override`)."""
    out = {}
    for item in items:
        k, sep, v = item.partition("=")
        try:
            out[k.strip()] = float(v)
        except ValueError:
            raise CapexloopError(f"--param {item!r} must look like NAME=NUMBER",
                                 field="--param") from None
        if not sep:
            raise CapexloopError(f"--param {item!r} must look like NAME=NUMBER", field="--param")
    return out
