"""The partnership's meetings as an iCalendar feed (RFC 5545) that calendar apps subscribe to.

The feed uses the person's secret calendar address from the deadlines page (one address per
person and partnership; renewing it there renews this feed too). Each meeting is one timed event
whose UID depends only on the meeting, so a moved meeting moves in the calendar and a cancelled
one shows as cancelled rather than disappearing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime, timedelta

from icalendar import Event

from scrutiny.clocks.feeds import published_calendar
from scrutiny.governance.models import Meeting, MeetingStatus

PRODUCT_ID = "-//Scrutiny//Meetings//EN"
#: A meeting with no end time is shown as this long.
DEFAULT_LENGTH = timedelta(hours=2)


def meetings_calendar(
    meetings: Iterable[Meeting], *, partnership_name: str, absolute: Callable[[str], str], now: datetime
) -> bytes:
    calendar = published_calendar(PRODUCT_ID, f"Meetings — {partnership_name}")
    for meeting in meetings:
        event = Event()
        event.add("uid", f"meeting-{meeting.pk}@scrutiny")
        event.add("dtstamp", now)
        event.add("dtstart", meeting.starts_at)
        event.add("dtend", meeting.ends_at or meeting.starts_at + DEFAULT_LENGTH)
        event.add("summary", meeting.series.name)
        if meeting.location:
            event.add("location", meeting.location)
        link = absolute(meeting.get_absolute_url())
        event.add("url", link)
        event.add("description", f"{meeting.series.get_kind_display()}.\n{link}")
        event.add("status", "CANCELLED" if meeting.status == MeetingStatus.CANCELLED else "CONFIRMED")
        calendar.add_component(event)
    ical: bytes = calendar.to_ical()
    return ical
