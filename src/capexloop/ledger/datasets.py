"""Datasets shipped inside the package, and the index of seed facts they cite."""

from __future__ import annotations

import contextlib
import functools
import re
from importlib import resources

import yaml

from .._results import Rows
from ..errors import CapexloopError
from .io import read_ledger
from .model import Ledger

__all__ = ["DATASETS", "dataset_table", "load_dataset", "seed_coverage", "seed_index",
           "seed_table"]

DATASETS: dict[str, str] = {
    "ai2025": "AI compute build-out 2019-2025: labs, clouds, chip makers and their deals "
              "(seeds 000, 001, 003 §4-5)",
    "telecom2000": "Telecom bubble 1996-2003: Lucent, Nortel, Cisco, carriers, CLECs, Lucent's "
                   "financial lines 1999-2002 (seed 003 §1-3)",
    "ai-public": "The public record 2023-2026: AI labs', clouds', neoclouds', chip makers' and "
                 "financiers' deals, data-centre sites, SEC filing values and private labs' "
                 "finances, each with its URL or SEC accession",
}
_PART_ORDER = {f"{t}.yaml": i for i, t in enumerate(
    ("parameters", "entities", "sites", "deals", "observations", "events"))}
_SEED_REF = re.compile(r"^seed:([A-F]\d+)$")


def _data_path(name: str):
    return resources.files("capexloop.ledger").joinpath("data").joinpath(name)


@functools.cache
def load_dataset(name: str) -> Ledger:
    """An embedded ledger by name (see :data:`DATASETS`)."""
    if name not in DATASETS:
        raise CapexloopError(f"unknown dataset {name!r} (one of: {', '.join(DATASETS)})",
                             field="dataset")
    folder = _data_path(name)
    if folder.is_dir():  # a dataset split by record type: entities.yaml, deals.yaml, …
        parts = sorted((p for p in folder.iterdir() if p.name.endswith(".yaml")),
                       key=lambda p: _PART_ORDER.get(p.name, 99))
        with contextlib.ExitStack() as stack:
            paths = [stack.enter_context(resources.as_file(p)) for p in parts]
            return read_ledger(paths, name=name)
    with resources.as_file(_data_path(f"{name}.yaml")) as path:
        return read_ledger(path, name=name)


@functools.cache
def seed_index() -> tuple[dict[str, str], dict[str, str]]:
    """``(summaries, not_applicable)``: one English line per seed fact id, and reasons."""
    doc = yaml.safe_load(_data_path("seed_index.yaml").read_text(encoding="utf-8"))
    na = doc.pop("not_applicable", {}) or {}
    return {str(k): str(v) for k, v in doc.items()}, {str(k): str(v) for k, v in na.items()}


def seed_coverage(ledgers: list[Ledger] | None = None) -> dict[str, list[str]]:
    """Map every seed id to the records citing it (``'<dataset>:<record>'``).

    Raises :class:`CapexloopError` when an id is neither cited nor listed as not applicable,
    or when a record cites an id the index does not know.
    """
    ledgers = ledgers if ledgers is not None else [load_dataset(n) for n in DATASETS]
    summaries, na = seed_index()
    used: dict[str, list[str]] = {k: [] for k in summaries}
    for led in ledgers:
        recs = [*led.entities, *led.deals, *led.events, *led.parameters]
        labelled = [(getattr(r, "id", ""), r) for r in recs]
        labelled += [(f"{o.entity}.{o.metric}@{o.date}", o) for o in led.observations]
        for label, r in labelled:
            for s in r.sources:
                m = _SEED_REF.match(s)
                if not m:
                    continue
                if m.group(1) not in used:
                    raise CapexloopError(f"{label} cites {s}, which the seed index does not know",
                                         source=led.name, field="sources")
                used[m.group(1)].append(f"{led.name}:{label}")
    missing = [k for k, v in used.items() if not v and k not in na]
    if missing:
        raise CapexloopError(f"seed ids neither cited nor marked not applicable: {missing}",
                             source="seed_index.yaml")
    return used


def dataset_table() -> Rows:
    """One row per embedded dataset: name, description and record counts."""
    rows = []
    for name, desc in DATASETS.items():
        led = load_dataset(name)
        rows.append({"name": name, "description": desc, "entities": len(led.entities),
                     "deals": len(led.deals), "observations": len(led.observations),
                     "events": len(led.events)})
    return Rows("embedded datasets", tuple(rows))


def seed_table() -> Rows:
    """One row per seed fact id: summary, how many records cite it, or why none does."""
    summaries, na = seed_index()
    used = seed_coverage()
    return Rows("seed facts", tuple(
        {"id": k, "summary": v, "cited_by": len(used[k]), "not_applicable": na.get(k, "")}
        for k, v in summaries.items()))
