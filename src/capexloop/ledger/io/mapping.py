"""Mapping a third-party file onto the ledger's vocabulary.

Renamed columns (``from=payer``; common names such as ``amount``, ``date``, ``source``, ``from``
and ``to`` are recognised without being named), renamed deal kinds
(``gpu_purchase=chip_purchase``), entity spellings (``"Nvidia Corp"=nvidia``), dropped columns
(``comment=-``), constant fields (``constants: {status: announced}``), per-column value
translation (``values: {status: {Closed: drawn}}``), date formats (``dates: {announced:
"%m/%d/%Y"}``), units (``units: {capacity_gw: MW, amount_usd: million}``), multi-value cells
split into one deal per value (``split: {payer: ";"}``), the path of the records in a JSON or
YAML document (``records: edges``) and a layer for entities the file names but the ledger does
not know yet (``new_entities: cloud``; per field with ``layers: {payee: model_provider}``).
Third-party text is cleaned on the way in: ``remove`` strips a pattern from a field (Epoch's
``"Microsoft #confident"``), ``separators`` splits list fields (``users: ","``), ``"*"`` in
``values`` translates every value not listed, deal kinds match ignoring case, and an amount
hedged in words (``"Up to $100B"``, ``"~$10B"``, ``"$300M+"``) keeps its number and sets the
``qualifier``. ``unmapped: drop`` ignores columns the mapping does not name (a published
dataset that adds a column still imports; the ignored columns are reported). Packaged
*presets* (:mod:`capexloop.ledger.io.presets`) are such mappings for public datasets. Then
names become entity ids, and id-less deals and sites get a stable id.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ...errors import CapexloopError
from ..records import COLUMNS

__all__ = ["SYNONYMS", "Mapping", "check_header", "guess_kind", "hedged_amount",
           "resolve_names"]

#: column names third-party files use for ledger fields (applied unless a column is mapped)
SYNONYMS = {
    "amount": "amount_usd", "usd": "amount_usd", "amount_usd_bn": "amount_usd",
    "value_usd_bn": "amount_usd", "deal_value": "amount_usd", "deal_size": "amount_usd",
    "date": "announced", "announced_date": "announced", "date_announced": "announced",
    "source": "sources", "source_url": "sources", "url": "sources", "link": "sources",
    "from": "payer", "source_entity": "payer", "investor": "payer", "buyer": "payer",
    "investors": "payer", "lead investor": "payer", "lead investors": "payer",
    "lead_investor": "payer", "lead_investors": "payer",
    "to": "payee", "target": "payee", "target_entity": "payee", "recipient": "payee",
    "seller": "payee", "type": "kind", "deal_type": "kind", "flow_type": "kind",
    "edge_type": "kind", "gw": "capacity_gw", "capacity": "capacity_gw", "mw": "capacity_gw",
    "capacity_mw": "capacity_gw", "description": "notes", "note": "notes", "comment": "notes",
}
#: a synonym that also fixes a unit
_SYNONYM_UNITS = {"mw": ("capacity_gw", "MW"), "capacity_mw": ("capacity_gw", "MW"),
                  "amount_usd_bn": ("amount_usd", "billion"),
                  "value_usd_bn": ("amount_usd", "billion")}
_AMOUNT_UNITS = {"usd": "", "thousand": " thousand", "million": " million",
                 "billion": " billion", "trillion": " trillion"}
_GW_UNITS = {"gw": "GW", "mw": "MW", "kw": "kW"}
#: words third-party files put around an amount, and the qualifier they mean
_HEDGES = [(re.compile(r"^\s*(?:up\s+to|as\s+much\s+as|<=?|≤)\s*", re.I), "up_to"),
           (re.compile(r"^\s*(?:at\s+least|more\s+than|over|>=?|≥)\s*", re.I), "at_least"),
           (re.compile(r"^\s*(?:about|around|approx(?:imately|\.)?|roughly|~|≈|c\.)\s*",
                       re.I), "about")]
_PLUS = re.compile(r"\s*\+\s*$")


def hedged_amount(text: str) -> tuple[str, str | None]:
    """``"Up to $100B"`` → ``("$100B", "up_to")``; ``"$300M+"`` → ``("$300M", "at_least")``;
    text without hedging words comes back unchanged with ``None``."""
    for pat, qual in _HEDGES:
        m = pat.match(text)
        if m and m.end() < len(text):
            return text[m.end():].strip(), qual
    if _PLUS.search(text):
        return _PLUS.sub("", text), "at_least"
    return text, None


def _pairs(spec: str | None, what: str) -> dict[str, str]:
    out: dict[str, str] = {}
    if not spec:
        return out
    for part in spec.split(","):
        if not part.strip():
            continue
        k, sep, v = part.partition("=")
        if not sep or not k.strip() or not v.strip():
            raise CapexloopError(f"{what} mapping {part.strip()!r} must look like SOURCE=TARGET",
                                 field=what)
        out[k.strip()] = v.strip()
    return out


@dataclass(frozen=True)
class Mapping:
    """How a third-party file's columns, kinds and names map onto the ledger.

    ``columns`` renames columns (target ``-`` drops the column), ``kinds`` renames deal
    kinds, ``entities`` adds spellings of entity names, ``record`` fixes the record type of
    files without a ``record`` column (default: guessed from the columns).
    """

    columns: dict[str, str] = field(default_factory=dict)
    kinds: dict[str, str] = field(default_factory=dict)
    entities: dict[str, str] = field(default_factory=dict)
    record: str | None = None
    constants: dict[str, Any] = field(default_factory=dict)
    values: dict[str, dict[str, str]] = field(default_factory=dict)
    dates: dict[str, str] = field(default_factory=dict)
    units: dict[str, str] = field(default_factory=dict)
    split: dict[str, str] = field(default_factory=dict)
    records: str | None = None
    new_entities: str | None = None
    remove: dict[str, str] = field(default_factory=dict)
    separators: dict[str, str] = field(default_factory=dict)
    layers: dict[str, str] = field(default_factory=dict)
    unmapped: str = "error"
    about: dict[str, Any] = field(default_factory=dict)
    shares: str = "copy"

    def target(self, column: str) -> str:
        """The ledger field a file column fills: mapped, else a known field, else a synonym
        (else ``-``, dropped, when ``unmapped: drop``)."""
        if column in self.columns:
            return self.columns[column]
        if column in COLUMNS:
            return column
        name = SYNONYMS.get(column.strip().lower(), column)
        return "-" if name not in COLUMNS and self.unmapped == "drop" else name

    def ignored(self, header: list[str]) -> list[str]:
        """Columns ``unmapped: drop`` ignores (not named by the mapping), for printing."""
        if self.unmapped != "drop":
            return []
        return [c for c in header if c and c not in self.columns and self.target(c) == "-"]

    def recognised(self, header: list[str]) -> dict[str, str]:
        """Columns that map to another field name (named or recognised), for printing."""
        return {c: self.target(c) for c in header if c and self.target(c) != c}

    @classmethod
    def from_options(cls, columns: str | None = None, kinds: str | None = None,
                     entities: str | None = None, file: str | Path | None = None, *,
                     records: str | None = None, new_entities: str | None = None,
                     constants: str | None = None, preset: str | None = None) -> Mapping:
        """Build from a packaged ``preset``, a YAML mapping ``file`` and ``--columns a=b,c=d``
        style strings, each later one adding to and overriding the earlier ones."""
        from .documents import load_yaml_text

        base: dict[str, Any] = {"columns": {}, "kinds": {}, "entities": {}, "record": None,
                                "constants": {}, "values": {}, "dates": {}, "units": {},
                                "split": {}, "records": None, "new_entities": None,
                                "remove": {}, "separators": {}, "layers": {},
                                "unmapped": "error", "about": {}, "shares": "copy"}
        scalar = ("record", "records", "new_entities", "unmapped", "shares")
        docs: list[tuple[str, Any]] = []
        if preset:
            from .presets import preset_path

            pfile = preset_path(preset)
            docs.append((str(pfile), load_yaml_text(pfile.read_text(encoding="utf-8"),
                                                    str(pfile))))
        if file:
            docs.append((str(file), load_yaml_text(Path(file).read_text(encoding="utf-8"),
                                                   str(file))))
        for where, doc in docs:
            if not isinstance(doc, dict):
                raise CapexloopError("mapping file must be a mapping with columns/kinds/entities",
                                     source=where, line=1)
            doc.pop("__line__", None)
            for key, val in doc.items():
                if isinstance(val, dict):
                    val.pop("__line__", None)
                if key not in base:
                    raise CapexloopError(f"unknown mapping section {key!r} (one of: "
                                         f"{', '.join(base)})", source=where, field=key)
                if key not in scalar and not isinstance(val, dict):
                    raise CapexloopError(f"{key} must be a mapping SOURCE: TARGET",
                                         source=where, field=key)
                if key == "values":
                    for c, v in val.items():
                        if isinstance(v, dict):
                            base[key].setdefault(str(c), {}).update(
                                {str(a).strip().lower(): str(b) for a, b in v.items()
                                 if a != "__line__"})
                elif key in ("constants", "about"):
                    base[key].update(val)
                elif key in scalar:
                    base[key] = None if val is None else str(val)
                elif key == "kinds":
                    base[key].update({str(k).strip().lower(): str(v) for k, v in val.items()})
                else:
                    base[key].update({str(k): str(v) for k, v in val.items()})
            for k, v in base["columns"].items():
                if not isinstance(v, str):
                    base["columns"][k] = str(v)
            if base["shares"] not in ("copy", "unknown"):
                raise CapexloopError(f"shares must be copy or unknown, got {base['shares']!r}",
                                     source=where, field="shares")
            if base["unmapped"] not in ("error", "drop"):
                raise CapexloopError(f"unmapped must be error or drop, got {base['unmapped']!r}",
                                     source=where, field="unmapped")
            for fld, pat in base["remove"].items():
                try:
                    re.compile(pat)
                except re.error as err:
                    raise CapexloopError(f"remove pattern {pat!r} for {fld}: {err}",
                                         source=where, field="remove") from None
        if records:
            base["records"] = records
        if new_entities:                     # one layer for every created name, as asked
            base["new_entities"], base["layers"] = new_entities, {}
        from ..model import Layer

        layers = {m.value for m in Layer}
        for where, layer in [("new_entities", base["new_entities"]),
                             *(("layers", v) for v in base["layers"].values())]:
            if layer and layer not in layers:
                raise CapexloopError(f"--new-entities layer {layer!r} (one of: "
                                     f"{', '.join(sorted(layers))})", field=where)
        base["constants"].update(_pairs(constants, "set"))
        base["columns"].update(_pairs(columns, "columns"))
        base["kinds"].update({k.lower(): v for k, v in _pairs(kinds, "kinds").items()})
        base["entities"].update(_pairs(entities, "entities"))
        known = set(COLUMNS) | {"-"}
        for src, dst in base["columns"].items():
            if dst not in known:
                raise CapexloopError(f"column mapping {src}={dst}: {dst!r} is not a ledger field "
                                     f"(one of: {', '.join(COLUMNS)}, or - to drop)",
                                     field="columns")
        for sec in ("units",):
            for fld, unit in base[sec].items():
                ok = _GW_UNITS if fld == "capacity_gw" else _AMOUNT_UNITS
                if unit.strip().lower() not in ok:
                    raise CapexloopError(f"unit {unit!r} for {fld} (one of: {', '.join(ok)})",
                                         source=str(file) if file else None, field="units")
        return cls(**base)

    def apply(self, raw: dict[str, Any]) -> dict[str, Any]:
        """Rename, translate and convert one row (without splitting multi-value cells)."""
        out: dict[str, Any] = {}
        units = dict(self.units)
        for k, v in raw.items():
            k = str(k).strip() if k is not None else ""
            target = self.target(k)
            if target == "-" or (k == "" and v in (None, "")):
                continue
            if k not in self.columns and k.lower() in _SYNONYM_UNITS:
                units.setdefault(*_SYNONYM_UNITS[k.lower()])
            if target in out and out[target] not in (None, "") and v in (None, ""):
                continue                              # two columns for one field: keep the filled one
            out[target] = v
        for fld, pat in self.remove.items():
            if isinstance(out.get(fld), str):
                out[fld] = re.sub(pat, "", out[fld]).strip()
        if self.kinds and isinstance(out.get("kind"), str):
            kinds = {k.strip().lower(): v for k, v in self.kinds.items()}
            out["kind"] = kinds.get(out["kind"].strip().lower(), out["kind"])
        for fld, table in self.values.items():
            v = out.get(fld)
            if isinstance(v, str | int | float | bool) and str(v).strip() != "":
                key = str(v).strip().lower()
                if key in table or "*" in table:
                    out[fld] = table.get(key, table.get("*"))
        for fld, sep in self.separators.items():
            if isinstance(out.get(fld), str):
                out[fld] = [p.strip() for p in out[fld].split(sep) if p.strip()]
        amount = out.get("amount_usd")
        if isinstance(amount, str) and amount.strip():
            amount, qual = hedged_amount(amount.strip())
            out["amount_usd"] = amount
            if qual and out.get("qualifier") in (None, ""):
                out["qualifier"] = qual
        for fld, unit in units.items():
            v = out.get(fld)
            if v in (None, "") or (isinstance(v, float) and v != v):
                continue
            u = unit.strip().lower()
            out[fld] = (f"{v} {_GW_UNITS[u]}" if fld == "capacity_gw"
                        else f"{v}{_AMOUNT_UNITS[u]}")
        return out

    def for_kind(self, kind: str, raw: dict[str, Any]) -> dict[str, Any]:
        """Per record type: for deals ``date`` is when a deal was announced and ``value`` its
        amount (for observations they keep their meaning); then date formats and constants
        (a constant fills only records that have that field)."""
        if kind == "deal":
            for src, dst in (("date", "announced"), ("value", "amount_usd")):
                if src in raw and src not in self.columns and raw.get(dst) in (None, ""):
                    raw[dst] = raw.pop(src)
        for fld, fmt in self.dates.items():
            v = raw.get(fld)
            if isinstance(v, str) and v.strip():
                try:
                    raw[fld] = dt.datetime.strptime(v.strip(), fmt).date().isoformat()
                except ValueError:
                    raise CapexloopError(f"{fld} {v!r} does not match the date format {fmt!r}",
                                         field=fld) from None
        from ..records import RECORD_TYPES

        fields = RECORD_TYPES[kind].model_fields if kind in RECORD_TYPES else {}
        for fld, value in self.constants.items():       # only where the record has the field
            if fld in fields and raw.get(fld) in (None, ""):
                raw[fld] = value
        return raw

    def expand(self, raw: dict[str, Any]) -> list[dict[str, Any]]:
        """``apply`` then one row per value of each split column (``split: {payer: ";"}``);
        split rows with an id get ``-1``, ``-2``, … appended. ``shares: unknown`` leaves the
        amount of each split row unknown (the file gives one amount for all, e.g. a round
        with several investors, so copying it would count it once per investor) and says so
        in ``notes``; the default ``copy`` gives every row the whole amount."""
        rows = [self.apply(raw)]
        for fld, sep in self.split.items():
            nxt = []
            for r in rows:
                v = r.get(fld)
                parts = ([p.strip() for p in v.split(sep) if p.strip()]
                         if isinstance(v, str) else [v])
                for i, p in enumerate(parts):
                    q = dict(r)
                    q[fld] = p
                    if len(parts) > 1 and q.get("id") not in (None, ""):
                        q["id"] = f"{q['id']}-{i + 1}"
                    if len(parts) > 1 and self.shares == "unknown" and \
                            q.get("amount_usd") not in (None, ""):
                        note = (f"one of {len(parts)} {fld}s of a {q['amount_usd']} deal "
                                f"({', '.join(parts)}); shares not reported")
                        q["notes"] = f"{q['notes']}; {note}" if q.get("notes") else note
                        q["amount_usd"] = None
                    nxt.append(q)
            rows = nxt
        return rows


def check_header(names: list[str], mapping: Mapping, source: str) -> None:
    """Refuse columns that are neither ledger fields nor mapped, all named in one message."""
    known = set(COLUMNS)
    bad = [n for n in names if n and mapping.target(n) not in known | {"-"}]
    if bad:
        hint = ",".join(f"{b}=FIELD" for b in bad[:3])
        raise CapexloopError(
            f"unknown column(s) {', '.join(map(repr, bad))}; map them to ledger fields with "
            f"--columns {hint} (or drop one with NAME=-); fields: {', '.join(COLUMNS[1:])}",
            source=source, line=1, field=bad[0])


def guess_kind(raw: dict[str, Any]) -> str:
    """The record type of a row without a ``record`` column, from the fields it fills."""
    if "record" in raw and raw["record"] not in (None, ""):
        return str(raw["record"]).strip()
    keys = {k for k, v in raw.items() if v not in (None, "")}
    if {"payer", "payee"} & keys:
        return "deal"
    if "owner" in keys:
        return "site"
    if "metric" in keys:
        return "observation"
    if "layer" in keys or ("name" in keys and "description" not in keys):
        return "entity"
    if "description" in keys:
        return "event"
    return "deal"


def _match(matcher, name: str, fld: str, layers: dict[str, str] | None) -> str:
    layer = (layers or {}).get(fld)
    return matcher.id(name, layer=layer) if layer and hasattr(matcher, "layer") else \
        matcher.id(name)


def resolve_names(kind: str, raw: dict[str, Any], matcher, *, source: str | None,
                  line: int | None, layers: dict[str, str] | None = None) -> dict[str, Any]:
    """Replace entity names by ids (payer/payee/entity/owner/users; names created on import
    get the layer ``layers`` gives their field) and give id-less deals and sites a stable id."""
    fields = ("payer", "payee") if kind == "deal" else ("entity",) if kind in (
        "observation", "event") else ("owner",) if kind == "site" else ()
    raw = dict(raw)
    for f in fields:
        if raw.get(f) not in (None, ""):
            try:
                raw[f] = _match(matcher, str(raw[f]), f, layers)
            except CapexloopError as err:
                raise err.located(source=source, line=line, field=f) from None
    if kind == "site" and raw.get("users") not in (None, ""):
        users = raw["users"]
        names = users.split(";") if isinstance(users, str) else list(users)
        try:
            raw["users"] = list(dict.fromkeys(_match(matcher, str(n).strip(), "users", layers)
                                              for n in names if str(n).strip()))
        except CapexloopError as err:
            raise err.located(source=source, line=line, field="users") from None
    if kind == "site" and raw.get("id") in (None, "") and raw.get("name") not in (None, ""):
        from ..matching import slugify

        raw["id"] = slugify(str(raw["name"]))
    if kind == "deal" and raw.get("id") in (None, ""):
        key = "|".join(str(raw.get(k, "")) for k in
                       ("payer", "payee", "kind", "amount_usd", "announced", "capacity_gw"))
        raw["id"] = (f"{raw.get('payer', 'x')}-{raw.get('payee', 'x')}-"
                     f"{hashlib.sha1(key.encode()).hexdigest()[:8]}").lower()
    return raw
