"""Likely-duplicate detection: a total beside its tranches, and the supersedes resolution."""

from capexloop.ledger import LedgerStore
from capexloop.ledger.duplicates import likely_duplicates
from capexloop.ledger.model import Deal

ENT = "entities:\n  - {id: microsoft, name: Microsoft}\n  - {id: openai, name: OpenAI}\n"
TOTAL = ("deals:\n  - {id: msft-total, kind: equity, payer: microsoft, payee: openai, "
         "amount_usd: 13B, announced: 2019..2023, status: drawn}\n")
TRANCHES = """deals:
  - {id: t2019, kind: equity, payer: microsoft, payee: openai, amount_usd: 1B, announced: 2019,
     status: drawn}
  - {id: t2021, kind: equity, payer: microsoft, payee: openai, amount_usd: 2B, announced: 2021,
     status: drawn}
  - {id: t2023, kind: equity, payer: microsoft, payee: openai, amount_usd: 10B, announced: 2023-01,
     status: drawn}
"""


def _deal(i, amt, date=None, kind="equity"):
    return Deal(id=i, kind=kind, payer="m", payee="o", amount_usd=amt, announced=date)


def test_total_beside_tranches():
    ds = [_deal("total", 13e9, "2019..2023"), _deal("a", 1e9, "2019"), _deal("b", 2e9, "2021"),
          _deal("c", 10e9, "2023")]
    assert likely_duplicates(ds) == [["total", "a", "b", "c"]]


def test_no_flag_when_dates_or_kinds_differ():
    assert likely_duplicates([_deal("x", 5e9, "2019"), _deal("y", 5e9, "2024")]) == []
    assert likely_duplicates([_deal("x", 5e9), _deal("y", 5e9, kind="warrant")]) == []
    assert likely_duplicates([_deal("x", None), _deal("y", None)]) == []


def test_same_amount_within_tolerance():
    assert likely_duplicates([_deal("x", 22e9), _deal("y", "22.4B")]) == [["x", "y"]]


def test_store_refuses_then_supersedes_resolves(tmp_path):
    (tmp_path / "e.yaml").write_text(ENT + TOTAL)
    (tmp_path / "t.yaml").write_text(TRANCHES)
    with LedgerStore() as s:
        s.import_files([tmp_path / "e.yaml"])
        try:
            s.import_files([tmp_path / "t.yaml"])
            raise AssertionError("duplicates were not flagged")
        except Exception as err:  # DuplicateDealsError
            assert err.groups == [["msft-total", "t2019", "t2021", "t2023"]]
            assert "cumulative total beside its tranches" in str(err)   # every flag says why
        assert s.counts()["deals"] == 1
        # the explicit resolution: the tranches supersede nothing, the total is superseded
        (tmp_path / "t2.yaml").write_text(TRANCHES + "  - {id: msft-tranches, kind: equity, "
                                          "payer: microsoft, payee: openai, amount_usd: 13B, "
                                          "announced: 2019..2023, status: drawn, "
                                          "supersedes: [msft-total]}\n")
        s.import_files([tmp_path / "t2.yaml"], duplicates="keep-both")
        led = s.load()
        active = {d.id for d in led.active_deals()}
        assert "msft-total" not in active and "msft-tranches" in active


def test_keep_new_replaces_old(tmp_path):
    (tmp_path / "e.yaml").write_text(ENT + TOTAL)
    (tmp_path / "t.yaml").write_text(TRANCHES)
    with LedgerStore() as s:
        s.import_files([tmp_path / "e.yaml"])
        rep = s.import_files([tmp_path / "t.yaml"], duplicates="keep-new")
        assert rep["duplicates"] == [["msft-total", "t2019", "t2021", "t2023"]]
        assert {d.id for d in s.load().deals} == {"t2019", "t2021", "t2023"}


def test_cumulative_total_beside_tranches_regardless_of_dates():
    """'$13B invested through 2026' (dated 2026) beside 2019–2023 tranches is one flow counted
    twice: 1 + 2 + 10 = 13 (hand sum), though 2026 does not overlap 2019..2023."""
    from capexloop.ledger.duplicates import duplicate_flags

    ds = [_deal("total", 13e9, "2026"), _deal("a", 1e9, "2019"), _deal("b", 2e9, "2021"),
          _deal("c", 10e9, "2023")]
    (flag,) = duplicate_flags(ds)
    assert flag.ids == ("total", "a", "b", "c")
    assert "cumulative total" in flag.reason and "$13B" in flag.reason
    # a tranche that starts after the total's period cannot be inside it
    late = [_deal("total", 13e9, "2020"), _deal("a", 1e9, "2019"), _deal("b", 2e9, "2021"),
            _deal("c", 10e9, "2023")]
    assert all(f.ids[0] != "total" or len(f.ids) < 4 for f in duplicate_flags(late))


def test_same_contract_filed_under_two_goods_kinds():
    """One source files OpenAI–Oracle as a cloud contract, another as a compute purchase."""
    from capexloop.ledger.duplicates import duplicate_flags

    a = Deal(id="x", kind="cloud_contract", payer="o", payee="orcl", amount_usd=300e9,
             announced="2025-09")
    b = Deal(id="y", kind="compute_purchase", payer="o", payee="orcl", amount_usd="300B",
             announced="2025")
    (flag,) = duplicate_flags([a, b])
    assert flag.ids == ("x", "y") and "cloud_contract and compute_purchase" in flag.reason
    # a chip order is not the same purchase as a cloud contract
    c = Deal(id="z", kind="chip_purchase", payer="o", payee="orcl", amount_usd=300e9)
    assert duplicate_flags([a, c]) == []

