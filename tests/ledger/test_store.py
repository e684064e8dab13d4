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


FIRST_RELEASE_SCHEMA = """
CREATE TABLE entities (
  id VARCHAR PRIMARY KEY, name VARCHAR NOT NULL, layer VARCHAR NOT NULL, aliases VARCHAR,
  country VARCHAR, sources VARCHAR, notes VARCHAR);
CREATE TABLE deals (
  id VARCHAR PRIMARY KEY, kind VARCHAR NOT NULL, payer VARCHAR NOT NULL, payee VARCHAR NOT NULL,
  amount_low DOUBLE, amount_high DOUBLE, capacity_gw DOUBLE, announced VARCHAR,
  announced_start DATE, announced_end DATE, schedule VARCHAR, status VARCHAR, binding BOOLEAN,
  sources VARCHAR, notes VARCHAR, derived_from VARCHAR, supersedes VARCHAR,
  source_file VARCHAR, source_line INTEGER);
CREATE TABLE observations (
  entity VARCHAR NOT NULL, metric VARCHAR NOT NULL, date VARCHAR NOT NULL, date_start DATE,
  date_end DATE, value_low DOUBLE, value_high DOUBLE, unit VARCHAR, basis VARCHAR,
  sources VARCHAR, notes VARCHAR);
CREATE TABLE events (
  id VARCHAR PRIMARY KEY, date VARCHAR NOT NULL, date_start DATE, entity VARCHAR NOT NULL,
  kind VARCHAR, description VARCHAR, value_low DOUBLE, value_high DOUBLE, sources VARCHAR,
  notes VARCHAR);
CREATE TABLE parameters (
  id VARCHAR PRIMARY KEY, value DOUBLE, unit VARCHAR, sources VARCHAR, notes VARCHAR);
INSERT INTO entities VALUES ('a', 'A', 'cloud', '[]', '', '["seed:B1"]', ''),
                            ('b', 'B', 'other', '["Bee"]', 'US', '[]', '');
INSERT INTO deals VALUES ('d1', 'equity', 'a', 'b', 1e9, 2e9, NULL, '2025-09', '2025-09-01',
  '2025-09-30', '[[2026, 1e9]]', 'committed', true, '["seed:B1"]', 'n', '', '[]', 'x.csv', 3);
"""


def test_database_of_the_first_release_opens_and_gains_new_columns(tmp_path):
    """Columns come from the model fields; a database written with the first release's
    hand-written schema (columns in another order, fewer of them) is migrated on open and
    reads back the same records, and new records insert by column name."""
    import duckdb

    from capexloop.ledger import Deal, LedgerStore
    from capexloop.ledger.schema import column_names

    path = tmp_path / "old.duckdb"
    con = duckdb.connect(str(path))
    con.execute(FIRST_RELEASE_SCHEMA)
    con.close()
    with LedgerStore(path) as store:
        led = store.load()
        have = {r[0] for r in store.con.execute("DESCRIBE deals").fetchall()}
        assert set(column_names("deals")) <= have
        d = led.deals[0]
        assert (d.amount_usd.low, d.amount_usd.high, str(d.announced), d.schedule, d.binding,
                d.status.value, d.term_years, d.delivery_gw) == (
            1e9, 2e9, "2025-09", [(2026, 1e9)], True, "committed", None, [])
        assert led.entities[1].aliases == ["Bee"]
        store.add_ledger(led.model_copy(update={"entities": [], "deals": [Deal(
            id="d2", kind="vendor_loan", payer="b", payee="a", amount_usd=5e8, term_years=3)]}))
        again = store.load()
    assert [x.id for x in again.deals] == ["d1", "d2"] and again.deals[1].term_years == 3
