"""The embedded DuckDB store of a ledger (a file, or in memory).

An import runs in one transaction: records are validated while streaming and inserted in
batches; any error rolls the database back to exactly its state before the import.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, Literal

import duckdb
import pyarrow as pa

from ..errors import CapexloopError, DuplicateDealsError, LedgerValidationError
from .bulk import no_gc
from .duplicates import duplicate_flags
from .io import Mapping, iter_raw, resolve_names
from .matching import EntityMatcher
from .model import Deal, Entity, Event, Ledger, Observation, Parameter, Site
from .records import TABLES, validate_rows
from .schema import MODELS, create_sql, read_columns, records_from_db, to_db_columns

__all__ = ["DuplicatePolicy", "ImportReport", "LedgerStore"]

DuplicatePolicy = Literal["error", "keep-both", "keep-existing", "keep-new"]

_BATCH = 1_000
#: fields naming entities, per table
_REFS = {t: [f for f in ("payer", "payee", "entity", "owner", "users") if f in m.model_fields]
         for t, m in MODELS.items()}
_REFS["entities"] = []
_SINGULAR = {"entities": "entity", "deals": "deal", "events": "event", "parameters": "parameter",
             "sites": "site"}


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
            self.con.execute(create_sql())

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

    def _records(self, table: str, where: str = "TRUE") -> list[Any]:
        """The rows of ``table`` matching a SQL condition as validated records, in insertion
        order (validated column by column: :func:`capexloop.ledger.schema.records_from_db`).

        Only the columns the records are made from are read (not the derived ``_start`` /
        ``_end`` dates nor provenance), as numpy columns (``fetchnumpy``; NULL → None), with
        the cyclic garbage collector paused: its passes over the growing heap of new rows
        and records cost ~40 % of a large read."""
        have = {r[0] for r in self.con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = ?",
            [table]).fetchall()}
        cols = [c for c in read_columns(table) if c in have]  # older files lack newer columns
        with no_gc():
            data = self.con.execute(f"SELECT {', '.join(cols)} FROM {table} WHERE {where} "
                                    "ORDER BY rowid").fetchnumpy()
            n = len(data[cols[0]])
            if not n:
                return []
            columns = {c: data[c].tolist() for c in cols}
            del data
            for c in read_columns(table):
                columns.setdefault(c, [None] * n)   # NULL: the field's default
            return records_from_db(table, columns, n)

    def entities(self) -> list[Entity]:
        return self._records("entities")

    def load(self, name: str | None = None) -> Ledger:
        """The whole ledger as validated records (insertion order kept)."""
        with no_gc():
            return Ledger(name=name or Path(self.path).stem, entities=self.entities(),
                          deals=self._records("deals"),
                          observations=self._records("observations"),
                          events=self._records("events"), parameters=self._records("parameters"),
                          sites=self._records("sites"))

    # ------------------------------------------------------------------------- writing
    def _insert(self, table: str, rows: Sequence[tuple[Any, str | None, int | None]]) -> None:
        """Insert a batch of ``(record, source, line)`` through one Arrow table, built column
        by column (DuckDB's executemany goes row by row)."""
        if not rows:
            return
        recs, sources, lines = (list(x) for x in zip(*rows, strict=True))
        batch = pa.table(to_db_columns(table, recs, sources, lines))
        self.con.register("_batch", batch)
        try:
            self.con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM _batch")
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
                            yield kind, raw, str(p), line

            def other_records(matcher):
                made = 0
                for p in paths:
                    for kind, raw, line in iter_raw(p, mapping=mapping):
                        if kind != "entity":
                            raw = resolve_names(kind, raw, matcher, source=str(p), line=line,
                                                layers=mapping.layers)
                            for e in getattr(matcher, "created", [])[made:]:
                                yield None, e, str(p), line    # a name this file introduced
                            made = len(getattr(matcher, "created", []))
                            yield kind, raw, str(p), line

            report = self._add_records(validate_rows(entity_records()), duplicates)
            matcher: Any = EntityMatcher(self.entities(), mapping.entities)
            if mapping.new_entities:
                from .matching import CreatingMatcher

                matcher = CreatingMatcher(matcher, mapping.new_entities)
            more = self._add_records(validate_rows(other_records(matcher)), duplicates)
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
        ids = {t: self._existing_ids(t)
               for t in ("entities", "deals", "events", "parameters", "sites")}
        entity_ids = set(ids["entities"])
        pending: dict[str, list[tuple[Any, str | None, int | None]]] = {
            t: [] for t in TABLES.values()}
        new_deals: dict[str, tuple[str | None, int | None]] = {}  # id -> where (no records kept)
        supersede: list[tuple[str, list[str], str | None, int | None]] = []
        kinds = {Entity: "entities", Deal: "deals", Observation: "observations",
                 Event: "events", Parameter: "parameters", Site: "sites"}
        for rec, src, line in records:
            table = kinds[type(rec)]
            if table in ids:
                if rec.id in ids[table]:
                    raise LedgerValidationError(f"duplicate {_SINGULAR[table]} id {rec.id!r}",
                                                source=src, line=line, field="id")
                ids[table].add(rec.id)
            if table == "entities":
                entity_ids.add(rec.id)
            for f in _REFS[table]:
                v = getattr(rec, f)
                for who in (v if isinstance(v, list) else [v]):
                    if table != "entities" and who is not None and who not in entity_ids:
                        raise LedgerValidationError(f"unknown entity {who!r}", source=src,
                                                    line=line, field=f)
            if table == "deals":
                new_deals[rec.id] = (src, line)
                if rec.supersedes:
                    supersede.append((rec.id, rec.supersedes, src, line))
            pending[table].append((rec, src, line))
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
        self.con.register("_new_ids_arrow", pa.table({"id": pa.array(sorted(new_ids),
                                                                      pa.string())}))
        try:
            self.con.execute("CREATE OR REPLACE TEMP TABLE _new_ids AS "
                             "SELECT id FROM _new_ids_arrow")
        finally:
            self.con.unregister("_new_ids_arrow")
        flags = duplicate_flags(self._deals_where(
            "(payer, payee) IN (SELECT payer, payee FROM deals "
            "WHERE id IN (SELECT id FROM _new_ids))"), only_with=new_ids)
        groups = [list(f.ids) for f in flags]
        self.con.execute("DROP TABLE _new_ids")
        if not groups or policy == "keep-both":
            return groups
        if policy == "error":
            lines = "; ".join(str(f) for f in flags[:5])
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
        superseded = {s for (text,) in self.con.execute(
            "SELECT DISTINCT supersedes FROM deals WHERE supersedes <> '[]'").fetchall()
            for s in json.loads(text)}
        return [d for d in self._records("deals", where)
                if d.id not in superseded and not d.supersedes]
