"""Engine results share one habit: summary(), to_dict() (strict JSON) and _repr_html_."""

from __future__ import annotations

import json

import numpy as np
import pytest

from capexloop.cli._common import json_safe
from capexloop.ledger import load_dataset


def _results():
    from capexloop.bubble import psy
    from capexloop.economics import breakeven
    from capexloop.forensics import lucent_writedowns
    from capexloop.macro.stages import backtest_1995_2003
    from capexloop.network import circularity
    from capexloop.stress import (
        ShockSpec,
        debtrank,
        default_loss_rates,
        eisenberg_noe,
        monte_carlo,
        prepare,
        simulate_years,
        telecom_backtest,
    )

    ai, tel = load_dataset("ai2025"), load_dataset("telecom2000")
    circ = circularity(ai)
    inp = prepare(ai, scope="all", rates=default_loss_rates(reference=tel))
    L = np.array([[0, 2.0], [1.0, 0]])
    rng = np.random.default_rng(0)
    return {
        "circularity": circ, "round_trip": circ.round_trip, "cycles": circ.cycles,
        "finn": circ.finn, "mix": circ.mix,
        "clearing": eisenberg_noe(L, np.array([1.0, 0.5])),
        "contagion": debtrank(L, np.array([1.0, 1.0]), np.array([0.5, 0.0])),
        "simulation": simulate_years(ai, shocks={"openai": 0.4}, inputs=inp),
        "monte_carlo": monte_carlo(inp, ShockSpec({"openai": 0.3}), n_scenarios=50, seed=1),
        "balance_sheets": inp.balance,
        "backtest": telecom_backtest(tel),
        "psy": psy(np.cumsum(rng.standard_normal(60))),
        "writedowns": lucent_writedowns(tel),
        "stages": backtest_1995_2003(tel),
        "breakeven": breakeven(3e12, 0.3, 0.3, 0.25, [0.6, 0.3]),
    }


@pytest.fixture(scope="module")
def results():
    return _results()


@pytest.mark.parametrize("name", ["circularity", "round_trip", "cycles", "finn", "mix",
                                  "clearing", "contagion", "simulation", "monte_carlo",
                                  "balance_sheets", "backtest",
                                  "psy", "writedowns", "stages", "breakeven"])
def test_result_protocol(results, name):
    res = results[name]
    assert isinstance(res.summary(), str) and res.summary()
    doc = json.loads(json.dumps(json_safe(res.to_dict()), default=str, allow_nan=False))
    assert isinstance(doc, dict) and doc
    assert res._repr_html_().startswith("<pre>")
