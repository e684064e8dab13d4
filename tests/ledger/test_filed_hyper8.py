"""Meta, Amazon and Alphabet (``google``) in ``ai-public``: stored values equal the numbers printed
on the filing pages they cite, and every record of fiscal 2023 or later cites its filing.

Each sample value is written as printed on the page ($ millions) with the accession and the page in
a comment; the stored value must equal it times 1e6 and cite that accession.
"""

from __future__ import annotations

import pytest

from capexloop.ledger.provenance import uncited_filings

COMPANIES = ("meta", "amazon", "google")
CF = "https://d18rn0p25nwr6d.cloudfront.net/"

# (entity, metric, date, value as printed in $M, accession)
SAMPLES = {
    "meta": [
        # 0001326801-23-000103, 10-Q Q3 2023 financial report, CIK-0001326801/29804645-...html:
        # balance sheet, cash and cash equivalents 36,890 + marketable securities 24,233
        ("cash_and_securities", "2023-09-30", 36890 + 24233, "0001326801-23-000103"),
        ("receivables_net", "2023-09-30", 12944, "0001326801-23-000103"),
        # 0001326801-24-000081, 10-Q Q3 2024 financial report, CIK-0001326801/162aa053-...html
        ("cash_and_securities", "2024-09-30", 43852 + 27048, "0001326801-24-000081"),
        ("cash_and_securities", "2023-12-31", 41862 + 23541, "0001326801-24-000081"),
        ("receivables_net", "2023-12-31", 16169, "0001326801-24-000081"),
        ("net_income", "2024-07-01..2024-09-30", 15688, "0001326801-24-000081"),
        ("net_income", "2023-07-01..2023-09-30", 11583, "0001326801-24-000081"),
        ("revenue", "2023-07-01..2023-09-30", 34146, "0001326801-24-000081"),
        # 0001628280-25-047240, 10-Q Q3 2025 financial report, CIK-0001326801/81440fec-...html
        ("cash_and_securities", "2025-09-30", 10187 + 34261, "0001628280-25-047240"),
        ("receivables_net", "2024-12-31", 16994, "0001628280-25-047240"),
        # 0001326801-25-000014, Q4/FY2024 release (8-K ex. 99.1), menafn.com copy
        ("net_income", "2023-10-01..2023-12-31", 14017, "0001326801-25-000014"),
        ("operating_income", "2023-01-01..2023-12-31", 46751, "0001326801-25-000014"),
        # 0001326801-24-000065, Q2 2024 release (8-K ex. 99.1), prnewswire.com copy: the filed
        # Q2 2023 comparative is 7,788 (7,789 was stored before, from an aggregator)
        ("net_income", "2023-04-01..2023-06-30", 7788, "0001326801-24-000065"),
        # 0001326801-23-000067, 10-Q Q1 2023 financial report, CIK-0001326801/8ec0541a-...html
        ("receivables_net", "2023-03-31", 11044, "0001326801-23-000067"),
        # 0001326801-25-000054, 10-Q Q1 2025 financial report, CIK-0001326801/c33bc076-...html
        ("cash_and_securities", "2025-03-31", 28750 + 41480, "0001326801-25-000054"),
        # 0001326801-25-000050, Q1 2025 release (8-K ex. 99.1), openfilings.com copy
        ("net_income", "2024-01-01..2024-03-31", 12369, "0001326801-25-000050"),
        ("revenue", "2025-01-01..2025-03-31", 42314, "0001326801-25-000050"),
        # 0001326801-24-000044, Q1 2024 release (8-K ex. 99.1), scribd.com copy: Q1 2023 comparative
        ("net_income", "2023-01-01..2023-03-31", 5709, "0001326801-24-000044"),
        # 0001628280-25-036719, Q2 2025 release (8-K ex. 99.1), modeledge.ai proxy of the document
        ("operating_income", "2025-04-01..2025-06-30", 20441, "0001628280-25-036719"),
    ],
    "amazon": [
        # 0001018724-24-000161, 10-Q Q3 2024 financial report, CIK-0001018724/03ade3d0-...html:
        # statements of cash flows, 3 months ended Sep. 30, 2024 and 2023
        ("net_income", "2024-07-01..2024-09-30", 15328, "0001018724-24-000161"),
        ("operating_cash_flow", "2024-07-01..2024-09-30", 25971, "0001018724-24-000161"),
        # purchases of property and equipment (22,620) -- gross; 21.3B net was stored before
        ("capex", "2024-07-01..2024-09-30", 22620, "0001018724-24-000161"),
        ("capex", "2023-07-01..2023-09-30", 12479, "0001018724-24-000161"),
        ("capex", "2024-01-01..2024-09-30", 55165, "0001018724-24-000161"),
        # 0001018724-25-000086, 10-Q Q2 2025 financial report, CIK-0001018724/7405206c-...html
        ("operating_cash_flow", "2025-04-01..2025-06-30", 32515, "0001018724-25-000086"),
        ("capex", "2025-04-01..2025-06-30", 32183, "0001018724-25-000086"),
        ("capex", "2025-01-01..2025-06-30", 57202, "0001018724-25-000086"),
        # 0001018724-25-000123, 10-Q Q3 2025 financial report, CIK-0001018724/5d3cb79b-...html
        ("net_income", "2025-07-01..2025-09-30", 21187, "0001018724-25-000123"),
        # 0001018724-23-000018, 10-Q Q3 2023, sec.gov R3.htm (statements of operations)
        ("revenue", "2023-07-01..2023-09-30", 143083, "0001018724-23-000018"),
        # 0001018724-24-000083, 10-Q Q1 2024, sec.gov R53.htm (segment reconciliation, consolidated)
        ("revenue", "2024-01-01..2024-03-31", 143313, "0001018724-24-000083"),
        ("operating_income", "2023-01-01..2023-03-31", 4774, "0001018724-24-000083"),
        # 0001018724-26-000014, 10-Q Q1 2026, R23.htm: total beginning stockholders' equity
        ("equity", "2024-12-31", 285970, "0001018724-26-000014"),
        ("equity", "2025-12-31", 411065, "0001018724-26-000014"),
        # 0001018724-26-000004, 10-K FY2025 XBRL instance (amzn-20251231_htm.xml), verbatim trimmed
        # copy github.com/shaylazheng/markets-platform-public .../amzn-20251231.trim.xml:
        # RevenueFromContractWithCustomerExcludingAssessedTax, OperatingIncomeLoss, NetIncomeLoss
        ("revenue", "2025-01-01..2025-12-31", 716924, "0001018724-26-000004"),
        ("revenue", "2024-01-01..2024-12-31", 637959, "0001018724-26-000004"),
        ("revenue", "2023-01-01..2023-12-31", 574785, "0001018724-26-000004"),
        ("operating_income", "2025-01-01..2025-12-31", 79975, "0001018724-26-000004"),
        ("operating_income", "2024-01-01..2024-12-31", 68593, "0001018724-26-000004"),
        ("operating_income", "2023-01-01..2023-12-31", 36852, "0001018724-26-000004"),
        ("net_income", "2025-01-01..2025-12-31", 77670, "0001018724-26-000004"),
        ("net_income", "2024-01-01..2024-12-31", 59248, "0001018724-26-000004"),
        ("net_income", "2023-01-01..2023-12-31", 30425, "0001018724-26-000004"),
        # derived Q4: FY net income minus nine months (10-Q Q3 2025 cash flows, 9 months columns
        # 56,478 and 39,244): 77,670 - 56,478 = 21,192; 59,248 - 39,244 = 20,004
        ("net_income", "2025-10-01..2025-12-31", 77670 - 56478, "0001018724-26-000004"),
        ("net_income", "2024-10-01..2024-12-31", 59248 - 39244, "0001018724-26-000004"),
    ],
    "google": [
        # 0001652044-26-000018, 10-K FY2025, sec.gov R80.htm (earnings per share details): net income
        ("net_income", "2025-01-01..2025-12-31", 132170, "0001652044-26-000018"),
        ("net_income", "2024-01-01..2024-12-31", 100118, "0001652044-26-000018"),
        ("net_income", "2023-01-01..2023-12-31", 73795, "0001652044-26-000018"),
        # same 10-K, sec.gov R58.htm (effect of derivative instruments on income): Revenue
        ("revenue", "2025-01-01..2025-12-31", 402836, "0001652044-26-000018"),
        ("revenue", "2024-01-01..2024-12-31", 350018, "0001652044-26-000018"),
        ("revenue", "2023-01-01..2023-12-31", 307394, "0001652044-26-000018"),
        # same 10-K, beatandraise.com mirror of R33.htm (financial instruments tables), Dec. 31, 2024:
        # total cash and cash equivalents 23,466 + total marketable securities 72,191 = 95,657
        ("cash_and_securities", "2024-12-31", 95657, "0001652044-26-000018"),
        # 0001652044-26-000048, 10-Q Q1 2026, beatandraise.com mirror of R28.htm, Dec. 31, 2025:
        # 30,708 + 96,135 = printed total 126,843
        ("cash_and_securities", "2025-12-31", 30708 + 96135, "0001652044-26-000048"),
        # 0001652044-26-000018, 10-K FY2025, beatandraise.com mirror of R42.htm (segment information):
        # Total income from operations
        ("operating_income", "2025-01-01..2025-12-31", 129039, "0001652044-26-000018"),
        ("operating_income", "2024-01-01..2024-12-31", 112390, "0001652044-26-000018"),
        ("operating_income", "2023-01-01..2023-12-31", 84293, "0001652044-26-000018"),
        # 0001652044-26-000048, 10-Q Q1 2026, beatandraise.com mirror of R21.htm (net income per
        # share), consolidated net income, three months ended March 31, 2026 and 2025
        ("net_income", "2026-01-01..2026-03-31", 62578, "0001652044-26-000048"),
        ("net_income", "2025-01-01..2025-03-31", 34540, "0001652044-26-000048"),
        # 0001652044-25-000091, 10-Q Q3 2025, sec.gov R34.htm (net income per share tables),
        # consolidated net income, three months ended Sep. 30, 2025 (35,000 rounded was stored) and 2024
        ("net_income", "2025-07-01..2025-09-30", 34979, "0001652044-25-000091"),
        ("net_income", "2024-07-01..2024-09-30", 26301, "0001652044-25-000091"),
    ],
}

# Records of fiscal 2023 or later that still cite no filing, and why (must match exactly).
NO_FILING_PAGE = "no filing page for this period's figure was found in the stored pages"
UNCITED = {
    ("amazon", "capex", "2025-07-01..2025-09-30"): NO_FILING_PAGE,
    ("amazon", "cash_and_securities", "2025-09-30"): NO_FILING_PAGE,
    ("amazon", "equity", "2023-12-31"): NO_FILING_PAGE,
    ("amazon", "lease_liabilities", "2023-12-31"): NO_FILING_PAGE,
    ("amazon", "lease_liabilities", "2024-12-31"): NO_FILING_PAGE,
    ("amazon", "operating_cash_flow", "2025-07-01..2025-09-30"): NO_FILING_PAGE,
    ("amazon", "operating_income", "2024-07-01..2024-09-30"): NO_FILING_PAGE,
    ("amazon", "operating_income", "2025-07-01..2025-09-30"): NO_FILING_PAGE,
    ("amazon", "revenue", "2024-07-01..2024-09-30"): NO_FILING_PAGE,
    ("amazon", "revenue", "2025-07-01..2025-09-30"): NO_FILING_PAGE,
    ("amazon", "total_debt", "2023-12-31"): NO_FILING_PAGE,
    ("google", "capex", "2024-01-01..2024-12-31"): NO_FILING_PAGE,
    ("google", "equity", "2023-12-31"): NO_FILING_PAGE,
    ("google", "equity", "2024-12-31"): NO_FILING_PAGE,
    ("google", "operating_cash_flow", "2024-01-01..2024-12-31"): NO_FILING_PAGE,
    ("google", "operating_income", "2025-07-01..2025-09-30"): NO_FILING_PAGE,
    ("google", "revenue", "2024-07-01..2024-09-30"): NO_FILING_PAGE,
    ("google", "rpo", "2025-09-30"): NO_FILING_PAGE,
    ("meta", "capex", "2023-01-01..2023-12-31"): NO_FILING_PAGE,
    ("meta", "capex", "2024-01-01..2024-12-31"): NO_FILING_PAGE,
    ("meta", "cash_and_securities", "2023-06-30"): NO_FILING_PAGE,
    ("meta", "cash_and_securities", "2024-03-31"): NO_FILING_PAGE,
    ("meta", "cash_and_securities", "2024-06-30"): NO_FILING_PAGE,
    ("meta", "cash_and_securities", "2025-06-30"): NO_FILING_PAGE,
    ("meta", "equity", "2023-12-31"): NO_FILING_PAGE,
    ("meta", "equity", "2024-12-31"): NO_FILING_PAGE,
    ("meta", "operating_cash_flow", "2023-01-01..2023-12-31"): NO_FILING_PAGE,
    ("meta", "operating_cash_flow", "2024-01-01..2024-12-31"): NO_FILING_PAGE,
    ("meta", "receivables_net", "2023-06-30"): NO_FILING_PAGE,
    ("meta", "receivables_net", "2024-03-31"): NO_FILING_PAGE,
    ("meta", "receivables_net", "2024-06-30"): NO_FILING_PAGE,
    ("meta", "receivables_net", "2025-06-30"): NO_FILING_PAGE,
    ("meta", "total_debt", "2023-12-31"): NO_FILING_PAGE,
}


@pytest.mark.parametrize("entity", COMPANIES)
def test_sample_equals_the_filed_page(led, entity, stored):
    sample = SAMPLES[entity]
    assert len(sample) >= 8
    for metric, date, printed, accession in sample:
        o = stored(entity, metric, date)
        assert o.value.low == o.value.high == printed * 1e6, (entity, metric, date)
        assert o.sources[0] == f"sec:{accession}", (entity, metric, date)
        assert len(o.sources) >= 2 and o.sources[1].startswith("http")


def test_every_record_from_fiscal_2023_cites_its_filing(led):
    """All three have calendar fiscal years, so fiscal 2023 starts 2023-01-01."""
    assert set(uncited_filings(led, COMPANIES)) == set(UNCITED)
    assert all(UNCITED.values())
