"""CoreWeave and Nebius in ``ai-public``: stored values against the numbers printed in the
filings, and which records still cite no SEC filing (and why).

CoreWeave's pages read (values in $ thousands as printed, stored in USD):

* Form 10-Q for the quarter ended 2025-03-31, accession 0001769628-25-000014 (filed
  2025-05-15), text of the filing as copied at
  github.com/lukepuplett/investment-analysis/blob/751ab23.../crwv/quarterly/2025_Q1_form_10Q.txt
  (balance sheet with the December 31, 2024 column, statements of operations and cash flows,
  note 2 Revenue);
* Q2 2025 earnings release, 8-K accession 0001769628-25-000039 (coreweave2q25earningspress.htm),
  highlights table in the Business Wire copy (fox28spokane.marketminute.com);
* SEC R page R44.htm of CoreWeave's XBRL filing 0001140361-25-032095 (six months to
  2025-06-30): net loss for the three and six months ended June 30, 2025 and 2024;
* Q3 2025 earnings release, 8-K accession 0001769628-25-000059 (coreweave3q25earningspress.htm),
  statements in the investor-site copy at
  github.com/lukepuplett/investment-analysis/blob/72cded4.../crwv/quarterly/2025_Q3_press_release.txt.

No Nebius value could be checked against a filing: the 6-K exhibits and 20-F pages reachable
offline show only their cover or narrative opening, so no Nebius sample is asserted here and
every Nebius record is on the list of records without an accession.
"""

from __future__ import annotations

import pytest

from capexloop.ledger.provenance import uncited_filings

K = 1_000   # the filings print $ thousands


# (metric, date, value as printed in $ thousands, accession): the page in the comment
COREWEAVE = [
    # 10-Q Q1 2025 (0001769628-25-000014), balance sheet, December 31, 2024 column
    ("cash_and_securities", "2024-12-31", 1_361_083, "0001769628-25-000014"),
    ("receivables_net", "2024-12-31", 416_526, "0001769628-25-000014"),
    ("equity", "2024-12-31", -413_598, "0001769628-25-000014"),
    # 10-Q Q1 2025, statement of operations, three months ended March 31, 2025 and 2024
    ("revenue", "2025-01-01..2025-03-31", 981_632, "0001769628-25-000014"),
    ("revenue", "2024-01-01..2024-03-31", 188_684, "0001769628-25-000014"),
    ("net_income", "2025-01-01..2025-03-31", -314_641, "0001769628-25-000014"),
    ("operating_income", "2025-01-01..2025-03-31", -27_470, "0001769628-25-000014"),
    # 10-Q Q1 2025, cash flows: net cash from operations; purchase of property and equipment
    ("operating_cash_flow", "2025-01-01..2025-03-31", 61_168, "0001769628-25-000014"),
    ("capex", "2025-01-01..2025-03-31", 1_407_359, "0001769628-25-000014"),
    # 10-Q Q1 2025, balance sheet, March 31, 2025
    ("receivables_net", "2025-03-31", 1_055_208, "0001769628-25-000014"),
    ("equity", "2025-03-31", 1_906_123, "0001769628-25-000014"),
    # Q2 2025 release (0001769628-25-000039), Second Quarter 2025 Financial Highlights
    ("revenue", "2025-04-01..2025-06-30", 1_212_788, "0001769628-25-000039"),
    ("revenue", "2024-04-01..2024-06-30", 395_371, "0001769628-25-000039"),
    ("operating_income", "2025-04-01..2025-06-30", 19_209, "0001769628-25-000039"),
    ("net_income", "2025-04-01..2025-06-30", -290_509, "0001769628-25-000039"),
    # R44.htm of 0001140361-25-032095 (CoreWeave XBRL filing), net loss numerator table
    ("net_income", "2025-01-01..2025-06-30", -605_150, "0001140361-25-032095"),
    ("net_income", "2024-04-01..2024-06-30", -323_021, "0001140361-25-032095"),
    # Q3 2025 release (0001769628-25-000059), statement of operations, three months
    ("revenue", "2025-07-01..2025-09-30", 1_364_676, "0001769628-25-000059"),
    ("net_income", "2024-07-01..2024-09-30", -359_807, "0001769628-25-000059"),
    # Q3 2025 release, cash flows: three months and nine months (year to date) to Sep 30
    ("operating_cash_flow", "2025-07-01..2025-09-30", 1_689_134, "0001769628-25-000059"),
    ("operating_cash_flow", "2025-01-01..2025-09-30", 1_499_051, "0001769628-25-000059"),
    ("capex", "2025-01-01..2025-09-30", 6_249_239, "0001769628-25-000059"),
    # Q3 2025 release, balance sheet, September 30, 2025
    ("receivables_net", "2025-09-30", 1_659_229, "0001769628-25-000059"),
    ("equity", "2025-09-30", 3_878_014, "0001769628-25-000059"),
]

# 10-Q for the quarter ended 2026-06-30, accession 0001769628-26-000366 (filed 2026-08-12): the
# filing's inline XBRL document as kept in a public repository's test fixtures
# (github.com/Paikchu/Spontra/blob/b4d944a.../tests/pipeline/fixtures/crwv-2026-06-30-sec-income.html,
# paired there with .../000176962826000366/crwv-20260630.htm). From 2026 CoreWeave prints $ millions.
COREWEAVE_MILLIONS = [
    # statements of operations: three and six months ended June 30, 2026
    ("revenue", "2026-04-01..2026-06-30", 2_575),
    ("operating_income", "2026-04-01..2026-06-30", -49),
    ("net_income", "2026-04-01..2026-06-30", -626),
    ("revenue", "2026-01-01..2026-06-30", 4_653),
    ("net_income", "2026-01-01..2026-06-30", -1_366),
    # Q1 2026 derived: six months less three months
    ("revenue", "2026-01-01..2026-03-31", 4_653 - 2_575),
    ("net_income", "2026-01-01..2026-03-31", -1_366 + 626),
    # balance sheet, June 30, 2026 and the December 31, 2025 comparative column
    ("cash_and_securities", "2026-06-30", 5_524 + 15),
    ("equity", "2026-06-30", 5_024),
    ("total_debt", "2026-06-30", 6_235 + 1_278 + 25_170 + 2_385),
    ("lease_liabilities", "2026-06-30", 584 + 7 + 15_735 + 214),
    ("cash_and_securities", "2025-12-31", 3_127 + 34),
    ("receivables_net", "2025-12-31", 3_169),
    ("equity", "2025-12-31", 3_335),
    ("total_debt", "2025-12-31", 6_118 + 590 + 14_608 + 57),
    ("lease_liabilities", "2025-12-31", 427 + 38 + 7_768 + 216),
]

# Read on that 10-Q but not stored, with the reason.
WITHHELD = {
    ("coreweave", "receivables_net", "2026-06-30"):
        "accounts receivable, net $2,541M: storing it moves the early-warning quarter to Q2 2026, "
        "where Q4 2025 revenue (FY2025 10-K), receivables at 2025-06-30 and the Q2 2026 "
        "concentration note are not in the ledger, so five lights would turn grey",
}


@pytest.mark.parametrize(("metric", "date", "printed", "accession"), COREWEAVE)
def test_coreweave_value_is_the_filed_number(metric, date, printed, accession, filed, stored):
    assert filed("coreweave", metric, date) == printed * K
    assert f"sec:{accession}" in stored("coreweave", metric, date).sources


@pytest.mark.parametrize(("metric", "date", "printed"), COREWEAVE_MILLIONS)
def test_coreweave_2026_10q_values(metric, date, printed, filed, stored):
    assert filed("coreweave", metric, date) == printed * 1e6
    assert "sec:0001769628-26-000366" in stored("coreweave", metric, date).sources


def test_coreweave_debt_quote_replaced_by_the_filed_lines(led):
    """Debt at 2025-12-31 was stored as an analyst page's rounded $21.4B; the Q2 2026 10-Q's
    December 31, 2025 column prints 6,118 + 590 + 14,608 + 57 = 21,373 ($M)."""
    o = led.observation("coreweave", "total_debt", "2025-12-31")
    assert o.value.mid == 21_373e6
    assert "Stored before: $21.4B" in o.notes


def test_withheld_values_are_not_stored(led):
    for entity, metric, date in WITHHELD:
        assert led.observation(entity, metric, date) is None
    assert all(WITHHELD.values())


def test_coreweave_sums_of_filed_lines(filed):
    """Totals that are sums of balance-sheet lines, each line as printed ($ thousands)."""
    # 10-Q Q1 2025: debt, current 3,776,595 + debt, non-current 4,935,071
    assert filed("coreweave", "total_debt", "2025-03-31") == (3_776_595 + 4_935_071) * K
    # operating lease liabilities current + non-current, finance lease current + non-current
    assert filed("coreweave", "lease_liabilities", "2025-03-31") == (
        239_549 + 2_867_838 + 59_010 + 18_814) * K == 3_185_211 * K
    assert filed("coreweave", "lease_liabilities", "2024-12-31") == (
        213_104 + 2_388_912 + 57_801 + 34_120) * K == 2_693_937 * K
    # Q3 2025 release: 3,712,177 + 10,322,757; leases 345,472 + 4,378,869 + 48,990 + 12
    assert filed("coreweave", "total_debt", "2025-09-30") == 14_034_934 * K
    assert filed("coreweave", "lease_liabilities", "2025-09-30") == (
        345_472 + 4_378_869 + 48_990 + 12) * K
    # cash and cash equivalents 1,894,399 + unrestricted marketable securities 47,449
    assert filed("coreweave", "cash_and_securities", "2025-09-30") == (
        1_894_399 + 47_449) * K


def test_coreweave_quotes_replaced_by_the_filed_numbers(filed):
    """The summaries' rounded quotes gave way to the 10-Q's lines (old -> new)."""
    assert filed("coreweave", "total_debt", "2025-03-31") == 8_711_666 * K   # was 8.8e9
    assert filed("coreweave", "revenue", "2025-01-01..2025-03-31") != 981.6e6
    assert filed("coreweave", "operating_cash_flow", "2025-01-01..2025-03-31") != 61.2e6


def test_coreweave_concentration_q1_2025(filed):
    """10-Q Q1 2025, note 2: Customer A 72% of Q1 2025 revenue; receivables at 2025-03-31
    Customer D 43% and Customer A 40%; Customer A 66% of receivables at 2024-12-31."""
    assert filed("coreweave", "customer_share_revenue_1", "2025-01-01..2025-03-31") == 0.72
    assert filed("coreweave", "customer_share_receivables_1", "2025-03-31") == 0.43
    assert filed("coreweave", "customer_share_receivables_2", "2025-03-31") == 0.40
    assert filed("coreweave", "customer_share_receivables_1", "2024-12-31") == 0.66


# Records of fiscal 2023 or later that still cite no SEC filing, with the reason.
_NO_PAGE = ("no page of the filing was reachable offline (only news or analyst summaries; second "
            "pass: the sec.gov 6-K exhibits 0001104659-25-109806 ex. 99.2 and 0001104659-25-110831 "
            "ex. 99.1, the 6-K copies on hstong, edgar-online, d5bp8bijhhba2 and stocktitan and the "
            "20-F on edgar-online show only covers or narrative openings)")
WITHOUT_ACCESSION = {
    ("coreweave", "capex", "2024-01-01..2024-12-31"):
        "FY2024 cash flows are in the 424B4/10-K, not read; aggregator transcription only "
        "(second pass: the FY cash-flow page of 0001140361-25-032095 is not in the index)",
    ("coreweave", "operating_cash_flow", "2024-01-01..2024-12-31"):
        "FY2024 cash flows are in the 424B4/10-K, not read; aggregator transcription only "
        "(second pass: the FY cash-flow page of 0001140361-25-032095 is not in the index)",
    ("coreweave", "customer_share_revenue_1", "2023-01-01..2023-12-31"):
        "S-1/424B4 concentration note not read; secondary summaries only (second pass: the FY "
        "detail pages of 0001140361-25-032095 on sec.gov are not in the index)",
    ("coreweave", "customer_share_revenue_1", "2024-01-01..2024-12-31"):
        "S-1/424B4 concentration note not read; secondary summaries only (second pass: the FY "
        "detail pages of 0001140361-25-032095 on sec.gov are not in the index)",
    ("coreweave", "customer_share_revenue_1", "2025-01-01..2025-12-31"):
        "FY2025 10-K (0001769628-26-000104) concentration note not read; analyst pages only",
    ("coreweave", "revenue", "2025-01-01..2025-12-31"):
        "FY2025 10-K and Q4 2025 release not reachable; analyst page, rounded",
    ("coreweave", "rpo", "2024-12-31"): "FY2025 10-K not reachable; analyst page, rounded",
    ("coreweave", "rpo", "2025-12-31"): "FY2025 10-K not reachable; analyst page, rounded",
    **{("nebius", m, d): _NO_PAGE for m, d in [
        ("capex", "2025-10-01..2025-12-31"),
        ("cash_and_securities", "2024-12-31"),
        ("cash_and_securities", "2025-12-31"),
        ("net_income", "2024-01-01..2024-12-31"),
        ("net_income", "2025-01-01..2025-12-31"),
        ("revenue", "2024-01-01..2024-12-31"),
        ("revenue", "2025-01-01..2025-12-31"),
        ("revenue", "2025-07-01..2025-09-30"),
        ("revenue", "2025-10-01..2025-12-31"),
        ("total_debt", "2025-12-31")]},
}


def test_every_coreweave_and_nebius_record_since_2023_cites_a_filing_or_is_listed(led):
    assert set(uncited_filings(led, ["coreweave", "nebius"])) == set(WITHOUT_ACCESSION)
    assert all(WITHOUT_ACCESSION.values())


def test_a_filed_value_replaces_a_differing_unfiled_quote(tmp_path):
    """The build keeps the filed number when a summary's quote differs by more than rounding
    (CoreWeave's debt at 2025-03-31: $8.8B quoted, $8,711,666K on the 10-Q balance sheet),
    whichever file comes first; two unfiled quotes still become a range."""
    from pathlib import Path

    from capexloop.ledger.assemble import assemble

    staging = Path(__file__).resolve().parents[1] / "data" / "staging"
    row = ("observations:\n  - {{entity: chips, metric: total_debt, date: 2025-03-31, "
           "value: {v}, unit: USD, sources: [{s}]}}\n")
    filed = row.format(v="8711666.0e3", s="sec:0001769628-25-000014")
    quote = row.format(v="8.8e9", s="https://tradepost.ai/x")
    f1, f2 = tmp_path / "a.yaml", tmp_path / "b.yaml"
    for first, second in ((filed, quote), (quote, filed)):
        f1.write_text(first, encoding="utf-8")
        f2.write_text(second, encoding="utf-8")
        asm = assemble([staging / "a_deals.yaml", f1, f2], "t")
        assert asm.ledger().observation("chips", "total_debt").value.mid == 8_711_666e3
        assert "the filed 8711666.0e3 replaces the unfiled quote 8.8e9" in asm.summary()
    f1.write_text(quote.replace("8.8e9", "8.6e9"), encoding="utf-8")
    f2.write_text(quote, encoding="utf-8")
    o = assemble([staging / "a_deals.yaml", f1, f2], "t").ledger().observation(
        "chips", "total_debt")
    assert (o.value.low, o.value.high) == (8.6e9, 8.8e9)
