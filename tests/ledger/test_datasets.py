"""Embedded datasets: provenance of every record, seed-id coverage, and the CHECK arithmetic."""

import re

import pytest

from capexloop.ledger import load_dataset, seed_coverage, seed_index
from capexloop.ledger.model import Status

from ..conftest import SHARED


@pytest.mark.parametrize("name", ["ai2025", "telecom2000"])
def test_every_record_has_a_source(name):
    led = load_dataset(name)
    for rec in [*led.entities, *led.deals, *led.observations, *led.events, *led.parameters]:
        assert rec.sources, rec


def test_seed_coverage_complete():
    used = seed_coverage()
    summaries, na = seed_index()
    assert set(used) == set(summaries)
    assert all(used[k] or k in na for k in summaries)


def test_seed_index_matches_fact_sheet():
    sheet = SHARED / "seed-facts.md"
    if not sheet.exists():
        pytest.skip("fact sheet not beside the checkout")
    ids = set(re.findall(r"^- ([A-F]\d+) ", sheet.read_text(), flags=re.M))
    assert ids == set(seed_index()[0])


def test_ai2025_contains_the_issue_deals():
    led = load_dataset("ai2025")
    d = {x.id: x for x in led.deals}
    assert d["msft-openai-equity-2019-2023"].amount_usd.low == 13e9            # seed:B1
    assert d["openai-coreweave-compute-2023"].amount_usd.low == 22e9          # seed:B2
    assert d["coreweave-openai-stock-2023"].amount_usd.low == 350e6           # seed:B2
    assert d["softbank-openai-round-2025"].amount_usd.low == 40e9             # seed:B3
    assert d["nvidia-coreweave-capacity-guarantee"].amount_usd.low == 6.3e9   # seed:E9
    assert d["openai-oracle-stargate"].capacity_gw == 4.5                     # seed:E4
    assert d["amd-openai-warrants"].amount_usd.high == 40e9                   # seed:E10
    # GW-only deals: GW stored, $ derived with the seed's $40B/GW (seed:E5) and marked
    usd_per_gw = led.parameter("usd_per_gw_chips").value
    for i in ("openai-nvidia-systems-10gw", "openai-amd-6gw", "openai-broadcom-10gw"):
        assert d[i].derived_from and d[i].amount_usd.low == d[i].capacity_gw * usd_per_gw
    assert d["nvidia-openai-investment-2025"].status == Status.announced
