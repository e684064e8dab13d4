"""The stress command, its options and errors; the clear command; the Lucent calibration."""

import json

import numpy as np
import pytest

from capexloop.errors import CapexloopError
from capexloop.ledger.datasets import load_dataset
from capexloop.stress import lucent_parameters


def test_lucent_calibration_from_seed():
    """D5: 71.3% of loans; D7: 13.8%, 8.8B/38.3B; D6/D9: (1.814 − 0.892 + 2.4)B over the
    revenue drop implied by 604M/2.1% and 4.56B/21.4%."""
    p = lucent_parameters(load_dataset("telecom2000"))
    assert p.loan_allowance == 0.713 and p.receivable_allowance == 0.138
    assert p.receivables_to_revenue == pytest.approx(8.8 / 38.3)
    drop = 0.604 / 0.021 - 4.56 / 0.214
    assert p.inventory_reserve == pytest.approx((1.814 - 0.892 + 2.4) / drop)
    with pytest.raises(CapexloopError):
        p.override(nonsense=1)
    assert p.override(loan_allowance=0.5).loan_allowance == 0.5


def test_stress_cli(cli):
    code, out, err = cli("stress", "--dataset", "ai2025", "--shock", "openai.revenue=-0.4",
                         "--json")
    assert code == 0, err
    doc = json.loads(out)
    assert doc["simulation"]["scope"] == "binding" and doc["simulation"]["horizon"] == [2025,
                                                                                        2030]
    assert "scope binding, 2025–2030" in doc["headline"]
    creditors = {r["creditor"] for r in doc["simulation"]["losses"]}
    assert {"oracle", "amd"} <= creditors and "openai" not in creditors
    assert any(d["entity"] == "openai" for d in doc["simulation"]["defaults"])
    code, out, err = cli("stress", "--shock", "openai.revenue=-0.4", "--scenarios", "300",
                         "--scope", "all", "--horizon", "2028", "--json")
    doc = json.loads(out)
    assert code == 0, err
    assert doc["monte_carlo"]["scenarios"] == 300 and doc["monte_carlo"]["horizon"] == [2025,
                                                                                       2028]
    code, out, _ = cli("stress", "--dataset", "telecom2000", "--json")
    assert code == 0 and json.loads(out)["backtest"]["table"][0]["line"] == "customer financing"
    for bad, msg in (("openai.revenue=-40", "percentage"), ("nobody.revenue=-0.2",
                                                           "nobody"),
                     ("openai=abc", "not a number")):
        code, _, err = cli("stress", "--shock", bad)
        assert code == 2 and msg in err, err


def test_stress_cli_text_says_scope_horizon_and_assumptions(cli):
    code, out, err = cli("stress", "--shock", "openai.revenue=-0.4", "--assume",
                         "openai.cash_and_securities=30B")
    assert code == 0, err
    assert "scope binding, 2025–2030" in out and "Assumptions:" in out
    assert "openai.cash_and_securities = $30B: given with --assume" in out


def test_stress_cli_parameter_override(cli):
    base = json.loads(cli("stress", "--shock", "openai.revenue=-0.4", "--json")[1])
    low = json.loads(cli("stress", "--shock", "openai.revenue=-0.4", "--param",
                         "stranded_capex=0.1", "--json")[1])

    def stranded(doc):
        return sum(r["loss"] for r in doc["simulation"]["losses"]
                   if r["type"] == "stranded_capex")

    assert stranded(low) == pytest.approx(stranded(base) * 0.1 / 0.5)
    code, _, err = cli("stress", "--param", "nonsense=1")
    assert code == 2 and "unknown loss rate" in err
    code, _, err = cli("stress", "--assume", "openai.cash=1")
    assert code == 2 and "--assume" in err


def test_override_rejects_bad_rates():
    from capexloop.stress.lossrates import default_loss_rates

    r = default_loss_rates(reference=load_dataset("telecom2000"))
    with pytest.raises(CapexloopError):
        r.override(loan=1.5)
    assert r.override(loan=(0.2, 0.4)).range("loan") == (0.2, 0.4)


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
