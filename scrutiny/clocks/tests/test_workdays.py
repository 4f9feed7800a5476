"""The working-day convention and the worked examples of statutory.md §7.2 to §7.4."""

from collections.abc import Callable
from datetime import date, timedelta

import pytest

from scrutiny.clocks.holidays import OutsideHolidayData, last_year
from scrutiny.clocks.workdays import (
    add_calendar_days,
    add_months,
    add_working_days,
    is_working_day,
    subtract_calendar_days,
    subtract_months,
    subtract_working_days,
    working_days_between,
)

# --- §7.2 worked examples ------------------------------------------------------------------


def test_example_1_a_sin_over_easter_2025_is_due_on_monday_28_april() -> None:
    assert add_working_days(date(2025, 4, 17), 5) == date(2025, 4, 28)


def test_example_2_a_rapid_review_over_christmas_2025_is_due_on_thursday_8_january_2026() -> None:
    assert add_working_days(date(2025, 12, 15), 15) == date(2026, 1, 8)


def test_example_3_an_assessment_across_easter_and_early_may_2026_is_due_on_thursday_7_may() -> None:
    assert add_working_days(date(2026, 3, 2), 45) == date(2026, 5, 7)


def test_example_3_counts_21_working_days_in_march_and_41_by_the_end_of_april() -> None:
    assert working_days_between(date(2026, 3, 2), date(2026, 3, 31)) == 21
    assert working_days_between(date(2026, 3, 2), date(2026, 4, 30)) == 41


def test_extra_case_a_referral_on_friday_19_december_2025_is_decided_by_monday_22_december() -> None:
    assert add_working_days(date(2025, 12, 19), 1) == date(2025, 12, 22)


def test_extra_case_a_sin_on_christmas_eve_2025_is_due_on_monday_5_january_2026() -> None:
    assert add_working_days(date(2025, 12, 24), 5) == date(2026, 1, 5)


def test_extra_case_an_icpc_after_a_strategy_discussion_on_23_april_2026_is_due_on_15_may() -> None:
    assert add_working_days(date(2026, 4, 23), 15) == date(2026, 5, 15)


def test_extra_case_a_core_group_after_an_icpc_on_20_may_2026_is_due_on_thursday_4_june() -> None:
    assert add_working_days(date(2026, 5, 20), 10) == date(2026, 6, 4)


def test_extra_case_a_sin_on_22_december_2026_skips_the_substitute_day_and_is_due_on_31_december() -> None:
    assert add_working_days(date(2026, 12, 22), 5) == date(2026, 12, 31)


# --- §7.3 reverse clocks -------------------------------------------------------------------


def test_reverse_clock_example_the_latest_send_date_before_publication_on_12_may_2026_is_30_april() -> None:
    assert subtract_working_days(date(2026, 5, 12), 7) == date(2026, 4, 30)


def test_reverse_clock_the_latest_send_date_leaves_at_least_n_working_days_before_publication() -> None:
    assert working_days_between(date(2026, 4, 30), date(2026, 5, 12)) == 7
    assert working_days_between(date(2026, 5, 1), date(2026, 5, 12)) == 6


def test_reverse_clock_from_a_sunday_counts_back_from_the_friday() -> None:
    assert subtract_working_days(date(2025, 12, 14), 1) == date(2025, 12, 12)


# --- §7.4 calendar months and days ---------------------------------------------------------


def test_months_example_an_icpc_on_31_march_2026_has_its_first_review_due_on_30_june() -> None:
    assert add_months(date(2026, 3, 31), 3) == date(2026, 6, 30)


def test_months_keep_the_same_day_number() -> None:
    assert add_months(date(2025, 12, 15), 6) == date(2026, 6, 15)


def test_months_clamp_to_29_february_in_a_leap_year() -> None:
    assert add_months(date(2027, 8, 31), 6) == date(2028, 2, 29)


def test_months_deadlines_are_not_moved_off_a_bank_holiday() -> None:
    # 3 April 2026 is Good Friday.
    assert add_months(date(2026, 1, 3), 3) == date(2026, 4, 3)


def test_subtracting_months_clamps_to_the_end_of_a_shorter_month() -> None:
    assert subtract_months(date(2026, 5, 31), 3) == date(2026, 2, 28)


def test_months_are_not_limited_to_the_bank_holiday_data() -> None:
    # No holiday is consulted, so no guess is made.
    assert add_months(date(2099, 12, 31), 2) == date(2100, 2, 28)


def test_calendar_days_are_plain_days_and_may_land_on_a_bank_holiday() -> None:
    assert add_calendar_days(date(2025, 12, 19), 7) == date(2025, 12, 26)


def test_subtracting_calendar_days_counts_back_plain_days() -> None:
    assert subtract_calendar_days(date(2026, 1, 2), 7) == date(2025, 12, 26)


# --- the convention (§7.1) -----------------------------------------------------------------


def test_a_working_day_start_is_never_itself_counted() -> None:
    assert add_working_days(date(2025, 12, 15), 1) == date(2025, 12, 16)


def test_a_saturday_start_makes_monday_working_day_1() -> None:
    assert add_working_days(date(2025, 12, 13), 1) == date(2025, 12, 15)


def test_a_sunday_start_makes_monday_working_day_1() -> None:
    assert add_working_days(date(2025, 12, 14), 1) == date(2025, 12, 15)


def test_a_good_friday_start_makes_the_tuesday_after_easter_working_day_1() -> None:
    assert add_working_days(date(2025, 4, 18), 1) == date(2025, 4, 22)


def test_zero_working_days_after_a_saturday_is_the_saturday_itself() -> None:
    assert add_working_days(date(2025, 12, 13), 0) == date(2025, 12, 13)


def test_zero_working_days_before_a_date_is_the_date_itself() -> None:
    assert subtract_working_days(date(2025, 12, 25), 0) == date(2025, 12, 25)


def test_it_knows_weekdays_weekends_and_bank_holidays() -> None:
    assert is_working_day(date(2025, 12, 24))
    assert not is_working_day(date(2025, 12, 27))
    assert not is_working_day(date(2025, 12, 25))
    assert not is_working_day(date(2026, 12, 28))


@pytest.mark.parametrize(
    "count",
    [add_working_days, subtract_working_days],
    ids=["adding", "subtracting"],
)
def test_a_negative_number_of_working_days_is_refused(count: Callable[[date, int], date]) -> None:
    with pytest.raises(ValueError, match=r"^the number of working days must be zero or more, not -3$"):
        count(date(2025, 12, 15), -3)


def test_a_negative_number_of_months_is_refused() -> None:
    with pytest.raises(ValueError, match=r"^the number of months must be zero or more, not -1$"):
        add_months(date(2025, 12, 15), -1)


def test_a_negative_number_of_calendar_days_is_refused() -> None:
    with pytest.raises(ValueError, match=r"^the number of calendar days must be zero or more, not -2$"):
        subtract_calendar_days(date(2025, 12, 15), -2)


# --- durations -----------------------------------------------------------------------------


def test_the_duration_of_example_2_is_15_working_days() -> None:
    assert working_days_between(date(2025, 12, 15), date(2026, 1, 8)) == 15


def test_the_duration_from_a_day_to_itself_is_zero() -> None:
    assert working_days_between(date(2025, 12, 15), date(2025, 12, 15)) == 0


def test_the_duration_over_a_weekend_alone_is_zero() -> None:
    assert working_days_between(date(2025, 12, 12), date(2025, 12, 14)) == 0


def test_the_duration_backwards_is_the_negative_of_the_duration_forwards() -> None:
    assert working_days_between(date(2026, 1, 8), date(2025, 12, 15)) == -15


def test_within_n_working_days_is_the_same_as_a_duration_of_at_most_n() -> None:
    start = date(2025, 4, 17)
    deadline = add_working_days(start, 5)
    assert working_days_between(start, deadline) == 5
    assert working_days_between(start, deadline + timedelta(days=1)) == 6


# --- outside the bank-holiday data ---------------------------------------------------------


def test_counting_past_the_end_of_the_data_is_refused_naming_the_first_unknown_day() -> None:
    end = date(last_year(), 12, 28)
    with pytest.raises(OutsideHolidayData, match=rf"^{last_year() + 1}-01-01 is outside the bank-holiday data"):
        add_working_days(end, 5)


def test_counting_back_before_the_start_of_the_data_is_refused() -> None:
    # 2 January 2012 is a substitute bank holiday and 1 January a Sunday.
    with pytest.raises(OutsideHolidayData, match=r"^2011-12-31 is outside the bank-holiday data, which covers 2012 to"):
        subtract_working_days(date(2012, 1, 3), 1)


def test_a_start_outside_the_data_is_refused_even_for_zero_days() -> None:
    with pytest.raises(OutsideHolidayData, match=r"^2031-01-06 is outside"):
        add_working_days(date(2031, 1, 6), 0)


def test_a_duration_ending_outside_the_data_is_refused() -> None:
    with pytest.raises(OutsideHolidayData, match=r"^2011-06-01 is outside"):
        working_days_between(date(2025, 1, 6), date(2011, 6, 1))


def test_is_working_day_refuses_a_date_outside_the_data() -> None:
    with pytest.raises(OutsideHolidayData):
        is_working_day(date(2011, 12, 30))
