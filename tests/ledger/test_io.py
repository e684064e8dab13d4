"""Round trips through every format and the clear-error contract for bad input."""

import json
import os
import tracemalloc

import pytest

from capexloop.errors import CapexloopError
from capexloop.ledger import LedgerStore, load_dataset, read_ledger, write_ledger
from capexloop.ledger.io import FORMATS

HEADER = "id,kind,payer,payee,amount_usd,announced,status\n"
ENTITIES = """entities:
  - {id: nvidia, name: NVIDIA, layer: semiconductor, aliases: [Nvidia Corp]}
  - {id: openai, name: OpenAI, layer: model_provider, aliases: [Open AI]}
"""


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("name", ["ai2025", "telecom2000"])
def test_roundtrip_every_format(tmp_path, fmt, name):
    """Export then import gives the same ledger, record for record (equality of models)."""
    led = load_dataset(name)
    out = write_ledger(led, tmp_path / f"x.{fmt}")
    back = read_ledger(out, name=name)
    assert back == led


@pytest.mark.parametrize("fmt", FORMATS)
def test_roundtrip_through_store(tmp_path, fmt):
    led = load_dataset("ai2025")
    path = write_ledger(led, tmp_path / f"x.{fmt}")
    with LedgerStore(tmp_path / "db.duckdb") as s:
        s.import_files([path], duplicates="keep-both")
        assert s.load(name="ai2025") == led


def test_export_is_atomic(tmp_path, monkeypatch):
    """A failing writer leaves neither the target nor a temp file behind."""
    import yaml

    target = tmp_path / "out.yaml"
    target.write_text("old content")

    def boom(*a, **k):
        raise RuntimeError("disk full")

    monkeypatch.setattr(yaml, "safe_dump", boom)
    with pytest.raises(RuntimeError):
        write_ledger(load_dataset("ai2025"), target)
    assert target.read_text() == "old content"
    assert os.listdir(tmp_path) == ["out.yaml"]


def _files(tmp_path, body: str, suffix=".csv"):
    ents = tmp_path / "entities.yaml"
    ents.write_text(ENTITIES)
    f = tmp_path / f"deals{suffix}"
    f.write_text(body)
    return ents, f


BAD = {
    "malformed_csv": ('id,kind,payer,payee\n"d1,equity,nvidia,openai\n', None, None),
    "duplicate_ids": (HEADER + "d1,equity,nvidia,openai,1B,2025,announced\n"
                      "d1,equity,nvidia,openai,2B,2025,announced\n",
                      3, "id"),
    "unknown_entity": (HEADER + "d1,equity,nvidia,openaii,1B,2025,announced\n", 2, "payee"),
    "unknown_kind": (HEADER + "d1,gpu_purchase,openai,nvidia,1B,2025,announced\n", 2, "kind"),
    "negative": (HEADER + "d1,equity,nvidia,openai,-1B,2025,announced\n", 2, "amount_usd"),
    "nan": (HEADER + "d1,equity,nvidia,openai,NaN,2025,announced\n", 2, "amount_usd"),
    "low_above_high": (HEADER + "d1,equity,nvidia,openai,20B..10B,2025,announced\n", 2,
                       "amount_usd"),
    "unparseable": (HEADER + 'd1,equity,nvidia,openai,"twenty billion",2025,announced\n', 2,
                    "amount_usd"),
    "bad_date": (HEADER + "d1,equity,nvidia,openai,1B,2025-13-01,announced\n", 2, "announced"),
    "payer_is_payee": (HEADER + "d1,equity,nvidia,nvidia,1B,2025,announced\n", 2, None),
    "gw_as_dollars": ("id,kind,payer,payee,capacity_gw,status\n"
                      "d1,chip_purchase,openai,nvidia,$400B,announced\n",
                      2, "capacity_gw"),
    "ragged_row": (HEADER + "d1,equity,nvidia,openai,1B,2025,announced,extra\n", 2, None),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_csv_gives_one_clear_error_and_leaves_store_unchanged(tmp_path, cli, case):
    body, line, field = BAD[case]
    ents, f = _files(tmp_path, body)
    db = tmp_path / "ledger.duckdb"
    code, _, _ = cli("ledger", "import", ents, "--db", db)  # a valid first import
    assert code == 0
    with LedgerStore(db) as s:
        before = s.load()
    code, _out, err = cli("ledger", "import", f, "--db", db)
    assert code == 2
    lines = [ln for ln in err.strip().splitlines() if ln]
    assert len(lines) == 1 and "Traceback" not in err
    assert lines[0].startswith(str(f) + (f":{line}" if line else ""))
    if field:
        assert f": {field}: " in lines[0]
    with LedgerStore(db) as s:
        assert s.load() == before


@pytest.mark.parametrize(("suffix", "body", "needle"), [
    (".yaml", "entities:\n  - {id: a, name: [unclosed\n", "malformed YAML"),
    (".yaml", "deals: {not: a list}\n", "must be a list"),
    (".json", '{"deals": [ {"id": "x",} ]}', "malformed JSON"),
    (".json", "", "file is empty"),
    (".csv", "", "file is empty"),
    (".yaml", "!!python/object/apply:os.system ['echo hi']\n", "malformed YAML"),
])
def test_bad_documents(tmp_path, cli, suffix, body, needle):
    f = tmp_path / f"bad{suffix}"
    f.write_text(body)
    code, _, err = cli("ledger", "validate", f)
    assert code == 2 and needle in err and "Traceback" not in err


def test_yaml_error_line_points_at_record(tmp_path, cli):
    f = tmp_path / "l.yaml"
    f.write_text(ENTITIES + "deals:\n  - id: d1\n    kind: equity\n    payer: nvidia\n"
                 "    payee: openai\n    status: drawn\n  - id: d2\n    kind: equity\n"
                 "    payer: nvidia\n    payee: openai\n    status: announced\n"
                 "    amount_usd: 12 bananas\n")
    code, _, err = cli("ledger", "validate", f)
    assert code == 2
    assert f"{f}:10: amount_usd:" in err  # the mapping of d2 starts on line 10


def test_json_error_line_points_at_record(tmp_path, cli):
    doc = {"entities": [{"id": "a", "name": "A"}, {"id": "b", "name": "B"}],
           "deals": [{"id": "ok", "kind": "equity", "payer": "a", "payee": "b",
                      "status": "drawn"},
                     {"id": "bad", "kind": "equity", "payer": "a", "payee": "a",
                      "status": "drawn"}]}
    f = tmp_path / "l.json"
    f.write_text(json.dumps(doc, indent=1))
    code, _, err = cli("ledger", "validate", f)
    line = next(i for i, t in enumerate(f.read_text().splitlines(), 1) if '"bad"' in t)
    assert code == 2 and f"{f}:{line}:" in err


def test_big_csv_streams(tmp_path):
    """A 50 MB CSV with a bad last row: the error names that row, memory stays far below the
    file size (streaming), and the store is unchanged."""
    ents, f = _files(tmp_path, "")
    notes = "x" * 1000
    rows = 50 * 2**20 // 1040
    with f.open("w") as fh:
        fh.write("id,kind,payer,payee,amount_usd,announced,status,notes\n")
        for i in range(rows):
            fh.write(f"d{i},equity,nvidia,openai,{i + 1}M,2025,drawn,{notes}\n")
        fh.write(f"d{rows},equity,nvidia,openai,twenty billion,2025,drawn,{notes}\n")
    assert f.stat().st_size >= 50 * 2**20
    with LedgerStore() as s:
        s.import_files([ents])
        before = s.counts()
        tracemalloc.start()
        with pytest.raises(CapexloopError) as ei:
            s.import_files([f], duplicates="keep-both")
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        assert ei.value.line == rows + 2 and ei.value.field == "amount_usd"
        assert peak < 25 * 2**20, f"peak Python memory {peak / 2**20:.0f} MB"
        assert s.counts() == before


def test_large_yaml_refused_with_hint(tmp_path, cli, monkeypatch):
    from capexloop.ledger.io import documents

    monkeypatch.setattr(documents, "MAX_DOCUMENT_BYTES", 100)
    f = tmp_path / "big.yaml"
    f.write_text(ENTITIES * 3)
    code, _, err = cli("ledger", "validate", f)
    assert code == 2 and "CSV or Parquet" in err
