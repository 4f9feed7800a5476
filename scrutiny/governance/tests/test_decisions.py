"""The decisions log and who reads the scrutineer's observations: one rule each, for the pages and
the API alike."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from scrutiny.governance.meetings import decision_record, reads_observations
from scrutiny.governance.models import AgendaItem, Meeting
from scrutiny.partnerships.access import Seat, seat_for

pytestmark = pytest.mark.django_db

API = "/api/v1/partnerships/riverbank/governance"


def test_a_decision_needs_its_words_and_an_item_of_its_own_meeting(cast, series, meeting):
    with pytest.raises(ValidationError) as empty:
        decision_record(meeting=meeting, text="  ")
    assert empty.value.message_dict == {"text": ["Write down what the meeting decided."]}
    other = Meeting.objects.create(series=series, starts_at=timezone.now())
    elsewhere = AgendaItem.objects.create(meeting=other, title="Budget")
    with pytest.raises(ValidationError) as wrong_item:
        decision_record(meeting=meeting, text="Adopt the plan", agenda_item=elsewhere)
    assert list(wrong_item.value.message_dict) == ["agenda_item"]
    assert not meeting.decisions.exists()
    item = AgendaItem.objects.create(meeting=meeting, title="Plan")
    made = decision_record(meeting=meeting, text=" Adopt the plan ", agenda_item=item)
    assert (made.text, made.agenda_item) == ("Adopt the plan", item)


def test_the_api_refuses_an_empty_decision_with_the_pages_words(cast, client_for, series, meeting):
    empty = client_for(cast.manager).post(
        f"{API}/meetings/{meeting.pk}/decisions", {"text": " "}, content_type="application/json"
    )
    assert empty.status_code == 400
    assert empty.json() == {
        "detail": "text: Write down what the meeting decided.",
        "errors": {"text": ["Write down what the meeting decided."]},
    }


def _seat(user, partnership) -> Seat:
    seat = seat_for(user, partnership)
    assert seat is not None
    return seat


def test_only_those_who_read_the_assurance_room_read_the_observations(cast):
    assert reads_observations(_seat(cast.viewer, cast.riverbank))
    assert reads_observations(_seat(cast.scrutineer, cast.riverbank))
    assert not reads_observations(_seat(cast.contributor, cast.riverbank))
