"""``Circularity.caps()``: a measure capped at a ledger's size says so, by how much and why, in
the result and in ``--json``; nothing is capped on a small ledger."""

from __future__ import annotations

import json

import numpy as np

import capexloop.network.finn as finn_mod
import capexloop.network.roundtrip as rt_mod
from capexloop.ledger import load_dataset
from capexloop.ledger.synthetic import synthetic_ledger
from capexloop.network import circularity


def test_nothing_capped_on_a_small_ledger(cli):
    assert circularity(load_dataset("ai2025")).caps() == {}
    code, out, err = cli("circularity", "--dataset", "ai2025", "--json")
    assert code == 0, err
    assert json.loads(out)["caps"] == {}


def test_caps_count_what_was_bounded(monkeypatch):
    monkeypatch.setattr(rt_mod, "PROPORTIONAL_MAX_VENDORS", 4)
    monkeypatch.setattr(rt_mod, "EARMARK_MAX_VENDORS", 3)
    monkeypatch.setattr(finn_mod, "FINN_MAX_NODES", 5)
    res = circularity(synthetic_ledger(400, 4000, seed=7))      # > DENSE_MAX = 200 entities
    caps = res.caps()
    rt = res.round_trip
    traced = np.isfinite(rt.proportional) & (np.minimum(rt.financing_out, rt.revenue) > 0)
    assert traced.sum() <= 4                                      # the limit holds
    assert (caps["round_trip_proportional"]["vendors_not_traced"]
            == np.isnan(rt.proportional).sum() > 0)
    assert caps["round_trip_proportional"]["limit"] == 4
    assert caps["round_trip_earmarked"]["vendors_bounded"] == (~rt.earmarked_exact).sum() > 0
    finn = caps["finn"]
    assert finn["nodes_bounded"] == np.isnan(res.finn.node_cycling).sum() > 0
    assert (res.finn.node_cycling > 0).sum() <= 5             # computed ones (others 0: acyclic)
    assert finn["fci"] <= finn["fci_high"]
    assert all(c["why"] for c in caps.values())
    assert res.to_dict()["caps"] == caps
