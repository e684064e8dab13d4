"""Assemble one sourced ledger from many staged YAML files, and write it split by record type.

Rules (earlier files take precedence over later ones):

* entities with the same id are merged (aliases and sources united; name, layer and country of
  the first file kept, a differing value reported);
* deals with the same id agree on every field but ``sources`` and ``notes`` (sources are then
  united), or the earlier file's record is kept (the same id twice in one file is an error);
  a pair of *likely duplicates* (same payer, payee and kind, overlapping dates,
  amounts within 5 %, see :func:`~capexloop.ledger.duplicates.likely_duplicates`) from two
  different files keeps the earlier file's record and drops the later one; other groups are
  reported for a person to decide (``supersedes``);
* observations with the same entity, metric and date: equal values unite their sources;
  a rounded value beside the exact one (e.g. $33.4B quoted by a news page, $33,391M filed)
  keeps the exact one; a value citing an SEC filing beside a differing one citing none keeps
  the filed value (its notes say what it replaced); differing SEC-filed values
  of different years keep the value of the latest filing (a restatement); any other
  disagreement is stored as the range ``low..high`` with both values and sources in ``notes``;
* every record must cite at least one well-formed source
  (:func:`~capexloop.ledger.provenance.source_problems`).

The result is written as one YAML file per record type (``entities.yaml``, ``deals.yaml``,
…) so that a dataset loads in pieces and diffs stay readable.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .._files import atomic_path
from ..errors import CapexloopError
from .dates import parse_period
from .duplicates import likely_duplicates
from .model import Ledger
from .provenance import accession_year, source_problems
from .quantities import parse_value
from .records import RECORD_TYPES, TABLES, to_doc

__all__ = ["Assembly", "assemble", "write_split"]

_SINGULAR = {"parameters": "parameter", "entities": "entity", "sites": "site", "deals": "deal",
             "observations": "observation", "events": "event"}
_ORDER = ["parameters", "entities", "sites", "deals", "observations", "events"]
_SKIP = {"series", "name"}   # macro series are built elsewhere; the name is set by the caller


def _load(path: Path) -> dict[str, Any]:
    loader = yaml.CSafeLoader if hasattr(yaml, "CSafeLoader") else yaml.SafeLoader
    try:
        doc = yaml.load(path.read_text(encoding="utf-8"), Loader=loader) or {}
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        raise CapexloopError(f"invalid YAML: {getattr(err, 'problem', err)}", source=str(path),
                             line=mark.line + 1 if mark else None) from None
    if not isinstance(doc, dict):
        raise CapexloopError("a staged file must be a mapping of record lists", source=str(path))
    return doc


def _date_key(v: Any) -> str:
    p = parse_period(v)
    return str(p) if p is not None else ""


def _strs(v: Any) -> list[str]:
    if v is None:
        return []
    if isinstance(v, str):
        return [v]
    return [str(x) for x in v]


def _union(a: Iterable[str], b: Iterable[str]) -> list[str]:
    out = list(a)
    out += [x for x in b if x not in out]
    return out


def _digits(x: float) -> int:
    """Significant digits of a filed amount: 46743e6 → 5, 46.7e9 → 3."""
    text = f"{abs(x):.0f}".rstrip("0")
    return len(text) if text else 0


def _rounding_of(a: float, b: float) -> bool:
    """True when the less precise of two values (with at least two significant digits) is the
    other rounded (within half a unit of its last significant digit): 33.4e9 and 33391e6."""
    lo, hi = (a, b) if _digits(a) <= _digits(b) else (b, a)
    if lo == 0 or _digits(lo) < 2 or _digits(lo) == _digits(hi):
        return False   # one significant digit ($5B) is too coarse to call a rounding
    unit = 10 ** (len(f"{abs(lo):.0f}") - _digits(lo))
    return abs(hi - lo) < unit / 2


@dataclass(frozen=True)
class Assembly:
    """Merged records per table (model instances), where each came from, and a build log."""

    name: str
    records: dict[str, list[Any]]
    origin: dict[tuple[str, str], str]
    log: list[str] = field(default_factory=list)

    def ledger(self) -> Ledger:
        kw = {t: self.records.get(t, []) for t in _ORDER if t in Ledger.model_fields}
        return Ledger(name=self.name, **kw)

    def summary(self) -> str:
        counts = ", ".join(f"{len(v)} {k}" for k, v in self.records.items() if v)
        return "\n".join([f"{self.name}: {counts}", *self.log])


def _site_type():
    return RECORD_TYPES.get("site")


def assemble(paths: Iterable[str | Path], name: str, *, strict: bool = True,
             base_entities: Iterable[Any] = ()) -> Assembly:
    """Merge staged files (see the module notes). Invalid records raise, or with
    ``strict=False`` are left out and listed in the log (as are records naming them).
    ``base_entities`` (e.g. the seeds' entities) are merged last, with the lowest precedence,
    and kept only when a record names them."""
    raw: dict[str, list[tuple[dict, str]]] = defaultdict(list)
    for p in paths:
        path = Path(p)
        doc = _load(path)
        for table, items in doc.items():
            if table in _SKIP:
                continue
            if table not in _ORDER:
                raise CapexloopError(f"unknown section {table!r} (one of: {', '.join(_ORDER)})",
                                     source=str(path), field=table)
            for item in items or []:
                raw[table].append((dict(item), path.name))
    named = {str(item.get(f)) for t in ("deals", "observations", "events", "sites")
             for item, _ in raw.get(t, []) for f in ("payer", "payee", "entity", "owner")
             if item.get(f)}
    for e in base_entities:
        if e.id in named:
            raw["entities"].append((to_doc(e), "base"))
    log: list[str] = []
    origin: dict[tuple[str, str], str] = {}

    # ---- entities, sites, parameters, events: merge by id
    merged: dict[str, dict[str, dict]] = {}
    for table in ("parameters", "entities", "sites", "events"):
        out: dict[str, dict] = {}
        for item, src in raw.get(table, []):
            rid = str(item.get("id", "")).strip()
            if rid not in out:
                out[rid] = item
                origin[(table, rid)] = src
                continue
            old = out[rid]
            for k, v in item.items():
                if k in ("sources", "aliases", "users"):
                    old[k] = _union(_strs(old.get(k)), _strs(v))
                elif k == "notes":
                    if v and v not in str(old.get("notes", "")):
                        old["notes"] = "; ".join(x for x in (old.get("notes"), str(v)) if x)
                elif old.get(k) in (None, ""):
                    old[k] = v
                elif v not in (None, "") and str(v) != str(old.get(k)):
                    log.append(f"{_SINGULAR[table]} {rid}: {k} {old.get(k)!r} ({origin[(table, rid)]})"
                               f" kept over {v!r} ({src})")
        merged[table] = out

    # ---- deals: same id must agree
    deals: dict[str, dict] = {}
    for item, src in raw.get("deals", []):
        rid = str(item.get("id", "")).strip()
        if rid not in deals:
            deals[rid] = item
            origin[("deals", rid)] = src
            continue
        old = deals[rid]
        diff = [k for k in set(old) | set(item) if k not in ("sources", "notes")
                and str(old.get(k)) != str(item.get(k))]
        if diff and src == origin[("deals", rid)]:
            raise CapexloopError(f"deal {rid!r} appears twice with different "
                                 f"{', '.join(sorted(diff))}", source=src, field="id")
        if diff:
            log.append(f"deal {rid} ({src}) dropped: {origin[('deals', rid)]} has a record with "
                       f"this id (different {', '.join(sorted(diff))})")
            continue
        old["sources"] = _union(_strs(old.get("sources")), _strs(item.get("sources")))

    # ---- observations: one per (entity, metric, date)
    obs: dict[tuple[str, str, str], dict] = {}
    for item, src in raw.get("observations", []):
        key = (str(item.get("entity")), str(item.get("metric")), _date_key(item.get("date")))
        if key not in obs:
            obs[key] = item
            origin[("observations", "|".join(key))] = src
            continue
        old = obs[key]
        a, b = parse_value(old.get("value")), parse_value(item.get("value"))
        if a == b:
            old["sources"] = _union(_strs(old.get("sources")), _strs(item.get("sources")))
            continue
        ya = max((accession_year(s) or 0 for s in _strs(old.get("sources"))), default=0)
        yb = max((accession_year(s) or 0 for s in _strs(item.get("sources"))), default=0)
        label = "{}.{}@{}".format(*key)
        if a.is_point and b.is_point and _rounding_of(a.low, b.low):
            keep, drop = (item, old) if _digits(b.low) > _digits(a.low) else (old, item)
            obs[key] = keep
            how = "derived" if keep.get("basis") == "derived" else "exact filed"
            log.append(f"observation {label}: rounded {drop.get('value')} replaced by the "
                       f"{how} {keep.get('value')}")
            continue
        if bool(ya) != bool(yb):
            keep, drop = (item, old) if yb else (old, item)
            obs[key] = keep
            log.append(f"observation {label}: the filed {keep.get('value')} replaces the unfiled "
                       f"quote {drop.get('value')}")
            continue
        if ya and yb and ya != yb:
            keep, drop = (item, old) if yb > ya else (old, item)
            keep["notes"] = "; ".join(x for x in (keep.get("notes"), (
                f"restated: {drop.get('value')} in an earlier filing "
                f"({', '.join(_strs(drop.get('sources')))})")) if x)
            obs[key] = keep
            log.append(f"observation {label}: filings differ ({a} vs {b}); latest filing kept")
            continue
        lo, hi = min(a.low, b.low), max(a.high, b.high)
        old["notes"] = "; ".join(x for x in (old.get("notes"), (
            f"sources disagree: {a} ({', '.join(_strs(old.get('sources')))}) vs {b} "
            f"({', '.join(_strs(item.get('sources')))}); stored as the range")) if x)
        old["value"] = f"{lo!r}..{hi!r}"
        old["sources"] = _union(_strs(old.get("sources")), _strs(item.get("sources")))
        log.append(f"observation {label}: sources disagree ({a} vs {b}); stored as a range")

    # ---- build model records (validation)
    records: dict[str, list[Any]] = {}
    kinds = {"parameters": "parameter", "entities": "entity", "deals": "deal",
             "observations": "observation", "events": "event", "sites": "site"}
    tables = {**merged, "deals": deals, "observations": {"|".join(k): v for k, v in obs.items()}}
    for table in _ORDER:
        cls = RECORD_TYPES.get(kinds[table])
        items = tables.get(table, {})
        if cls is None:
            if items and strict:
                raise CapexloopError(f"this version of the ledger has no {table} records",
                                     field=table)
            if items:
                log.append(f"INVALID {len(items)} {table} left out: this version of the ledger "
                           f"has no {table} records")
            continue
        built = []
        for rid, item in items.items():
            try:
                built.append(cls(**item))
            except Exception as err:  # pydantic ValidationError: name the file and record
                first = str(err).splitlines()
                msg = "; ".join(x.strip() for x in first[1:3]) if len(first) > 2 else str(err)
                if strict:
                    raise CapexloopError(f"{kinds[table]} {rid}: {msg}",
                                         source=origin.get((table, rid))) from None
                log.append(f"INVALID {kinds[table]} {rid} ({origin.get((table, rid))}) left "
                           f"out: {msg}")
        records[table] = built
    if not strict:
        _drop_dangling(records, log)

    # ---- likely duplicates across files
    by_id = {d.id: d for d in records.get("deals", [])}
    drop: set[str] = set()
    order = {src: i for i, src in enumerate(dict.fromkeys(s for _, s in raw.get("deals", [])))}
    superseded = {s for d in by_id.values() for s in d.supersedes}
    active = [d for d in by_id.values() if d.id not in superseded
              and not set(d.supersedes) & set(by_id)]
    for group in likely_duplicates(active):
        files = {origin[("deals", i)] for i in group}
        if len(group) == 2 and len(files) == 2:
            a, b = sorted(group, key=lambda i: order[origin[("deals", i)]])
            drop.add(b)
            log.append(f"deal {b} ({origin[('deals', b)]}) dropped: same flow as {a} "
                       f"({origin[('deals', a)]})")
        else:
            log.append(f"deals {', '.join(group)}: possibly the same flow, kept (check "
                       "supersedes)")
    if drop:
        records["deals"] = [d for d in records["deals"] if d.id not in drop]
    records["deals"] = sorted(records.get("deals", []),
                              key=lambda d: ((d.announced.start if d.announced and
                                              d.announced.start else dt.date.min), d.id))
    records["observations"] = sorted(
        records.get("observations", []),
        key=lambda o: (o.entity, o.metric, o.date.start or dt.date.min, str(o.date)))

    asm = Assembly(name, records, origin, log)
    led = asm.ledger()   # referential checks
    problems = source_problems(led)
    if problems:
        raise CapexloopError(f"{len(problems)} provenance problems, first: {problems[0]}",
                             field="sources")
    return asm


def _drop_dangling(records: dict[str, list[Any]], log: list[str]) -> None:
    """Leave out records naming entities or deals that are not there (non-strict builds)."""
    ids = {e.id for e in records.get("entities", [])}
    for table, fields in (("deals", ("payer", "payee")), ("observations", ("entity",)),
                          ("events", ("entity",))):
        keep = []
        for r in records.get(table, []):
            missing = [getattr(r, f) for f in fields if getattr(r, f) not in ids]
            if missing:
                log.append(f"INVALID {table[:-1]} {getattr(r, 'id', '')} left out: unknown "
                           f"entity {', '.join(missing)}")
            else:
                keep.append(r)
        records[table] = keep
    deal_ids = {d.id for d in records.get("deals", [])}
    records["deals"] = [d if set(d.supersedes) <= deal_ids else d.model_copy(update={
        "supersedes": [s for s in d.supersedes if s in deal_ids]}) for d in records["deals"]]


def write_split(ledger: Ledger, folder: str | Path, header: str = "") -> list[Path]:
    """Write ``ledger`` as one YAML file per non-empty record type into ``folder`` (atomic
    per file). ``header`` is written as a comment on top of each file."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    comment = "".join(f"# {line}\n" if line else "#\n" for line in header.splitlines())
    for table in _ORDER:
        recs = getattr(ledger, table, None)
        if not recs:
            continue
        docs = [to_doc(r) for r in recs]
        body = yaml.safe_dump({table: docs}, sort_keys=False, allow_unicode=True, width=100)
        target = folder / f"{table}.yaml"
        with atomic_path(target) as tmp:
            tmp.write_text(comment + f"name: {ledger.name}\n" + body, encoding="utf-8")
        written.append(target)
    return written


assert set(TABLES.values()) <= set(_ORDER)
