"""Third-party files as analysts get them: one small hand-made file per quirk, each asserting
the exact records the mapping must produce (issue: real-world ledgers)."""

from __future__ import annotations

import json

import pytest

from capexloop.errors import CapexloopError
from capexloop.ledger import LedgerStore
from capexloop.ledger.io import Mapping, read_ledger
from capexloop.network import money_cycles

ENTS = ("entities:\n  - {id: nvidia, name: NVIDIA, layer: semiconductor}\n"
        "  - {id: coreweave, name: CoreWeave, layer: cloud}\n"
        "  - {id: openai, name: OpenAI, layer: model_provider}\n"
        "  - {id: microsoft, name: Microsoft, layer: cloud}\n")


def _read(tmp_path, name, text, mapping=None, ents=True):
    f = tmp_path / name
    f.write_text(text)
    files = [f]
    if ents:
        e = tmp_path / "ents.yaml"
        e.write_text(ENTS)
        files.insert(0, e)
    return read_ledger(files, mapping=mapping or Mapping())


def test_json_edges_under_a_key_with_metadata(tmp_path):
    """A tracker's ``{"_doc": ..., "edges": [...]}`` with from/to/type/amount/date/source."""
    doc = {"_doc": "filing-verified edges", "edges": [
        {"from": "NVIDIA", "to": "CoreWeave", "type": "equity", "amount": "$250 million",
         "date": "2023-04", "source": "https://example.org/a", "status": "drawn"},
        {"from": "CoreWeave", "to": "NVIDIA", "type": "chip_purchase", "amount": None,
         "date": "2023", "source": "https://example.org/b", "status": "drawn"}]}
    led = _read(tmp_path, "t.json", json.dumps(doc, indent=1),
                Mapping.from_options(records="edges"))
    d = {x.payer: x for x in led.deals}
    assert d["nvidia"].amount_usd.low == 250e6 and str(d["nvidia"].announced) == "2023-04"
    assert d["nvidia"].sources == ["https://example.org/a"]
    assert d["coreweave"].amount_usd is None                 # unknown stays unknown
    t = money_cycles(led, 2)
    assert t.cycles == (("nvidia", "coreweave"),) and t.unknown_count == 1


def test_without_records_path_the_key_is_named_in_the_error(tmp_path):
    f = tmp_path / "t.json"
    f.write_text(json.dumps({"edges": []}))
    with pytest.raises(CapexloopError, match="records"):
        read_ledger(f, mapping=Mapping.from_options(records="deals"))


def test_status_is_never_defaulted(tmp_path):
    with pytest.raises(CapexloopError) as err:
        _read(tmp_path, "d.csv", "payer,payee,kind,amount_usd\nNVIDIA,CoreWeave,equity,1B\n")
    assert err.value.field == "status" and err.value.line == 2
    led = _read(tmp_path, "d.csv", "payer,payee,kind,amount_usd\nNVIDIA,CoreWeave,equity,1B\n",
                Mapping.from_options(constants="status=announced,binding=false"))
    assert led.deals[0].status.value == "announced" and led.deals[0].binding is False


def test_values_dates_units_and_split(tmp_path):
    m = tmp_path / "map.yaml"
    m.write_text("""columns:
  Investors: payer
  Company: payee
  Round size: amount_usd
  Announced: announced
  Stage: status
  Power: capacity_gw
constants:
  kind: equity
values:
  status: {Closed: drawn, Rumoured: announced}
dates:
  announced: "%m/%d/%Y"
units:
  amount_usd: million
  capacity_gw: MW
split:
  payer: ";"
""")
    text = ("Investors,Company,Round size,Announced,Stage,Power\n"
            '"NVIDIA; Microsoft",OpenAI,"1,200",3/31/2025,Closed,300\n')
    led = _read(tmp_path, "rounds.csv", text, Mapping.from_options(file=m))
    assert sorted(d.payer for d in led.deals) == ["microsoft", "nvidia"]
    for d in led.deals:
        assert d.amount_usd.low == 1.2e9                     # "1,200" million
        assert str(d.announced) == "2025-03-31" and d.status.value == "drawn"
        assert d.capacity_gw == pytest.approx(0.3)           # 300 MW
    assert len({d.id for d in led.deals}) == 2


def test_bad_date_format_names_line_and_field(tmp_path):
    with pytest.raises(CapexloopError) as err:
        _read(tmp_path, "d.csv", "payer,payee,kind,status,date\nNVIDIA,OpenAI,equity,drawn,"
              "2025-03-31\n", Mapping(dates={"announced": "%m/%d/%Y"}))
    assert err.value.line == 2 and err.value.field == "announced"


def test_synonyms_are_recognised_and_reported(tmp_path):
    m = Mapping()
    rec = m.recognised(["from", "to", "amount", "source", "MW"])
    assert rec == {"from": "payer", "to": "payee", "amount": "amount_usd",
                   "source": "sources", "MW": "capacity_gw"}
    led = _read(tmp_path, "d.csv", "from,to,type,amount,date,MW,status\n"
                "NVIDIA,OpenAI,equity,$1.5 billion,2025-09,250,announced\n")
    d = led.deals[0]
    assert (d.payer, d.payee, d.kind.value, d.amount_usd.low, str(d.announced)) == (
        "nvidia", "openai", "equity", 1.5e9, "2025-09")
    assert d.capacity_gw == pytest.approx(0.25)              # a column named MW is megawatts


def test_unknown_entity_has_line_and_can_be_created(tmp_path):
    text = "payer,payee,kind,status\nNVIDIA,OpenAI,equity,drawn\nNVIDIA,Nebius,equity,drawn\n"
    with pytest.raises(CapexloopError) as err:
        _read(tmp_path, "d.csv", text)
    assert err.value.line == 3 and err.value.field == "payee" and "Nebius" in str(err.value)
    led = _read(tmp_path, "d.csv", text, Mapping.from_options(new_entities="cloud"))
    neb = led.entity("nebius")
    assert neb.layer.value == "cloud" and neb.name == "Nebius"
    with LedgerStore() as s:                                  # the store path creates it too
        s.import_files([tmp_path / "ents.yaml", tmp_path / "d.csv"],
                       mapping=Mapping.from_options(new_entities="cloud"))
        assert "nebius" in {e.id for e in s.load().entities}
    with pytest.raises(CapexloopError, match="one of"):
        Mapping.from_options(new_entities="neocloud")


def test_unknown_entity_in_json_records_without_id_names_its_line(tmp_path):
    """JSON records have no row numbers: the line where the record's object starts is found by
    scanning the text (here the second edge starts on line 10 of the indented file)."""
    doc = {"_doc": "edges {with [brackets], in text}", "edges": [
        {"from": "NVIDIA", "to": "CoreWeave", "type": "equity", "status": "drawn"},
        {"from": "NVIDIA", "to": "Nebius", "type": "equity", "status": "drawn"}]}
    text = json.dumps(doc, indent=1)
    assert text.splitlines()[9].strip() == "{" and '"Nebius"' in text.splitlines()[11]
    with pytest.raises(CapexloopError) as err:
        _read(tmp_path, "t.json", text, Mapping.from_options(records="edges"))
    assert (err.value.line, err.value.field) == (10, "payee")
    assert str(err.value).startswith(f"{tmp_path / 't.json'}:10: payee: unknown entity 'Nebius'")
    bare = json.dumps(doc["edges"])                           # one line, a bare list of deals
    with pytest.raises(CapexloopError) as err:
        _read(tmp_path, "b.json", bare)
    assert err.value.line == 1 and err.value.field == "payee"
    sections = '{"deals": [\n {"payer": "NVIDIA", "payee": "OpenAI", "kind": "equity",\n' \
               '  "status": "drawn"},\n {"payer": "Nebius", "payee": "OpenAI",\n' \
               '  "kind": "equity", "status": "drawn"}]}'
    with LedgerStore() as s, pytest.raises(CapexloopError) as err:   # the store path too
        p = tmp_path / "s.json"
        p.write_text(sections)
        s.import_files([tmp_path / "ents.yaml", p])
    assert (err.value.line, err.value.field) == (4, "payer")


@pytest.mark.parametrize(("text", "amount", "qualifier"), [
    ("Up to $100B", "$100B", "up_to"), ("~$13B", "$13B", "about"),
    ("approx. 1,200 million", "1,200 million", "about"), ("$300M+", "$300M", "at_least"),
    ("at least $5B", "$5B", "at_least"), ("more than $1B", "$1B", "at_least"),
    ("$1.2 billion", "$1.2 billion", None), ("up to", "up to", None)])
def test_hedged_amounts_keep_the_number_and_set_the_qualifier(text, amount, qualifier):
    from capexloop.ledger.io.mapping import hedged_amount

    assert hedged_amount(text) == (amount, qualifier)
