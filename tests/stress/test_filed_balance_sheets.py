"""The stress's opening balance sheets on ``ai-public`` come from filed year-end values.

Each case names the figures as read in the company's filing or earnings release (cited in the
comment, with the accession where the page gave one) and checks that
``balance_sheets(load_dataset('ai-public'), range(2025, 2031))`` takes exactly that observation
(the latest dated before 2025) rather than an assumption. Totals made of several filed lines
carry the addition in the comment.
"""

from __future__ import annotations

import datetime as dt

import pytest

from capexloop.ledger.datasets import load_dataset
from capexloop.stress.balance import balance_sheets


@pytest.fixture(scope="module")
def bs():
    return balance_sheets(load_dataset("ai-public"), range(2025, 2031))


def used(bs, entity: str, metric: str):
    """The observation the balance sheet took for ``entity.metric`` (exactly one)."""
    obs = [o for o in bs.inputs if o.entity == entity and o.metric == metric]
    assert len(obs) == 1, (entity, metric, obs)
    return obs[0]


def stock(bs, entity: str, metric: str) -> float:
    return float(bs.stocks[metric][bs.index[entity]])


def assumed(bs, entity: str) -> set[str]:
    return {a.item for a in bs.assumptions if a.entity == entity}


def test_amd_cash_and_debt_are_the_fy2024_year_end(bs):
    # AMD Q4/FY2024 earnings release, Selected Corporate Data, December 28, 2024:
    # cash, cash equivalents and short-term investments $5,132M; total debt $1,721M
    # (= long-term debt, net of current portion $1,721M; no current portion; FY2025 10-K,
    # sec:0000002488-26-000018).
    cash = used(bs, "amd", "cash_and_securities")
    assert cash.date.end == dt.date(2024, 12, 28) and cash.value.mid == 5_132e6
    assert stock(bs, "amd", "cash_and_securities") == bs.cash[bs.index["amd"]] == 5_132e6
    debt = used(bs, "amd", "total_debt")
    assert debt.value.mid == 1_721e6 and "sec:0000002488-26-000018" in debt.sources
    assert "cash_and_securities" not in assumed(bs, "amd")


def test_amd_cash_margin_is_fy2024_operating_cash_flow(bs):
    # Same release: free cash flow $2,405M + capital expenditures $636M = operating cash flow
    # $3,041M for the year ended December 28, 2024 (FY2023: $1,121M + $546M = $1,667M).
    ocf = used(bs, "amd", "operating_cash_flow")
    assert ocf.value.mid == 2_405e6 + 636e6
    assert (ocf.date.start, ocf.date.end) == (dt.date(2023, 12, 31), dt.date(2024, 12, 28))


def test_microsoft_debt_and_equity_are_the_fy2024_year_end(bs):
    # Microsoft balance sheet, June 30, 2024 (FY2024 10-K, USD millions):
    # short-term debt 6,693 + current portion of long-term debt 2,249 + long-term debt 42,688
    # = 51,630; total assets 512,163 − total liabilities 243,686 = equity 268,477.
    debt = used(bs, "microsoft", "total_debt")
    assert debt.date.end == dt.date(2024, 6, 30) and debt.value.mid == (6_693 + 2_249
                                                                        + 42_688) * 1e6
    eq = used(bs, "microsoft", "equity")
    assert eq.value.mid == (512_163 - 243_686) * 1e6 == 268_477e6
    i = bs.index["microsoft"]
    assert bs.equity_known[i] and bs.equity[i] == 268_477e6
    assert {"equity", "cash_and_securities"}.isdisjoint(assumed(bs, "microsoft"))
    # Cash: $71,555M at December 31, 2024, a later stock than the fiscal year-end, is the latest
    # before 2025 and is kept.
    assert bs.cash[i] == 71_555e6


def test_microsoft_cash_margin_uses_fiscal_2024_cash_from_operations(bs):
    # FY2024 (July 2023 – June 2024) net cash from operations $118,548M.
    ocf = used(bs, "microsoft", "operating_cash_flow")
    assert ocf.value.mid == 118_548e6
    assert (ocf.date.start, ocf.date.end) == (dt.date(2023, 7, 1), dt.date(2024, 6, 30))


def test_amazon_leases_are_the_fy2024_year_end(bs):
    # Amazon balance sheet, December 31, 2024 (FY2024 10-K, USD millions): lease liabilities
    # operating 10,546 (current) + 69,050 (long-term) and finance 1,375 + 9,227 = 90,198;
    # debt 5,017 + 52,623 = 57,640 (stored from the FY2025 10-K, sec:0001018724-26-000004).
    lease = used(bs, "amazon", "lease_liabilities")
    assert lease.date.end == dt.date(2024, 12, 31)
    assert lease.value.mid == (10_546 + 69_050 + 1_375 + 9_227) * 1e6 == 90_198e6
    debt = used(bs, "amazon", "total_debt")
    assert debt.value.mid == (5_017 + 52_623) * 1e6
    assert "sec:0001018724-26-000004" in debt.sources
    # lease payments: leases over the stated 10-year assumption
    pay = [a for a in bs.assumptions if a.entity == "amazon" and a.item == "lease_payments"]
    assert len(pay) == 1 and pay[0].value == pytest.approx(90_198e6 / 10)


@pytest.mark.parametrize(("entity", "end", "equity_m"), [
    # Total stockholders' equity at the last fiscal year-end before 2025, as filed (USD millions):
    ("amazon", dt.date(2024, 12, 31), 285_970),   # = total assets 624,894 − liabilities 338,924
    ("google", dt.date(2024, 12, 31), 325_084),   # Alphabet FY2024 10-K
    ("meta", dt.date(2024, 12, 31), 182_637),     # Meta FY2024 10-K
    ("broadcom", dt.date(2024, 11, 3), 67_678),   # Broadcom FY2024 10-K (year ends Nov 3)
])
def test_book_equity_is_the_filed_year_end(bs, entity, end, equity_m):
    eq = used(bs, entity, "equity")
    assert eq.date.end == end and eq.value.mid == equity_m * 1e6
    i = bs.index[entity]
    assert bs.equity_known[i] and bs.equity[i] == equity_m * 1e6
    assert "equity" not in assumed(bs, entity)



def test_coreweave_opens_2025_with_its_filed_year_end_2024_balance_sheet(bs):
    # CoreWeave Q1 2025 10-Q, condensed consolidated balance sheet, December 31, 2024 column
    # (thousands; the filing's text as copied in github.com/lukepuplett/investment-analysis,
    # crwv/quarterly/2025_Q1_form_10Q.txt): cash and cash equivalents 1,361,083 (restricted cash
    # 37,394 + 637,356 and restricted marketable securities 29,308 left out); total stockholders'
    # equity (deficit) (413,598), a deficit because the redeemable convertible preferred stock
    # (1,722,111) sat outside equity until the March 2025 IPO; debt current 2,468,425 +
    # non-current 5,457,915 = 7,926,340; leases: operating 213,104 + 2,388,912 and finance
    # 57,801 + 34,120 = 2,693,937; accounts receivable, net 416,526.
    i = bs.index["coreweave"]
    cash = used(bs, "coreweave", "cash_and_securities")
    assert cash.date.end == dt.date(2024, 12, 31) and cash.value.mid == 1_361_083e3
    assert bs.cash[i] == 1_361_083e3
    eq = used(bs, "coreweave", "equity")
    assert eq.value.mid == (1 + 1_096_160 - 1_476_235 - 33_524) * 1e3 == -413_598e3
    assert bs.equity_known[i] and bs.equity[i] == -413_598e3
    assert stock(bs, "coreweave", "total_debt") == (2_468_425 + 5_457_915) * 1e3
    assert stock(bs, "coreweave", "lease_liabilities") == (213_104 + 2_388_912 + 57_801
                                                           + 34_120) * 1e3 == 2_693_937e3
    assert stock(bs, "coreweave", "receivables_net") == 416_526e3
    assert {"equity", "cash_and_securities"}.isdisjoint(assumed(bs, "coreweave"))


def test_coreweave_cash_margin_is_fy2024_operating_cash_flow_over_fy2024_revenue(bs):
    # Year ended December 31, 2024 (prospectus statements, transcribed in thousands):
    # operating cash flow 2,749,168; revenue 1,915,426 (424B4, sec:0001193125-25-067651);
    # margin = 2,749,168 / 1,915,426 = 1.4353 (above 1: customer prepayments raised deferred
    # revenue), so the margin is capped at 1 and the line says so. Capex 8,702,078 is stored.
    ocf = used(bs, "coreweave", "operating_cash_flow")
    assert ocf.value.mid == 2_749_168e3
    assert (ocf.date.start, ocf.date.end) == (dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    assert bs.margin[bs.index["coreweave"]] == 1.0
    line = next(a for a in bs.assumptions if a.entity == "coreweave" and a.item == "cash_margin")
    assert f"({2_749_168 / 1_915_426:.2f})" in line.rule
    capex = [o for o in load_dataset("ai-public").series("coreweave", "capex")
             if o.date.end == dt.date(2024, 12, 31)]
    assert [o.value.mid for o in capex] == [8_702_078e3]


def test_oracle_cash_margin_is_fiscal_2024_cash_flow_over_fiscal_2024_revenue(bs):
    # Oracle fiscal year June 1, 2023 – May 31, 2024 (FY2024 10-K as transcribed by
    # stockanalysis.com, USD millions; the Q4 FY2024 release, sec:0000950170-24-071916, rounds
    # to $18.7B and $53.0B): operating cash flow 18,673; revenue 52,961; capital expenditures
    # 6,866. Margin = 18,673 / 52,961 = 0.35258.
    ocf = used(bs, "oracle", "operating_cash_flow")
    assert ocf.value.mid == 18_673e6
    assert (ocf.date.start, ocf.date.end) == (dt.date(2023, 6, 1), dt.date(2024, 5, 31))
    i = bs.index["oracle"]
    assert bs.margin[i] == pytest.approx(18_673 / 52_961)
    line = next(a for a in bs.assumptions if a.entity == "oracle" and a.item == "cash_margin")
    assert "sec:0000950170-24-071916" in line.source and line.source != "assumption"
    # The filed fiscal year (its middle falls in 2023) is the 2023 revenue point, beating the
    # quarters of that year scaled; 2024 is the latest quarter before 2025, scaled to a year.
    path = next(a.value for a in bs.assumptions
                if a.entity == "oracle" and a.item == "revenue_path")
    assert "2023: $53B" in path
    capex = [o for o in load_dataset("ai-public").series("oracle", "capex")
             if o.date.end == dt.date(2024, 5, 31)]
    assert [o.value.mid for o in capex] == [6_866e6]
    # Equity at the fiscal year-end, as filed in the FY2024 10-K (sec:0000950170-24-075605).
    assert bs.equity_known[i] and bs.equity[i] == 9_239e6


def test_alphabet_cash_margin_is_fy2024_cash_flow_over_fy2024_revenue(bs):
    # Alphabet FY2024 10-K (USD millions; cash flow statement as transcribed by
    # stock-analysis-on.net, revenue from the 10-K's MD&A): net cash provided by operating
    # activities 125,299; purchases of property and equipment 52,535; revenues 350,018.
    # Margin = 125,299 / 350,018 = 0.35798.
    ocf = used(bs, "google", "operating_cash_flow")
    assert ocf.value.mid == 125_299e6
    assert (ocf.date.start, ocf.date.end) == (dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    i = bs.index["google"]
    assert bs.margin[i] == pytest.approx(125_299 / 350_018)
    assert bs.revenue[i, 0] == pytest.approx(350_018e6)
    capex = [o for o in load_dataset("ai-public").series("google", "capex")
             if o.date.end == dt.date(2024, 12, 31)]
    assert [o.value.mid for o in capex] == [52_535e6]
    # Year-end 2024 cash and marketable securities and debt were already stored as filed.
    assert bs.cash[i] == 95_657e6 and stock(bs, "google", "total_debt") == 14_182e6


def test_nvidia_2024_revenue_point_is_four_filed_quarters(bs):
    # NVIDIA quarters to October 27, 2024 (USD millions): Q4 FY2024 (to 2024-01-28) 22,103 =
    # fiscal 2024 revenue 60,922 (FY2026 10-K segment note) less the nine months to Oct. 29, 2023,
    # 38,819 (Q3 FY2024 10-Q), then 26,044 + 30,040 + 35,082 (10-Qs, stored earlier). Trailing
    # year = 22,103 + 26,044 + 30,040 + 35,082 = 113,269 (stockanalysis.com's TTM to Oct 2024 is
    # the same 113,269); before, Q3 FY2025 scaled to a year (~$141B). The fiscal year ending the
    # same day (60,922) is stored too, as its own span.
    q4 = [o for o in load_dataset("ai-public").series("nvidia", "revenue")
          if o.date.end == dt.date(2024, 1, 28) and (o.date.end - o.date.start).days < 100]
    assert [o.value.mid for o in q4] == [(60_922 - 38_819) * 1e6] == [22_103e6]
    i = bs.index["nvidia"]
    assert bs.revenue[i, 0] == pytest.approx((22_103 + 26_044 + 30_040 + 35_082) * 1e6)
    assert bs.revenue[i, 0] == pytest.approx(113_269e6)


def test_nebius_has_a_balance_sheet_from_its_2024_results(bs):
    # Nebius Q4/FY2024 results release (February 20, 2025): cash and cash equivalents $2,449.6M at
    # December 31, 2024; revenue $117.5M for 2024. Book equity was not read, so solvency stays
    # unassessed (printed).
    i = bs.index["nebius"]
    assert bs.modelled[i]
    assert bs.cash[i] == 2_449.6e6
    assert bs.revenue[i, 0] == pytest.approx(117.5e6)
    assert not bs.equity_known[i] and "equity" in assumed(bs, "nebius")


def test_broadcom_opens_with_its_fiscal_2024_year_end(bs):
    # Broadcom FY2024 10-K (stock-analysis-on.net): total assets US$165,645M at November 3, 2024;
    # cash 5.64% and trade receivables 2.67% of total assets (common-size, two decimals), so cash
    # lies in 165,645 x [5.635%, 5.645%] = [9,334.1, 9,350.7] $M and receivables in
    # [4,414.4, 4,431.0] $M; the same method brackets the filed inventory (1.06% ->
    # [1,747.6, 1,764.1], filed 1,760). Operating leases 207 + 1,143 = 1,350 as filed.
    i = bs.index["broadcom"]
    cash = used(bs, "broadcom", "cash_and_securities")
    assert cash.basis == "derived" and cash.date.end == dt.date(2024, 11, 3)
    assert cash.value.low == pytest.approx(165_645e6 * 0.05635, rel=1e-5)
    assert cash.value.high == pytest.approx(165_645e6 * 0.05645, rel=1e-5)
    assert bs.cash[i] == pytest.approx(165_645e6 * 0.0564, rel=1e-5)
    assert stock(bs, "broadcom", "receivables_net") == pytest.approx(165_645e6 * 0.0267, rel=1e-5)
    assert 165_645e6 * 0.01055 <= stock(bs, "broadcom", "inventory") <= 165_645e6 * 0.01065
    assert stock(bs, "broadcom", "lease_liabilities") == (207 + 1_143) * 1e6
    assert "cash_and_securities" not in assumed(bs, "broadcom")
    # The Q3 FY2024 10-Q values (sec:0001730168-24-000099, August 4, 2024) stay stored beside it:
    # cash and cash equivalents $9,952M, trade accounts receivable, net $4,665M.
    led = load_dataset("ai-public")
    q3 = {o.metric: o for m in ("cash_and_securities", "receivables_net")
          for o in led.series("broadcom", m) if o.date.end == dt.date(2024, 8, 4)}
    assert q3["cash_and_securities"].value.mid == 9_952e6
    assert q3["receivables_net"].value.mid == 4_665e6
    assert "sec:0001730168-24-000099" in q3["cash_and_securities"].sources


@pytest.mark.parametrize(("entity", "end", "lines_m"), [
    # Lease liabilities at the fiscal year-end before 2025 (10-K balance sheets, USD millions):
    # Microsoft June 30, 2024: finance 2,349 + 24,796, operating 3,580 + 15,497 (= 46,222);
    # Oracle May 31, 2024: operating 1,290 + 6,255 (= 7,545; the 10-K note: $1.3B and $6.3B).
    ("microsoft", dt.date(2024, 6, 30), (2_349, 24_796, 3_580, 15_497)),
    ("oracle", dt.date(2024, 5, 31), (1_290, 6_255)),
])
def test_lease_liabilities_are_the_filed_year_end(bs, entity, end, lines_m):
    lease = used(bs, entity, "lease_liabilities")
    assert lease.date.end == end and lease.value.mid == sum(lines_m) * 1e6
    # lease payments: leases over the stated 10-year assumption
    pay = [a for a in bs.assumptions if a.entity == entity and a.item == "lease_payments"]
    assert len(pay) == 1 and pay[0].value == pytest.approx(sum(lines_m) * 1e6 / 10)


def test_amd_equity_is_derived_from_total_assets_and_its_common_size_share(bs):
    # AMD FY2024 10-K as transcribed by stock-analysis-on.net: total assets US$69,226M at
    # December 28, 2024; stockholders' equity 83.16% of total assets (common-size, two decimals),
    # so equity lies in 69,226 x [83.155%, 83.165%] = [57,564.9, 57,571.8] $M. The same method
    # brackets the lines stored from AMD's own release: cash + short-term investments
    # 5.47% + 1.94% -> [5,122.7, 5,136.6] holds the filed 5,132; debt 2.49% -> [1,720.3, 1,727.2]
    # holds the filed 1,721.
    eq = used(bs, "amd", "equity")
    assert eq.basis == "derived" and eq.date.end == dt.date(2024, 12, 28)
    lo, hi = 69_226 * 0.83155, 69_226 * 0.83165
    assert eq.value.low == pytest.approx(lo * 1e6, rel=1e-5)
    assert eq.value.high == pytest.approx(hi * 1e6, rel=1e-5)
    cash, debt = stock(bs, "amd", "cash_and_securities"), stock(bs, "amd", "total_debt")
    assert 69_226e6 * (7.41 - 0.01) / 100 <= cash <= 69_226e6 * (7.41 + 0.01) / 100
    assert 69_226e6 * 0.02485 <= debt <= 69_226e6 * 0.02495
    i = bs.index["amd"]
    assert bs.equity_known[i] and bs.equity[i] == pytest.approx((lo + hi) / 2 * 1e6, rel=1e-5)
    assert "equity" not in assumed(bs, "amd")
