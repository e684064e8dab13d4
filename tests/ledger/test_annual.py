"""A company's annual revenue as known on a day (fiscal year, TTM, run-rate, quarter × 4,
projection only as a fallback), on hand-made observations and on the stored ai-public labs."""

import math

import pytest

from capexloop.ledger import Entity, Ledger, Observation, load_dataset
from capexloop.ledger.annual import annual_revenue, revenue_series
from capexloop.ledger.asof import as_of


def lab(*obs) -> Ledger:
    return Ledger(name="t", entities=[Entity(id="lab", name="Lab", layer="model_provider")],
                  observations=[Observation(entity="lab", metric=m, date=d, value=v,
                                            unit="USD", basis=b)
                                for m, d, v, b in obs])


def test_latest_figure_wins_and_projections_only_as_fallback():
    led = lab(("revenue", "2024", 3.7e9, "stated"), ("revenue", "2025", 13.07e9, "stated"),
              ("revenue_run_rate", "2026-02", 25e9, "stated"),
              ("revenue", "2026-01..2026-03", 5.7e9, "stated"),
              ("revenue", "2028", 100e9, "projected"))
    a = annual_revenue(led, "lab")
    # quarter to 2026-03-31 × 4 = 22.8B is later than the run-rate of February
    assert a.value == pytest.approx(22.8e9) and a.basis == "quarter × 4"
    # as of 2026-02-28: the run-rate (25B) is the latest; the 2028 projection never counts
    b = annual_revenue(as_of(led, "2026-02-28"), "lab")
    assert (b.value, b.basis) == (25e9, "run-rate")
    c = annual_revenue(as_of(led, "2025-06-30"), "lab")
    assert (c.value, c.basis) == (3.7e9, "fiscal year")


def test_ttm_beats_quarter_times_four_on_the_same_day():
    qs = [("2025-01..2025-03", 1e9), ("2025-04..2025-06", 2e9), ("2025-07..2025-09", 3e9),
          ("2025-10..2025-12", 4e9)]
    a = annual_revenue(lab(*[("revenue", d, v, "reported") for d, v in qs]), "lab")
    assert (a.value, a.basis) == (10e9, "TTM")
    # without Q2 the quarters are not contiguous: Q4 × 4 = 16B, said so
    b = annual_revenue(lab(*[("revenue", d, v, "reported") for d, v in qs if v != 2e9]), "lab")
    assert (b.value, b.basis) == (16e9, "quarter × 4")


def test_projection_fallback_respects_the_cut():
    led = lab(("revenue", "2025", 13e9, "projected"), ("revenue", "2028", 99e9, "projected"))
    assert annual_revenue(led, "lab").value == 13e9              # the nearest year
    assert annual_revenue(as_of(led, "2025-06-30"), "lab").value == 13e9
    assert math.isnan(annual_revenue(as_of(led, "2023-12-31"), "lab").value)


def test_ai_public_labs_from_their_stored_observations():
    """Second method: read the stored observations directly. Anthropic: the run-rate dated
    2026-05 is its latest actual figure; xAI: its full calendar 2025 (SpaceX S-1, a stated
    year ending 2025-12-31) is later than its latest stated quarter (2025-07..2025-09) and its
    run-rate of 2024-11."""
    led = load_dataset("ai-public")
    rr = [o for o in led.series("anthropic", "revenue_run_rate") if o.basis != "projected"]
    latest = max(rr, key=lambda o: o.date.end)
    a = annual_revenue(led, "anthropic")
    assert a.value == latest.value.mid and a.basis == "run-rate"
    assert set(a.sources) == set(latest.sources)
    actual = [o for o in led.series("xai", "revenue") if o.basis != "projected"]
    year = [o for o in actual if 360 <= (o.date.end - o.date.start).days <= 366]
    q = [o for o in actual if 80 <= (o.date.end - o.date.start).days <= 100]
    latest_year = max(year, key=lambda o: o.date.end)
    assert latest_year.date.end > max(o.date.end for o in q)
    x = annual_revenue(led, "xai")
    assert x.value == pytest.approx(latest_year.value.mid)
    assert x.date >= max(o.date.end for o in led.series("xai", "revenue_run_rate"))


@pytest.mark.parametrize("name", ["ai2025", "ai-public", "telecom2000"])
def test_grouped_series_read_the_same_revenue(name):
    """The one-pass grouping (used for many labs at once) gives every entity exactly the
    figure the per-entity scan gives (second method: :meth:`Ledger.series`)."""
    led = load_dataset(name)
    grouped = revenue_series(led)
    for e in led.entities:
        assert annual_revenue(led, e.id, series=grouped) == annual_revenue(led, e.id)
