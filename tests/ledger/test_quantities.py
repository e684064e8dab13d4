"""Amount parsing: the forms users write parse exactly; everything else is an error."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from capexloop.ledger.quantities import Range, format_usd, parse_amount, parse_value


@pytest.mark.parametrize(("text", "low", "high"), [
    ("22e9", 22e9, 22e9),
    ("$22B", 22e9, 22e9),
    ("1.4T", 1.4e12, 1.4e12),
    ("350M", 350e6, 350e6),
    ("$10–20B", 10e9, 20e9),   # the suffix of the high end applies to a bare low end
    ("10B..20B", 10e9, 20e9),
    ("10B - 20B", 10e9, 20e9),
    ("$5.83bn", 5.83e9, 5.83e9),
    ("1,400M", 1.4e9, 1.4e9),
    ("5k", 5e3, 5e3),
    ("120000000", 1.2e8, 1.2e8),
    ("500M..1.2B", 5e8, 1.2e9),
    ("20 billion", 20e9, 20e9),               # the words filings and news use
    ("$1.2 billion", 1.2e9, 1.2e9),
    ("1,200 million", 1.2e9, 1.2e9),
    ("USD 3.5 billion", 3.5e9, 3.5e9),
    ("$10–20 billion", 10e9, 20e9),
])
def test_accepted_forms(text, low, high):
    r = parse_amount(text)
    assert (r.low, r.high) == (low, high)


@pytest.mark.parametrize("text", [
    "about 20 billion", "$", "1e", "10B..", "..10B", "1..2..3", "twelve",
    "-5B", "nan", "inf", "1,40M", "$10–20X", "10 GW",
])
def test_rejected_forms(text):
    with pytest.raises(ValueError):
        parse_amount(text)


def test_range_low_above_high_is_error():
    with pytest.raises(ValueError, match="above high"):
        parse_amount("20B..10B")


def test_unknown_is_none_not_zero():
    for t in (None, "", "unknown", "null", "NA"):
        assert parse_amount(t) is None


def test_negative_and_nan_numbers_rejected():
    with pytest.raises(ValueError, match="negative"):
        parse_amount(-1.0)
    with pytest.raises(ValueError, match="NaN"):
        parse_amount(float("nan"))


def test_signed_values_for_observations():
    assert parse_value("-0.04") == Range.point(-0.04)
    assert parse_value(-16.6e9).low == -16.6e9


@given(st.floats(min_value=0, max_value=1e15, allow_nan=False),
       st.floats(min_value=0, max_value=1e15, allow_nan=False))
def test_str_roundtrip_exact(a, b):
    """str(Range) is what CSV exports write; parsing it must give the same floats bit for bit."""
    r = Range(low=min(a, b), high=max(a, b))
    assert parse_amount(str(r)) == r


def test_format_usd():
    assert format_usd(1.4e12) == "$1.4T"
    assert format_usd(Range(low=10e9, high=20e9)) == "$10B–20B"
    assert format_usd(None) == "unknown"
    assert math.isclose(Range(low=1, high=3).mid, 2)
