"""Structure vs money: deals of unknown amount stay edges (issue: a tracker's edge list where
every GPU purchase back to NVIDIA had no dollar figure gave 0 money cycles).

The hand-made ledger below mimics such an edge list; the cycles are enumerated by hand in the
comment above EXPECTED.
"""

from __future__ import annotations

import math

import numpy as np

from capexloop.ledger.io import read_ledger
from capexloop.network import circularity, flow_matrices, money_cycles, structure

TRACKER = """
entities:
  - {id: nvidia, name: NVIDIA, layer: semiconductor}
  - {id: coreweave, name: CoreWeave, layer: cloud}
  - {id: nebius, name: Nebius, layer: cloud}
  - {id: applied-digital, name: Applied Digital, layer: cloud}
  - {id: openai, name: OpenAI, layer: model_provider}
  - {id: microsoft, name: Microsoft, layer: cloud}
deals:
  - {id: e1, kind: equity, payer: nvidia, payee: coreweave, amount_usd: 3.0e9,
     status: drawn, binding: true}
  - {id: e2, kind: equity, payer: nvidia, payee: nebius, amount_usd: 0.7e9, status: drawn, binding: true}
  - {id: e3, kind: equity, payer: nvidia, payee: applied-digital, amount_usd: 0.16e9,
     status: drawn, binding: true}
  - {id: g1, kind: chip_purchase, payer: coreweave, payee: nvidia, status: drawn, binding: true}
  - {id: g2, kind: chip_purchase, payer: nebius, payee: nvidia, status: drawn, binding: true}
  - {id: g3, kind: chip_purchase, payer: applied-digital, payee: nvidia,
     status: committed, binding: true}
  - {id: c1, kind: cloud_contract, payer: openai, payee: coreweave, amount_usd: 22.4e9,
     status: committed, binding: true}
  - {id: e4, kind: equity, payer: nvidia, payee: openai, amount_usd: 100.0e9,
     status: announced, binding: false}
  - {id: c2, kind: cloud_contract, payer: microsoft, payee: nebius, amount_usd: 17.4e9,
     status: committed, binding: true}
  - {id: c3, kind: cloud_contract, payer: coreweave, payee: microsoft, status: announced, binding: false}
"""
# Hand enumeration on money edges payer → payee:
# nvidia→{coreweave, nebius, applied-digital, openai}; coreweave→{nvidia, microsoft};
# nebius→nvidia; applied-digital→nvidia; openai→coreweave; microsoft→nebius.
# 2-cycles: nvidia↔coreweave, nvidia↔nebius, nvidia↔applied-digital.
# 3-cycles: nvidia→openai→coreweave→nvidia.
# 4-cycles: nvidia→coreweave→microsoft→nebius→nvidia.
# Every cycle has a leg of unknown amount (the GPU purchases g1–g3), so every bottleneck is
# unknown.
EXPECTED = {
    frozenset({"nvidia", "coreweave"}), frozenset({"nvidia", "nebius"}),
    frozenset({"nvidia", "applied-digital"}), frozenset({"nvidia", "openai", "coreweave"}),
    frozenset({"nvidia", "coreweave", "microsoft", "nebius"}),
}


def _ledger(tmp_path, text=TRACKER):
    p = tmp_path / "tracker.yaml"
    p.write_text(text)
    return read_ledger(p)


def test_unknown_amount_deals_still_close_cycles(tmp_path):
    t = money_cycles(_ledger(tmp_path), max_len=4)
    assert {frozenset(c) for c in t.cycles} == EXPECTED
    assert len(t) == 5 and t.unknown_count == 5
    assert np.isnan(t.bottleneck).all()
    assert "unknown" in t.summary()


def test_known_legs_keep_their_bottleneck(tmp_path):
    """With the GPU purchase amounts known, bottlenecks are the smaller leg (hand-computed)."""
    text = (TRACKER.replace("payee: nvidia, status: drawn", "payee: nvidia, amount_usd: 1.0e9, "
                            "status: drawn")
            .replace("payer: applied-digital, payee: nvidia,",
                     "payer: applied-digital, payee: nvidia, amount_usd: 5.0e9,"))
    t = money_cycles(_ledger(tmp_path, text), max_len=2)
    got = {frozenset(c): b for c, b in t}
    assert got[frozenset({"nvidia", "coreweave"})] == 1.0e9     # min(3.0, 1.0)
    assert got[frozenset({"nvidia", "nebius"})] == 0.7e9         # min(0.7, 1.0)
    assert got[frozenset({"nvidia", "applied-digital"})] == 0.16e9  # min(0.16, 5.0)


def test_degrees_count_deals_not_dollars(tmp_path):
    s = structure(flow_matrices(_ledger(tmp_path)))
    d = s.degrees
    assert (d.loc["nvidia", "in"], d.loc["nvidia", "out"]) == (3, 4)
    assert (d.loc["nvidia", "out_financing"], d.loc["nvidia", "in_goods"]) == (4, 3)
    assert d.loc["coreweave", "in_kind_cloud_contract"] == 1
    assert d.loc["coreweave", "out_kind_chip_purchase"] == 1
    assert int(d["out"].sum()) == 10
    assert s.finances_and_sells == ("nvidia",)
    links = s.financing_links.set_index(["financier", "recipient"])
    assert links.loc[("nvidia", "openai"), "deals"] == 1


def test_scope_changes_structure_and_is_stated(tmp_path):
    led = _ledger(tmp_path)
    all_ = circularity(led, max_len=4)
    binding = circularity(led, max_len=4, scope="binding")
    drawn = circularity(led, max_len=4, scope="drawn")
    # binding drops e4 (nvidia→openai LOI) and c3: the 3- and 4-cycles disappear
    assert len(all_.cycles) == 5 and len(binding.cycles) == 3
    # drawn keeps e1, e2, e3, g1, g2: nvidia↔coreweave and nvidia↔nebius
    assert {frozenset(c) for c in drawn.cycles.cycles} == {frozenset({"nvidia", "coreweave"}),
                                                           frozenset({"nvidia", "nebius"})}
    assert binding.to_dict()["scope"]["scope"] == "binding"
    assert "binding" in binding.summary().splitlines()[0]
    # dollar measures say what they leave out
    assert set(all_.unknown_deals) == {"g1", "g2", "g3", "c3"}
    assert all_.to_dict()["cycles"]["unknown_bottleneck"] == 5
    assert math.isnan(all_.cycles.bottleneck[0])
