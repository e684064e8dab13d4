"""tools/build_ai_public.py: the embedded dataset is the base of every rebuild."""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

import pytest
import yaml

from capexloop.ledger import load_dataset
from capexloop.ledger.assemble import assemble

TOOL = Path(__file__).resolve().parents[2] / "tools" / "build_ai_public.py"


@pytest.fixture(scope="module")
def tool():
    spec = importlib.util.spec_from_file_location("build_ai_public", TOOL)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture
def dataset(tool, tmp_path):
    """A copy of the embedded split files (the tool's output folder is never written here)."""
    out = tmp_path / "ai-public"
    shutil.copytree(tool.OUT, out)
    return out


def _build(tool, staging, dataset):
    paths = tool.source_files(staging, dataset)
    return paths, assemble(paths, "ai-public", strict=False,
                           base_entities=load_dataset("ai2025").entities)


def _stage(folder: Path, name: str, doc: dict) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(yaml.safe_dump(doc), encoding="utf-8")
    return folder / name


@pytest.mark.parametrize("staging", [None, "missing", "empty"])
def test_rebuild_without_staged_files_reproduces_the_dataset(tool, dataset, tmp_path, staging):
    """Missing or empty staging: the dataset rebuilt from itself has the same records."""
    st = None if staging is None else tmp_path / staging
    if staging == "empty":
        st.mkdir()
    paths, a = _build(tool, st, dataset)
    assert [p.name for p in paths] == ["entities.yaml", "sites.yaml", "deals.yaml",
                                       "observations.yaml", "events.yaml"]
    led, ref = a.ledger(), load_dataset("ai-public")
    assert len(led.deals) == len(ref.deals) and len(led.entities) == len(ref.entities)
    assert {(o.entity, o.metric, str(o.date), o.value.mid) for o in led.observations} == {
        (o.entity, o.metric, str(o.date), o.value.mid) for o in ref.observations}
    assert {e.id for e in led.events} == {e.id for e in ref.events}


def test_exact_staged_value_replaces_the_rounded_embedded_quote(tool, dataset, tmp_path):
    """Order [exact staged, embedded, other staged]: an exact filed value staged in
    filings/exact_*.yaml replaces the dataset's rounded quote of the same item (Oracle's
    RPO at 2025-11-30 is stored as the press release's rounded $523B; a staged 523,312e6,
    a made-up exact value for this test only, keeps the exact one), while a later staged deal
    that contradicts a dataset deal of the same id is dropped in favour of the dataset's."""
    st = tmp_path / "staging"
    _stage(st / "filings", "exact_test.yaml", {"observations": [{
        "entity": "oracle", "metric": "rpo", "date": "2025-11-30", "value": 523312e6,
        "unit": "USD", "basis": "reported", "sources": ["https://example.org/exact-test"]}]})
    deal = next(d for d in load_dataset("ai-public").deals if d.amount_usd is not None)
    _stage(st / "deals", "deals_test.yaml", {"deals": [{
        "id": deal.id, "kind": deal.kind.value, "payer": deal.payer, "payee": deal.payee,
        "amount_usd": 1.0, "status": deal.status.value, "sources": ["https://example.org/x"]}]})
    paths, a = _build(tool, st, dataset)
    names = [p.name for p in paths]
    assert (names[0], names[-1]) == ("exact_test.yaml", "deals_test.yaml")
    led = a.ledger()
    assert led.observation("oracle", "rpo", "2025-11-30").value.mid == 523312e6
    assert next(d for d in led.deals if d.id == deal.id).amount_usd == deal.amount_usd
    assert any(line.startswith(f"deal {deal.id} (deals_test.yaml) dropped") for line in a.log)


def test_build_log_keeps_earlier_builds(tool, tmp_path):
    prev = tmp_path / "BUILD.md"
    prev.write_text("# ai-public build log\n\n```\nold log\n```\n", encoding="utf-8")
    text = tool.build_log("new log", ["filings/exact_x.yaml"], prev)
    assert text.index("new log") < text.index("## Earlier build") < text.index("old log")
    prev.write_text(text, encoding="utf-8")
    assert tool.build_log("new log", ["filings/exact_x.yaml"], prev) == text  # no duplicate
