from __future__ import annotations

from pathlib import Path

import pytest

from capexloop.cli import main
from capexloop.ledger import load_dataset

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


@pytest.fixture
def cli(capsys):
    """Run the CLI in-process; returns (exit_code, stdout, stderr)."""
    def run(*args: str):
        code = main([str(a) for a in args])
        out = capsys.readouterr()
        return code, out.out, out.err
    return run


@pytest.fixture(scope="session")
def led():
    """The embedded ``ai-public`` ledger, read once (a test module may define its own)."""
    return load_dataset("ai-public")


@pytest.fixture(scope="session")
def stored(led):
    """``stored(entity, metric, date)``: the one stored observation, which must exist."""
    def find(entity: str, metric: str, date: str):
        o = led.observation(entity, metric, date)
        assert o is not None, f"{entity} {metric} at {date} missing"
        return o
    return find


@pytest.fixture(scope="session")
def filed(stored):
    """``filed(entity, metric, date)``: the value of a filed observation, which must exist and
    be one number (a filed line, not a range)."""
    def value(entity: str, metric: str, date: str) -> float:
        o = stored(entity, metric, date)
        assert o.value.is_point, f"{entity} {metric} at {date} is a range"
        return o.value.mid
    return value
