"""Shared fixtures of the hand-recomputed early-warning tests on ``ai-public``."""

from __future__ import annotations

import pytest

from capexloop.ledger import load_dataset


@pytest.fixture(scope="session")
def led():
    """The embedded ``ai-public`` ledger (read once)."""
    return load_dataset("ai-public")


@pytest.fixture(scope="session")
def filed(led):
    """``filed(entity, metric, date)``: the stored value (mid) of a filed observation, which
    must exist."""
    def value(entity: str, metric: str, date: str) -> float:
        o = led.observation(entity, metric, date)
        assert o is not None, f"{entity} {metric} at {date} missing"
        return o.value.mid
    return value
