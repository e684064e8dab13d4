"""Telecom backtest through the stress simulation: FY1999 inputs only, error per line."""

import numpy as np
import pytest

from capexloop.ledger.datasets import load_dataset
from capexloop.ledger.quantities import Range
from capexloop.stress.telecom import fy1999_inputs, telecom_backtest


def test_table_has_error_per_line_and_is_printed():
    bt = telecom_backtest(load_dataset("telecom2000"))
    t = bt.table
    assert {"customer financing", "inventory", "receivables", "total"} <= set(t.line)
    row = t[(t.line == "receivables") & (t.year == "2000")].iloc[0]
    assert row.error == pytest.approx(row.modelled - row.actual)
    assert row.actual == pytest.approx(500e6)                 # seed D7
    text = bt.summary()
    assert "error" in text and "FY1999 information only" in text


def test_clec_exposure_within_clec_capex():
    """Purchases from the three vendors add up to CLEC capex (seed D12: $15.1B), not to
    Lucent's $24.1B of non-top-3 revenue."""
    led, _, _ = fy1999_inputs(load_dataset("telecom2000"))
    per_year = sum(dict(d.schedule)[2000] for d in led.deals if d.kind.value ==
                   "equipment_purchase")
    assert per_year == pytest.approx(15.1e9)


def test_no_fy2000_figure_enters_the_inputs():
    """Every observation of the inputs ends by 1999, and multiplying every FY2000+ figure of
    telecom2000 by 10 leaves the modelled column unchanged (only the actuals move)."""
    led, _, _ = fy1999_inputs(load_dataset("telecom2000"))
    assert all(o.date.end.year <= 1999 for o in led.observations)
    src = load_dataset("telecom2000")
    late = [o if (o.date.end is None or o.date.end.year <= 1999) or o.unit != "USD"
            else o.model_copy(update={"value": Range.point(o.value.mid * 10)})
            for o in src.observations]
    poisoned = src.model_copy(update={"observations": late})
    a = telecom_backtest(src).table
    b = telecom_backtest(poisoned).table
    assert np.allclose(a.modelled, b.modelled)
    assert not np.allclose(a.actual.fillna(0), b.actual.fillna(0))
