"""Committed facilities in the yearly stress: drawn on need, up to the limit, until expiry.

An undrawn credit facility is a source the borrower can draw when its uses exceed its other
sources; the lender pays the draw (a use of its cash) and loses only what was drawn. The cases
are 3–4 entity ledgers worked by hand (arithmetic in the docstrings); loss rates not under test
are 0 and the loan loss rate is 1, so expected losses are exact.
"""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from capexloop.ledger.contracts import contract_of
from capexloop.ledger.model import Deal
from capexloop.stress.simulation import FACILITY, simulate_years

from .test_simulation import ledger, obs, rates

RATES = rates(loan=1.0)


def _ledger(facility=None, lender_cash=None, due=None):
    """lab (model provider, no cash, revenue $10B at an assumed cash margin 0.5: $5B a year)
    owes a cloud $4B in 2025 and $8B in 2026 (``due`` overrides); ``facility`` is a bank → lab
    committed loan (dict of deal fields). The bank has no balance sheet (pays from outside)
    unless ``lender_cash`` is given."""
    due = due or {2025: 4e9, 2026: 8e9}
    deals = [{"id": "cloud-deal", "kind": "cloud_contract", "payer": "lab", "payee": "cloud",
              "amount_usd": sum(due.values()), "schedule": due, "status": "committed",
              "binding": True}]
    if facility is not None:
        deals.append({"id": "revolver", "kind": "loan", "payer": "bank", "payee": "lab",
                      "status": "committed", "binding": True, "announced": "2025"} | facility)
    o = [obs("lab", "revenue", 10e9), obs("lab", "cash_and_securities", 0.0)]
    if lender_cash is not None:
        o += [obs("bank", "cash_and_securities", lender_cash), obs("bank", "equity", 50e9)]
    return ledger([("lab", "model_provider"), ("cloud", "cloud"), ("bank", "investor")],
                  deals, o)


def _run(led, horizon=2027):
    return simulate_years(led, start=2025, horizon=horizon, rates=RATES,
                          assume={"lab.cash_margin": 0.5, "bank.cash_margin": 0.0})


def test_committed_loan_without_term_is_a_facility():
    f = {"id": "f", "kind": "loan", "payer": "bank", "payee": "lab", "amount_usd": 3e9,
         "announced": "2025", "status": "committed", "binding": True}
    d = Deal.model_validate(f)
    c = contract_of(d, first_year=2025)
    assert c.facility and c.window == (2025, 2029) and c.weights == {}
    assert c.rule.startswith("facility: drawn when the borrower's uses exceed")
    assert c.due(2025) == 0.0 and c.at_risk(2027) == 0.0   # nothing is at risk until drawn
    # an "up to" equity commitment is a facility; a plain equity subscription is paid at start
    up_to = Deal.model_validate(f | {"kind": "equity", "qualifier": "up to"})
    assert contract_of(up_to, first_year=2025).facility
    plain = Deal.model_validate(f | {"kind": "equity"})
    assert not contract_of(plain, first_year=2025).facility
    # a stated maturity ends the window; a drawn loan is history, not a facility
    mat = Deal.model_validate(f | {"maturity": "2026-06-30"})
    assert contract_of(mat, first_year=2025).window == (2025, 2026)
    assert not contract_of(Deal.model_validate(f | {"status": "drawn"}), first_year=2025).facility
    # the default window is overridable
    assert contract_of(d, first_year=2025, facility_years=2).window == (2025, 2026)


def test_borrower_that_would_default_in_year_two_survives_by_drawing():
    """Without the facility: 2025 sources 0 + 5 = $5B ≥ $4B due (cash left $1B); 2026 sources
    1 + 5 = $6B < $8B → liquidity default in 2026, shortfall $2B. With a $3B facility the lab
    draws $2B in 2026 (its shortfall, less than the limit), pays the $8B and ends with 0."""
    base = _run(_ledger())
    d = base.defaults.set_index("entity")
    assert d.loc["lab", "year"] == 2026 and "shortfall $2B" in d.loc["lab", "reason"]
    sim = _run(_ledger({"amount_usd": 3e9}))
    assert sim.defaults.empty
    ey = sim.entity_years.set_index(["entity", "year"])
    assert ey.loc[("lab", 2025), "facility_drawn"] == 0.0        # not short: no draw
    assert ey.loc[("lab", 2026), "facility_drawn"] == pytest.approx(2e9)
    assert ey.loc[("lab", 2026), "cash_end"] == pytest.approx(0.0, abs=1e-3)
    assert sim.losses.empty


def test_draw_beyond_the_limit_is_refused_and_the_reason_printed():
    """$1.5B limit: 2026 draws $1.5B, sources 6 + 1.5 = $7.5B < $8B → default, shortfall
    $0.5B; the further $0.5B draw is refused. The bank (loss rate 1) loses the $1.5B drawn."""
    sim = _run(_ledger({"amount_usd": 1.5e9}))
    r = sim.defaults.set_index("entity").loc["lab"]
    assert r.year == 2026 and r.type == "liquidity"
    assert "due $8B exceeds sources $7.5B" in r.reason
    assert ("facility revolver fully drawn ($1.5B this year, limit $1.5B): a further draw of "
            "$500M refused (beyond the limit)") in r.reason
    assert r.reason in sim.summary()
    bank = sim.losses[sim.losses.creditor == "bank"]
    assert list(bank.type) == ["drawn_facility"] and bank.loss.sum() == pytest.approx(1.5e9)


def test_expired_facility_gives_no_draw():
    """Maturity 2025: the $3B facility can be drawn in 2025 only, when the lab is not short.
    In 2026 it has expired: no draw, default with shortfall $2B, and the bank loses nothing."""
    sim = _run(_ledger({"amount_usd": 3e9, "maturity": "2025-12-31"}))
    r = sim.defaults.set_index("entity").loc["lab"]
    assert r.year == 2026 and "shortfall $2B" in r.reason
    assert "facility revolver expired after 2025 ($3B undrawn: no draw)" in r.reason
    assert sim.entity_years.facility_drawn.sum() == 0.0
    assert sim.losses[sim.losses.creditor == "bank"].empty


def test_lender_loses_only_the_drawn_part():
    """$10B facility to the end of 2026; dues 4 (2025), 8 (2026), 8 (2027). 2026: draw $2B.
    2027: sources 0 + 5 = $5B < $8B and the facility has expired → default in 2027. The bank
    loses 1 × $2B drawn, not the $10B limit (before facilities it was 'paid at start': $10B)."""
    led = _ledger({"amount_usd": 10e9, "maturity": "2026-12-31"},
                  due={2025: 4e9, 2026: 8e9, 2027: 8e9})
    sim = _run(led)
    assert sim.defaults.set_index("entity").loc["lab", "year"] == 2027
    bank = sim.losses[sim.losses.creditor == "bank"]
    assert list(bank.type) == ["drawn_facility"] and bank.loss.sum() == pytest.approx(2e9)
    assert sim.contract_losses.set_index("deal").loc["revolver", "loss"] == pytest.approx(2e9)


def test_thin_lender_defaults_on_the_draw():
    """The bank has a balance sheet: cash $1B, no revenue. The lab asks $2B in 2026; the bank's
    dues are the draw, $2B > $1B of sources → the bank defaults (liquidity) paying $1B; the lab
    gets 6 + 1 = $7B < $8B and defaults too. Not asked again: the reason names the lender."""
    sim = _run(_ledger({"amount_usd": 3e9}, lender_cash=1e9))
    d = sim.defaults.set_index("entity")
    assert d.loc["bank", "year"] == 2026 and d.loc["bank", "type"] == "liquidity"
    assert "due $2B exceeds sources $1B" in d.loc["bank", "reason"]
    assert d.loc["lab", "year"] == 2026
    assert "lender bank could not pay more" in d.loc["lab", "reason"]
    ey = sim.entity_years.set_index(["entity", "year"])
    assert ey.loc[("lab", 2026), "facility_drawn"] == pytest.approx(1e9)


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 10_000))
def test_money_is_conserved_with_facility_draws(seed):
    """Four labs (cost share 0, no debt: no money leaves the ledger) with random cash, revenue,
    contracts and facilities between them. Ledger payments, draws included, only move cash,
    so each year Σ cash at the end = Σ over entities still alive of (cash at the start + own
    cash margin × revenue); draws never exceed a facility's limit nor happen outside its
    window."""
    rng = np.random.default_rng(seed)
    ids = ["a", "b", "c", "d"]
    deals, o = [], []
    for e in ids:
        o += [obs(e, "revenue", float(rng.uniform(0, 5e9))),
              obs(e, "cash_and_securities", float(rng.uniform(0, 2e9))),
              obs(e, "equity", float(rng.uniform(1e9, 20e9)))]
    for k in range(6):
        p, q = rng.choice(4, 2, replace=False)
        sched = {y: float(rng.uniform(0, 8e9)) for y in (2025, 2026, 2027)}
        deals.append({"id": f"g{k}", "kind": "cloud_contract", "payer": ids[p],
                      "payee": ids[q], "status": "committed", "binding": True,
                      "amount_usd": sum(sched.values()), "schedule": sched})
    for k in range(3):
        p, q = rng.choice(4, 2, replace=False)
        deals.append({"id": f"f{k}", "kind": "loan", "payer": ids[p], "payee": ids[q],
                      "status": "committed", "binding": True,
                      "amount_usd": float(rng.uniform(0, 6e9)),
                      "announced": str(int(rng.integers(2024, 2027))),
                      "maturity": f"{int(rng.integers(2025, 2029))}-12-31"})
    led = ledger([(e, "model_provider") for e in ids], deals, o)
    margins = rng.uniform(0, 0.6, 4)
    sim = simulate_years(led, start=2025, horizon=2027, rates=RATES,
                         assume={f"{e}.cash_margin": float(m) for e, m in
                                 zip(ids, margins, strict=True)})
    inp = sim.inputs
    ey = sim.entity_years.set_index(["entity", "year"])
    died = sim.defaults.set_index("entity")["year"].to_dict()
    cash = {e: inp.balance.cash[inp.index[e]] for e in ids}
    for t, y in enumerate(inp.years):
        alive = [e for e in ids if died.get(e, 9999) >= y]
        expect = sum(cash[e] + inp.balance.margin[inp.index[e]] * inp.balance.revenue[
            inp.index[e], t] for e in alive)
        cash = {e: ey.loc[(e, y), "cash_end"] for e in ids}
        assert sum(cash.values()) == pytest.approx(expect, rel=1e-9, abs=1.0)
    fac = np.flatnonzero(inp.cls == FACILITY)
    limit = inp.amounts()
    for i in set(inp.claimant[fac].tolist()):
        mine = fac[inp.claimant[fac] == i]
        got = ey.xs(inp.ids[i], level="entity").facility_drawn.to_numpy()
        assert got.sum() <= limit[mine].sum() * (1 + 1e-12) + 1.0
        shut = [t for t in range(len(inp.years))
                if not any(inp.window[k, 0] <= t <= inp.window[k, 1] for k in mine)]
        assert got[shut].sum() == 0.0


def test_cli_facility_years_option(cli):
    """``--facility-years 1`` shuts telecom2000's Lucent credit facilities (announced 1999)
    before the first simulated year 2000: no draw, and the default reason says so; 0 is a
    user error naming the option."""
    code, out, err = cli("stress", "--dataset", "telecom2000", "--facility-years", "1")
    assert code == 0, err
    assert "facility lucent-credit-facilities-fy1999 expired after 1999" in out
    code, out, err = cli("stress", "--dataset", "telecom2000")
    assert code == 0 and "lucent-credit-facilities-fy1999 fully drawn" in out
    code, _, err = cli("stress", "--dataset", "telecom2000", "--facility-years", "0")
    assert code == 2 and "--facility-years" in err


def test_lender_already_in_default_funds_no_draw():
    """The bank (cash $1B, equity known) owes $3B to the cloud in 2026 itself: it pays only
    $1B, a liquidity default, before any draw. The lab's draw request would add to its dues;
    it is not made: the lab gets nothing from the facility (6 < 8: default, shortfall $2B) and
    the reason names the lender."""
    led = _ledger({"amount_usd": 3e9}, lender_cash=1e9)
    led.deals.append(Deal.model_validate(
        {"id": "bank-cloud", "kind": "cloud_contract", "payer": "bank", "payee": "cloud",
         "amount_usd": 3e9, "schedule": {2026: 3e9}, "status": "committed", "binding": True}))
    sim = _run(led)
    d = sim.defaults.set_index("entity")
    assert d.loc["bank", "year"] == 2026 and "due $3B exceeds sources $1B" in d.loc["bank",
                                                                                   "reason"]
    assert d.loc["lab", "year"] == 2026 and "shortfall $2B" in d.loc["lab", "reason"]
    assert sim.entity_years.facility_drawn.sum() == 0.0
