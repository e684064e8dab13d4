"""Shared fixtures of the ai-public dataset tests."""

from __future__ import annotations

import pytest

from capexloop.ledger import load_dataset


@pytest.fixture(scope="session")
def led():
    """The embedded ``ai-public`` ledger (read once; a test module may define its own)."""
    return load_dataset("ai-public")


@pytest.fixture(scope="session")
def stored(led):
    """``stored(entity, metric, date)``: the one stored observation, which must exist."""
    def find(entity: str, metric: str, date: str):
        o = led.observation(entity, metric, date)
        assert o is not None, f"{entity} {metric} at {date} missing"
        return o
    return find
