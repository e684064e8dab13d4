"""Self-owned capacity counts once (capexloop.ledger.capacity): hand-computed GW totals for a
small ledger of deals and sites, in each scope, through flow_totals, the concentration table's
gw_ledger and the roadmap's deals_gw."""

from __future__ import annotations

import pytest

from capexloop.economics.roadmaps import lab_roadmaps
from capexloop.errors import CapexloopError
from capexloop.ledger import apply_scope, read_ledger
from capexloop.ledger.capacity import capacity_by_entity, own_site_capacity
from capexloop.ledger.summary import flow_totals
from capexloop.network.concentration import commitment_coverage

LEDGER = """
entities:
  - {id: openai, name: OpenAI, layer: model_provider}
  - {id: xai, name: xAI, layer: model_provider}
  - {id: oracle, name: Oracle, layer: cloud}
  - {id: crusoe, name: Crusoe, layer: cloud}
  - {id: nvidia, name: NVIDIA, layer: semiconductor}
  - {id: meta, name: Meta, layer: other}
deals:
  - {id: lease1, kind: lease, payer: oracle, payee: crusoe, capacity_gw: 1.2,
     status: announced, binding: false}
  - {id: cc1, kind: cloud_contract, payer: openai, payee: oracle, capacity_gw: 4.5,
     status: committed, binding: true}
  - {id: loi, kind: compute_purchase, payer: xai, payee: nvidia, capacity_gw: 1.0,
     status: announced}
  - {id: gone, kind: cloud_contract, payer: openai, payee: oracle, capacity_gw: 2.0,
     status: cancelled}
sites:
  - {id: abilene, name: Abilene, owner: crusoe, users: [oracle, openai], capacity_gw: 1.2,
     status: under_construction, covered_by: [lease1]}
  - {id: colossus, name: Colossus, owner: xai, capacity_gw: 300 MW, status: operational}
  - {id: colossus2, name: Colossus 2, owner: xai, capacity_gw: 1.0,
     status: under_construction}
  - {id: hyperion, name: Hyperion, owner: meta, capacity_gw: 2.0, status: announced}
  - {id: old, name: Old, owner: meta, capacity_gw: 0.5, status: cancelled}
  - {id: unk, name: Unknown size, owner: openai, status: operational}
  - {id: stargate-x, name: Stargate X, owner: openai, capacity_gw: 0.8, status: operational,
     covered_by: [gone]}
"""


@pytest.fixture
def led(tmp_path):
    p = tmp_path / "l.yaml"
    p.write_text(LEDGER)
    return read_ledger(p)


def _gw(totals, kind):
    return float(totals.set_index("kind").loc[kind, "gw"])


def test_each_capacity_counts_once_all_scope(led):
    # deals by payer: oracle 1.2 (lease1), openai 4.5 (cc1; 'gone' is cancelled), xai 1.0;
    # own sites: colossus 0.3 + colossus2 1.0 (xai), hyperion 2.0 (meta), stargate-x 0.8
    # (openai: its only deal is cancelled); abilene is inside lease1's 1.2 GW, not added again
    assert capacity_by_entity(led) == pytest.approx(
        {"oracle": 1.2, "openai": 5.3, "xai": 2.3, "meta": 2.0})
    own = own_site_capacity(led).set_index("site")
    assert own.loc["abilene", "reason"] == "counted in deal lease1"
    assert own.loc["old", "reason"] == "cancelled" and not own.loc["old", "counted"]
    assert own.loc["unk", "reason"] == "capacity unknown"
    assert own.counted.sum() == 4
    t = flow_totals(led)
    row = t[t.flow == "capacity"].iloc[0]
    assert (row.kind, row.deals, row.gw) == ("own site", 4, pytest.approx(4.1))
    assert _gw(t, "lease") == 1.2 and _gw(t, "cloud_contract") == 4.5
    assert t.gw.sum() == pytest.approx(1.2 + 4.5 + 1.0 + 4.1)       # 10.8 GW, once each


def test_binding_scope_uncovers_a_site_whose_deal_drops_out(led):
    # binding: cc1 only; lease1 (non-binding) drops out, so abilene counts on its own (crusoe
    # 1.2); hyperion (announced) and the loi drop out
    b = apply_scope(led, "binding")
    assert capacity_by_entity(b) == pytest.approx(
        {"openai": 5.3, "crusoe": 1.2, "xai": 1.3})
    t = flow_totals(b)
    row = t[t.flow == "capacity"].iloc[0]
    assert (row.deals, row.gw) == (4, pytest.approx(3.3))
    assert t.gw.sum() == pytest.approx(7.8)
    d = apply_scope(led, "drawn")                      # no drawn deals; operational sites
    assert capacity_by_entity(d) == pytest.approx({"xai": 0.3, "openai": 0.8})
    assert list(flow_totals(d).kind) == ["own site"]


def test_concentration_and_roadmap_count_own_sites(led):
    cov = commitment_coverage(led).set_index("lab")
    assert cov.loc["openai", "gw_ledger"] == pytest.approx(5.3)
    assert cov.loc["xai", "gw_ledger"] == pytest.approx(2.3)
    road = lab_roadmaps(led).set_index("lab")
    assert road.loc["openai", "deals_gw"] == pytest.approx(5.3)
    assert road.loc["xai", "deals_gw"] == pytest.approx(2.3)
    cov_b = commitment_coverage(apply_scope(led, "binding")).set_index("lab")
    assert cov_b.loc["xai", "gw_ledger"] == pytest.approx(1.3)     # loi out, colossus 2 in


def test_covered_by_names_a_real_deal(tmp_path):
    p = tmp_path / "l.yaml"
    p.write_text(LEDGER.replace("covered_by: [lease1]", "covered_by: [lease9]"))
    with pytest.raises(CapexloopError, match="site 'abilene' is covered by unknown deal 'lease9'"):
        read_ledger(p)


def test_a_user_renting_the_site_from_its_owner_covers_it_once(tmp_path):
    """No covered_by link: a lease from a site user to the site owner for the same GW is that
    site's capacity. It covers one site only; a site of other size counts on its own."""
    p = tmp_path / "l.yaml"
    p.write_text("""
entities:
  - {id: coreweave, name: CoreWeave, layer: cloud}
  - {id: galaxy, name: Galaxy, layer: cloud}
deals:
  - {id: helios-lease, kind: lease, payer: coreweave, payee: galaxy, capacity_gw: 0.8,
     status: committed}
sites:
  - {id: helios, name: Helios, owner: galaxy, users: [coreweave], capacity_gw: 800 MW,
     status: under_construction}
  - {id: helios-twin, name: Helios twin, owner: galaxy, users: [coreweave], capacity_gw: 0.8,
     status: announced}
  - {id: small, name: Small, owner: galaxy, users: [coreweave], capacity_gw: 0.5,
     status: operational}
""")
    led = read_ledger(p)
    own = own_site_capacity(led).set_index("site")
    assert own.loc["helios", "reason"].startswith("counted in deal helios-lease")
    assert list(own.counted) == [False, True, True]
    assert capacity_by_entity(led) == pytest.approx({"coreweave": 0.8, "galaxy": 1.3})
    assert flow_totals(led).gw.sum() == pytest.approx(0.8 + 1.3)     # 2.1 GW, once each
