"""XmR readings with NHS England's Making Data Count rules, on sequences worked out by hand."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from scrutiny.performance.spc import Assurance, Variation, xmr


def points(*values: float) -> list[tuple[str, float]]:
    return [(f"P{n + 1}", value) for n, value in enumerate(values)]


def specials(values: Sequence[float], polarity: str = "neither") -> list[str]:
    reading = xmr(points(*values), polarity)
    assert reading is not None
    return [point.label for point in reading.points if point.special]


def test_limits_are_the_mean_plus_or_minus_2_66_average_moving_ranges():
    reading = xmr(points(10, 12, 10, 12, 10), "neither")
    assert reading is not None
    assert reading.mean == pytest.approx(10.8)
    assert reading.upper == pytest.approx(10.8 + 2.66 * 2)
    assert reading.lower == pytest.approx(10.8 - 2.66 * 2)
    assert specials([10, 12, 10, 12, 10]) == []


def test_a_point_outside_the_limits_is_special_cause():
    # Mean 16, average moving range 7.67: upper limit 36.4.
    assert specials([10, 14, 10, 14, 10, 14, 40]) == ["P7"]


def test_seven_on_one_side_of_the_mean_is_a_shift():
    values = [4, 6, 4, 6, 4, 6, 4, 8, 10, 8, 10, 8, 10, 8]
    assert specials(values) == [f"P{n}" for n in range(1, 15)]
    six = [4, 6, 4, 6, 4, 6, 8, 10, 8, 10, 8, 10]
    assert specials(six) == []


def test_seven_rising_in_a_row_is_a_trend():
    rising = [10, 10.5, 11, 11.5, 12, 12.5, 13]
    assert specials(rising) == [f"P{n}" for n in range(1, 8)]
    assert specials(rising[:6]) == []


def test_two_of_three_close_to_a_limit_on_the_same_side():
    # Mean 10.42, average moving range 1.27: upper limit 13.8, outer third above 12.68.
    values = [10, 9, 10, 9, 11, 13, 13, 10, 9, 10, 9, 10]
    assert specials(values) == ["P6", "P7"]
    # The same two high points without a third on their side of the mean: no signal.
    assert specials([10, 9, 10, 9, 9, 13, 13, 9, 9, 10, 9, 10]) == []


def test_the_direction_of_a_signal_follows_the_polarity():
    values = [10, 14, 10, 14, 10, 14, 40]
    for polarity, expected in [
        ("higher", Variation.IMPROVEMENT_HIGH),
        ("lower", Variation.CONCERN_HIGH),
        ("neither", Variation.NEUTRAL_HIGH),
    ]:
        reading = xmr(points(*values), polarity)
        assert reading is not None
        assert reading.latest.variation == expected
    low = xmr(points(40, 36, 40, 36, 40, 36, 10), "lower")
    assert low is not None
    assert low.latest.variation == Variation.IMPROVEMENT_LOW


def test_assurance_against_a_target():
    values = [80, 82, 81, 83, 80, 82]
    for target, polarity, expected in [
        (60, "higher", Assurance.PASS),
        (95, "higher", Assurance.FAIL),
        (81, "higher", Assurance.HIT_AND_MISS),
        (60, "lower", Assurance.FAIL),
    ]:
        reading = xmr(points(*values), polarity, target)
        assert reading is not None
        assert reading.assurance == expected
    neither = xmr(points(*values), "neither", 60)
    assert neither is not None
    assert neither.assurance is None


def test_the_summary_says_it_in_words_and_flags_few_points():
    reading = xmr(points(10, 14, 10, 14, 10, 14, 40), "higher", 12)
    assert reading is not None
    text = reading.summary("%")
    assert "7 points from P1 to P7" in text
    assert "Latest, P7: 40.0 %, special cause improvement (high) (outside the process limits)." in text
    assert "the process hits and misses the target" in text
    assert "With fewer than 15 points the limits are a first estimate." in text
    assert xmr(points(10), "higher") is None
