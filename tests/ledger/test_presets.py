"""Import presets for public datasets: small hand-made files in each dataset's published
format (column names as recorded in each preset's ``about``), asserting the exact sites,
deals, created entities, totals, scopes and cycles an analyst reads off the rows."""

from __future__ import annotations

import json

import pytest

from capexloop.errors import CapexloopError
from capexloop.ledger import LedgerStore, apply_scope
from capexloop.ledger.io import Mapping, read_ledger
from capexloop.ledger.io.presets import PRESETS, preset_about
from capexloop.ledger.summary import flow_totals
from capexloop.network import money_cycles

BASE = ("entities:\n  - {id: nvidia, name: NVIDIA, layer: semiconductor}\n"
        "  - {id: coreweave, name: CoreWeave, layer: cloud}\n"
        "  - {id: openai, name: OpenAI, layer: model_provider}\n"
        "  - {id: anthropic, name: Anthropic, layer: model_provider}\n"
        "  - {id: microsoft, name: Microsoft, layer: cloud}\n")


def _read(tmp_path, name, text, preset, **opts):
    base = tmp_path / "base.yaml"
    base.write_text(BASE)
    f = tmp_path / name
    f.write_text(text)
    return read_ledger([base, f], mapping=Mapping.from_options(preset=preset, **opts))


# The header of Epoch's data_centers.csv as listed in the preset, plus a column the preset
# does not know (a later release adding a column must still import).
DC_HEADER = ("Name,Country,Address,Owner,Users,Project,Current H100 equivalents,"
             "Current power (MW),Current total capital cost (2025 USD billions),"
             "Selected sources,Calculations sheet,Investors,Construction companies,"
             "Energy companies,Notes,Water use (MGD)\n")
DC_ROWS = (
    'Example Campus A,United States,"Atlanta, GA",Microsoft #confident,'
    '"OpenAI #likely, Microsoft #likely",Project A,500000,636,24.1,https://x.test/a,,,,,,2\n'
    'Example Campus B,United States,"Abilene, TX",Crusoe #confident,OpenAI #speculative,,'
    ',1200,,https://x.test/b,,Blue Owl,,,phase 1,\n'
    'Example Campus C,United States,,,,,,,,,,,,,,\n')


def test_epoch_data_centers_sites(tmp_path):
    led = _read(tmp_path, "data_centers.csv", DC_HEADER + DC_ROWS, "epoch-data-centers")
    s = {x.id: x for x in led.sites}
    assert sorted(s) == ["example-campus-a", "example-campus-b", "example-campus-c"]
    a, b, c = s["example-campus-a"], s["example-campus-b"], s["example-campus-c"]
    assert (a.owner, a.users, a.capacity_gw) == ("microsoft", ["openai", "microsoft"],
                                                 pytest.approx(0.636))   # 636 MW, tags gone
    assert (b.owner, b.users, b.capacity_gw) == ("crusoe", ["openai"], pytest.approx(1.2))
    assert (c.owner, c.users, c.capacity_gw) == ("undisclosed-owner", [], None)
    assert {x.status.value for x in led.sites} == {"operational"}
    assert a.sources == ["https://x.test/a"] and b.notes == "phase 1"
    made = {e.id: e.layer.value for e in led.entities if e.id not in
            {"nvidia", "coreweave", "openai", "anthropic", "microsoft"}}
    assert made == {"crusoe": "cloud", "undisclosed-owner": "cloud"}
    assert sum(x.capacity_gw or 0 for x in led.sites) == pytest.approx(1.836)
    other = _read(tmp_path, "data_centers.csv", DC_HEADER + DC_ROWS, "epoch-data-centers",
                  new_entities="other")                # the command line overrides the layers
    assert other.entity("crusoe").layer.value == "other"


def test_epoch_data_centers_columns_reported(tmp_path, cli):
    (tmp_path / "base.yaml").write_text(BASE)
    f = tmp_path / "data_centers.csv"
    f.write_text(DC_HEADER + DC_ROWS)
    code, out, err = cli("ledger", "validate", tmp_path / "base.yaml", f,
                         "--preset", "epoch-data-centers")
    assert code == 0, err
    assert "Current power (MW) → capacity_gw" in err and "Owner → owner" in err
    assert "columns ignored:" in err and "Water use (MGD)" in err
    assert "valid: 7 entities, 3 sites" in out           # 5 base + crusoe + undisclosed owner


FUNDING = ("Company,Close date,Report date,Funding (equity),Valuation (post-money),Status,"
           "Type,Confidence,Source 1,Exclude from graph view\n"
           "OpenAI,2025-03-31,2025-04-01,40000000000,300000000000,Closed,Primary,Confident,"
           "https://x.test/1,\n"
           "Anthropic,,2025-10-01,,,Announced,Primary,Likely,https://x.test/2,\n"
           "xAI,2025-07,,10000000000,,Closed,Primary,Likely,,\n")


def test_epoch_funding_rounds_deals(tmp_path):
    led = _read(tmp_path, "ai_companies_funding_rounds.csv", FUNDING, "epoch-funding-rounds")
    d = {x.payee: x for x in led.deals}
    assert sorted(d) == ["anthropic", "openai", "xai"]
    assert {x.payer for x in led.deals} == {"undisclosed-investors"}
    assert {x.kind.value for x in led.deals} == {"equity"}
    assert (d["openai"].amount_usd.low, str(d["openai"].announced), d["openai"].status.value) \
        == (40e9, "2025-03-31", "drawn")
    assert d["anthropic"].amount_usd is None and d["anthropic"].status.value == "announced"
    assert (d["xai"].amount_usd.low, str(d["xai"].announced)) == (10e9, "2025-07")
    assert d["openai"].sources == ["https://x.test/1"] and d["openai"].notes == "Primary"
    layers = {e.id: e.layer.value for e in led.entities}
    assert layers["xai"] == "model_provider" and layers["undisclosed-investors"] == "investor"
    tot = flow_totals(led).set_index("kind").loc["equity"]
    assert (tot.deals, tot.usd_low, tot.unknown_amounts) == (3, 50e9, 1)
    binding = flow_totals(apply_scope(led, "binding")).set_index("kind").loc["equity"]
    assert (binding.deals, binding.usd_low) == (2, 50e9)      # the announced round drops out


@pytest.mark.parametrize("header,columns", [("Investors", "Investors=payer"),
                                            ("Investors", None), ("Lead investors", None),
                                            ("Backers", "Backers=payer")])
def test_epoch_funding_rounds_named_investors(tmp_path, header, columns):
    """A file with an investor column: recognised by name (Investors, Lead investors) or
    mapped on the command line; the preset's constant payer then fills only rows whose
    investor cell is blank."""
    text = FUNDING.replace("Exclude from graph view\n", f"Exclude from graph view,{header}\n")
    text = text.replace("https://x.test/1,\n", 'https://x.test/1,,"Microsoft, NVIDIA"\n')
    text = text.replace("xAI,2025-07,,10000000000,,Closed,Primary,Likely,,\n",
                        "xAI,2025-07,,10000000000,,Closed,Primary,Likely,,,NVIDIA\n")
    led = _read(tmp_path, "rounds.csv", text, "epoch-funding-rounds", columns=columns)
    assert sorted((x.payer, x.payee) for x in led.deals) == [
        ("microsoft", "openai"), ("nvidia", "openai"), ("nvidia", "xai"),
        ("undisclosed-investors", "anthropic")]
    d = {(x.payer, x.payee): x for x in led.deals}
    # the $40B round of two investors: shares unknown, never $40B each
    assert d[("microsoft", "openai")].amount_usd is None
    assert "one of 2 payers of a 40000000000 deal" in d[("nvidia", "openai")].notes
    assert d[("nvidia", "xai")].amount_usd.low == 10e9          # one investor: the amount
    tot = flow_totals(led).set_index("kind").loc["equity"]
    assert (tot.usd_low, tot.unknown_amounts) == (10e9, 3)


EDGES = {"_doc": "circular deals among AI firms; amounts as reported",
         "nodes": [{"id": "nvidia"}, {"id": "openai"}],
         "edges": [
             {"from": "nvidia", "to": "openai", "kind": "Equity investment", "group": "invest",
              "amt": "Up to $100B", "status": "loi"},
             {"from": "openai", "to": "nvidia", "kind": "GPU purchase", "group": "spend",
              "status": "reported"},
             {"from": "NVIDIA", "to": "CoreWeave", "type": "equity", "amount": "$1.2 billion",
              "date": "2023-04", "source": "https://x.test/e", "status": "confirmed"},
             {"from": "CoreWeave", "to": "NVIDIA", "type": "gpu purchase", "amount": None,
              "status": "Confirmed"},
             {"from": "Microsoft", "to": "OpenAI", "type": "Investment", "amount": "~$13B",
              "cite": "https://x.test/m"},
             {"from": "Nebius", "to": "NVIDIA", "kind": "Chip purchase", "amt": "$300M+",
              "status": "closed"}]}


def test_tracker_edges(tmp_path):
    led = _read(tmp_path, "deals.json", json.dumps(EDGES, indent=1), "tracker-edges")
    d = {(x.payer, x.payee): x for x in led.deals}
    assert len(led.deals) == 6
    loi = d[("nvidia", "openai")]
    assert (loi.kind.value, loi.amount_usd.low, loi.qualifier.value, loi.status.value,
            loi.binding) == ("equity", 100e9, "up_to", "announced", False)
    assert d[("openai", "nvidia")].kind.value == "chip_purchase"
    assert d[("openai", "nvidia")].amount_usd is None
    cw = d[("nvidia", "coreweave")]
    assert (cw.amount_usd.low, str(cw.announced), cw.sources, cw.status.value) == (
        1.2e9, "2023-04", ["https://x.test/e"], "committed")
    ms = d[("microsoft", "openai")]                     # no status: announced, by the preset
    assert (ms.amount_usd.low, ms.qualifier.value, ms.status.value, ms.sources) == (
        13e9, "about", "announced", ["https://x.test/m"])
    nb = d[("nebius", "nvidia")]
    assert (nb.amount_usd.low, nb.qualifier.value, nb.status.value) == (
        0.3e9, "at_least", "drawn")
    assert led.entity("nebius").layer.value == "other"
    every = money_cycles(led, 3)
    assert sorted(every.cycles) == [("nvidia", "coreweave"), ("nvidia", "openai")]
    binding = money_cycles(apply_scope(led, "binding"), 3)
    assert binding.cycles == (("nvidia", "coreweave"),)   # the LOI and the report drop out
    assert binding.unknown_count == 1                     # CoreWeave's GPU leg has no price


def test_tracker_edges_store_and_unknown_kind(tmp_path):
    with LedgerStore() as s:
        (tmp_path / "base.yaml").write_text(BASE)
        f = tmp_path / "deals.json"
        f.write_text(json.dumps(EDGES, indent=1))
        s.import_files([tmp_path / "base.yaml", f],
                       mapping=Mapping.from_options(preset="tracker-edges"))
        assert len(s.load().deals) == 6 and "nebius" in {e.id for e in s.load().entities}
    bad = {"edges": [{"from": "nvidia", "to": "openai", "type": "partner"}]}
    with pytest.raises(CapexloopError) as err:
        _read(tmp_path, "bad.json", json.dumps(bad, indent=1), "tracker-edges")
    assert err.value.field == "kind" and err.value.line == 3 and "partner" in str(err.value)


def test_presets_listed_with_provenance(cli):
    assert set(PRESETS) == {"epoch-funding-rounds", "epoch-data-centers", "tracker-edges"}
    for name in PRESETS:
        about = preset_about(name)
        assert about["columns_from"] and about["rules"]
    code, out, _ = cli("ledger", "presets")
    assert code == 0 and "epoch.ai/data/data_centers/data_centers.csv" in out.replace("\n", "")
    code, _, err = cli("ledger", "validate", "x.csv", "--preset", "nope")
    assert code == 2 and "unknown preset 'nope'" in err
