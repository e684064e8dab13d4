"""Contract terms: schedule rules worked by hand, instruments, conditional tranches, scope."""

import pytest

from capexloop.ledger.contracts import REPAYMENT, Instrument, contract_book, contract_of, repayment_of
from capexloop.ledger.datasets import load_dataset
from capexloop.ledger.model import Deal, Entity, Ledger
from capexloop.ledger.scope import Scope, apply_scope


def deal(**kw):
    base = {"id": "d", "kind": "cloud_contract", "payer": "lab", "payee": "cloud",
            "amount_usd": 38e9}
    return Deal.model_validate(base | kw)


def test_straight_line_over_stated_term():
    """$38B over 7 years from 2026, straight line: 38/7 ≈ 5.4286B a year 2026–2032."""
    c = contract_of(deal(start="2026", term_years=7), first_year=2025)
    assert set(c.weights) == set(range(2026, 2033))
    assert c.due(2026) == pytest.approx(38e9 / 7)
    assert c.due(2025) == 0.0 and "stated term" in c.rule


def test_fractional_term_and_default_term():
    """2.5 years from 2026: 40%, 40%, 20%; no term: the default 5 years, said so."""
    c = contract_of(deal(start="2026-07", term_years=2.5), first_year=2025)
    assert [round(c.weights[y], 12) for y in (2026, 2027, 2028)] == [0.4, 0.4, 0.2]
    c = contract_of(deal(announced="2025"), first_year=2025)
    assert c.due(2029) == pytest.approx(38e9 / 5) and "default term 5" in c.rule


def test_gw_delivery_schedule():
    """10 GW: 1 GW in 2026, 4 in 2027, 5 in 2028 → 10%, 40%, 50% of $400B."""
    c = contract_of(deal(kind="chip_purchase", amount_usd=400e9, capacity_gw=10,
                         delivery_gw={2026: 1, 2027: 4, 2028: 5}), first_year=2025)
    assert [c.due(y) / 1e9 for y in (2026, 2027, 2028)] == pytest.approx([40, 160, 200])


def test_explicit_schedule_and_drawn_history():
    c = contract_of(deal(schedule={2026: 1e9, 2027: 3e9}, amount_usd=4e9), first_year=2025)
    assert c.due(2027, amount=8e9) == pytest.approx(6e9)   # scaled to a drawn amount
    c = contract_of(deal(status="drawn", announced="2019..2023", amount_usd=10e9),
                    first_year=2025)
    assert c.due(2021) == pytest.approx(2e9) and c.drawn_through(2024) == pytest.approx(10e9)


def test_financing_at_start():
    c = contract_of(deal(kind="equity", payer="fund", payee="lab", announced="2025"),
                    first_year=2025)
    assert c.weights == {2025: 1.0} and "financing paid at start" in c.rule


def test_warrants_and_stock_grants_are_never_cash():
    """Issuer AMD → holder OpenAI: stock, no cash due; a stock grant (holder = payee) too."""
    w = contract_of(deal(kind="warrant", payer="amd", payee="openai", amount_usd=35e9),
                    first_year=2025)
    assert w.instrument == Instrument.stock and w.claimant == "openai" and w.obligor == "amd"
    assert all(w.due(y) == 0.0 for y in range(2020, 2035))
    g = contract_of(deal(kind="equity", payer="coreweave", payee="openai", holder="openai",
                         amount_usd=350e6), first_year=2025)
    assert g.instrument == Instrument.stock
    cash = contract_of(deal(kind="equity", payer="msft", payee="openai"), first_year=2025)
    assert cash.instrument == Instrument.cash


def test_conditional_commitment_at_risk_only_when_drawn():
    """$100B per GW over 5 years from 2026: by end 2027 only $40B is drawn, hence at risk."""
    c = contract_of(deal(kind="equity", payer="nvidia", payee="openai", amount_usd=100e9,
                         start="2026", term_years=5, tranche_basis="per_gw", capacity_gw=10),
                    first_year=2025)
    assert c.at_risk(2025) == 0.0
    assert c.at_risk(2027) == pytest.approx(40e9)
    u = contract_of(deal(start="2026", term_years=5, amount_usd=100e9), first_year=2025)
    assert u.at_risk(2027) == pytest.approx(100e9)


def test_ai2025_book_rules():
    book = contract_book(load_dataset("ai2025"), first_year=2025)
    by = {c.deal_id: c for c in book.contracts}
    assert by["amd-openai-warrants"].instrument == Instrument.stock
    assert by["coreweave-openai-stock-2023"].instrument == Instrument.stock
    assert by["nvidia-openai-investment-2025"].conditional
    assert "oracle-nvidia-buildout" in book.unknown_amount
    assert len(book.to_frame()) == len(book.contracts)


def test_scope_filters():
    led = load_dataset("ai2025")
    n_all = len(apply_scope(led, Scope.all).deals)
    binding = apply_scope(led, "binding").deals
    drawn = apply_scope(led, "drawn").deals
    assert n_all == len(led.active_deals()) > len(binding) > len(drawn) == 2
    assert "nvidia-openai-investment-2025" not in {d.id for d in binding}


def test_loan_maturity_gives_a_repayment_contract():
    """A $750M loan maturing 15 July 2001: the borrower owes the lender $750M in 2001 and
    nothing else (Lucent's 6.90% notes, FY1999 note 9); without a maturity, no repayment."""
    d = deal(kind="loan", payer="banks", payee="lucent", amount_usd=750e6, status="drawn",
             announced="1998", maturity="2001-07-15")
    ents = [Entity(id=e, name=e) for e in ("banks", "lucent")]
    book = contract_book(Ledger(name="t", entities=ents, deals=[d]), first_year=2000)
    rep = [c for c in book.contracts if c.kind == REPAYMENT]
    assert len(rep) == 1 and (rep[0].obligor, rep[0].claimant) == ("lucent", "banks")
    assert rep[0].due(2001) == pytest.approx(750e6)
    assert sum(rep[0].due(y) for y in range(1990, 2040)) == pytest.approx(750e6)
    assert repayment_of(deal(kind="loan", payer="b", payee="l", amount_usd=1e6)) is None


def test_maturity_only_on_loans():
    with pytest.raises(ValueError, match="maturity is for loans"):
        deal(maturity="2030")
