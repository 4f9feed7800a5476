"""The demo's year of meetings."""

from __future__ import annotations

import pytest
from django.utils import timezone

from scrutiny.demo import build_demo
from scrutiny.governance.models import Attendance, Meeting, MeetingSeries

# What the demo builder makes; see the "demo" marker in pyproject.toml.
pytestmark = [pytest.mark.django_db, pytest.mark.demo]


def test_each_demo_partnership_has_a_year_of_meetings_and_building_twice_changes_nothing():
    build_demo()
    counts = (MeetingSeries.objects.count(), Meeting.objects.count(), Attendance.objects.count())
    build_demo()
    assert (MeetingSeries.objects.count(), Meeting.objects.count(), Attendance.objects.count()) == counts
    for slug in ("riverbank", "hillcrest"):
        series = MeetingSeries.objects.filter(partnership__slug=slug)
        assert series.count() == 3
        meetings = Meeting.objects.filter(series__partnership__slug=slug)
        held = meetings.filter(starts_at__lt=timezone.now())
        assert held.count() >= 15
        assert meetings.filter(starts_at__gte=timezone.now(), status="planned").exists()
        assert all(meeting.attendance.exists() for meeting in held)
        quorate = [meeting.quoracy().quorate for meeting in held]
        assert quorate.count(False) >= 1  # the executive the police could not attend
        for each in series:
            latest = each.meetings.filter(starts_at__lt=timezone.now()).first()
            assert latest is not None
            assert latest.minutes_status == "draft"
            assert each.meetings.filter(minutes_status="approved").count() >= 2
