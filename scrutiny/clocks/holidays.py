"""England and Wales bank holidays, read offline from the copy ``govuk-bank-holidays`` ships.

Working-day clocks (statutory.md §7.1) skip bank holidays, including substitute days. The
holidays are data, not code: GOV.UK publishes them at https://www.gov.uk/bank-holidays.json
and the ``govuk-bank-holidays`` package ships a snapshot of that file. We read the snapshot
and never the network, so a deadline cannot change because GOV.UK was slow to answer, and an
upgrade of the package is the one visible way new years arrive.

GOV.UK only announces a few years ahead. A date outside the covered years raises
``OutsideHolidayData`` rather than being treated as if it had no holidays: a deadline computed
from a guess would look exact and be wrong.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from datetime import date
from importlib import resources

DIVISION = "england-and-wales"
_PACKAGE = "govuk_bank_holidays"
_DATA_FILE = "bank-holidays.json"


# Named for what went wrong; it reads better where it is caught than an "Error" suffix would.
class OutsideHolidayData(ValueError):  # noqa: N818
    """A date falls in a year the shipped bank-holiday data does not cover."""


@dataclass(frozen=True)
class HolidayData:
    dates: frozenset[date]
    first_year: int
    last_year: int

    @property
    def first_day(self) -> date:
        return date(self.first_year, 1, 1)

    @property
    def last_day(self) -> date:
        return date(self.last_year, 12, 31)


@functools.cache
def holiday_data() -> HolidayData:
    """Load the ``england-and-wales`` division once per process."""
    raw = resources.files(_PACKAGE).joinpath(_DATA_FILE).read_text(encoding="utf-8")
    events = json.loads(raw)[DIVISION]["events"]
    dates = frozenset(date.fromisoformat(event["date"]) for event in events)
    if not dates:
        raise RuntimeError(f"{_PACKAGE}/{_DATA_FILE} lists no {DIVISION} bank holidays")
    # The data covers the first year with a holiday through the last one. Every year in England
    # and Wales has holidays, so a year missing in between means a damaged file, not a year
    # without holidays; refuse it rather than count through that year as if it were clear.
    first, last = min(dates).year, max(dates).year
    missing = sorted(set(range(first, last + 1)) - {day.year for day in dates})
    if missing:
        raise RuntimeError(f"{_PACKAGE}/{_DATA_FILE} lists no {DIVISION} bank holidays in {missing}")
    return HolidayData(dates=dates, first_year=first, last_year=last)


def bank_holidays() -> frozenset[date]:
    return holiday_data().dates


def first_year() -> int:
    return holiday_data().first_year


def last_year() -> int:
    return holiday_data().last_year


def check_covered(day: date) -> None:
    """Raise ``OutsideHolidayData`` unless ``day`` is in a year the data covers."""
    data = holiday_data()
    if not data.first_year <= day.year <= data.last_year:
        raise OutsideHolidayData(
            f"{day.isoformat()} is outside the bank-holiday data, which covers {data.first_year} to {data.last_year}"
        )


def is_bank_holiday(day: date) -> bool:
    check_covered(day)
    return day in holiday_data().dates
