"""The ai-public ledger brought forward from May 2026: a sample of the recent deals and lab
figures checked against the pages they were read from (URL beside each), and ``ledger diff``
showing them between dates."""

from __future__ import annotations

import json

import pytest

from capexloop.ledger.diff import diff_dates

TODAY = "2026-12-07"


@pytest.fixture(scope="module")
def deals(led):
    return {d.id: d for d in led.deals}


def one(led, entity, metric, date):
    hits = [o for o in led.series(entity, metric) if str(o.date) == date]
    assert len(hits) == 1, (entity, metric, date)
    return hits[0]


def test_akamai_anthropic_contract(deals):
    # https://letsdatascience.com/news/akamai-wins-18b-llm-hosting-contract-with-anthropic-12b5d9d2
    # "a seven-year, $1.8 billion contract to host workloads for Anthropic" (Q1 2026 call)
    d = deals["akamai-anthropic-cloud-2026-05"]
    assert (d.payer, d.payee, d.kind) == ("anthropic", "akamai", "cloud_contract")
    assert d.amount_usd.low == d.amount_usd.high == 1.8e9
    assert d.term_years == 7.0 and str(d.announced) == "2026-05-07"
    assert d.status == "committed" and d.binding
    assert any("letsdatascience.com" in s for s in d.sources)


def test_nvidia_iren_pair(deals):
    # https://spoonai.me/posts/2026-05-11-nvidia-iren-5gw-21b-en
    # "5-year right to purchase up to 30 million shares at $70 each — a maximum $2.1B";
    # "a separate 5-year $3.4B GPU cloud services agreement" (both 2026-05-07)
    opt = deals["nvidia-iren-equity-option-2026-05"]
    assert opt.amount_usd.high == pytest.approx(30e6 * 70)
    assert opt.qualifier == "up_to" and not opt.binding and opt.holder == "nvidia"
    assert opt.term_years == 5.0
    cloud = deals["nvidia-iren-cloud-3-4b-2026-05"]
    assert (cloud.payer, cloud.payee) == ("nvidia", "iren")
    assert cloud.amount_usd.low == 3.4e9 and cloud.term_years == 5.0
    assert str(opt.announced) == str(cloud.announced) == "2026-05-07"


def test_spacex_ipo_and_colossus_tenants(deals):
    # https://techfastforward.com/articles/spacex-raises-75b-in-record-xai-ipo-2026
    # "sell 555,555,555 shares of Class A common stock at $135 per share, raising roughly $75 billion"
    ipo = deals["spacex-ipo-2026-06"]
    assert ipo.amount_usd.low == pytest.approx(555_555_555 * 135, rel=1e-6)
    assert ipo.status == "drawn" and str(ipo.announced) == "2026-06-11"
    # https://thelgtm.dev/xais-colossus-buildout-is-starting-to-look-like-a-neocloud-with-a-chatbot-attached/
    # "Google will pay SpaceX $920 million per month from October 2026 through June 2029"
    g = deals["google-spacex-colossus-2026-06"]
    assert g.amount_usd.low == pytest.approx(33 * 0.92e9)
    assert str(g.start) == "2026-10..2029-06" and "90 days" in g.conditionality
    assert g.derived_from
    # https://bruno.digital/news/spacex-leases-colossus-2-to-reflection-ai-in-a-compute-deal-worth-up-to-6-3-bill
    # "150 million dollars a month from July 2026 through 2029 ... could reach 6.3 billion dollars"
    r = deals["reflection-spacex-colossus2-2026-06"]
    assert (r.payer, r.payee, r.qualifier) == ("reflection-ai", "spacex", "up_to")
    assert r.amount_usd.high == 6.3e9 and str(r.announced) == "2026-06-23"


def test_applied_digital_leases(deals):
    # https://karvtechinsider.com/martech/news/applied-digital-signs-7-5-billion-ai-data-center-lease-with-us-hyperscaler
    # "$7.5 billion ... 15-year deal covers 300 megawatts ... Delta Forge 1"
    a = deals["hyperscaler-applied-digital-delta-forge1-2026-04"]
    assert (a.amount_usd.low, a.capacity_gw, a.term_years) == (7.5e9, 0.3, 15.0)
    # https://www.syn.news/topics/6a275ab77507f91cd7a21d52
    # "15-year, $5.2 billion AI data center lease ... Delta Forge 2" (210 MW per aibucket.io)
    b = deals["hyperscaler-applied-digital-delta-forge2-2026-06"]
    assert (b.amount_usd.low, b.capacity_gw, b.term_years) == (5.2e9, 0.21, 15.0)
    assert a.kind == b.kind == "lease" and a.payee == b.payee == "applied-digital"


def test_meta_el_paso_is_only_in_talks(deals):
    # https://www.computecurrent.com/news/abe9c98478d05061/
    # "a financing package ... that could total roughly $13 billion" (Bloomberg, 2026-05-04)
    d = deals["meta-el-paso-financing-2026-05"]
    assert d.amount_usd.low == 13e9 and d.qualifier == "about"
    assert d.status == "announced" and not d.binding


def test_softbank_margin_loan_history(deals):
    # https://www.convina.com/pulse/softbank-backstopped-openai-lenders-hesitate/
    # "May 8: SoftBank cut its loan target from $10 billion to $6 billion ...
    #  July 1: SoftBank returned with the $10 billion ask — plus the guarantee"
    first = deals["softbank-openai-margin-loan-2026-04"]
    cut = deals["softbank-openai-margin-loan-cut-2026-05"]
    back = deals["softbank-openai-margin-loan-2026-07"]
    assert [first.amount_usd.high, cut.amount_usd.high, back.amount_usd.high] == [10e9, 6e9, 10e9]
    assert cut.supersedes == ["softbank-openai-margin-loan-2026-04"]
    assert back.supersedes == ["softbank-openai-margin-loan-cut-2026-05"]
    assert all(d.status == "announced" and not d.binding for d in (first, cut, back))
    assert "guarantee" in back.conditionality


def test_michigan_financing_closed(deals):
    # https://megadose.ai/i/1920d221-2ad2-4be8-91cf-5d77ae2820f2
    # "A $16B financing ... has closed, with BofA selling $14B in bonds" (Bloomberg, 2026-04-25)
    bonds = deals["michigan-bonds-related-2026-04"]
    assert bonds.amount_usd.low == 14e9 and bonds.status == "drawn"
    assert bonds.supersedes == ["bofa-related-michigan-loan-2025-12"]
    eq = deals["blackstone-related-michigan-equity-2026-04"]
    assert eq.amount_usd.low == pytest.approx(16e9 - 14e9) and eq.derived_from
    assert eq.supersedes == ["michigan-equity-related-2026"]


def test_lab_figures(led):
    # https://kalinga.ai/?p=2481 — xAI (AI segment) 2025 revenue $3.2B, operating loss $6.4B
    # (SpaceX S-1 table)
    assert one(led, "xai", "revenue", "2025-01..2025-12").value.mid == 3.2e9
    assert one(led, "xai", "operating_loss", "2025-01..2025-12").value.mid == 6.4e9
    assert one(led, "xai", "capex", "2026-01..2026-03").value.mid == 7.7e9
    # the June 2025 projection is kept apart from the actual
    assert one(led, "xai", "revenue", "2025").basis == "projected"
    # https://lowdown.today/t/ai-jobs-power-money/13/openai-heads-to-market-losing-money/
    # "about $24bn annualised" vs bitsminds.com "roughly $25 billion": stored as the range
    rr = one(led, "openai", "revenue_run_rate", "2026-05-22")
    assert (rr.value.low, rr.value.high) == (24e9, 25e9)
    assert one(led, "openai", "operating_loss", "2026").basis == "projected"
    # https://thecounterbrief.com/spacex-ipo-grok-public-market.md — "$1.77 trillion valuation"
    v = one(led, "spacex", "valuation_post_money", "2026-06-11")
    assert (v.value.low, v.value.high) == (1.75e12, 1.77e12)


def test_diff_since_june_shows_the_july_restart(led, cli):
    d = diff_dates(led, "2026-06-30", TODAY)
    sup = {c.deal: c for c in d.of("superseded")}
    assert sup["softbank-openai-margin-loan-2026-07"].replaces == (
        "softbank-openai-margin-loan-cut-2026-05",)
    assert sup["softbank-openai-margin-loan-2026-07"].amount_change == pytest.approx(4e9)
    code, out, err = cli("ledger", "diff", "--dataset", "ai-public", "--from", "2026-06-30",
                         "--to", TODAY, "--json")
    assert code == 0, err
    assert "softbank-openai-margin-loan-2026-07" in {c["deal"] for c in json.loads(out)["changes"]}


def test_diff_from_april_lists_the_new_records(led):
    d = diff_dates(led, "2026-04-30", TODAY)
    new = {c.deal for c in d.of("new")}
    assert {"akamai-anthropic-cloud-2026-05", "nvidia-iren-equity-option-2026-05",
            "nvidia-iren-cloud-3-4b-2026-05", "meta-el-paso-financing-2026-05",
            "spacex-ipo-2026-06", "google-spacex-colossus-2026-06",
            "reflection-spacex-colossus2-2026-06",
            "hyperscaler-applied-digital-delta-forge2-2026-06"} <= new
    # the April request and its May cut and July restart: one chain, shown once as superseded
    sup = {c.deal for c in d.of("superseded")}
    assert "softbank-openai-margin-loan-2026-07" in sup
    # observations are cut by the date they describe (xAI's 2025 figures, published in May 2026,
    # count as known at 2025 year end), so only figures dated after April show as new
    assert {"openai.revenue_run_rate@2026-05-22", "spacex.valuation_post_money@2026-06-11",
            "anthropic.revenue_run_rate@2026-06"} <= set(d.observations_new)
    before = diff_dates(led, "2026-03-31", "2026-04-30")
    assert {c.deal for c in before.of("superseded")} >= {
        "michigan-bonds-related-2026-04", "blackstone-related-michigan-equity-2026-04"}


def test_anthropic_tpu_spv(deals):
    # https://whatisgm.com/blogs/finance/apollo-and-blackstone-are-about-to-syndicate-36-billion-of-google-tpus-to-private-credit-investors-this-is-a-new-asset-class-wearing-an-old-wrapper
    # "$36bn of investment-grade structured notes ... Broadcom will backstop payments on the debt"
    # vs https://businessreviewlive.com/?p=25604 "a massive $35 billion financing package": a range
    notes = deals["anthropic-tpu-spv-notes-2026-06"]
    assert (notes.amount_usd.low, notes.amount_usd.high) == (35e9, 36e9)
    assert notes.payee == "anthropic-tpu-spv" and notes.status == "committed"
    back = deals["broadcom-anthropic-tpu-spv-backstop-2026-06"]
    assert (back.kind, back.payer, back.payee) == ("guarantee", "broadcom", "anthropic-tpu-spv")
    assert back.amount_usd is None        # senior tranche size not reported
    lease = deals["anthropic-tpu-spv-lease-2026-06"]
    assert (lease.payer, lease.payee, lease.amount_usd) == ("anthropic", "anthropic-tpu-spv", None)


def test_nscale_series_c(deals):
    # https://www.lanacion.com.ar/agencias/nscale-respaldado-por-nvidia-es-valorada-en-14600-millones-de-us-en-nueva-ronda-de-financiacion-nid09032026/
    # "valorado en US$14.600 millones tras recaudar US$2000 millones" (Reuters, 2026-03-09)
    d = deals["nscale-series-c-2026-03"]
    assert d.amount_usd.low == 2e9 and str(d.announced) == "2026-03-09" and d.status == "drawn"


def test_anthropic_direct_leases_are_preliminary(deals):
    # https://forgeeks.dev/?p=18298 — "more than a dozen preliminary deals to rent data centers in
    # the U.S., adding more than 1 GW"; Google "could serve as a guarantor for the lease payments"
    lease = deals["anthropic-dc-leases-1gw-2026-06"]
    assert lease.capacity_gw == 1.0 and lease.amount_usd is None
    assert lease.status == "announced" and not lease.binding
    g = deals["google-anthropic-lease-guarantee-talks-2026-06"]
    assert (g.kind, g.payer, g.status, g.binding) == ("guarantee", "google", "announced", False)
