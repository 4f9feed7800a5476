"""England and Wales bank holidays as the clocks see them (statutory.md §7.1)."""

from datetime import date

import pytest

from scrutiny.clocks.holidays import (
    OutsideHolidayData,
    bank_holidays,
    check_covered,
    first_year,
    is_bank_holiday,
    last_year,
)


def test_the_data_starts_in_2012_and_runs_to_at_least_2028() -> None:
    assert first_year() == 2012
    assert last_year() >= 2028
    assert last_year() == max(bank_holidays()).year


def test_it_has_the_2025_holidays_listed_in_statutory_md() -> None:
    in_2025 = {day for day in bank_holidays() if day.year == 2025}
    assert in_2025 == {
        date(2025, 1, 1),
        date(2025, 4, 18),
        date(2025, 4, 21),
        date(2025, 5, 5),
        date(2025, 5, 26),
        date(2025, 8, 25),
        date(2025, 12, 25),
        date(2025, 12, 26),
    }


def test_it_has_the_2026_holidays_including_the_substitute_28_december() -> None:
    in_2026 = {day for day in bank_holidays() if day.year == 2026}
    assert in_2026 == {
        date(2026, 1, 1),
        date(2026, 4, 3),
        date(2026, 4, 6),
        date(2026, 5, 4),
        date(2026, 5, 25),
        date(2026, 8, 31),
        date(2026, 12, 25),
        date(2026, 12, 28),
    }


def test_boxing_day_2026_on_a_saturday_is_not_itself_listed() -> None:
    assert not is_bank_holiday(date(2026, 12, 26))
    assert is_bank_holiday(date(2026, 12, 28))


def test_it_uses_england_and_wales_not_scotland() -> None:
    # 2 January is a Scottish bank holiday only.
    assert not is_bank_holiday(date(2025, 1, 2))


def test_the_first_and_last_days_of_the_covered_years_are_covered() -> None:
    check_covered(date(2012, 1, 1))
    check_covered(date(last_year(), 12, 31))


def test_a_date_before_the_data_is_refused_naming_the_date_and_range() -> None:
    with pytest.raises(OutsideHolidayData) as raised:
        check_covered(date(2011, 12, 31))
    assert str(raised.value) == (f"2011-12-31 is outside the bank-holiday data, which covers 2012 to {last_year()}")


def test_a_date_after_the_data_is_refused_naming_the_date_and_range() -> None:
    after = date(last_year() + 1, 1, 6)
    with pytest.raises(OutsideHolidayData) as raised:
        is_bank_holiday(after)
    assert str(raised.value) == (
        f"{after.isoformat()} is outside the bank-holiday data, which covers 2012 to {last_year()}"
    )


def test_outside_holiday_data_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="outside the bank-holiday data"):
        check_covered(date(2031, 1, 6))
