"""Every command's ``--json`` output is its library function's ``to_dict()``, exactly.

The command modules hold no arithmetic on domain values: importing the library function a
command calls and serialising its result reproduces the command's output byte for byte.
"""

from __future__ import annotations

import pytest

from capexloop.cli._common import json_text
from capexloop.ledger import load_dataset


def _doc(obj) -> str:
    return json_text(obj)


def _csv(path, text):
    path.write_text(text)
    return path


def _cases(tmp):
    from capexloop.forensics.sec_fetch import fetch_facts  # noqa: F401  (needs network: not run)
    from capexloop.ledger.actions import ledger_view, validate_files
    from capexloop.ledger.datasets import dataset_table, seed_table
    from capexloop.network import circularity
    from capexloop.stress.run import clear_files
    from capexloop.studies.bubble import bubble_run
    from capexloop.studies.economics import breakeven_run, roadmap_study
    from capexloop.studies.forensics import lucent_study, vendor_study
    from capexloop.studies.monitor import monitor_study
    from capexloop.studies.seeds import seed_check_table
    from capexloop.studies.stress import stress_run

    ai, tel = load_dataset("ai2025"), load_dataset("telecom2000")
    L = _csv(tmp / "L.csv", "debtor,creditor,amount\na,b,10\nb,c,5\nc,a,2\n")
    A = _csv(tmp / "A.csv", "id,value\na,3\nb,1\nc,4\n")
    S = _csv(tmp / "S.csv", "id,value\na,1\n")
    deals = _csv(tmp / "d.csv", "id,kind,payer,payee,amount_usd,sources,status\n"
                 "x1,equity,nvidia,openai,1B,seed:B1,drawn\n")
    prices = tmp / "p.csv"
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(0)
    idx = pd.date_range("2000-01-31", periods=80, freq="ME")
    pd.DataFrame({"date": idx.strftime("%Y-%m-%d"),
                  "value": np.exp(np.cumsum(rng.normal(0, 0.05, 80))) * 100}).to_csv(
        prices, index=False)
    return {
        "datasets": (["datasets"], lambda: dataset_table().to_dict()),
        "seeds": (["seeds"], lambda: seed_table().to_dict()),
        "ledger checks": (["ledger", "checks"], lambda: seed_check_table().to_dict()),
        "ledger show": (["ledger", "show", "-d", "telecom2000"],
                        lambda: ledger_view(tel).to_dict()),
        "ledger validate": (["ledger", "validate", deals, "--base", "ai2025"],
                            lambda: validate_files([deals], base="ai2025").to_dict()),
        "circularity": (["circularity", "--max-len", "3", "--top", "5"],
                        lambda: circularity(ai, max_len=3).to_dict(top_cycles=5)),
        "circularity window": (["circularity", "--start", "2025-01-01", "--end", "2025-12-31"],
                               lambda: circularity(ai, start="2025-01-01",
                                                   end="2025-12-31").to_dict(top_cycles=10)),
        "clear en": (["clear", "--liabilities", L, "--assets", A, "--shock", S],
                     lambda: clear_files(L, A, shock=S).to_dict()),
        "clear debtrank": (["clear", "--liabilities", L, "--assets", A, "--shock", S,
                            "--model", "debtrank"],
                           lambda: clear_files(L, A, shock=S, model="debtrank").to_dict()),
        "stress": (["stress", "--shock", "openai.revenue=-0.4", "--param", "loan=0.5"],
                   lambda: stress_run(ai, shocks=["openai.revenue=-0.4"],
                                      params=["loan=0.5"]).to_dict()),
        "stress telecom": (["stress", "-d", "telecom2000"], lambda: stress_run(tel).to_dict()),
        "stress mc": (["stress", "--scenarios", "300", "--seed", "3"],
                      lambda: stress_run(ai, scenarios=300, seed=3).to_dict()),
        "bubble": (["bubble", "--csv", prices, "--reps", "50"],
                   lambda: bubble_run(csv=prices, reps=50).to_dict()),
        "breakeven": (["breakeven", "--capex", "2T", "--margin", "0.4", "--users", "1e9"],
                      lambda: breakeven_run("2T", margin="0.4", users=["1e9"]).to_dict()),
        "breakeven defaults": (["breakeven", "-d", "ai2025"],
                               lambda: breakeven_run(ledger=ai).to_dict()),
        "roadmap": (["roadmap", "--horizon", "4"],
                    lambda: roadmap_study(ai, horizon=4).to_dict()),
        "monitor": (["monitor"], lambda: monitor_study().to_dict()),
        "forensics lucent": (["forensics", "lucent"], lambda: lucent_study().to_dict()),
        "forensics vendors": (["forensics", "vendors"], lambda: vendor_study(ai).to_dict()),
    }


CASES = ["datasets", "seeds", "ledger checks", "ledger show", "ledger validate", "circularity",
         "circularity window",
         "clear en", "clear debtrank", "stress", "stress telecom", "stress mc", "bubble",
         "breakeven", "breakeven defaults", "roadmap", "monitor", "forensics lucent",
         "forensics vendors"]


@pytest.mark.parametrize("name", CASES)
def test_command_json_is_library_to_dict(name, cli, tmp_path):
    args, lib = _cases(tmp_path)[name]
    code, out, err = cli(*args, "--json")
    assert code == 0, err
    assert out == _doc(lib())
