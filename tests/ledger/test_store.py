"""DuckDB store: transactions leave the database exactly as before on any failure."""

import pytest

from capexloop.errors import CapexloopError
from capexloop.ledger import LedgerStore, load_dataset, write_ledger
from capexloop.ledger import store as store_mod


def test_dataset_roundtrip_in_memory_and_file(tmp_path):
    led = load_dataset("telecom2000")
    with LedgerStore() as s:
        s.add_ledger(led)
        assert s.load(name="telecom2000") == led
    with LedgerStore(tmp_path / "t.duckdb") as s:
        s.add_ledger(led)
    with LedgerStore(tmp_path / "t.duckdb", read_only=True) as s:
        assert s.load(name="telecom2000") == led


def test_failure_half_way_rolls_back(tmp_path, monkeypatch):
    """Entities are inserted, then the deal insert fails: the entities must be gone too."""
    led = load_dataset("ai2025")
    path = write_ledger(led, tmp_path / "ai.yaml")
    with LedgerStore(tmp_path / "db.duckdb") as s:
        real = LedgerStore._insert
        calls = []

        def flaky(self, table, rows):
            calls.append(table)
            if table == "deals":
                raise RuntimeError("simulated crash during the deal insert")
            return real(self, table, rows)

        monkeypatch.setattr(LedgerStore, "_insert", flaky)
        with pytest.raises(RuntimeError):
            s.import_files([path])
        monkeypatch.setattr(LedgerStore, "_insert", real)
        assert "entities" in calls  # the failure really came after a successful insert
        assert s.counts() == dict.fromkeys(s.counts(), 0)


def test_second_import_with_existing_ids_is_refused(tmp_path):
    led = load_dataset("ai2025")
    path = write_ledger(led, tmp_path / "ai.csv")
    with LedgerStore() as s:
        s.import_files([path])
        before = s.counts()
        with pytest.raises(CapexloopError, match="duplicate entity id 'openai'"):
            s.import_files([path])
        assert s.counts() == before


def test_batches_are_used(monkeypatch, tmp_path):
    """Inserts go in batches, so an import never holds a whole big file as rows."""
    monkeypatch.setattr(store_mod, "_BATCH", 3)
    led = load_dataset("telecom2000")
    with LedgerStore() as s:
        s.add_ledger(led)
        assert s.counts()["observations"] == len(led.observations)
