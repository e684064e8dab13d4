"""Mapping a third-party file onto the ledger's vocabulary.

Renamed columns (``from=payer``), renamed deal kinds (``gpu_purchase=chip_purchase``), entity
spellings (``"Nvidia Corp"=nvidia``) and dropped columns (``comment=-``); then names become
entity ids and id-less deals get a stable id.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ...errors import CapexloopError
from ..records import COLUMNS

__all__ = ["Mapping", "check_header", "guess_kind", "resolve_names"]


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

    @classmethod
    def from_options(cls, columns: str | None = None, kinds: str | None = None,
                     entities: str | None = None, file: str | Path | None = None) -> Mapping:
        """Build from ``--columns a=b,c=d`` style strings and/or a YAML mapping file."""
        from .documents import load_yaml_text

        base: dict[str, Any] = {"columns": {}, "kinds": {}, "entities": {}, "record": None}
        if file:
            doc = load_yaml_text(Path(file).read_text(encoding="utf-8"), str(file))
            if not isinstance(doc, dict):
                raise CapexloopError("mapping file must be a mapping with columns/kinds/entities",
                                     source=str(file), line=1)
            doc.pop("__line__", None)
            for key, val in doc.items():
                if isinstance(val, dict):
                    val.pop("__line__", None)
                if key not in base:
                    raise CapexloopError(f"unknown mapping section {key!r} (columns, kinds, "
                                         "entities, record)", source=str(file), field=key)
                if key != "record" and not isinstance(val, dict):
                    raise CapexloopError(f"{key} must be a mapping SOURCE: TARGET",
                                         source=str(file), field=key)
                base[key] = {str(k): str(v) for k, v in val.items()} if key != "record" else val
        base["columns"].update(_pairs(columns, "columns"))
        base["kinds"].update(_pairs(kinds, "kinds"))
        base["entities"].update(_pairs(entities, "entities"))
        known = set(COLUMNS) | {"-"}
        for src, dst in base["columns"].items():
            if dst not in known:
                raise CapexloopError(f"column mapping {src}={dst}: {dst!r} is not a ledger field "
                                     f"(one of: {', '.join(COLUMNS)}, or - to drop)",
                                     field="columns")
        return cls(**base)

    def apply(self, raw: dict[str, Any]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for k, v in raw.items():
            k = str(k).strip() if k is not None else ""
            target = self.columns.get(k, k)
            if target == "-" or (k == "" and v in (None, "")):
                continue
            out[target] = v
        if self.kinds and isinstance(out.get("kind"), str):
            out["kind"] = self.kinds.get(out["kind"].strip(), out["kind"])
        return out


def check_header(names: list[str], mapping: Mapping, source: str) -> None:
    """Refuse columns that are neither ledger fields nor mapped, all named in one message."""
    known = set(COLUMNS)
    bad = [n for n in names if n and mapping.columns.get(n, n) not in known | {"-"}]
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


def resolve_names(kind: str, raw: dict[str, Any], matcher, *, source: str | None,
                  line: int | None) -> dict[str, Any]:
    """Replace entity names by ids (payer/payee/entity) and give id-less deals a stable id."""
    fields = ("payer", "payee") if kind == "deal" else ("entity",) if kind in (
        "observation", "event") else ("owner",) if kind == "site" else ()
    raw = dict(raw)
    for f in fields:
        if raw.get(f) not in (None, ""):
            try:
                raw[f] = matcher.id(str(raw[f]))
            except CapexloopError as err:
                raise err.located(source=source, line=line, field=f) from None
    if kind == "site" and raw.get("users") not in (None, ""):
        users = raw["users"]
        names = users.split(";") if isinstance(users, str) else list(users)
        try:
            raw["users"] = [matcher.id(str(n).strip()) for n in names if str(n).strip()]
        except CapexloopError as err:
            raise err.located(source=source, line=line, field="users") from None
    if kind == "deal" and raw.get("id") in (None, ""):
        key = "|".join(str(raw.get(k, "")) for k in
                       ("payer", "payee", "kind", "amount_usd", "announced", "capacity_gw"))
        raw["id"] = (f"{raw.get('payer', 'x')}-{raw.get('payee', 'x')}-"
                     f"{hashlib.sha1(key.encode()).hexdigest()[:8]}").lower()
    return raw
