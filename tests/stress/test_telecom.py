"""Telecom backtest through the stress simulation: FY1999 inputs only, error per line."""

import numpy as np
import pytest

from capexloop.ledger.contracts import contract_book
from capexloop.ledger.datasets import load_dataset
from capexloop.ledger.model import Entity, Layer, Ledger, Observation
from capexloop.ledger.provenance import ACCESSION
from capexloop.ledger.quantities import Range, format_usd
from capexloop.stress.telecom import (
    SEARCHED,
    fy1999_input_lines,
    fy1999_inputs,
    implied_revenue,
    telecom_backtest,
)


def test_table_has_error_per_line_and_is_printed():
    bt = telecom_backtest(load_dataset("telecom2000"))
    t = bt.table
    assert {"customer financing", "inventory", "receivables", "total"} <= set(t.line)
    row = t[(t.line == "receivables") & (t.year == "2000")].iloc[0]
    assert row.error == pytest.approx(row.modelled - row.actual)
    # seed D7: allowance $320M (FY1999, consolidated) → $500M (FY2000): the provision is the
    # change, $180M, but the FY1999 base includes Avaya and Agere, so the actual is the range
    # [$180M, $500M] and the error is taken against its middle, $340M
    assert (row.actual_low, row.actual_high, row.actual) == pytest.approx((180e6, 500e6, 340e6))
    assert "not like-for-like" in row.perimeter
    text = bt.summary()
    assert "error" in text and "FY1999 information only" in text and "actual range" in text


def test_provisions_are_changes_on_one_perimeter():
    """Customer financing FY2001: $2.12B − $604M = $1.516B (seed D5), both stocks reported
    against continuing-operations revenue ($2.12B / 9.9% = $21.4B, within 1% of the FY2001
    10-K's $21.294B); the two years' changes add up to the change over both years, $2.12B − $34M
    at the low end (a telescoping sum)."""
    t = telecom_backtest(load_dataset("telecom2000")).table
    cf = t[t.line == "customer financing"].set_index("year")
    assert cf.loc["2001", "actual_low"] == cf.loc["2001", "actual_high"] == pytest.approx(1.516e9)
    assert cf.loc["2001", "perimeter"].startswith("continuing operations")
    led = load_dataset("telecom2000")
    r = implied_revenue(led, "customer_financing_allowance",
                        "customer_financing_allowance_pct_revenue", 2001)
    assert r == pytest.approx(21294e6, rel=0.01)
    assert cf.loc["2000–2001", "actual_low"] == pytest.approx(2.12e9 - 34e6)
    inv = t[(t.line == "inventory") & (t.year == "2001")].iloc[0]
    assert inv.actual == pytest.approx(1.814e9 - 892e6 + 2.4e9)      # seed D6, like-for-like


def test_lucent_debt_as_filed_and_repaid_on_schedule():
    """FY1999 note 9: debt maturing within one year $2,864M = commercial paper $1,828M +
    long-term debt $34M + secured borrowings $1,002M (hand sum against the filed total); every
    debt record carries a page address. The backtest's repayment contracts fall due $2,864M in
    FY2000 and $750M in FY2001 (the 6.90% notes due 15 July 2001)."""
    led = load_dataset("telecom2000")
    debt = [d for d in led.deals if d.payee == "lucent" and d.kind.value == "loan"]
    assert debt and all(any(s.startswith("http") for s in d.sources) for d in debt)
    within = [d for d in debt if d.maturity is not None and str(d.maturity) == "1999-10..2000-09"]
    filed = led.observation("lucent", "debt_maturing_within_one_year")
    assert sorted(d.amount_usd.mid for d in within) == pytest.approx([34e6, 1002e6, 1828e6])
    assert filed.value.mid == pytest.approx(2864e6)
    assert sum(d.amount_usd.mid for d in within) == pytest.approx(filed.value.mid)
    book = contract_book(fy1999_inputs(led)[0], first_year=2000).schedule_frame(range(2000, 2002))
    rep = book[book.index.str.endswith(":repayment")]
    assert rep[2000].sum() == pytest.approx(2864e6) and rep[2001].sum() == pytest.approx(750e6)


def test_lucent_uses_by_hand_and_cash_flow_as_filed():
    """Baseline FY2000 (outside funding continues), Lucent's uses by hand ($M): CLEC loan
    tranche 540 (seed D6) + principal due 2,864 (note 9) + cost of delivering a third of CLEC
    capex at 1 − cash margin, 15,100/3 × (1 + 276/38,300) + the operating cash outflow 276
    + lease payments 79 / 10 = 7.9 (note 9's long-term lease obligations over the stated
    10-year lease assumption), the cash margin being FY1999 operating cash flow / revenue as
    filed (−276 / 38,300)."""
    led = load_dataset("telecom2000")
    bt = telecom_backtest(led)
    m = -276e6 / 38.3e9
    due = 540e6 + 2864e6 + 15.1e9 / 3 * (1 - m) + 276e6 + 79e6 / 10
    ey = bt.baseline.entity_years.set_index(["entity", "year"])
    assert ey.loc[("lucent", 2000), "due"] == pytest.approx(due)
    line = next(a for a in bt.baseline.inputs.balance.assumptions
                if (a.entity, a.item) == ("lucent", "cash_margin"))
    assert line.value == pytest.approx(m) and "0000950123-99-011082" in line.source
    if "lucent" in set(bt.simulation.defaults.entity):
        assert any("lucent's default" in n and "assumed 0" in n for n in bt.notes)


def test_new_vendor_figures_have_sources_and_missing_cash_is_said():
    """Nortel's and Cisco's FY1999 figures carry their page; their cash is not in the record,
    so they are left unmodelled and the backtest says so rather than assuming zero cash."""
    led = load_dataset("telecom2000")
    for v in ("nortel", "cisco"):
        obs = [o for o in led.observations if o.entity == v and o.metric in
               ("revenue", "net_income", "net_earnings_from_operations")
               and o.date.end.year <= 1999]
        assert obs and all(any(s.startswith("http") for s in o.sources) for o in obs)
    notes = " ".join(telecom_backtest(load_dataset("telecom2000")).notes)
    assert "nortel: revenue is in the record but cash" in notes
    assert "lucent: revenue" not in notes


def test_clec_exposure_within_clec_capex():
    """Purchases from the three vendors add up to CLEC capex (seed D12: $15.1B), not to
    Lucent's $24.1B of non-top-3 revenue."""
    led, _, _ = fy1999_inputs(load_dataset("telecom2000"))
    per_year = sum(dict(d.schedule)[2000] for d in led.deals if d.kind.value ==
                   "equipment_purchase")
    assert per_year == pytest.approx(15.1e9)


def test_no_fy2000_figure_enters_the_inputs():
    """Every observation of the inputs ends by 1999, and multiplying every FY2000+ figure of
    telecom2000 by 10 leaves the modelled column and the printed FY1999 inputs unchanged (only
    the actuals move)."""
    led, _, _ = fy1999_inputs(load_dataset("telecom2000"))
    assert all(o.date.end.year <= 1999 for o in led.observations)
    assert all(d.announced is None or d.announced.start.year <= 1999 for d in led.deals
               if d.id in {x.id for x in load_dataset("telecom2000").deals})
    src = load_dataset("telecom2000")
    late = [o if (o.date.end is None or o.date.end.year <= 1999) or o.unit != "USD"
            else o.model_copy(update={"value": Range.point(o.value.mid * 10)})
            for o in src.observations]
    poisoned = src.model_copy(update={"observations": late})
    ra, rb = telecom_backtest(src), telecom_backtest(poisoned)
    a, b = ra.table, rb.table
    assert np.allclose(a.modelled, b.modelled)
    assert not np.allclose(a.actual.fillna(0), b.actual.fillna(0))
    assert ra.inputs == rb.inputs


def test_distress_timing_beside_the_record():
    """The modelled first default of Lucent is printed beside the record's later distress
    (Feb 2001: one notch above junk and no commercial paper; Jun 2001: junk), which never
    enters the FY1999 inputs (the inputs hold no events)."""
    led = load_dataset("telecom2000")
    bt = telecom_backtest(led)
    first = bt.simulation.defaults.query("entity == 'lucent'").year.min()
    assert bt.timing[0].startswith(f"modelled: Lucent's first default FY{first}")
    rec = [t for t in bt.timing if t.startswith("record:")]
    assert [t.split()[1] for t in rec] == ["2001-02-12", "2001-06-26"]
    assert all("http" in t for t in rec) and not fy1999_inputs(led)[0].events
    assert bt.to_dict()["timing"] == list(bt.timing)


NOTE9 = "http://www.wiley.com/college/weygandt/0471382280/database/lucent/finance/9.html"


def test_fy1999_inputs_from_the_filings_or_named_as_not_found():
    """Each FY1999 balance-sheet input of the backtest is either a filed value with its source
    or an assumption printed with the filings read that do not give it. Filed: Lucent's debt
    in the record, 1,828 + 34 + 1,002 (due within a year) + 750 + 750 + 500 + 300 + 1,360
    (notes and debentures) = $6,524M, and its long-term lease obligations, $79M (note 9); its
    cash margin from the 10-K405 (sec:0000950123-99-011082), −276 / 38,300 = −0.00721. Not
    found: Lucent's cash and equity, Nortel's and Cisco's cash (those two stay unmodelled)."""
    bt = telecom_backtest(load_dataset("telecom2000"))
    lines = {x.split(" ", 1)[0].rstrip(":,"): x for x in bt.inputs}
    assert lines["lucent.total_debt"].startswith("lucent.total_debt = $6.52B in the 8 ")
    assert NOTE9 in lines["lucent.total_debt"]
    assert lines["lucent.lease_liabilities"] == (f"lucent.lease_liabilities = $79M as filed for "
                                                 f"1999-09-30 [{NOTE9}]")
    assert "-0.00721" in lines["lucent.cash_margin"]
    assert "sec:0000950123-99-011082" in lines["lucent.cash_margin"]
    missing = lines["lucent.cash_and_securities"]
    assert missing.startswith("lucent.cash_and_securities = 0 (assumed), lucent.equity = unknown")
    assert f"not found in the filings read: {SEARCHED['lucent']}" in missing
    for v in ("nortel", "cisco"):
        assert lines[v].startswith(f"{v}: balance sheet not modelled")
        assert SEARCHED[v] in lines[v]
    assert "sec:0000891618-99-004365" in lines["cisco"]
    text = bt.summary()
    assert "FY1999 inputs" in text and all(x in text for x in bt.inputs)
    assert bt.to_dict()["inputs"] == list(bt.inputs)
    named = {w.rstrip(",);") for t in SEARCHED.values() for w in t.split() if w.startswith("(sec:")}
    assert named and all(ACCESSION.match(w.lstrip("(")) for w in named)


def _vendor(*obs: Observation) -> Ledger:
    return Ledger(name="t", entities=[Entity(id="acme", name="Acme", layer=Layer.equipment_vendor)],
                  observations=list(obs))


def test_a_filed_figure_replaces_its_assumption():
    """The rule on a two-line ledger (a hypothetical vendor): with revenue only, cash, equity,
    debt and leases are printed as assumptions beside the filings searched; a cash figure in the
    record is printed as filed with its source and leaves the not-found line; a vendor with no
    figure at all is not modelled."""
    src = ["https://example.com/acme-annual-report"]
    rev = Observation(entity="acme", metric="revenue", date="1999", value=100e6, unit="USD",
                      sources=src)
    cash = Observation(entity="acme", metric="cash_and_securities", date="1999-07-31",
                       value=10e6, unit="USD", sources=src)
    kw = {"vendors": ("acme",), "searched": {"acme": "the annual report"}}
    before = fy1999_input_lines(_vendor(rev), **kw)
    assert before == ("acme.cash_and_securities = 0 (assumed), acme.equity = unknown (solvency "
                      "not assessed), acme.total_debt = none (no debt service assumed), "
                      "acme.lease_liabilities = none (no lease payments assumed): not found in "
                      "the filings read: the annual report",)
    after = fy1999_input_lines(_vendor(rev, cash), **kw)
    assert after[0] == f"acme.cash_and_securities = $10M as filed for 1999-07-31 [{src[0]}]"
    assert "cash_and_securities = 0" not in after[1] and "acme.equity = unknown" in after[1]
    assert fy1999_input_lines(_vendor(), **kw)[0].startswith("acme: balance sheet not modelled")


def test_total_debt_is_not_serviced_twice():
    """A total-debt figure for Lucent, whose debt is modelled instrument by instrument, stays out
    of its balance sheet: adding one (here the record's own instrument total, $6,524M) changes
    neither the inputs nor Lucent's dues."""
    src = load_dataset("telecom2000")
    debt = sum(d.amount_usd.mid for d in src.deals if d.payee == "lucent"
               and d.kind.value == "loan" and d.status.value == "drawn")
    assert debt == pytest.approx(6524e6)
    extra = Observation(entity="lucent", metric="total_debt", date="1999-09-30", value=debt,
                        unit="USD", sources=[NOTE9])
    led = src.model_copy(update={"observations": [*src.observations, extra]})
    assert not fy1999_inputs(led)[0].series("lucent", "total_debt")
    a, b = telecom_backtest(src), telecom_backtest(led)
    assert a.baseline.entity_years.due.tolist() == pytest.approx(b.baseline.entity_years.due
                                                                 .tolist())
    assert a.inputs == b.inputs


def test_sensitivity_to_the_cash_not_found():
    """Lucent's opening cash is assumed 0 (not found in the filings read); the backtest prints
    the modelled losses again with that cash never binding. Customer financing by hand ($M):
    loans drawn at FY1999, 1,600 (seed D3), are lost whatever the cash; the FY2000 tranche, 540
    (seed D6), is lent in full when cash never binds (1,600 + 540 = 2,140) but only in Lucent's
    paid share of its dues when it has no cash (Eisenberg–Noe pays every due pro rata:
    1,600 + 540 × paid / due). The first numbers are the table's own 2000–2001 sums."""
    bt = telecom_backtest(load_dataset("telecom2000"))
    t = bt.table.set_index(["line", "year"])
    sens = {x.split(" 2000–2001")[0]: x for x in bt.sensitivity}
    for line in ("customer financing", "inventory", "receivables", "total"):
        cash0 = format_usd(t.loc[(line, "2000–2001"), "modelled"])
        assert f"modelled {cash0} with " in sens[line]
    ey = bt.simulation.entity_years.set_index(["entity", "year"])
    paid, due = ey.loc[("lucent", 2000), "paid"], ey.loc[("lucent", 2000), "due"]
    assert t.loc[("customer financing", "2000"), "modelled"] == pytest.approx(
        1600e6 + 540e6 * paid / due)
    assert sens["customer financing"].endswith("$2.14B with cash never binding")
    assert "lucent's first default FY2000 (liquidity) with cash 0, none with cash never binding" \
        in bt.sensitivity
    assert all(f"sensitivity to cash not found: {x}" in bt.summary() for x in bt.sensitivity)


def test_no_sensitivity_when_cash_is_given():
    """Cash given (here with --assume) is no longer an assumption of the record's gap: no
    sensitivity run is made."""
    from capexloop.stress import telecom

    led, assume, rates = fy1999_inputs(load_dataset("telecom2000"))
    given = {**assume, "lucent.cash_and_securities": 0.0}
    shocked = telecom._with_funding_stop(led, given, rates)
    assert telecom._cash_sensitivity(led, given, rates, shocked) == ()
    assert telecom._cash_sensitivity(led, assume, rates,
                                     telecom._with_funding_stop(led, assume, rates))
