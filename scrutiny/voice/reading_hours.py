"""When somebody reads what comes in through the public pages: the partnership's reading hours.

The public pages promise only what is true. Inside reading hours a concern is read within the
partnership's time to acknowledge; outside them the page says so, points to 999, Childline and the
out-of-hours number, and the out-of-hours contact is alerted at once. The time to acknowledge is
counted in reading time, from the next opening when a concern arrives outside the hours.

Working days come from the clocks room (England and Wales bank holidays). Past the end of the
shipped holiday table the clocks room refuses to guess; here a day past it counts as a working day
if it is Monday to Friday, because a page must still answer a child, and saying "we are reading"
on an unknown bank holiday is corrected by the escalation, which keeps alerting until someone
acknowledges.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.utils import timezone

from scrutiny.clocks.workdays import is_working_day
from scrutiny.voice.models import ReadingDays, VoiceSettings

#: How far ahead to look for the next opening: past Christmas and Easter together.
_SEARCH_DAYS = 21


def reads_on(settings: VoiceSettings, day: date) -> bool:
    """Whether messages are read on ``day`` at all."""
    if settings.reading_days == ReadingDays.EVERY_DAY:
        return True
    try:
        return is_working_day(day)
    except ValueError:
        return day.weekday() < 5


def _window(settings: VoiceSettings, day: date) -> tuple[datetime, datetime]:
    tz = timezone.get_current_timezone()
    return (
        datetime.combine(day, settings.reading_starts, tzinfo=tz),
        datetime.combine(day, settings.reading_ends, tzinfo=tz),
    )


def is_open(settings: VoiceSettings, moment: datetime) -> bool:
    """Whether ``moment`` is inside the partnership's reading hours."""
    local = timezone.localtime(moment)
    if not reads_on(settings, local.date()):
        return False
    opens, closes = _window(settings, local.date())
    return opens <= local < closes


def next_opening(settings: VoiceSettings, moment: datetime) -> datetime:
    """``moment`` itself when it is inside reading hours, else when they next begin."""
    local = timezone.localtime(moment)
    if is_open(settings, local):
        return local
    day = local.date()
    for offset in range(_SEARCH_DAYS):
        candidate = day + timedelta(days=offset)
        opens, _closes = _window(settings, candidate)
        if reads_on(settings, candidate) and opens > local:
            return opens
    raise ValueError(f"No reading hours in the {_SEARCH_DAYS} days after {local:%Y-%m-%d}")


def add_reading_minutes(settings: VoiceSettings, start: datetime, minutes: int) -> datetime:
    """The moment when ``minutes`` of reading time have passed since ``start`` (counted from the
    next opening when ``start`` is outside reading hours)."""
    moment = next_opening(settings, start)
    left = timedelta(minutes=minutes)
    for _ in range(_SEARCH_DAYS * 2):
        _opens, closes = _window(settings, moment.date())
        available = closes - moment
        if left <= available:
            return moment + left
        left -= available
        moment = next_opening(settings, closes)
    raise ValueError(f"{minutes} minutes of reading time do not fit in {_SEARCH_DAYS} days")


def describe(settings: VoiceSettings) -> str:
    """The reading hours in words, for the public pages and the settings page."""
    days = "every day" if settings.reading_days == ReadingDays.EVERY_DAY else "Monday to Friday, not bank holidays"
    return f"{days}, {clock(settings.reading_starts)} to {clock(settings.reading_ends)}"


def clock(moment: object) -> str:
    """A time as people say it: 9am, 5:30pm."""
    hour, minute = getattr(moment, "hour", 0), getattr(moment, "minute", 0)
    suffix = "am" if hour < 12 else "pm"
    twelve = hour % 12 or 12
    return f"{twelve}{suffix}" if minute == 0 else f"{twelve}:{minute:02d}{suffix}"
