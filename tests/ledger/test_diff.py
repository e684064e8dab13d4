"""Ledger diff between two ledgers and between two dates, on a hand-made history."""

import pytest

from capexloop.ledger import Deal, Entity, Ledger, Observation
from capexloop.ledger.diff import diff_dates, diff_ledgers


def history() -> Ledger:
    ents = [Entity(id=n, name=n) for n in ("nvidia", "openai", "coreweave", "corescientific")]
    deals = [
        Deal(id="loi", kind="equity", payer="nvidia", payee="openai", amount_usd="100B",
             announced="2025-09-22"),
        Deal(id="tranche", kind="equity", payer="nvidia", payee="openai", amount_usd="30B",
             announced="2026-02", supersedes=["loi"], status="committed", binding=True),
        Deal(id="acq", kind="equity", payer="coreweave", payee="corescientific",
             amount_usd="9B", announced="2025-07-07"),
        Deal(id="acq-off", kind="equity", payer="coreweave", payee="corescientific",
             amount_usd="9B", announced="2025-10-30", status="cancelled", supersedes=["acq"]),
        Deal(id="msa", kind="cloud_contract", payer="openai", payee="coreweave",
             amount_usd="11.9B", announced="2025-03-10"),
    ]
    obs = [Observation(entity="openai", metric="revenue", date="2025", value=13.07e9,
                       unit="USD")]
    return Ledger(name="hist", entities=ents, deals=deals, observations=obs)


def test_between_two_dates_by_hand():
    d = diff_dates(history(), "2025-06-30", "2025-12-31")
    # new by year end: the LOI and the acquisition; the acquisition, announced in the same
    # window, is also cancelled in it (new +$9B, cancelled −$9B)
    assert [c.deal for c in d.of("new")] == ["loi", "acq"]
    assert [(c.deal, c.replaces, c.amount_change) for c in d.of("cancelled")] == [
        ("acq-off", ("acq",), -9e9)]
    assert d.observations_new == ("openai.revenue@2025",)
    d2 = diff_dates(history(), "2025-09-30", "2026-03-31")
    sup = d2.of("superseded")
    assert [(c.deal, c.replaces) for c in sup] == [("tranche", ("loi",))]
    assert sup[0].amount_change == pytest.approx(-70e9)
    canc = d2.of("cancelled")
    assert [(c.deal, c.replaces) for c in canc] == [("acq-off", ("acq",))]
    assert canc[0].amount_change == pytest.approx(-9e9)
    assert "Δ −$70B" in d2.summary() or "Δ −$70.0B" in d2.summary()


def test_between_two_ledgers_same_id_changes_and_removals():
    a = history()
    upsized = a.deals[4].model_copy(update={"amount_usd": a.deals[4].amount_usd.__class__(
        low=22.4e9, high=22.4e9), "status": "drawn"})
    b = a.model_copy(update={"name": "hist2", "deals": [*a.deals[:2], upsized]})
    d = diff_ledgers(a, b)
    ch = d.of("changed")
    assert [c.deal for c in ch] == ["msa"]
    assert ch[0].fields == ("amount_usd", "status")
    assert ch[0].amount_change == pytest.approx(22.4e9 - 11.9e9)
    assert sorted(c.deal for c in d.of("removed")) == ["acq", "acq-off"]
    assert d.counts()["removed"] == 2
    assert set(d.to_frame().what) == {"changed", "removed"}


def test_identical_ledgers_have_an_empty_diff():
    a = history()
    assert diff_ledgers(a, a).empty
