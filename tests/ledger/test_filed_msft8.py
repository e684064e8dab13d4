"""Microsoft values in ai-public checked against the numbers printed on its filings.

Fiscal years end June 30. Each sample value is the number printed on the filing page named in
its comment (USD millions as filed). Records of fiscal 2023 or later without an SEC accession are
listed by name, each with the reason, and the list must match exactly.
"""
from __future__ import annotations

import datetime as dt

import pytest

from capexloop.ledger import load_dataset
from capexloop.ledger.provenance import uncited_filings

K25 = "sec:0000950170-25-100235"   # 10-K fiscal 2025
Q326 = "sec:0001193125-26-191507"  # 10-Q quarter ended 2026-03-31
K26 = "sec:0001193125-26-323660"   # 10-K fiscal 2026
Q224 = "sec:0000950170-24-008814"  # 10-Q quarter ended 2023-12-31
Q2 = "sec:0001193125-26-027207"    # 10-Q quarter ended 2025-12-31
K8 = "sec:0000950170-24-008809"    # 8-K 2024-01-30, Q2 FY2024 earnings release (ex. 99.1)
Q123 = "sec:0001564590-22-035087"  # 10-Q quarter ended 2022-09-30

# Pages read (accession in each URL):
# EPn = https://samay58.github.io/edgarpack/0000789019/0000950170-25-100235/sections/
#       10k_partii_item8_financial_statements_n.md (10-K FY2025 Item 8, page by page)
# R39 = https://beatandraise.com/api/document/0000789019/0001193125-26-191507/R39.htm
# R47 = https://www.sec.gov/Archives/edgar/data/789019/000095017024008814/R47.htm
# IRSEG = http://www.eu.microsoft.com/en-us/Investor/earnings/FY-2024-Q2/segment-revenues (IR copy
#        of the release filed as exhibit 99.1 of 8-K 0000950170-24-008809; accession on the sec.gov
#        submission text .../000095017024008809/0000950170-24-008809.txt)
# R39Q1 = https://beatandraise.com/api/document/0000789019/0001564590-22-035087/R39.htm
# TRIM = https://github.com/shaylazheng/markets-platform-public, file
#        packages/core/lib/fixtures/instances/msft-20260630.trim.xml (verbatim trim of the
#        FY2026 10-K XBRL instance msft-20260630_htm.xml, accession named in it)
SAMPLES = [
    # 10-K FY2025, cash flows statements, net cash from operations, year ended June 30, 2025:
    # 136,162 (page EP3)
    ("operating_cash_flow", "2024-07-01..2025-06-30", 136162, K25),
    # same page, comparative column for fiscal 2024: 118,548
    ("operating_cash_flow", "2023-07-01..2024-06-30", 118548, K25),
    # same page, comparative column for fiscal 2023: 87,582
    ("operating_cash_flow", "2022-07-01..2023-06-30", 87582, K25),
    # 10-K FY2025, equity statements, total stockholders' equity 343,479 / 268,477 / 206,223
    # (page EP4)
    ("equity", "2025-06-30", 343479, K25),
    ("equity", "2024-06-30", 268477, K25),
    ("equity", "2023-06-30", 206223, K25),
    # 10-Q Q3 FY2026, R39 segment table (page R39), 3 months ended March 31, 2026:
    # revenue 35,013 + 34,681 + 13,192 = 82,886
    ("revenue", "2026-01-01..2026-03-31", 82886, Q326),
    # same table, operating income 20,973 + 13,753 + (13,192 - 5,511 - 4,009) = 38,398
    ("operating_income", "2026-01-01..2026-03-31", 38398, Q326),
    # same table, comparative quarter ended March 31, 2025: revenue 29,944 + 26,751 + 13,371 = 70,066
    ("revenue", "2025-01-01..2025-03-31", 70066, Q326),
    # same table: operating income 17,379 + 11,095 + (13,371 - 6,095 - 3,750) = 32,000
    ("operating_income", "2025-01-01..2025-03-31", 32000, Q326),
    # derived: FY2025 total revenue 281,724 (10-K FY2025 segment table, page EP34)
    # minus nine months to March 31, 2025, 87,698 + 76,387 + 41,198 = 205,283 (R39 above) = 76,441
    ("revenue", "2025-04-01..2025-06-30", 76441, K25),
    # 10-K FY2026 XBRL instance (page TRIM): RevenueFromContractWithCustomerExcludingAssessedTax,
    # 2025-07-01..2026-06-30, no segment: 331839000000
    ("revenue", "2025-07-01..2026-06-30", 331839, K26),
    # same page: OperatingIncomeLoss 2025-07-01..2026-06-30, no segment: 155237000000
    ("operating_income", "2025-07-01..2026-06-30", 155237, K26),
    # derived: 331,839 (page TRIM) - nine months to March 31, 2026, 102,149 + 98,485 + 41,198 (R39)
    ("revenue", "2026-04-01..2026-06-30", 90007, K26),
    # 10-Q Q2 FY2024, page R47 Investment Components (Detail): 17,305 + 63,712 at Dec. 31, 2023
    ("cash_and_securities", "2023-12-31", 81017, Q224),
    # 10-K FY2025 segment table (page EP34), Total operating income, fiscal 2023: 88,523
    ("operating_income", "2022-07-01..2023-06-30", 88523, K25),
    # 10-K FY2025 lease note (page EP28), June 30, 2025: 5,424 + 17,437 + 3,172 + 43,000
    ("lease_liabilities", "2025-06-30", 69033, K25),
    # same page, June 30, 2024: 3,580 + 15,497 + 2,349 + 24,796
    ("lease_liabilities", "2024-06-30", 46222, K25),
    # 10-Q Q2 FY2026, page R20 (sec.gov .../000119312526027207/R20.htm): commercial RPO $625 billion
    ("rpo", "2025-12-31", 625000, Q2),
    # 10-K FY2025 cash flows statements (page EP3): net income fiscal 2025 101,832
    ("net_income", "2024-07-01..2025-06-30", 101832, K25),
    # Q2 FY2024 release (page IRSEG), segment revenue and operating income, three months ended
    # December 31, 2023: Total revenue 62,020, Total operating income 27,032
    ("revenue", "2023-10-01..2023-12-31", 62020, K8),
    ("operating_income", "2023-10-01..2023-12-31", 27032, K8),
    # same table, comparative quarter ended December 31, 2022: revenue 52,747, operating income
    # 20,399 (20,551 was stored before, from an aggregator; 21,518 + 20,399 + 22,352 + 24,254 =
    # 88,523, the filed fiscal-2023 total)
    ("revenue", "2022-10-01..2022-12-31", 52747, K8),
    ("operating_income", "2022-10-01..2022-12-31", 20399, K8),
    # 10-Q Q1 FY2023 segment table (page R39Q1), three months ended September 30, 2022:
    # revenue 16,465 + 20,325 + 13,332 = 50,122; operating income 8,323 + 8,978 + 4,217 = 21,518
    ("revenue", "2022-07-01..2022-09-30", 50122, Q123),
    ("operating_income", "2022-07-01..2022-09-30", 21518, Q123),
]

NO_PAGE = ("no page of a Microsoft filing showing this line was found in the offline search index "
           "within the look-up budget; the value comes from aggregator transcriptions")

UNCITED = {
("capex", "2022-07-01..2023-06-30"): NO_PAGE,
    ("capex", "2023-07-01..2024-06-30"): NO_PAGE,
    ("capex", "2025-07-01..2025-09-30"): NO_PAGE,
    ("cash_and_securities", "2022-09-30"): NO_PAGE,
    ("cash_and_securities", "2022-12-31"): NO_PAGE,
    ("cash_and_securities", "2023-03-31"): NO_PAGE,
    ("cash_and_securities", "2023-09-30"): NO_PAGE,
    ("cash_and_securities", "2024-03-31"): NO_PAGE,
    ("cash_and_securities", "2024-06-30"): NO_PAGE,
    ("cash_and_securities", "2024-09-30"): NO_PAGE,
    ("cash_and_securities", "2024-12-31"): NO_PAGE,
    ("cash_and_securities", "2025-03-31"): NO_PAGE,
    ("cash_and_securities", "2025-06-30"): NO_PAGE,
    ("cash_and_securities", "2025-09-30"): NO_PAGE,
    ("cash_and_securities", "2025-12-31"): NO_PAGE,
    ("inventory", "2022-09-30"): NO_PAGE,
    ("inventory", "2022-12-31"): NO_PAGE,
    ("inventory", "2023-03-31"): NO_PAGE,
    ("inventory", "2023-06-30"): NO_PAGE,
    ("inventory", "2023-09-30"): NO_PAGE,
    ("inventory", "2023-12-31"): NO_PAGE,
    ("inventory", "2024-03-31"): NO_PAGE,
    ("inventory", "2024-06-30"): NO_PAGE,
    ("inventory", "2024-09-30"): NO_PAGE,
    ("inventory", "2024-12-31"): NO_PAGE,
    ("inventory", "2025-03-31"): NO_PAGE,
    ("inventory", "2025-06-30"): NO_PAGE,
    ("inventory", "2025-09-30"): NO_PAGE,
    ("inventory", "2025-12-31"): NO_PAGE,
    ("net_income", "2025-07-01..2025-09-30"): NO_PAGE,
    ("operating_cash_flow", "2025-07-01..2025-09-30"): NO_PAGE,
    ("operating_income", "2023-01-01..2023-03-31"): NO_PAGE,
    ("operating_income", "2023-04-01..2023-06-30"): NO_PAGE,
    ("operating_income", "2023-07-01..2023-09-30"): NO_PAGE,
    ("operating_income", "2024-01-01..2024-03-31"): NO_PAGE,
    ("operating_income", "2024-04-01..2024-06-30"): NO_PAGE,
    ("operating_income", "2024-07-01..2024-09-30"): NO_PAGE,
    ("operating_income", "2024-10-01..2024-12-31"): NO_PAGE,
    ("operating_income", "2025-04-01..2025-06-30"): NO_PAGE,
    ("operating_income", "2025-07-01..2025-09-30"): NO_PAGE,
    ("receivables_net", "2022-09-30"): NO_PAGE,
    ("receivables_net", "2022-12-31"): NO_PAGE,
    ("receivables_net", "2023-03-31"): NO_PAGE,
    ("receivables_net", "2023-06-30"): NO_PAGE,
    ("receivables_net", "2023-09-30"): NO_PAGE,
    ("receivables_net", "2023-12-31"): NO_PAGE,
    ("receivables_net", "2024-03-31"): NO_PAGE,
    ("receivables_net", "2024-06-30"): NO_PAGE,
    ("receivables_net", "2024-09-30"): NO_PAGE,
    ("receivables_net", "2024-12-31"): NO_PAGE,
    ("receivables_net", "2025-03-31"): NO_PAGE,
    ("receivables_net", "2025-06-30"): NO_PAGE,
    ("receivables_net", "2025-09-30"): NO_PAGE,
    ("receivables_net", "2025-12-31"): NO_PAGE,
    ("revenue", "2023-01-01..2023-03-31"): NO_PAGE,
    ("revenue", "2023-04-01..2023-06-30"): NO_PAGE,
    ("revenue", "2023-07-01..2023-09-30"): NO_PAGE,
    ("revenue", "2024-01-01..2024-03-31"): NO_PAGE,
    ("revenue", "2024-04-01..2024-06-30"): NO_PAGE,
    ("revenue", "2024-07-01..2024-09-30"): NO_PAGE,
    ("revenue", "2024-10-01..2024-12-31"): NO_PAGE,
    ("revenue", "2025-07-01..2025-09-30"): NO_PAGE,
    ("rpo", "2025-09-30"): NO_PAGE,
    ("total_debt", "2023-06-30"): NO_PAGE,
    ("total_debt", "2024-06-30"): NO_PAGE,
    ("total_debt", "2025-06-30"): NO_PAGE,
    ("total_debt", "2025-12-31"): NO_PAGE,
}


@pytest.fixture(scope="module")
def msft():
    led = load_dataset("ai-public")
    return {(o.metric, str(o.date)): o for o in led.observations if o.entity == "microsoft"}


@pytest.mark.parametrize(("metric", "date", "musd", "accession"), SAMPLES)
def test_value_is_the_filed_number(msft, metric, date, musd, accession):
    o = msft[(metric, date)]
    assert o.value.low == o.value.high == musd * 1e6
    assert o.unit == "USD"
    assert o.sources[0] == accession or accession in o.sources


def test_every_fiscal_2023_or_later_record_cites_a_filing_or_is_a_named_gap():
    """Fiscal 2023 began 2022-07-01."""
    led = load_dataset("ai-public")
    uncited = {(m, p) for _, m, p in uncited_filings(led, {"microsoft": dt.date(2022, 7, 1)})}
    assert uncited == set(UNCITED)
    assert all(UNCITED.values())
