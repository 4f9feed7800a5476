"""The deadlines calendar: a person's open statutory clocks as an iCalendar file (RFC 5545) that
calendar apps subscribe to.

Each open clock is one all-day event on its due date with a reminder the day before. The event's
UID depends only on the record and the rule, so when a date changes (a late reason recorded, a
planned publication moved) calendar apps move the event rather than add a second one.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from datetime import date, datetime, timedelta

from django.http import Http404, HttpResponse
from django.utils.cache import patch_cache_control
from icalendar import Alarm, Calendar, Event, vDuration

from scrutiny import confirmation
from scrutiny.clocks.models import CalendarFeed
from scrutiny.clocks.tracking import Clock
from scrutiny.partnerships.access import Seat, seat_for

PRODUCT_ID = "-//Scrutiny//Deadlines//EN"
#: How often calendar apps that honour it should fetch the feed again.
REFRESH_INTERVAL = timedelta(hours=6)


def event_uid(clock: Clock) -> str:
    """Stable per record and rule: the rule id and a hash of the record's address."""
    digest = hashlib.sha256((clock.url or clock.record).encode()).hexdigest()[:20]
    return f"{clock.rule_id}-{digest}@scrutiny"


def _description(clock: Clock, link: str) -> str:
    rule = clock.rule
    lines = [rule.title + "."]
    if clock.start is not None and clock.counts_back:
        lines.append(f"Counted back from the planned date, {clock.start:%-d %B %Y}.")
    elif clock.start is not None:
        lines.append(f"Started {clock.start:%-d %B %Y}.")
    if not rule.verified:
        whose = " (your partnership's length)" if rule.set_by_partnership else ""
        lines.append(f"{rule.length_text}{whose}: {confirmation.sentence('partnership')}")
    lines.append(link)
    return "\n".join(lines)


def published_calendar(product_id: str, name: str) -> Calendar:
    """An empty calendar to publish, with the name and refresh interval calendar apps read."""
    calendar = Calendar()
    calendar.add("prodid", product_id)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("name", name)
    calendar.add("x-wr-calname", name)
    calendar.add("refresh-interval", REFRESH_INTERVAL, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", vDuration(REFRESH_INTERVAL))
    return calendar


def feed_seat(token: str, room: str) -> tuple[CalendarFeed, Seat]:
    """The calendar address with this secret token and its person's seat today, for a feed of
    ``room``; 404 for an unknown token, a deactivated person or a seat that may not view the room
    (so a member who leaves stops being served)."""
    feed = CalendarFeed.objects.select_related("user", "partnership").filter(token=token).first()
    seat = seat_for(feed.user, feed.partnership) if feed is not None and feed.user.is_active else None
    if feed is None or seat is None or not seat.can(room, "view"):
        raise Http404("No such calendar")
    return feed, seat


def calendar_response(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    # The address is a secret: shared caches must not keep a copy.
    patch_cache_control(response, private=True, no_cache=True)
    return response


def deadlines_calendar(
    clocks: Iterable[Clock], *, partnership_name: str, absolute: Callable[[str], str], now: datetime
) -> bytes:
    """The calendar of ``clocks`` (each with a due date). ``absolute`` turns a record's path into
    a full address, since a calendar app has no page to resolve it against."""
    calendar = published_calendar(PRODUCT_ID, f"Deadlines — {partnership_name}")
    for clock in clocks:
        due = clock.due
        if due is None:
            continue
        link = absolute(clock.url) if clock.url else ""
        calendar.add_component(_event(clock, due, link, now))
    ical: bytes = calendar.to_ical()
    return ical


def _event(clock: Clock, due: date, link: str, now: datetime) -> Event:
    event = Event()
    event.add("uid", event_uid(clock))
    event.add("dtstamp", now)
    event.add("dtstart", due)
    # An all-day event ends (exclusively) the next day: RFC 5545 §3.6.1. This is the calendar's
    # notation for "this day", not a deadline.
    event.add("dtend", due + timedelta(days=1))
    event.add("summary", f"{clock.label}: {clock.record}")
    event.add("description", _description(clock, link))
    if link:
        event.add("url", link)
    event.add("transp", "TRANSPARENT")
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", f"Due tomorrow: {clock.label}: {clock.record}")
    alarm.add("trigger", timedelta(days=-1))
    event.add_component(alarm)
    return event
