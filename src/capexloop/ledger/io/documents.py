"""YAML and JSON ledger documents: ``entities:``, ``deals:``, … sections (or a bare list of
deals), parsed whole with line numbers kept; YAML through a safe loader only."""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import yaml

from ...errors import CapexloopError
from ..records import TABLES, to_doc

__all__ = ["MAX_DOCUMENT_BYTES", "load_yaml_text", "read", "write"]

#: YAML and JSON are parsed whole; larger files must come as CSV or Parquet (which stream).
MAX_DOCUMENT_BYTES = 25 * 2**20


class _LineLoader(yaml.CSafeLoader if hasattr(yaml, "CSafeLoader") else yaml.SafeLoader):
    """Safe YAML loader that remembers the line of every mapping under ``__line__``."""


def _construct_mapping(loader, node, deep=False):
    mapping = yaml.SafeLoader.construct_mapping(loader, node, deep=True)
    mapping["__line__"] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def load_yaml_text(text: str, source: str) -> Any:
    """Safe-load YAML; every mapping carries its line under ``__line__``."""
    try:
        return yaml.load(text, Loader=_LineLoader)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        raise CapexloopError(f"malformed YAML: {getattr(err, 'problem', err)}", source=source,
                             line=mark.line + 1 if mark else None) from None


def check_size(path: Path, fmt: str) -> None:
    size = path.stat().st_size
    if size > MAX_DOCUMENT_BYTES:
        raise CapexloopError(
            f"{fmt.upper()} file is {size / 2**20:.0f} MB; documents above "
            f"{MAX_DOCUMENT_BYTES // 2**20} MB are not parsed whole - export it as CSV or Parquet, "
            "which are read as a stream", source=str(path))


def _at_path(doc: Any, path: str, source: str) -> Any:
    """The part of a document at a dotted key path (``edges``, ``data.deals``)."""
    for key in path.split("."):
        if not isinstance(doc, dict) or key not in doc:
            have = ", ".join(k for k in doc if k != "__line__") if isinstance(doc, dict) else ""
            raise CapexloopError(f"no records at {path!r}: key {key!r} not found"
                                 + (f" (keys: {have})" if have else ""), source=source,
                                 field="records")
        doc = doc[key]
    return doc


def _doc_records(doc: Any, source: str, line_of: Callable[[tuple, dict], int | None],
                 records: str | None = None):
    if doc is None:
        raise CapexloopError("file holds no records", source=source, line=1)
    plural = {v: k for k, v in TABLES.items()}
    native = isinstance(doc, dict) and any(k in plural for k in doc)
    if records and not (native and records.split(".")[0] not in doc):
        doc = _at_path(doc, records, source)
        if not isinstance(doc, list):
            raise CapexloopError(f"records at {records!r} must be a list", source=source,
                                 field="records")
        for i, item in enumerate(doc):
            if not isinstance(item, dict):
                raise CapexloopError(f"item {i + 1} of {records!r} is not a mapping",
                                     source=source, field="records")
            ln = item.pop("__line__", None) or line_of((*records.split("."), i), item)
            yield None, item, ln
        return
    bare = isinstance(doc, list)
    if bare:
        doc = {"deals": doc}
    if not isinstance(doc, dict):
        raise CapexloopError("top level must be a mapping (entities:, deals:, …) or a list of deals",
                             source=source, line=1)
    for key, items in doc.items():
        if key in ("__line__", "name", "description") or str(key).startswith("_"):
            continue                                     # metadata such as "_doc"
        if key not in plural:
            raise CapexloopError(f"unknown section {key!r} (one of: {', '.join(plural)})",
                                 source=source, line=doc.get("__line__"), field=key)
        if not isinstance(items, list):
            raise CapexloopError(f"section {key!r} must be a list", source=source, field=key)
        for i, item in enumerate(items):
            if not isinstance(item, dict):
                raise CapexloopError(f"item {i + 1} of {key!r} is not a mapping", source=source,
                                     field=key)
            ln = item.pop("__line__", None) or line_of((i,) if bare else (key, i), item)
            yield plural[key], item, ln


_JSON_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[{}\[\],:]')


def json_object_starts(text: str) -> dict[tuple, int]:
    """The offset where each JSON object starts, keyed by its path in the document
    (``("edges", 0)`` for the first item of ``edges``); a token scan, no second parse."""
    starts: dict[tuple, int] = {}
    stack: list[list] = []                     # [container, key or index, expecting key]
    for m in _JSON_TOKEN.finditer(text):
        tok = m.group()
        top = stack[-1] if stack else None
        if tok[0] == '"':
            if top is not None and top[0] == "{" and top[2]:
                top[1], top[2] = json.loads(tok), False
            continue
        if tok in "{[":
            if tok == "{":
                starts[tuple(frame[1] for frame in stack)] = m.start()
            stack.append([tok, 0 if tok == "[" else None, tok == "{"])
        elif tok in "}]":
            if stack:
                stack.pop()
        elif tok == "," and top is not None:
            if top[0] == "[":
                top[1] += 1
            else:
                top[2] = True
    return starts


def _json_line_finder(text: str) -> Callable[[tuple, dict], int | None]:
    """Line of the record at a path (``("edges", 3)``): the line of its ``id`` when it has
    one, else the line where its object starts (positions are found once per file)."""
    starts: dict[tuple, int] | None = None
    newlines: list[int] = []

    def find(where: tuple, item: dict) -> int | None:
        nonlocal starts, newlines
        if starts is None:
            starts = json_object_starts(text)
            newlines = [m.start() for m in re.finditer("\n", text)]
        pos = starts.get(where)
        if pos is None:
            return None
        rid = item.get("id")
        if isinstance(rid, str):
            at = text.find(json.dumps(rid), pos)
            pos = at if at >= 0 else pos
        return bisect.bisect_left(newlines, pos) + 1
    return find


def read(path: Path, fmt: str, records: str | None = None
         ) -> Iterator[tuple[dict[str, Any], int | None]]:
    """``(raw, line)`` per record; ``raw["record"]`` is the section's record type (none for
    records picked by a ``records`` path: their type is guessed from their fields)."""
    source = str(path)
    check_size(path, fmt)
    text = path.read_text(encoding="utf-8")
    if fmt == "yaml":
        doc = load_yaml_text(text, source)
        finder: Callable[[tuple, dict], int | None] = lambda where, item: None  # noqa: E731
    else:
        try:
            doc = json.loads(text)
        except json.JSONDecodeError as err:
            raise CapexloopError(f"malformed JSON: {err.msg}", source=source,
                                 line=err.lineno) from None
        finder = _json_line_finder(text)
    for kind, item, ln in _doc_records(doc, source, finder, records):
        yield ({**item, "record": kind} if kind else item), ln


def write(recs: dict[str, list[Any]], tmp: Path, fmt: str) -> None:
    """Sections of non-empty tables; empty optional fields left out."""
    doc = {t: [to_doc(r) for r in rs] for t, rs in recs.items() if rs}
    with tmp.open("w", encoding="utf-8") as fh:
        if fmt == "yaml":
            yaml.safe_dump(doc, fh, sort_keys=False, allow_unicode=True, width=100)
        else:
            json.dump(doc, fh, indent=1, ensure_ascii=False)
            fh.write("\n")
