"""New kinds (loan, lease, revenue), the amount qualifier, site records and deal scopes."""

import pytest
from pydantic import ValidationError

from capexloop.errors import CapexloopError
from capexloop.ledger import (
    DealKind,
    Ledger,
    LedgerStore,
    Qualifier,
    Scope,
    apply_scope,
    read_ledger,
    write_ledger,
)
from capexloop.ledger.io import FORMATS
from capexloop.ledger.model import Deal, Site

LEDGER_YAML = """
entities:
  - {id: nvidia, name: NVIDIA, layer: semiconductor}
  - {id: openai, name: OpenAI, layer: model_provider}
  - {id: crusoe, name: Crusoe, layer: cloud}
  - {id: oracle, name: Oracle, layer: cloud}
  - {id: blue-owl, name: Blue Owl, layer: investor}
  - {id: meta, name: Meta, layer: other}
deals:
  - {id: loi, kind: equity, payer: nvidia, payee: openai, amount_usd: 100.0e9, qualifier: up_to,
     status: announced, binding: false}
  - {id: tranche1, kind: equity, payer: nvidia, payee: openai, amount_usd: 10.0e9,
     status: committed, binding: true}
  - {id: lease1, kind: lease, payer: oracle, payee: crusoe, status: committed, binding: true}
  - {id: spv, kind: loan, payer: blue-owl, payee: crusoe, amount_usd: 15.0e9, status: drawn,
     binding: true, qualifier: about}
  - {id: rev, kind: revenue, payer: openai, payee: oracle, amount_usd: 1.0e9, status: drawn}
  - {id: gone, kind: cloud_contract, payer: openai, payee: oracle, amount_usd: 5.0e9,
     status: cancelled, binding: true}
sites:
  - {id: abilene, name: Stargate Abilene, owner: crusoe, users: [oracle, openai],
     capacity_gw: 1.2, status: under_construction, date: 2025-09, sources: [https://x.test/a]}
  - {id: hyperion, name: Hyperion, owner: meta, capacity_gw: "2,000 MW", status: announced}
"""


@pytest.fixture
def ledger(tmp_path):
    p = tmp_path / "l.yaml"
    p.write_text(LEDGER_YAML)
    return read_ledger(p)


def test_new_kinds_directions_and_qualifier(ledger):
    d = {x.id: x for x in ledger.deals}
    assert d["spv"].kind is DealKind.loan and d["spv"].is_financing
    assert d["lease1"].kind is DealKind.lease and not d["lease1"].is_financing
    assert d["rev"].kind is DealKind.revenue and not d["rev"].is_financing
    assert d["loi"].qualifier is Qualifier.up_to and d["tranche1"].qualifier is None
    assert Deal.model_validate({"id": "q", "kind": "equity", "payer": "a", "payee": "b",
                                "qualifier": "At least"}).qualifier is Qualifier.at_least


def test_sites_owner_capacity_in_mw_and_gw(ledger):
    s = {x.id: x for x in ledger.sites}
    assert s["hyperion"].capacity_gw == pytest.approx(2.0)  # 2,000 MW = 2 GW
    assert s["abilene"].users == ["oracle", "openai"]
    assert str(s["abilene"].date) == "2025-09"
    assert Site.model_validate({"id": "k", "name": "K", "owner": "a",
                                "capacity_gw": "300 MW", "status": "operational"}
                               ).capacity_gw == pytest.approx(0.3)


def test_site_rules():
    with pytest.raises(ValidationError, match="status\n  Field required"):
        Site.model_validate({"id": "k", "name": "K", "owner": "a"})
    with pytest.raises(ValidationError, match="looks like dollars"):
        Site.model_validate({"id": "k", "name": "K", "owner": "a", "capacity_gw": "$3B",
                             "status": "announced"})
    with pytest.raises(CapexloopError, match="site 'k' names unknown entity 'ghost'"):
        Ledger(entities=[], sites=[Site.model_validate(
            {"id": "k", "name": "K", "owner": "ghost", "status": "announced"})])


@pytest.mark.parametrize("fmt", FORMATS)
def test_sites_and_qualifier_round_trip_every_format_and_store(ledger, tmp_path, fmt):
    out = write_ledger(ledger, tmp_path / f"x.{fmt}")
    assert read_ledger(out, name=ledger.name) == ledger
    with LedgerStore(tmp_path / "db.duckdb") as s:
        s.import_files([out], duplicates="keep-both")
        assert s.load(name=ledger.name) == ledger


def test_site_unknown_owner_in_import_has_line(tmp_path):
    p = tmp_path / "s.yaml"
    p.write_text("entities:\n  - {id: a, name: A}\nsites:\n"
                 "  - {id: k, name: K, owner: a, status: announced}\n"
                 "  - {id: j, name: J, owner: zed, status: announced}\n")
    with pytest.raises(CapexloopError) as err:
        read_ledger(p)
    assert err.value.line == 5 and err.value.field == "owner"


def test_scopes_follow_the_documented_rule(ledger):
    """Hand-derived from LEDGER_YAML: binding = (binding, committed or drawn) and not
    cancelled; drawn = status drawn (binding or not); the scopes are nested."""
    ids = {s: sorted(d.id for d in apply_scope(ledger, s).deals) for s in Scope}
    assert ids["all"] == sorted(d.id for d in ledger.deals)
    assert ids["binding"] == ["lease1", "rev", "spv", "tranche1"]
    assert ids["drawn"] == ["rev", "spv"]
    # sites: binding keeps those under construction or operational, drawn the operational
    assert [s.id for s in apply_scope(ledger, "all").sites] == ["abilene", "hyperion"]
    assert [s.id for s in apply_scope(ledger, "binding").sites] == ["abilene"]
    assert apply_scope(ledger, "drawn").sites == []


def test_scope_drops_supersedes_links_to_deals_left_out(tmp_path):
    p = tmp_path / "l.yaml"
    p.write_text("""
entities: [{id: a, name: A}, {id: b, name: B}]
deals:
  - {id: first, kind: equity, payer: a, payee: b, amount_usd: 10.0e9, status: committed,
     binding: true}
  - {id: total, kind: equity, payer: a, payee: b, amount_usd: 100.0e9, status: announced,
     supersedes: [first]}
""")
    led = read_ledger(p)
    assert [d.id for d in led.active_deals()] == ["total"]
    assert [d.id for d in apply_scope(led, "binding").active_deals()] == ["first"]
