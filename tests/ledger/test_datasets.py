"""Embedded datasets: provenance of every record, seed-id coverage, and the CHECK arithmetic."""

import math
import re

import pytest

from capexloop.ledger import load_dataset, seed_checks, seed_coverage, seed_index
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


def _check(cid, what=""):
    checks = seed_checks(load_dataset("ai2025"), load_dataset("telecom2000"))
    return next(c for c in checks if c.id == cid and what in c.what)


def test_check_break_even_f2_f3():
    """Hand computation (seed F1): 3T×0.30 + 3T×0.30/0.75 = 0.9T + 1.2T = 2.1T; revenue at
    60%..30% margin = 3.5T..7T (not the seed's 2T and 3.3-6T)."""
    f2 = _check("F2")
    assert math.isclose(f2.computed.low, 2.1e12) and not f2.agrees
    f3 = _check("F3")
    assert math.isclose(f3.computed.low, 3.5e12) and math.isclose(f3.computed.high, 7e12)
    assert not f3.agrees


def test_check_e12_and_c5():
    e12 = _check("E12")
    assert e12.computed.low == 50.5 and e12.claimed.low == 50 and not e12.agrees
    assert math.isclose(_check("C5").computed.low, 2 ** (365 / 90))  # 16.6x, not 16x


def test_check_d9_and_d8():
    d9 = _check("D9", "FY2000")
    assert math.isclose(d9.computed.low, 604e6 / 0.021)  # ≈ 28.76B
    d8 = _check("D8", "FY2001")
    assert math.isclose(d8.computed.low, 2.12e9 + 1.814e9 + 0.63e9)  # 4.564B vs 4.56B
    assert d8.agrees
