"""The ledger as of a date: announcements, supersedes by date, observations; quarters."""

import datetime as dt
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from capexloop.errors import CapexloopError
from capexloop.ledger import Deal, Entity, Ledger, Observation, load_dataset
from capexloop.ledger.asof import (
    Quarter,
    as_of,
    fiscal_quarters,
    parse_as_of,
    quarter_of,
    quarters,
    trailing_year,
)


def toy() -> Ledger:
    ents = [Entity(id=n, name=n) for n in ("nvidia", "openai", "oracle")]
    deals = [
        Deal(id="loi", kind="equity", payer="nvidia", payee="openai", amount_usd="100B",
             announced="2025-09-22"),
        Deal(id="tranche1", kind="equity", payer="nvidia", payee="openai", amount_usd="10B",
             announced="2026-02", supersedes=["loi"], status="drawn"),
        Deal(id="cloud", kind="cloud_contract", payer="openai", payee="oracle",
             amount_usd="300B", announced="2025"),
        Deal(id="undated", kind="chip_purchase", payer="oracle", payee="nvidia",
             amount_usd="40B"),
    ]
    obs = [
        Observation(entity="nvidia", metric="revenue", date="2025-04-28..2025-07-27",
                    value=46743e6, unit="USD"),
        Observation(entity="nvidia", metric="revenue", date="2025-07-28..2025-10-26",
                    value=57006e6, unit="USD"),
        Observation(entity="openai", metric="revenue", date="2030", value=200e9, unit="USD",
                    basis="projected"),
    ]
    return Ledger(name="toy", entities=ents, deals=deals, observations=obs)


def ids(led):
    return sorted(d.id for d in led.active_deals())


def test_supersedes_applies_from_the_superseding_records_date():
    led = toy()
    # 2025-06-30: only the year-dated cloud contract can be public (its first day has passed)
    assert ids(as_of(led, "2025-06-30")) == ["cloud"]
    # after the LOI, before the restructuring: the LOI is active
    assert ids(as_of(led, "2025-12-31")) == ["cloud", "loi"]
    # from February 2026 the tranche replaces the LOI
    assert ids(as_of(led, "2026-02-01")) == ["cloud", "tranche1"]
    assert ids(as_of(led, "2026Q1")) == ids(led.model_copy(update={"deals": led.deals[:3]}))


def test_strict_waits_for_the_last_day_a_date_can_mean():
    led = toy()
    assert ids(as_of(led, "2025-06-30", strict=True)) == []
    assert ids(as_of(led, "2025-12-31", strict=True)) == ["cloud", "loi"]


def test_undated_deals_dropped_unless_kept():
    led = toy()
    assert "undated" not in ids(as_of(led, "2030"))
    assert "undated" in ids(as_of(led, "2020", undated="keep"))


def test_observations_count_once_their_period_has_ended():
    led = toy()
    cut = as_of(led, "2025-10-25")       # the Q3 FY2026 quarter ends 2025-10-26
    assert [str(o.date) for o in cut.series("nvidia", "revenue")] == ["2025-04-28..2025-07-27"]
    assert len(as_of(led, "2025-10-26").series("nvidia", "revenue")) == 2
    # a projection carries the year it refers to, not the day it was made: always kept
    assert cut.observation("openai", "revenue").value.mid == 200e9


def revalidate(led: Ledger) -> Ledger:
    return Ledger(name=led.name, entities=led.entities, deals=led.deals,
                  observations=led.observations, events=led.events, parameters=led.parameters)


def test_cut_is_a_valid_ledger():
    """Re-validating the cut (referential checks, supersedes targets) must pass."""
    for day in ("2019", "2023-06-30", "2025Q3", "2026"):
        cut = as_of(load_dataset("ai2025"), day)
        revalidate(cut)
    revalidate(as_of(toy(), "2026-03-01"))


def test_today_is_the_whole_dated_ledger():
    led = load_dataset("ai2025")
    dated = sorted(d.id for d in led.active_deals() if d.announced is not None)
    assert ids(as_of(led, "2100")) == dated


def test_quarters_and_parse():
    assert Quarter(2025, 2).start == dt.date(2025, 4, 1)
    assert Quarter(2024, 1).end == dt.date(2024, 3, 31)
    assert Quarter(2024, 4).end == dt.date(2024, 12, 31)
    assert [str(q) for q in quarters("2024Q3", "2025-02-10")] == ["2024Q3", "2024Q4", "2025Q1"]
    assert parse_as_of("2024-02") == dt.date(2024, 2, 29)
    with pytest.raises(CapexloopError):
        parse_as_of("2025-13")
    with pytest.raises(CapexloopError):
        parse_as_of("2024..2025")
    with pytest.raises(CapexloopError):
        list(quarters("2025", "2024"))


@given(st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 12, 31)))
def test_quarter_contains_its_day(day):
    q = quarter_of(day)
    assert q.start <= day <= q.end
    assert (q.end - q.start).days in (89, 90, 91)
    assert q.next().start == q.end + dt.timedelta(days=1)


@given(st.dates(min_value=dt.date(2018, 1, 1), max_value=dt.date(2027, 12, 31)),
       st.dates(min_value=dt.date(2018, 1, 1), max_value=dt.date(2027, 12, 31)))
def test_as_of_is_monotone(a, b):
    """What was public at an earlier date is a subset of what was public later (deals and
    observations); supersedes can only retire records."""
    a, b = min(a, b), max(a, b)
    led = load_dataset("ai2025")
    ca, cb = as_of(led, a), as_of(led, b)
    assert {d.id for d in ca.deals} <= {d.id for d in cb.deals}
    assert {(o.entity, o.metric, str(o.date)) for o in ca.observations} <= {
        (o.entity, o.metric, str(o.date)) for o in cb.observations}


# NVIDIA's fiscal quarters FY2025-26 (52/53-week calendar, 10-Q/10-K revenue in $M)
NV = [("2024-07-29..2024-10-27", 35082), ("2024-10-28..2025-01-26", 39331),
      ("2025-01-27..2025-04-27", 44062), ("2025-04-28..2025-07-27", 46743),
      ("2025-07-28..2025-10-26", 57006)]


def rev(spans, **kw):
    return [Observation(entity="v", metric="revenue", date=d, value=x * 1e6, unit="USD", **kw)
            for d, x in spans]


def test_trailing_year_sums_four_contiguous_quarters():
    """To 2025-10-26: 39,331 + 44,062 + 46,743 + 57,006 = 187,142 ($M), by hand."""
    t = trailing_year(rev(NV), "2025-10-26")
    assert t.value == pytest.approx(187142e6)
    assert [str(o.date) for o in t.parts] == [d for d, _ in NV[1:]]
    # one quarter earlier: 35,082 + 39,331 + 44,062 + 46,743 = 165,218
    assert trailing_year(rev(NV), "2025-07-27").value == pytest.approx(165218e6)


def test_trailing_year_gap_is_missing_with_the_gap_named():
    """Without the quarter ending 2025-04-27 the four latest quarters on file are not
    contiguous: the sum 35,082 + 39,331 + 46,743 + 57,006 would span 15 months."""
    spans = [q for q in NV if not q[0].endswith("2025-04-27")]
    t = trailing_year(rev(spans), "2025-10-26")
    assert math.isnan(t.value)
    assert "before 2025-04-28..2025-07-27 is missing" in t.note
    assert "2025-01-26" in t.note


def test_trailing_year_takes_a_filed_fiscal_year_and_skips_projections():
    """AMD FY2025 (2024-12-29..2025-12-27; the ai-public values of its 10-K,
    sec:0000002488-26-000014) is the TTM at its last quarter's end even
    when a quarter is missing; a projected quarter never fills a gap."""
    amd = rev([("2024-12-29..2025-12-27", 34639), ("2025-09-28..2025-12-27", 10270)])
    t = trailing_year(amd, "2025-12-27")
    assert t.value == pytest.approx(34639e6) and t.note.startswith("fiscal year")
    proj = rev(NV[1:3] + NV[4:]) + rev(NV[3:4], basis="projected")
    assert math.isnan(trailing_year(proj, "2025-10-26").value)
    assert math.isnan(trailing_year(rev(NV), "2025-09-30").value)   # no quarter ends then


def test_fiscal_quarters_are_80_to_100_days():
    obs = rev([("2025", 1), ("2025-01..2025-06", 2), *NV[:1]])
    assert [str(o.date) for o in fiscal_quarters(obs)] == [NV[0][0]]
