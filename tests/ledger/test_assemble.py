"""Assembling a dataset from staged files: merges, duplicates, disagreements, provenance."""

from pathlib import Path

import pytest

from capexloop.errors import CapexloopError
from capexloop.ledger import read_ledger
from capexloop.ledger.assemble import assemble, write_split
from capexloop.ledger.provenance import accession_year, source_problems

STAGING = Path(__file__).resolve().parents[1] / "data" / "staging"


def build():
    return assemble([STAGING / "a_deals.yaml", STAGING / "b_labs.yaml"], "toy")


def test_entities_merge_and_first_file_wins():
    asm = build()
    lab = next(e for e in asm.records["entities"] if e.id == "lab")
    assert lab.name == "A Lab"
    assert lab.aliases == ["Lab Inc", "TheLab"]
    assert lab.sources == ["https://example.org/lab", "https://example.org/lab2"]
    assert any("entity lab: name 'A Lab'" in line for line in asm.log)


def test_same_id_unites_sources_and_likely_duplicate_is_dropped():
    asm = build()
    ids = [d.id for d in asm.records["deals"]]
    assert ids == ["chips-lab-equity-2025-09", "lab-chips-purchase-2025-10"]
    loi = asm.records["deals"][0]
    assert loi.sources == ["https://example.org/loi", "https://example.org/loi-3"]
    assert any("lab-round-2025-09 (b_labs.yaml) dropped" in line for line in asm.log)


def test_observations_equal_merge_restated_filing_wins_others_become_a_range():
    led = build().ledger()
    rev = led.observation("chips", "revenue")
    assert rev.value.mid == 46743e6
    assert rev.sources == ["sec:0001045810-25-000209", "sec:0001045810-25-000230"]
    inv = led.observation("chips", "inventory")
    assert inv.value.mid == 14962e6           # the 2026 filing restates the 2025 one
    assert "restated: 15100" in inv.notes
    rr = led.observation("lab", "revenue_run_rate")
    assert (rr.value.low, rr.value.high) == (5.0e9, 5.5e9)
    assert "sources disagree" in rr.notes


def test_split_files_round_trip(tmp_path):
    led = build().ledger()
    paths = write_split(led, tmp_path, "a header\nsecond line")
    assert [p.name for p in paths] == ["entities.yaml", "deals.yaml", "observations.yaml"]
    assert paths[0].read_text().startswith("# a header\n# second line\n")
    back = read_ledger(paths, name="toy")
    assert back.deals == led.deals
    assert back.observations == led.observations
    assert back.entities == led.entities


def test_malformed_accession_is_refused():
    with pytest.raises(CapexloopError, match="malformed SEC source"):
        assemble([STAGING / "c_bad_source.yaml"], "bad")


def test_lenient_build_leaves_invalid_records_out(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("deals:\n  - {id: x, kind: gpu_rental, payer: chips, payee: lab, "
                   "sources: ['https://e.org']}\n", encoding="utf-8")
    with pytest.raises(CapexloopError, match="deal x"):
        assemble([STAGING / "a_deals.yaml", bad], "t")
    asm = assemble([STAGING / "a_deals.yaml", bad], "t", strict=False)
    assert "x" not in {d.id for d in asm.records["deals"]}
    assert any(line.startswith("INVALID deal x") for line in asm.log)


def test_provenance_forms():
    assert accession_year("sec:0001045810-25-000230") == 2025
    led = build().ledger()
    assert source_problems(led) == []
    bare = led.model_copy(update={"deals": [led.deals[0].model_copy(update={"sources": []})]})
    assert [str(p) for p in source_problems(bare)] == [
        "deal chips-lab-equity-2025-09: no source"]


def test_exact_filed_value_replaces_its_rounding(tmp_path):
    from capexloop.ledger.assemble import _digits, _rounding_of

    assert (_digits(33391e6), _digits(33.4e9), _digits(60.6e9)) == (5, 3, 3)
    assert _rounding_of(33.4e9, 33391e6) and _rounding_of(60608e6, 60.6e9)
    assert not _rounding_of(33.3e9, 33391e6) and not _rounding_of(15100e6, 14962e6)
    f1, f2 = tmp_path / "a.yaml", tmp_path / "b.yaml"
    row = ("observations:\n  - {{entity: chips, metric: receivables_net, date: 2025-10-26, "
           "value: {v}, unit: USD, sources: [sec:0001045810-25-000230]}}\n")
    f1.write_text(row.format(v="33.4e9"), encoding="utf-8")
    f2.write_text(row.format(v="33391.0e6"), encoding="utf-8")
    asm = assemble([STAGING / "a_deals.yaml", f1, f2], "t")
    assert asm.ledger().observation("chips", "receivables_net").value.mid == 33391e6
    assert "rounded 33.4e9 replaced by the exact filed 33391.0e6" in asm.summary()
    # a value worked out from two filings (FY less nine months) is said to be derived
    f2.write_text(row.format(v="33391.0e6").replace("USD,", "USD, basis: derived,"),
                  encoding="utf-8")
    asm = assemble([STAGING / "a_deals.yaml", f1, f2], "t")
    assert "rounded 33.4e9 replaced by the derived 33391.0e6" in asm.summary()


def test_filed_value_wins_over_an_unfiled_one(tmp_path):
    """A filed number beside a differing one from a page citing no filing: the filed one is kept
    in either file order (no range), and the log names what it replaced."""
    head = "observations:\n  - {entity: chips, metric: capex, date: '2024-07-01..2024-09-30', "
    filed = tmp_path / "filed.yaml"
    filed.write_text(head + "value: 22620e6, unit: USD, "
                     "sources: ['sec:0001018724-24-000161']}\n", encoding="utf-8")
    quoted = tmp_path / "quoted.yaml"
    quoted.write_text(head + "value: 21.3e9, unit: USD, "
                      "sources: ['https://example.org/net-capex']}\n", encoding="utf-8")
    for order in ([filed, quoted], [quoted, filed]):
        asm = assemble([STAGING / "a_deals.yaml", *order], "t")
        (obs,) = [o for o in asm.records["observations"] if o.metric == "capex"]
        assert obs.value.low == obs.value.high == 22620e6
        assert obs.sources == ["sec:0001018724-24-000161"]
        assert any("the filed 22620e6 replaces the unfiled quote 21.3e9" in line for line in asm.log)
