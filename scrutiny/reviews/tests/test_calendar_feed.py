"""The deadlines calendar feed: a secret address calendar apps read without signing in, answering
only what the person's seat allows today."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone
from icalendar import Calendar, Component

from scrutiny.clocks.models import CalendarFeed
from scrutiny.partnerships.models import Membership
from scrutiny.reviews.tests import factories as make

pytestmark = pytest.mark.django_db


def _feed_url(feed: CalendarFeed) -> str:
    return f"/calendar/{feed.token}.ics"


@pytest.fixture
def records(cast):
    today = timezone.localdate()
    missed = make.incident(
        cast.riverbank, "RB-MISSED", aware_on=today - timedelta(days=60), notified_on=None, partners_informed_on=None
    )
    review = make.lcspr(cast.riverbank, "Child Q review", decided_on=today)
    # Met: not in the feed.
    make.incident(
        cast.riverbank,
        "RB-DONE",
        aware_on=today - timedelta(days=30),
        notified_on=today - timedelta(days=29),
        partners_informed_on=today - timedelta(days=29),
    )
    make.incident(
        cast.hillcrest, "HC-THEIRS", aware_on=today - timedelta(days=60), notified_on=None, partners_informed_on=None
    )
    return {"missed": missed, "lcspr": review, "today": today}


def _events(response) -> list[Component]:
    return Calendar.from_ical(response.content).walk("VEVENT")


def test_the_feed_is_a_calendar_of_the_open_deadlines_read_without_signing_in(cast, client_for, records):
    feed = CalendarFeed.objects.create(user=cast.manager, partnership=cast.riverbank)
    response = client_for(None).get(_feed_url(feed))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "Set-Cookie" not in response.headers  # no session is made or needed
    calendar = Calendar.from_ical(response.content)
    assert str(calendar["X-WR-CALNAME"]) == f"Deadlines — {cast.riverbank.name}"
    events = {str(event["SUMMARY"]): event for event in calendar.walk("VEVENT")}
    assert sorted(events) == [
        "Notification to the Panel: Serious incident RB-MISSED",
        "Review completed and published: Child Q review",
        "Safeguarding partners told: Serious incident RB-MISSED",
    ]
    publication = events["Review completed and published: Child Q review"]
    due = records["lcspr"].clocks()[0].due
    assert publication.decoded("DTSTART") == due
    assert publication.decoded("DTEND") == due + timedelta(days=1)
    assert isinstance(publication.decoded("DTSTART"), date)
    description = str(publication["DESCRIPTION"])
    assert "Local child safeguarding practice review completed and published." in description
    assert f"Started {records['today']:%-d %B %Y}." in description
    assert f"http://testserver{records['lcspr'].get_absolute_url()}" in description
    assert str(publication["URL"]) == f"http://testserver{records['lcspr'].get_absolute_url()}"
    (alarm,) = publication.walk("VALARM")
    assert alarm.decoded("TRIGGER") == timedelta(days=-1)
    notification = events["Notification to the Panel: Serious incident RB-MISSED"]
    assert notification.decoded("DTSTART") == records["missed"].clocks()[0].due


def test_each_event_keeps_its_uid_when_asked_again(cast, client_for, records):
    feed = CalendarFeed.objects.create(user=cast.manager, partnership=cast.riverbank)
    first = {str(e["SUMMARY"]): str(e["UID"]) for e in _events(client_for(None).get(_feed_url(feed)))}
    again = {str(e["SUMMARY"]): str(e["UID"]) for e in _events(client_for(None).get(_feed_url(feed)))}
    assert first == again
    assert len(set(first.values())) == 3
    assert first["Notification to the Panel: Serious incident RB-MISSED"].startswith("serious-incident-notification-")
    assert all(uid.endswith("@scrutiny") for uid in first.values())


def test_an_unknown_address_is_not_found(cast, client_for, records):
    assert client_for(None).get("/calendar/not-a-real-token.ics").status_code == 404


def test_a_replaced_address_stops_working(cast, client_for, records):
    feed = CalendarFeed.objects.create(user=cast.manager, partnership=cast.riverbank)
    old = _feed_url(feed)
    client_for(cast.manager).post("/p/riverbank/deadlines/feed/renew/")
    feed.refresh_from_db()
    assert client_for(None).get(old).status_code == 404
    assert client_for(None).get(_feed_url(feed)).status_code == 200


def test_a_person_removed_from_the_partnership_is_not_served(cast, client_for, records):
    feed = CalendarFeed.objects.create(user=cast.viewer, partnership=cast.riverbank)
    assert client_for(None).get(_feed_url(feed)).status_code == 200
    Membership.objects.filter(user=cast.viewer, partnership=cast.riverbank).delete()
    assert client_for(None).get(_feed_url(feed)).status_code == 404


def test_a_deactivated_person_is_not_served(cast, client_for, records):
    feed = CalendarFeed.objects.create(user=cast.viewer, partnership=cast.riverbank)
    cast.viewer.is_active = False
    cast.viewer.save()
    assert client_for(None).get(_feed_url(feed)).status_code == 404


def test_the_feed_shows_only_what_the_persons_seat_may_see(cast, client_for, records):
    today = records["today"]
    incident = make.incident(cast.riverbank, "RB-RR", aware_on=today, notified_on=None, partners_informed_on=today)
    review = make.rapid_review(cast.riverbank, "RB-RR", incident=incident, contributions_due=today)
    make.contribution(review, "Oakfield", due_on=today + timedelta(days=3))
    make.contribution(review, "Capital Police", due_on=today + timedelta(days=4))
    feed = CalendarFeed.objects.create(user=cast.contributor, partnership=cast.riverbank)
    events = _events(client_for(None).get(_feed_url(feed)))
    assert [str(e["SUMMARY"]) for e in events] == ["Contribution to rapid review: Rapid review RB-RR"]
    assert events[0].decoded("DTSTART") == today + timedelta(days=3)
    # Hillcrest's manager's feed for Hillcrest has Hillcrest's deadline only.
    theirs = CalendarFeed.objects.create(user=cast.outsider, partnership=cast.hillcrest)
    summaries = [str(e["SUMMARY"]) for e in _events(client_for(None).get(_feed_url(theirs)))]
    assert summaries
    assert all("HC-THEIRS" in s for s in summaries)


def test_a_feed_for_a_partnership_the_person_never_joined_is_not_served(cast, client_for, records):
    # The model does not stop such a row; the feed still answers only from a seat held today.
    feed = CalendarFeed.objects.create(user=cast.outsider, partnership=cast.riverbank)
    assert client_for(None).get(_feed_url(feed)).status_code == 404


def test_a_deadline_not_yet_confirmed_says_so_in_the_feed_in_the_same_words_as_the_pages(cast, client_for, records):
    lcspr = records["lcspr"]
    lcspr.planned_publication_on = records["today"] + timedelta(days=60)
    lcspr.save()
    feed = CalendarFeed.objects.create(user=cast.manager, partnership=cast.riverbank)
    events = {str(event["SUMMARY"]).split(":")[0]: event for event in _events(client_for(None).get(_feed_url(feed)))}
    to_panel = next(event for summary, event in events.items() if "Panel" in summary and "Notification" not in summary)
    assert "7 working days: Not yet confirmed against the guidance; your partnership can set it." in str(
        to_panel["DESCRIPTION"]
    )
    published = events["Review completed and published"]
    assert "Not yet confirmed" not in str(published["DESCRIPTION"])
