"""The commitment-shortfall cascade, its calibration, Monte Carlo (numpy/dask) and the CLI."""

import json

import numpy as np
import pytest

from capexloop.errors import CapexloopError
from capexloop.ledger import Deal, Entity, Ledger, Observation, load_dataset
from capexloop.stress import (
    ShockSpec,
    build_network,
    lucent_parameters,
    parse_shocks,
    run_cascade,
    simulate,
    telecom_backtest,
)


def test_lucent_calibration_from_seed():
    """D5: 71.3% of loans; D7: 13.8%, 8.8B/38.3B; D6/D9: (1.814 − 0.892 + 2.4)B over the
    revenue drop implied by 604M/2.1% and 4.56B/21.4%."""
    p = lucent_parameters()
    assert p.loan_allowance == 0.713 and p.receivable_allowance == 0.138
    assert p.receivables_to_revenue == pytest.approx(8.8 / 38.3)
    drop = 0.604 / 0.021 - 4.56 / 0.214
    assert p.inventory_reserve == pytest.approx((1.814 - 0.892 + 2.4) / drop)
    with pytest.raises(CapexloopError):
        p.override(nonsense=1)
    assert p.override(loan_allowance=0.5).loan_allowance == 0.5


def toy():
    """Lab L owes cloud C 100/yr; C owes chip maker V 60/yr; V lent C 50 (10/yr due) and holds
    a 20 stake in L. Plan revenue: L needs 100, C needs 70 − 0 = its obligations covered."""
    ents = [Entity(id=i, name=i, layer=lay) for i, lay in
            (("lab", "model_provider"), ("cloud", "cloud"), ("chips", "semiconductor"))]
    deals = [Deal(id="a", kind="cloud_contract", payer="lab", payee="cloud", amount_usd=500),
             Deal(id="b", kind="chip_purchase", payer="cloud", payee="chips", amount_usd=300),
             Deal(id="c", kind="vendor_loan", payer="chips", payee="cloud", amount_usd=50),
             Deal(id="d", kind="equity", payer="chips", payee="lab", amount_usd=20)]
    obs = [Observation(entity="lab", metric="revenue", date="2025", value=50, unit="USD"),
           Observation(entity="cloud", metric="revenue", date="2025", value=0, unit="USD")]
    return Ledger(entities=ents, deals=deals, observations=obs)


def test_cascade_hand_example():
    """Term 5 years: lab owes 100/yr, gets 4/yr of equity, plan revenue 96. A 50% shortfall
    leaves 48 + 4 = 52 of 100: lab pays 52% (unpaid share 0.48). Cloud owes 60 + 10 = 70;
    plan revenue max(0, 70 − 10) = 60, plus the loan's 10/yr of cash, plus 52 received = 122
    → pays in full. Chip maker: no lost revenue, equity write-down 20 × h_lab =
    20 × max(0.5, 0.48) = 10."""
    net = build_network(toy())
    out = run_cascade(net, parse_shocks(net, {"lab": 0.5}))
    ix = net.index
    assert out.unpaid_share[0, ix["lab"]] == pytest.approx(0.48)
    assert out.defaulted[0].tolist() == [True, False, False]
    assert out.lost_revenue[0, ix["cloud"]] == pytest.approx(48)
    p = lucent_parameters()
    assert out.losses["inventory_reserve"][0, ix["cloud"]] == pytest.approx(p.inventory_reserve * 48)
    assert out.losses["equity_writedown"][0, ix["chips"]] == pytest.approx(10)
    assert out.losses["receivable_allowance"][0, ix["cloud"]] == pytest.approx(
        p.receivable_allowance * p.receivables_to_revenue * 100)
    base = run_cascade(net, np.zeros(3))
    assert not base.defaulted.any() and base.writedowns.sum() == 0   # the plan clears


def test_openai_40_percent():
    net = build_network(load_dataset("ai2025"))
    out = run_cascade(net, parse_shocks(net, {"openai": 0.4}))
    df = out.to_frame().set_index("entity")
    assert df.loc["openai", "defaulted"]
    for v in ("nvidia", "oracle", "amd", "coreweave", "broadcom"):
        assert df.loc[v, "lost_revenue"] > 0
    # NVIDIA's stake is marked down by OpenAI's distress h = 0.4 (the shock dominates)
    assert df.loc["nvidia", "equity_writedown"] == pytest.approx(0.4 * 100e9)
    assert df.loc["nvidia", "backstop_paid"] > 0          # the CoreWeave capacity guarantee
    worse = run_cascade(net, parse_shocks(net, {"openai": 0.8})).writedowns
    assert np.all(worse >= out.writedowns - 1e-6)         # monotone in the shock


def test_shock_errors():
    net = build_network(toy())
    with pytest.raises(CapexloopError, match="unknown entity"):
        parse_shocks(net, {"nope": 0.1})
    with pytest.raises(CapexloopError, match="between 0 and 1"):
        parse_shocks(net, {"lab": 40})


def test_monte_carlo_reproducible_and_dask_identical():
    net = build_network(load_dataset("ai2025"))
    spec = ShockSpec({"openai": 0.3}, kappa=8, rho=0.4)
    a = simulate(net, spec, n_scenarios=3000, seed=7, chunk_size=700)
    b = simulate(net, spec, n_scenarios=3000, seed=7, chunk_size=700)
    np.testing.assert_array_equal(a.writedowns, b.writedowns)
    assert a.shock[:, net.index["openai"]].mean() == pytest.approx(0.3, abs=0.02)
    assert (a.var(0.99) >= a.var(0.95)).all() and (a.expected_shortfall(0.99) >= a.var(0.99)).all()
    c = simulate(net, spec, n_scenarios=3000, seed=8, chunk_size=700)
    assert not np.array_equal(a.writedowns, c.writedowns)
    pytest.importorskip("dask.distributed")
    d = simulate(net, spec, n_scenarios=3000, seed=7, chunk_size=700, backend="dask")
    np.testing.assert_array_equal(a.writedowns, d.writedowns)
    np.testing.assert_array_equal(a.defaulted, d.defaulted)


def test_telecom_backtest_reports_ratio():
    """Customer financing: drawn $2.96B (D3) × 2/3 failed (C4) vs the actual $2.12B (D5)."""
    bt = telecom_backtest()
    row = bt.table.set_index("line").loc["customer financing"]
    assert row.modelled == pytest.approx(2.96e9 * (2 / 3), rel=1e-3)
    assert row.actual == 2.12e9 and row.ratio == pytest.approx(row.modelled / row.actual)
    assert "seed:D5" in row.sources


def test_stress_cli(cli, tmp_path):
    code, out, err = cli("stress", "--dataset", "ai2025", "--shock", "openai.revenue=-0.4",
                         "--json")
    assert code == 0, err
    rows = {r["entity"]: r for r in json.loads(out)["cascade"]}
    assert rows["nvidia"]["lost_revenue"] > 0
    code, out, err = cli("stress", "--shock", "openai.revenue=-0.4", "--scenarios", "500",
                         "--json")
    doc = json.loads(out)
    assert code == 0 and doc["monte_carlo"]["default_chains"][0]["defaulted"] == ["openai"]
    code, out, _ = cli("stress", "--dataset", "telecom2000", "--json")
    assert code == 0 and json.loads(out)["backtest"][0]["line"] == "customer financing"
    for bad, msg in (("openai.revenue=-40", "percentage"), ("nobody.revenue=-0.2",
                                                           "unknown entity"),
                     ("openai=abc", "not a number")):
        code, _, err = cli("stress", "--shock", bad)
        assert code == 2 and msg in err


def test_clear_cli(cli, tmp_path):
    (tmp_path / "L.csv").write_text("id,a,b,c\na,0,20,10\nb,5,0,24\nc,10,0,0\n")
    (tmp_path / "A.csv").write_text("id,value\na,10\nb,10\nc,10\n")
    code, out, err = cli("clear", "--liabilities", tmp_path / "L.csv", "--assets",
                         tmp_path / "A.csv", "--json")
    assert code == 0, err
    pays = [b["paid"] for b in json.loads(out)["banks"]]
    np.testing.assert_allclose(pays, [1890 / 77, 2030 / 77, 10])
    (tmp_path / "E.csv").write_text("debtor,creditor,amount\na,b,20\na,c,10\nb,a,5\nb,c,24\nc,a,10\n")
    code, out, _ = cli("clear", "--liabilities", tmp_path / "E.csv", "--assets",
                       tmp_path / "A.csv", "--model", "rv", "--alpha", "1", "--json")
    np.testing.assert_allclose([b["paid"] for b in json.loads(out)["banks"]], pays)
    code, out, _ = cli("clear", "--liabilities", tmp_path / "E.csv", "--assets",
                       tmp_path / "A.csv", "--model", "furfine", "--json")
    assert code == 0 and json.loads(out)["model"] == "furfine"
    bad = {"L2.csv": "id,a,b\na,0,1\n", "L3.csv": "id,a,b\na,0,-1\nb,1,0\n",
           "L4.csv": "id,a,b\na,0,nan\nb,1,0\n", "L5.csv": "id,a,b\nb,0,1\na,1,0\n"}
    for name, body in bad.items():
        (tmp_path / name).write_text(body)
        code, _, err = cli("clear", "--liabilities", tmp_path / name, "--assets",
                           tmp_path / "A.csv")
        assert code == 2 and name in err and "Traceback" not in err, (name, err)
    (tmp_path / "A2.csv").write_text("id,value\na,10\nzz,1\n")
    code, _, err = cli("clear", "--liabilities", tmp_path / "L.csv", "--assets",
                       tmp_path / "A2.csv")
    assert code == 2 and "unknown id 'zz'" in err
    code, _, err = cli("clear", "--liabilities", tmp_path / "L.csv", "--assets",
                       tmp_path / "A.csv", "--model", "rv", "--alpha", "2")
    assert code == 2 and "alpha" in err


def test_stress_cli_parameter_override(cli):
    base = json.loads(cli("stress", "--shock", "openai.revenue=-0.4", "--json")[1])
    half = json.loads(cli("stress", "--shock", "openai.revenue=-0.4", "--param",
                          "inventory_reserve=0.2", "--json")[1])
    nv = {r["entity"]: r for r in base["cascade"]}["nvidia"]
    nv2 = {r["entity"]: r for r in half["cascade"]}["nvidia"]
    assert half["parameters"]["inventory_reserve"] == 0.2
    assert nv2["inventory_reserve"] == pytest.approx(0.2 * nv["lost_revenue"])
    assert nv2["inventory_reserve"] < nv["inventory_reserve"]
    code, _, err = cli("stress", "--param", "nonsense=1")
    assert code == 2 and "unknown loss parameter" in err
