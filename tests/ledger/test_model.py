"""Record rules of the data model (design.md) on hand-made records."""

import pytest
from pydantic import ValidationError

from capexloop.errors import LedgerValidationError
from capexloop.ledger.dates import parse_period
from capexloop.ledger.model import Deal, DealKind, Entity, Ledger
from capexloop.ledger.records import from_raw


def deal(**kw):
    base = {"id": "d1", "kind": "equity", "payer": "a", "payee": "b", "amount_usd": "$1B"}
    return Deal.model_validate(base | kw)


def test_kinds_split_into_financing_and_goods():
    fin = {k for k in DealKind if k.is_financing}
    assert {k.value for k in fin} == {"equity", "warrant", "vendor_loan", "guarantee",
                                     "capacity_backstop", "loan"}
    assert {k.value for k in DealKind if not k.is_financing} == {
        "compute_purchase", "cloud_contract", "chip_purchase", "equipment_purchase", "lease",
        "revenue"}


def test_payer_equals_payee_rejected():
    with pytest.raises(ValidationError, match="same entity"):
        deal(payee="a")


def test_gw_given_as_dollars_rejected():
    with pytest.raises(ValidationError, match="looks like dollars"):
        deal(capacity_gw="$40B")
    with pytest.raises(ValidationError, match="looks like dollars"):
        deal(capacity_gw=4.0e10)
    assert deal(capacity_gw="4.5 GW").capacity_gw == 4.5


def test_unknown_kind_suggests():
    with pytest.raises(LedgerValidationError, match="did you mean 'chip_purchase'"):
        from_raw("deal", {"id": "x", "kind": "chip_purchases", "payer": "a", "payee": "b"},
                 source="f.csv", line=3)


def test_error_names_file_line_field():
    with pytest.raises(LedgerValidationError) as ei:
        from_raw("deal", {"id": "x", "kind": "equity", "payer": "a", "payee": "b",
                          "amount_usd": "about 20 billion"}, source="f.csv", line=7)
    assert str(ei.value).startswith("f.csv:7: amount_usd: cannot read 'about 20 billion'")


def test_schedule_parses_and_sorts():
    d = deal(schedule="2027:2B; 2026:1e9")
    assert d.schedule == [(2026, 1e9), (2027, 2e9)]
    with pytest.raises(ValidationError, match="twice"):
        deal(schedule="2026:1B;2026:2B")


def test_periods_keep_precision():
    p = parse_period("2026-01")
    assert (p.precision, str(p.start), str(p.end)) == ("month", "2026-01-01", "2026-01-31")
    assert parse_period("2023..ongoing").end is None
    assert str(parse_period("ongoing")) == "ongoing"
    for bad in ("2026-13", "2025-02-30", "Jan 2026", "2023..2019"):
        with pytest.raises(ValueError):
            parse_period(bad)


def test_ledger_reference_checks():
    ents = [Entity(id="a", name="A"), Entity(id="b", name="B")]
    Ledger(entities=ents, deals=[deal()])
    with pytest.raises(LedgerValidationError, match="unknown entity 'c'"):
        Ledger(entities=ents, deals=[deal(payee="c")])
    with pytest.raises(LedgerValidationError, match="duplicate deal id"):
        Ledger(entities=ents, deals=[deal(), deal()])


def test_entity_lookup_by_alias_ignores_case_and_punctuation():
    led = Ledger(entities=[Entity(id="openai", name="OpenAI", aliases=["Open AI"])])
    assert led.entity("OPEN-AI, Inc.").id == "openai"
    with pytest.raises(LedgerValidationError, match="did you mean 'openai'"):
        led.entity("OpenAl")


def test_contract_terms_parse():
    """Deal contract fields (SCHEMA.md): start period, term, conditionality, tranches, holder."""
    d = deal(kind="chip_purchase", capacity_gw=10, start="2026-07..2026-12", term_years="5",
             conditionality="per GW deployed", tranche_basis="per_gw",
             delivery_gw="2027:2.5; 2026:1", holder="b")
    assert (str(d.start), d.term_years, d.tranche_basis.value) == ("2026-07..2026-12", 5.0,
                                                                   "per_gw")
    assert d.delivery_gw == [(2026, 1.0), (2027, 2.5)]
    with pytest.raises(ValidationError, match="term_years"):
        deal(term_years=0)
    with pytest.raises(ValidationError, match="tranche basis"):
        deal(tranche_basis="per_month")
    with pytest.raises(ValidationError, match="dollars"):
        deal(delivery_gw="2026:$1B")


def test_unknown_holder_rejected():
    ents = [Entity(id="a", name="A"), Entity(id="b", name="B")]
    with pytest.raises(LedgerValidationError, match="unknown holder"):
        Ledger(entities=ents, deals=[deal(holder="z")])


def test_contract_terms_round_trip(tmp_path):
    """Every format and the DuckDB store keep the contract fields exactly."""
    from capexloop.ledger.io import FORMATS, read_ledger, write_ledger
    from capexloop.ledger.store import LedgerStore

    ents = [Entity(id="a", name="A"), Entity(id="b", name="B")]
    d = deal(kind="chip_purchase", capacity_gw=6, start="2026-07", term_years=4.5,
             conditionality="per GW; last tranche at $600 share price",
             tranche_basis="per_gw", delivery_gw={2026: 1, 2027: 2.0}, holder="a")
    led = Ledger(name="t", entities=ents, deals=[d])
    for fmt in FORMATS:
        assert read_ledger(write_ledger(led, tmp_path / f"t.{fmt}"), name="t") == led
    with LedgerStore() as s:
        s.add_ledger(led)
        assert s.load(name="t") == led
