"""Reminders of actions: on owners' home pages and in the daily digest, as each person chooses."""

from __future__ import annotations

import pytest
from django.utils import timezone

from scrutiny.actions.due import action_due_items
from scrutiny.actions.models import ActionStatus, ReminderPreference
from scrutiny.actions.tests.conftest import COUNCIL, OAKFIELD, POLICE
from scrutiny.partnerships.access import seat_for

pytestmark = pytest.mark.django_db


def _titles(user, partnership) -> list[str]:
    seat = seat_for(user, partnership)
    assert seat is not None
    return [item.title for item in action_due_items(seat, timezone.localdate())]


def test_a_named_owner_is_reminded_of_their_actions_due_soon_and_overdue(tracker, make_action):
    make_action(title="Late", agency=POLICE, owner=tracker.police_dsp, due_in=-4)
    make_action(title="Soon", agency=POLICE, owner=tracker.police_dsp, due_in=7)
    make_action(title="Not yet", agency=POLICE, owner=tracker.police_dsp, due_in=8)
    assert _titles(tracker.police_dsp, tracker.riverbank) == ["Action: Late", "Action: Soon"]


def test_someone_who_is_not_the_owner_is_not_reminded(tracker, make_action):
    make_action(title="Police lead's", agency=POLICE, owner=tracker.police_dsp, due_in=1)
    for person in (tracker.viewer, tracker.chair, tracker.manager, tracker.lead_partner, tracker.contributor):
        assert _titles(person, tracker.riverbank) == [], person


def test_without_a_named_owner_the_owning_agencys_people_are_reminded(tracker, make_action):
    make_action(title="For the school trust", agency=OAKFIELD, due_in=2)
    make_action(title="Named for the police lead", agency=OAKFIELD, owner=tracker.police_dsp, due_in=2)
    make_action(title="For the council", agency=COUNCIL, due_in=-1)
    assert _titles(tracker.contributor, tracker.riverbank) == ["Action: For the school trust"]
    # The council's lead safeguarding partner acts for the council.
    assert _titles(tracker.lead_partner, tracker.riverbank) == ["Action: For the council"]


def test_completed_and_closed_actions_are_not_reminded(tracker, make_action):
    make_action(title="Done", agency=POLICE, owner=tracker.police_dsp, due_in=-1, status=ActionStatus.COMPLETED)
    make_action(title="Closed", agency=POLICE, owner=tracker.police_dsp, due_in=1, status=ActionStatus.CLOSED)
    assert _titles(tracker.police_dsp, tracker.riverbank) == []


def test_reminders_of_one_partnership_stay_in_it(tracker, make_action):
    make_action(title="Riverbank's", agency=POLICE, owner=tracker.police_dsp, due_in=1)
    assert _titles(tracker.police_dsp, tracker.hillcrest) == []


def test_each_person_chooses_which_action_reminders_they_get(tracker, make_action):
    make_action(title="Late", agency=POLICE, owner=tracker.police_dsp, due_in=-4)
    make_action(title="Soon", agency=POLICE, owner=tracker.police_dsp, due_in=3)
    preference = ReminderPreference.objects.create(user=tracker.police_dsp, actions_overdue=False)
    assert _titles(tracker.police_dsp, tracker.riverbank) == ["Action: Soon"]
    preference.actions_overdue, preference.actions_due_soon = True, False
    preference.save()
    assert _titles(tracker.police_dsp, tracker.riverbank) == ["Action: Late"]
    preference.actions_overdue = False
    preference.save()
    assert _titles(tracker.police_dsp, tracker.riverbank) == []


def test_the_home_page_lists_the_owners_actions(tracker, make_action, client_for):
    action = make_action(title="Audit strategy discussions", agency=POLICE, owner=tracker.police_dsp, due_in=-2)
    page = client_for(tracker.police_dsp).get("/p/riverbank/").content.decode()
    assert "Action: Audit strategy discussions" in page
    assert f"/p/riverbank/actions/{action.pk}/" in page
    assert "Action: Audit" not in client_for(tracker.viewer).get("/p/riverbank/").content.decode()


def test_the_reminder_settings_page_previews_today_and_saves_choices(tracker, make_action, client_for):
    make_action(title="Audit strategy discussions", agency=POLICE, owner=tracker.police_dsp, due_in=-2)
    client = client_for(tracker.police_dsp)
    page = client.get("/account/reminders/").content.decode()
    assert "What you would be reminded of today" in page
    assert "Action: Audit strategy discussions" in page
    assert 'id="id_actions_overdue" checked' in page
    response = client.post("/account/reminders/", {"actions_due_soon": "on"})
    assert response["Location"] == "/account/reminders/"
    preference = ReminderPreference.objects.get(user=tracker.police_dsp)
    assert (preference.actions_due_soon, preference.actions_overdue) == (True, False)
    page = client.get("/account/reminders/").content.decode()
    assert "Action: Audit strategy discussions" not in page
    assert "you would get no reminder today" in page
    assert preference.history.count() == 1


def test_the_reminder_settings_page_says_when_the_email_is_off(tracker, client_for):
    tracker.viewer.receives_daily_digest = False
    tracker.viewer.save()
    page = client_for(tracker.viewer).get("/account/reminders/").content.decode()
    assert "Your daily reminder e-mail is switched off" in page


def test_the_reminder_settings_page_needs_signing_in(client_for, db):
    response = client_for(None).get("/account/reminders/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
