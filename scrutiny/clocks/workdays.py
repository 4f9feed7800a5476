"""Working-day and calendar arithmetic for statutory clocks (statutory.md §7).

Every deadline in the product goes through these functions so that one convention applies
everywhere: "within N working days of D" is the Nth working day *after* D, and D itself is
never counted, even when it is a working day (§7.1). Month and calendar-day clocks are not
moved off weekends or holidays (§7.4).

Working-day functions raise ``OutsideHolidayData`` for any date they would have to judge
outside the shipped bank-holiday data, rather than guessing that an unknown year has none.
"""

from __future__ import annotations

import calendar
import functools
from array import array
from bisect import bisect_left
from datetime import date, timedelta

from scrutiny.clocks.holidays import bank_holidays, check_covered, holiday_data

_ONE_DAY = timedelta(days=1)
_SATURDAY = 5


def _require_count(n: int, what: str) -> None:
    if n < 0:
        raise ValueError(f"the number of {what} must be zero or more, not {n}")


def is_working_day(day: date) -> bool:
    """Monday to Friday and not an England and Wales bank holiday (statutory.md §7.1)."""
    check_covered(day)
    return day.weekday() < _SATURDAY and day not in bank_holidays()


def _step_working_days(start: date, n: int, step: timedelta) -> date:
    _require_count(n, "working days")
    check_covered(start)
    day = start
    remaining = n
    while remaining:
        day += step
        if is_working_day(day):
            remaining -= 1
    return day


def add_working_days(start: date, n: int) -> date:
    """The Nth working day after ``start``; ``start`` is never counted (statutory.md §7.1).

    A start on a weekend or holiday is allowed: working day 1 is then the first working day
    after it. ``n == 0`` returns ``start`` unchanged.
    """
    _require_count(n, "working days")
    check_covered(start)
    if n == 0:
        return start
    # The running count rises by one on each working day, so the Nth working day after start is
    # the first day whose count reaches start's count plus N: a binary search, not a walk.
    first, counts = _working_days_to()
    index = start.toordinal() - first
    found = bisect_left(counts, counts[index] + n, lo=index + 1)
    if found >= len(counts):
        return _step_working_days(start, n, _ONE_DAY)  # raises OutsideHolidayData past the data
    return date.fromordinal(first + found)


def subtract_working_days(end: date, n: int) -> date:
    """The Nth working day before ``end``; ``end`` is never counted (reverse clocks, §7.3)."""
    return _step_working_days(end, n, -_ONE_DAY)


@functools.cache
def _working_days_to() -> tuple[int, array[int]]:
    """For every day the holiday data covers, the working days from the first covered day up to
    and including it: a running count, so any duration is one subtraction. Returns
    (ordinal of the first covered day, counts)."""
    data = holiday_data()
    first = data.first_day.toordinal()
    counts: array[int] = array("l")
    running = 0
    for ordinal in range(first, data.last_day.toordinal() + 1):
        day = date.fromordinal(ordinal)
        if day.weekday() < _SATURDAY and day not in data.dates:
            running += 1
        counts.append(running)
    return first, counts


def working_days_between(start: date, end: date) -> int:
    """Working days after ``start`` up to and including ``end`` (statutory.md §7.1).

    The same day gives 0, which matches DfE's "same day" band. If ``end`` is before ``start``
    the result is the negative of the count from ``end`` to ``start``.
    """
    check_covered(start)
    check_covered(end)
    # A lookup in a running count rather than a walk: pages ask this for hundreds of clocks and
    # an indicator import for hundreds of thousands of assessments.
    first, counts = _working_days_to()
    return counts[end.toordinal() - first] - counts[start.toordinal() - first]


def add_months(day: date, n: int) -> date:
    """The same day number ``n`` months later, clamped to that month's last day (§7.4).

    31 March plus 3 months is 30 June. The result is not moved off a weekend or holiday.
    """
    _require_count(n, "months")
    return _shift_months(day, n)


def subtract_months(day: date, n: int) -> date:
    """The same day number ``n`` months earlier, clamped to that month's last day (§7.4)."""
    _require_count(n, "months")
    return _shift_months(day, -n)


def _shift_months(day: date, months: int) -> date:
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    last = calendar.monthrange(year, month)[1]
    return date(year, month, min(day.day, last))


def add_calendar_days(day: date, n: int) -> date:
    """``day`` plus ``n`` calendar days, not moved off weekends or holidays (§7.4)."""
    _require_count(n, "calendar days")
    return day + timedelta(days=n)


def subtract_calendar_days(day: date, n: int) -> date:
    """``day`` minus ``n`` calendar days (§7.4, counted back for reverse clocks as in §7.3)."""
    _require_count(n, "calendar days")
    return day - timedelta(days=n)
