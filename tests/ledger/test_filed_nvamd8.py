"""NVIDIA and AMD in ``ai-public``: stored values equal the numbers printed on the filing pages
they cite, and every record of fiscal 2023 or later carries a ``sec:`` source unless it is on the
named list below of values whose filing page was not found (with the reason)."""

from __future__ import annotations

import datetime as dt

import pytest

from capexloop.ledger.provenance import uncited_filings

M = 1e6                                   # the filings print $ in millions


# (metric, date, value as printed, accession) -- the page read is named in the comment above
# each group.
NVIDIA_FILED = [
    # 10-Q Q3 FY2026, accession 0001045810-25-000230 (sec.gov .../000104581025000230/R15.htm;
    # statements read on NVIDIA's XBRL viewer copy of the same 10-Q "filed on 11/19/2025",
    # d18rn0p25nwr6d.cloudfront.net/CIK-0001045810/8cd43068-...html): income statement,
    # three months ended Oct. 26, 2025 and Oct. 27, 2024
    ("revenue", "2025-07-28..2025-10-26", 57_006 * M, "0001045810-25-000230"),
    ("operating_income", "2025-07-28..2025-10-26", 36_010 * M, "0001045810-25-000230"),
    ("net_income", "2025-07-28..2025-10-26", 31_910 * M, "0001045810-25-000230"),
    # R15 Balance Sheet Components: "Four direct customers accounted for 22%, 17%, 14% and 12%
    # of our accounts receivable balance as of October 26, 2025"; inventory provisions of
    # $378 million for the third quarter of fiscal year 2026
    ("customer_share_receivables_1", "2025-10-26", 0.22, "0001045810-25-000230"),
    ("customer_share_receivables_4", "2025-10-26", 0.12, "0001045810-25-000230"),
    ("inventory_provision", "2025-07-28..2025-10-26", 378 * M, "0001045810-25-000230"),
    # 10-Q Q2 FY2026, accession 0001045810-25-000209 (sec.gov .../000104581025000209/R15.htm;
    # income statement on the XBRL viewer copy "filed on 8/27/2025"): three months ended
    # Jul. 27, 2025; "Three direct customers accounted for 23%, 19% and 14%"
    ("revenue", "2025-04-28..2025-07-27", 46_743 * M, "0001045810-25-000209"),
    ("net_income", "2025-04-28..2025-07-27", 26_422 * M, "0001045810-25-000209"),
    ("customer_share_receivables_2", "2025-07-27", 0.19, "0001045810-25-000209"),
    # 10-Q Q1 FY2026, accession 0001045810-25-000116 (sec.gov .../000104581025000116/R15.htm;
    # income statement on the XBRL viewer copy "filed on 5/28/2025"): three months ended
    # Apr. 27, 2025 ($2.3 billion inventory provision incl. H20); "27%, 18% and 12%"
    ("operating_income", "2025-01-27..2025-04-27", 21_638 * M, "0001045810-25-000116"),
    ("net_income", "2025-01-27..2025-04-27", 18_775 * M, "0001045810-25-000116"),
    ("customer_share_receivables_1", "2025-04-27", 0.27, "0001045810-25-000116"),
    # 10-K FY2025, accession 0001045810-25-000023 (sec.gov .../000104581025000023/R18.htm,
    # Balance Sheet Components): "Two direct customers accounted for 17% and 16% of our accounts
    # receivable balance as of January 26, 2025 ... 24% and 11% ... as of January 28, 2024";
    # inventory provision of $1.6 billion and $774 million in fiscal years 2025 and 2024
    ("customer_share_receivables_2", "2025-01-26", 0.16, "0001045810-25-000023"),
    ("customer_share_receivables_1", "2024-01-28", 0.24, "0001045810-25-000023"),
    ("inventory_provision", "2023-01-30..2024-01-28", 774 * M, "0001045810-25-000023"),
    # 10-Q Q3 FY2024, accession 0001045810-23-000227 (sec.gov .../000104581023000227/
    # 0001045810-23-000227.txt: 10-Q, period 2023-10-29, filed 2023-11-21; income statement on
    # the XBRL viewer copy "filed on 11/21/2023", d18rn0p25nwr6d.cloudfront.net/CIK-0001045810/
    # 529f61bd-...html): three months ended Oct. 29, 2023
    ("revenue", "2023-07-31..2023-10-29", 18_120 * M, "0001045810-23-000227"),
    ("operating_income", "2023-07-31..2023-10-29", 10_417 * M, "0001045810-23-000227"),
    # 10-Q Q2 FY2024, accession 0001045810-23-000175 (sec.gov .../000104581023000175/
    # 0001045810-23-000175.txt, filed 2023-08-28; XBRL viewer copy "filed on 8/28/2023",
    # .../b08364d3-...html): three months ended Jul. 30, 2023
    ("revenue", "2023-05-01..2023-07-30", 13_507 * M, "0001045810-23-000175"),
    ("operating_income", "2023-05-01..2023-07-30", 6_800 * M, "0001045810-23-000175"),
    # 10-K FY2026, accession 0001045810-26-000021 (beatandraise.com/api/document/0001045810/
    # 0001045810-26-000021/R42.htm, Segment Information): total revenue for the years ended
    # Jan 25, 2026, Jan 26, 2025 and Jan 28, 2024; the fourth quarters are the year less the nine
    # months printed in the Q3 10-Qs (91,166 to Oct. 27, 2024; 38,819 to Oct. 29, 2023)
    ("revenue", "2025-01-27..2026-01-25", 215_938 * M, "0001045810-26-000021"),
    ("revenue", "2024-01-29..2025-01-26", 130_497 * M, "0001045810-26-000021"),
    ("revenue", "2023-01-30..2024-01-28", 60_922 * M, "0001045810-26-000021"),
    ("revenue", "2024-10-28..2025-01-26", (130_497 - 91_166) * M, "0001045810-25-000230"),
    ("revenue", "2023-10-30..2024-01-28", (60_922 - 38_819) * M, "0001045810-23-000227"),
    # 10-K FY2025, accession 0001045810-25-000023 (capedge.com/filing/1045810/0001045810-25-000023/
    # ...; the net income per share note's numerator "Net income $72,880" read on a copy of the
    # filing's inline XBRL, finqa-data/input_companies/nvidia/us-gaap_ScheduleOfWeighted...txt);
    # Q4 = the year less the nine months to Oct. 27, 2024 (50,789, Q3 FY2026 10-Q)
    ("net_income", "2024-01-29..2025-01-26", 72_880 * M, "0001045810-25-000023"),
    ("net_income", "2024-10-28..2025-01-26", (72_880 - 50_789) * M, "0001045810-25-000230"),
    # 10-Q Q1 FY2025, accession 0001045810-24-000124 (sec.gov .../000104581024000124/
    # 0001045810-24-000124.txt, filed 2024-05-29; XBRL viewer copy "filed on 5/29/2024",
    # .../54463f4d-...html): comparative column, three months ended Apr. 30, 2023
    ("revenue", "2023-01-30..2023-04-30", 7_192 * M, "0001045810-24-000124"),
    ("operating_income", "2023-01-30..2023-04-30", 2_140 * M, "0001045810-24-000124"),
    ("net_income", "2023-01-30..2023-04-30", 2_043 * M, "0001045810-24-000124"),
]

AMD_FILED = [
    # Q2 2025 earnings release, 8-K accession 0000002488-25-000106, exhibit 99.1
    # (ir.amd.com/financial-information/sec-filings/content/0000002488-25-000106/q22025991.htm):
    # GAAP Quarterly Financial Results, Revenue ($M) $7,685 (Q2 2025), $5,835 (Q2 2024), $7,438
    # (Q1 2025); "operating loss was $134 million, net income was $872 million"
    ("revenue", "2025-03-30..2025-06-28", 7_685 * M, "0000002488-25-000106"),
    ("revenue", "2024-03-31..2024-06-29", 5_835 * M, "0000002488-25-000106"),
    ("operating_income", "2025-03-30..2025-06-28", -134 * M, "0000002488-25-000106"),
    ("net_income", "2025-03-30..2025-06-28", 872 * M, "0000002488-25-000106"),
    # Q4 and FY2025 earnings release, 8-K accession 0000002488-26-000014, exhibit 99.1
    # (modeledge.ai/api/proxy/0000002488/0000002488-26-000014/q42025991.htm): Q4 2025 / Q4 2024 /
    # Q3 2025 columns and the 2025 / 2024 full-year GAAP table
    ("revenue", "2025-06-29..2025-09-27", 9_246 * M, "0000002488-26-000014"),
    ("operating_income", "2025-06-29..2025-09-27", 1_270 * M, "0000002488-26-000014"),
    ("net_income", "2025-06-29..2025-09-27", 1_243 * M, "0000002488-26-000014"),
    ("revenue", "2025-09-28..2025-12-27", 10_270 * M, "0000002488-26-000014"),
    ("operating_income", "2024-09-29..2024-12-28", 871 * M, "0000002488-26-000014"),
    ("net_income", "2024-09-29..2024-12-28", 482 * M, "0000002488-26-000014"),
    ("revenue", "2024-12-29..2025-12-27", 34_639 * M, "0000002488-26-000014"),
    ("operating_income", "2023-12-31..2024-12-28", 1_900 * M, "0000002488-26-000014"),
    # Q3 2024 earnings release (GlobeNewswire copy, todaysstocks.com/amd-reports-third-quarter-
    # 2024-financial-results) furnished on the 8-K dated October 29, 2024, accession
    # 0000002488-24-000161 (us.kabutan.jp/disclosures/0000002488-24-000161): Revenue ($M) $6,819
    # (Q3 2024), $5,800 (Q3 2023); operating income $724 / $224 / $269 (Q2 2024); net income
    # $771 / $299 / $265
    ("revenue", "2024-06-30..2024-09-28", 6_819 * M, "0000002488-24-000161"),
    ("operating_income", "2024-06-30..2024-09-28", 724 * M, "0000002488-24-000161"),
    ("net_income", "2024-06-30..2024-09-28", 771 * M, "0000002488-24-000161"),
    ("revenue", "2023-07-02..2023-09-30", 5_800 * M, "0000002488-24-000161"),
    ("net_income", "2023-07-02..2023-09-30", 299 * M, "0000002488-24-000161"),
    ("operating_income", "2024-03-31..2024-06-29", 269 * M, "0000002488-24-000161"),
    # Q1 2025 earnings release (copy: markets.financialcontent.com/concordmonitor/article/
    # gnwcq-2025-5-6-amd-reports-first-quarter-2025-financial-results) furnished on the 8-K dated
    # May 6, 2025, accession 0000002488-25-000045 (us.kabutan.jp/disclosures/0000002488-25-000045):
    # operating income ($M) $806 (Q1 2025), $36 (Q1 2024); net income $709, $123
    ("operating_income", "2024-12-29..2025-03-29", 806 * M, "0000002488-25-000045"),
    ("net_income", "2024-12-29..2025-03-29", 709 * M, "0000002488-25-000045"),
    ("operating_income", "2023-12-31..2024-03-30", 36 * M, "0000002488-25-000045"),
    ("net_income", "2023-12-31..2024-03-30", 123 * M, "0000002488-25-000045"),
    # 10-K FY2025, accession 0000002488-26-000018
    # (sec.gov/Archives/edgar/data/2488/000000248826000018/R17.htm, Debt): Total debt (net)
    # $3,222 (Dec 27, 2025) and $1,721 (Dec 28, 2024); R36: current portion $874, long-term $2,348
    ("total_debt", "2025-12-27", 3_222 * M, "0000002488-26-000018"),
    ("total_debt", "2024-12-28", 1_721 * M, "0000002488-26-000018"),
]


@pytest.mark.parametrize("entity,rows", [("nvidia", NVIDIA_FILED), ("amd", AMD_FILED)])
def test_sample_equals_the_filed_numbers(led, entity, rows, stored):
    assert len(rows) >= 8
    for metric, date, printed, accession in rows:
        o = stored(entity, metric, date)
        assert o.value.low == o.value.high == pytest.approx(printed, rel=0, abs=1e-6), \
            (entity, metric, date)
        assert f"sec:{accession}" in o.sources, (entity, metric, date)


def test_amd_debt_is_the_sum_of_the_filed_lines(led, stored):
    """Total debt (net) at December 27, 2025 = current portion $874M + long-term $2,348M."""
    assert stored("amd", "total_debt", "2025-12-27").value.mid == (874 + 2_348) * M


def test_nvidia_q4_fy2025_operating_income_is_the_filed_one(led, stored):
    """The Q4 FY2025 release prints operating income 24,034 for the three months ended
    January 26, 2025 (the value stored before, 24,030, came from an aggregator)."""
    assert stored("nvidia", "operating_income", "2024-10-28..2025-01-26").value.mid \
        == 24_034 * M


# Records of fiscal 2023 or later still without an accession, each with the reason. Must match
# the dataset exactly: citing one of them, or adding a new uncited record, updates this list.
_RELEASE_NO_ACCESSION = ("read on copies of NVIDIA's earnings release; the 8-K accession "
                         "was not on any page read (tried sec.gov submission texts, kabutan, "
                         "modeledge and advfn copies of the 8-K); the 10-K annual line that "
                         "would give it as year less nine months was not reached")
_AMD_BS = ("AMD balance-sheet / cash-flow page of the filing not found in the corpus (only "
           "aggregator pages and derived shares of total assets); tried sec.gov R2/R4/R6 of "
           "0000002488-26-000018, beatandraise and cloudfront R mirrors, ir.amd.com xbrl_doc_only, "
           "the Q4 platform XBRL viewer, and the releases' wire copies (statements beyond the "
           "page opening)")
UNCITED = {
    ("amd", "capex", "2023-01-01..2023-12-30"): _AMD_BS,
    ("amd", "capex", "2023-12-31..2024-12-28"): _AMD_BS,
    ("amd", "cash_and_securities", "2023-12-30"): _AMD_BS,
    ("amd", "cash_and_securities", "2024-12-28"): _AMD_BS,
    ("amd", "cash_and_securities", "2025-09-27"): _AMD_BS + "; stored value rounded ($7.24B)",
    ("amd", "equity", "2024-12-28"): _AMD_BS + "; derived range",
    ("amd", "inventory", "2024-12-28"): _AMD_BS + "; derived range",
    ("amd", "inventory", "2025-12-27"): _AMD_BS + "; derived range",
    ("amd", "receivables_net", "2024-12-28"): _AMD_BS + "; derived range",
    ("amd", "operating_cash_flow", "2023-01-01..2023-12-30"): _AMD_BS,
    ("amd", "operating_cash_flow", "2023-12-31..2024-12-28"): _AMD_BS,
    ("amd", "operating_cash_flow", "2025-06-29..2025-09-27"): _AMD_BS + "; rounded ($1.8B)",
    ("amd", "total_debt", "2025-09-27"): "Q3 2025 10-Q debt note not found; rounded ($3.2B)",
    ("amd", "revenue", "2025-12-28..2026-03-28"):
        "Q1 2026 release read on a copy; neither its 8-K (kabutan, ir.amd.com, sec.gov tried) "
        "nor the Q1 2026 10-Q is in the corpus",
    ("nvidia", "operating_income", "2024-10-28..2025-01-26"): _RELEASE_NO_ACCESSION,
    ("nvidia", "net_income", "2023-10-30..2024-01-28"): _RELEASE_NO_ACCESSION,
    ("nvidia", "net_income", "2023-07-31..2023-10-29"):
        "fiscal 2024 quarter: 10-Q income statement read, but the page opening ends before "
        "net income; only aggregator tables give it",
    ("nvidia", "net_income", "2023-05-01..2023-07-30"):
        "fiscal 2024 quarter: 10-Q income statement read, but the page opening ends before "
        "net income; only aggregator tables give it",
    ("nvidia", "net_income", "2022-10-31..2023-01-29"):
        "fiscal 2023 Q4: 10-K gives the year only; release not found",
    ("nvidia", "net_income", "2025-10-27..2026-01-25"):
        "Q4 FY2026: only rounded ($42.96B) on pages read; release table not reached, and the "
        "FY2026 10-K's net income line (beatandraise R pages) not found for year less nine months",
    ("nvidia", "operating_cash_flow", "2025-07-28..2025-10-26"):
        "quarterly cash flow only as quoted ($23.8B rounded); 10-Q gives nine months",
    ("nvidia", "inventory", "2025-10-26"):
        "10-Q Q3 FY2026 balance sheet page not found (sec.gov R2, beatandraise R tables, Q4 "
        "platform viewer tried); read on an analysis page",
    ("nvidia", "purchase_obligations", "2025-07-27"): "quoted in billions by an analyst post",
    ("nvidia", "purchase_obligations", "2025-10-26"): "quoted in billions by an analyst post",
}

# first day of fiscal 2023: NVIDIA's fiscal 2023 began 31 January 2022, AMD's on 1 January 2023
FISCAL_2023 = {"nvidia": dt.date(2022, 1, 31), "amd": dt.date(2023, 1, 1)}


def test_every_fiscal_2023_or_later_record_cites_a_filing(led):
    assert set(uncited_filings(led, FISCAL_2023)) == set(UNCITED)
    assert all(len(reason) > 20 for reason in UNCITED.values())
