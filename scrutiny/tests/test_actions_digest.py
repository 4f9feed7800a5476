"""The daily digest (scrutiny.home) carries action reminders (scrutiny.actions) as each person
chose. Here rather than in the actions room's tests, because that room may not import home."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from scrutiny.accounts.models import Invitation
from scrutiny.actions.models import Action, ReminderPreference
from scrutiny.home.digest import digests_send
from scrutiny.partnerships.models import Agency

pytestmark = pytest.mark.django_db

OAKFIELD = "Oakfield Academies Trust (demo)"
POLICE = "Capital Police South Area (demo)"


@pytest.fixture
def tracker(cast):
    """The demo with no actions and no invitations: only what each test adds is due."""
    for action in Action.objects.all():
        action.delete()
    Invitation.objects.all().delete()
    return cast


@pytest.fixture
def make_action(tracker):
    def make(*, title, agency, due_in, owner=None):
        today = timezone.localdate()
        action = Action(
            partnership=tracker.riverbank,
            title=title,
            owner_agency=Agency.objects.get(name=agency),
            owner=owner,
            due_date=today + timedelta(days=due_in),
            created_at=timezone.make_aware(datetime.combine(today - timedelta(days=30), time(9))),
        )
        action.full_clean()
        action.save()
        return action

    return make


def test_the_daily_digest_includes_the_owners_actions(tracker, make_action, mail_sent_now):
    make_action(title="Audit strategy discussions", agency=POLICE, owner=tracker.police_dsp, due_in=-2)
    make_action(title="Share the learning brief", agency=OAKFIELD, due_in=5)
    with mail_sent_now():
        assert digests_send(timezone.localdate()) == 2
    bodies = {message.to[0]: message.body for message in mail.outbox}
    assert set(bodies) == {tracker.police_dsp.email, tracker.contributor.email}
    assert "Overdue:\n- Action: Audit strategy discussions" in bodies[tracker.police_dsp.email]
    assert "Due in the next 7 days:\n- Action: Share the learning brief" in bodies[tracker.contributor.email]


def test_the_digest_leaves_out_action_reminders_a_person_turned_off(tracker, make_action, mail_sent_now):
    make_action(title="Audit strategy discussions", agency=POLICE, owner=tracker.police_dsp, due_in=-2)
    ReminderPreference.objects.create(user=tracker.police_dsp, actions_overdue=False)
    with mail_sent_now():
        assert digests_send(timezone.localdate()) == 0
    assert mail.outbox == []
