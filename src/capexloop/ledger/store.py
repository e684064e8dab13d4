"""The embedded DuckDB store of a ledger (a file, or in memory).

An import runs in one transaction: records are validated while streaming and inserted in
batches; any error rolls the database back to exactly its state before the import.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, Literal

import duckdb
import pyarrow as pa

from ..errors import CapexloopError, DuplicateDealsError, LedgerValidationError
from .dates import Period, parse_period
from .duplicates import likely_duplicates
from .io import Mapping, iter_raw, resolve_names
from .matching import EntityMatcher
from .model import Deal, Entity, Event, Ledger, Observation, Parameter
from .records import TABLES, from_raw

__all__ = ["DuplicatePolicy", "ImportReport", "LedgerStore"]

DuplicatePolicy = Literal["error", "keep-both", "keep-existing", "keep-new"]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS entities (
  id VARCHAR PRIMARY KEY, name VARCHAR NOT NULL, layer VARCHAR NOT NULL, aliases VARCHAR,
  country VARCHAR, sources VARCHAR, notes VARCHAR);
CREATE TABLE IF NOT EXISTS deals (
  id VARCHAR PRIMARY KEY, kind VARCHAR NOT NULL, payer VARCHAR NOT NULL, payee VARCHAR NOT NULL,
  amount_low DOUBLE, amount_high DOUBLE, capacity_gw DOUBLE, announced VARCHAR,
  announced_start DATE, announced_end DATE, schedule VARCHAR, status VARCHAR, binding BOOLEAN,
  sources VARCHAR, notes VARCHAR, derived_from VARCHAR, supersedes VARCHAR,
  source_file VARCHAR, source_line INTEGER, start VARCHAR, term_years DOUBLE,
  conditionality VARCHAR, tranche_basis VARCHAR, delivery_gw VARCHAR, holder VARCHAR);
CREATE TABLE IF NOT EXISTS observations (
  entity VARCHAR NOT NULL, metric VARCHAR NOT NULL, date VARCHAR NOT NULL, date_start DATE,
  date_end DATE, value_low DOUBLE, value_high DOUBLE, unit VARCHAR, basis VARCHAR,
  sources VARCHAR, notes VARCHAR);
CREATE TABLE IF NOT EXISTS events (
  id VARCHAR PRIMARY KEY, date VARCHAR NOT NULL, date_start DATE, entity VARCHAR NOT NULL,
  kind VARCHAR, description VARCHAR, value_low DOUBLE, value_high DOUBLE, sources VARCHAR,
  notes VARCHAR);
CREATE TABLE IF NOT EXISTS parameters (
  id VARCHAR PRIMARY KEY, value DOUBLE, unit VARCHAR, sources VARCHAR, notes VARCHAR);
"""
#: Columns added after the first release: databases written before gain them on open.
_MIGRATIONS = """
ALTER TABLE deals ADD COLUMN IF NOT EXISTS start VARCHAR;
ALTER TABLE deals ADD COLUMN IF NOT EXISTS term_years DOUBLE;
ALTER TABLE deals ADD COLUMN IF NOT EXISTS conditionality VARCHAR;
ALTER TABLE deals ADD COLUMN IF NOT EXISTS tranche_basis VARCHAR;
ALTER TABLE deals ADD COLUMN IF NOT EXISTS delivery_gw VARCHAR;
ALTER TABLE deals ADD COLUMN IF NOT EXISTS holder VARCHAR;
"""
_BATCH = 5_000
_SINGULAR = {"entities": "entity", "deals": "deal", "events": "event", "parameters": "parameter"}


def _row(rec: Any, source: str | None = None, line: int | None = None) -> tuple:
    j = json.dumps
    if isinstance(rec, Entity):
        return (rec.id, rec.name, rec.layer.value, j(rec.aliases), rec.country, j(rec.sources),
                rec.notes)
    if isinstance(rec, Deal):
        a, p = rec.amount_usd, rec.announced
        return (rec.id, rec.kind.value, rec.payer, rec.payee, a.low if a else None,
                a.high if a else None, rec.capacity_gw, str(p) if p else None,
                p.start if p else None, p.end if p else None, j(rec.schedule), rec.status.value,
                rec.binding, j(rec.sources), rec.notes, rec.derived_from, j(rec.supersedes),
                source, line, str(rec.start) if rec.start else None, rec.term_years,
                rec.conditionality, rec.tranche_basis.value if rec.tranche_basis else None,
                j(rec.delivery_gw), rec.holder)
    if isinstance(rec, Observation):
        return (rec.entity, rec.metric, str(rec.date), rec.date.start, rec.date.end,
                rec.value.low, rec.value.high, rec.unit, rec.basis, j(rec.sources), rec.notes)
    if isinstance(rec, Event):
        v = rec.value_usd
        return (rec.id, str(rec.date), rec.date.start, rec.entity, rec.kind, rec.description,
                v.low if v else None, v.high if v else None, j(rec.sources), rec.notes)
    if isinstance(rec, Parameter):
        return (rec.id, rec.value, rec.unit, j(rec.sources), rec.notes)
    raise TypeError(type(rec))


@functools.lru_cache(maxsize=4096)
def _period(text: str | None) -> Period | None:
    """Periods repeat across deals (``2025``, ``2025-09``): parse each spelling once."""
    return parse_period(text)


def _deal_from_row(r: dict[str, Any]) -> Deal:
    """A deals-table row back into a validated :class:`Deal`."""
    return Deal.model_validate({
        "id": r["id"], "kind": r["kind"], "payer": r["payer"], "payee": r["payee"],
        "amount_usd": None if r["amount_low"] is None
        else {"low": r["amount_low"], "high": r["amount_high"]},
        "capacity_gw": r["capacity_gw"], "announced": _period(r["announced"]),
        "schedule": json.loads(r["schedule"]), "status": r["status"],
        "binding": r["binding"], "sources": json.loads(r["sources"]), "notes": r["notes"],
        "derived_from": r["derived_from"], "supersedes": json.loads(r["supersedes"]),
        "start": r["start"], "term_years": r["term_years"],
        "conditionality": r["conditionality"], "tranche_basis": r["tranche_basis"],
        "delivery_gw": json.loads(r["delivery_gw"] or "[]"), "holder": r["holder"]})


class ImportReport(dict):
    """Counts of imported records per table, plus ``duplicates`` (groups of deal ids)."""


class LedgerStore:
    """A ledger kept in DuckDB. ``LedgerStore()`` is in memory; ``LedgerStore(path)`` a file."""

    def __init__(self, path: str | Path | None = None, *, read_only: bool = False) -> None:
        self.path = str(path) if path else ":memory:"
        try:
            self.con = duckdb.connect(self.path, read_only=read_only)
        except duckdb.Error as err:
            raise CapexloopError(f"cannot open database: {err}", source=self.path) from None
        if not read_only:
            self.con.execute(_SCHEMA)
            self.con.execute(_MIGRATIONS)

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> LedgerStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------------- reading
    def counts(self) -> dict[str, int]:
        return {t: self.con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                for t in TABLES.values()}

    def _dicts(self, sql: str) -> list[dict[str, Any]]:
        cur = self.con.execute(sql)
        cols = [d[0] for d in cur.description]
        return [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]

    def entities(self) -> list[Entity]:
        return [Entity.model_validate(r | {"aliases": json.loads(r["aliases"]),
                                           "sources": json.loads(r["sources"])})
                for r in self._dicts("SELECT * FROM entities ORDER BY rowid")]

    def load(self, name: str | None = None) -> Ledger:
        """The whole ledger as validated records (insertion order kept)."""
        def rng(lo: float | None, hi: float | None) -> dict | None:
            return None if lo is None else {"low": lo, "high": hi}

        deals = [_deal_from_row(r) for r in self._dicts("SELECT * FROM deals ORDER BY rowid")]
        obs = [Observation.model_validate({
            "entity": r["entity"], "metric": r["metric"], "date": r["date"],
            "value": r["value_low"] if r["value_low"] == r["value_high"]
            else rng(r["value_low"], r["value_high"]),
            "unit": r["unit"], "basis": r["basis"], "sources": json.loads(r["sources"]),
            "notes": r["notes"]}) for r in self._dicts("SELECT * FROM observations ORDER BY rowid")]
        events = [Event.model_validate({
            "id": r["id"], "date": r["date"], "entity": r["entity"], "kind": r["kind"],
            "description": r["description"], "value_usd": rng(r["value_low"], r["value_high"]),
            "sources": json.loads(r["sources"]), "notes": r["notes"]})
            for r in self._dicts("SELECT * FROM events ORDER BY rowid")]
        params = [Parameter.model_validate(r | {"sources": json.loads(r["sources"])})
                  for r in self._dicts("SELECT * FROM parameters ORDER BY rowid")]
        return Ledger(name=name or Path(self.path).stem, entities=self.entities(), deals=deals,
                      observations=obs, events=events, parameters=params)

    # ------------------------------------------------------------------------- writing
    def _insert(self, table: str, rows: Sequence[tuple]) -> None:
        """Insert a batch through one Arrow table (DuckDB's executemany goes row by row)."""
        if not rows:
            return
        cols = [c[0] for c in self.con.execute(f"DESCRIBE {table}").fetchall()]
        batch = pa.table({c: list(v) for c, v in zip(cols, zip(*rows, strict=True),
                                                        strict=True)})
        self.con.register("_batch", batch)
        try:
            self.con.execute(f"INSERT INTO {table} SELECT * FROM _batch")
        finally:
            self.con.unregister("_batch")

    def add_ledger(self, ledger: Ledger) -> ImportReport:
        """Insert a validated ledger in one transaction (ids must be new)."""
        return self._transaction(lambda: self._add_records(
            ((r, None, None) for t in TABLES.values() for r in getattr(ledger, t)), "keep-both"))

    def import_files(self, paths: Iterable[str | Path], *, mapping: Mapping | None = None,
                     duplicates: DuplicatePolicy = "error") -> ImportReport:
        """Validate and import ledger files in one transaction; on any error nothing changes.

        Entities are read first (a streaming pass over every file), so deals may name entities
        defined later or in another file, by id, name or alias.
        """
        paths = [Path(p) for p in paths]
        mapping = mapping or Mapping()

        def run() -> ImportReport:
            def entity_records():
                for p in paths:
                    for kind, raw, line in iter_raw(p, mapping=mapping):
                        if kind == "entity":
                            yield from_raw(kind, raw, source=str(p), line=line), str(p), line

            def other_records(matcher: EntityMatcher):
                for p in paths:
                    for kind, raw, line in iter_raw(p, mapping=mapping):
                        if kind != "entity":
                            raw = resolve_names(kind, raw, matcher, source=str(p), line=line)
                            yield from_raw(kind, raw, source=str(p), line=line), str(p), line

            report = self._add_records(entity_records(), duplicates)
            matcher = EntityMatcher(self.entities(), mapping.entities)
            more = self._add_records(other_records(matcher), duplicates)
            for k, v in more.items():
                report[k] = report.get(k, 0) + v if k != "duplicates" else v
            return report

        return self._transaction(run)

    def _transaction(self, fn) -> ImportReport:
        self.con.execute("BEGIN TRANSACTION")
        try:
            out = fn()
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        self.con.execute("COMMIT")
        return out

    def _existing_ids(self, table: str) -> set[str]:
        return {r[0] for r in self.con.execute(f"SELECT id FROM {table}").fetchall()}

    def _add_records(self, records: Iterable[tuple[Any, str | None, int | None]],
                     duplicates: DuplicatePolicy) -> ImportReport:
        report = ImportReport()
        ids = {t: self._existing_ids(t) for t in ("entities", "deals", "events", "parameters")}
        entity_ids = set(ids["entities"])
        pending: dict[str, list[tuple]] = {t: [] for t in TABLES.values()}
        new_deals: dict[str, tuple[str | None, int | None]] = {}  # id -> where (no records kept)
        supersede: list[tuple[str, list[str], str | None, int | None]] = []
        kinds = {Entity: "entities", Deal: "deals", Observation: "observations",
                 Event: "events", Parameter: "parameters"}
        for rec, src, line in records:
            table = kinds[type(rec)]
            if table in ids:
                if rec.id in ids[table]:
                    raise LedgerValidationError(f"duplicate {_SINGULAR[table]} id {rec.id!r}",
                                                source=src, line=line, field="id")
                ids[table].add(rec.id)
            if table == "entities":
                entity_ids.add(rec.id)
            for f in ("payer", "payee", "entity"):
                v = getattr(rec, f, None)
                if table != "entities" and v is not None and v not in entity_ids:
                    raise LedgerValidationError(f"unknown entity {v!r}", source=src, line=line,
                                                field=f)
            if table == "deals":
                new_deals[rec.id] = (src, line)
                if rec.supersedes:
                    supersede.append((rec.id, rec.supersedes, src, line))
            pending[table].append(_row(rec, src, line))
            if len(pending[table]) >= _BATCH:
                self._insert(table, pending[table])
                report[table] = report.get(table, 0) + len(pending[table])
                pending[table] = []
        for table, rows in pending.items():
            self._insert(table, rows)
            if rows or table in report:
                report[table] = report.get(table, 0) + len(rows)
        if new_deals:
            self._check_supersedes(supersede, ids["deals"])
            report["duplicates"] = self._resolve_duplicates(new_deals, duplicates)
        return report

    def _check_supersedes(self, new: list[tuple[str, list[str], str | None, int | None]],
                          all_ids: set[str]) -> None:
        for _, sups, src, line in new:
            for s in sups:
                if s not in all_ids:
                    raise LedgerValidationError(f"supersedes unknown deal {s!r}", source=src,
                                                line=line, field="supersedes")

    def _resolve_duplicates(self, new: dict[str, tuple[str | None, int | None]],
                            policy: DuplicatePolicy) -> list[list[str]]:
        new_ids = set(new)
        self.con.execute("CREATE OR REPLACE TEMP TABLE _new_ids (id VARCHAR)")
        self.con.executemany("INSERT INTO _new_ids VALUES (?)", [(i,) for i in new_ids])
        groups = likely_duplicates(self._deals_where(
            "(payer, payee, kind) IN (SELECT payer, payee, kind FROM deals "
            "WHERE id IN (SELECT id FROM _new_ids))"), only_with=new_ids)
        self.con.execute("DROP TABLE _new_ids")
        if not groups or policy == "keep-both":
            return groups
        if policy == "error":
            lines = "; ".join(" + ".join(g) for g in groups[:5])
            first_new = next(i for g in groups for i in g if i in new_ids)
            raise DuplicateDealsError(
                f"{len(groups)} group(s) of likely duplicate deals ({lines}); mark the intended "
                "record with 'supersedes', or choose --duplicates keep-both|keep-existing|keep-new",
                groups, source=new[first_new][0], line=new[first_new][1], field="id")
        for g in groups:
            old = [i for i in g if i not in new_ids]
            fresh = [i for i in g if i in new_ids]
            if not old:  # duplicates inside one import: keep them, reported
                continue
            for i in (fresh if policy == "keep-existing" else old):
                self.con.execute("DELETE FROM deals WHERE id = ?", [i])
        return groups

    def _deals_where(self, where: str) -> list[Deal]:
        """Active deals matching a SQL condition (superseding and superseded ones left out)."""
        rows = self._dicts(f"SELECT * FROM deals WHERE {where}")
        superseded = {s for r in self._dicts("SELECT supersedes FROM deals")
                      for s in json.loads(r["supersedes"])}
        out = []
        for r in rows:
            if r["id"] in superseded or json.loads(r["supersedes"]):
                continue
            out.append(_deal_from_row(r))
        return out
