"""The demo's year of actions in Riverbank (scrutiny.demo.actions). Here rather than in the actions
room's tests, because the room may not import the demo above it."""

from __future__ import annotations

import pytest
from django.utils import timezone

from scrutiny.actions.models import Action, ActionStatus, ActionUpdate
from scrutiny.demo.actions import build_actions_demo
from scrutiny.evidence.models import EvidenceItem, EvidenceLink, EvidencePurpose

pytestmark = pytest.mark.django_db


@pytest.fixture
def tracker(cast):
    """The foundation demo with no actions, whether or not build_demo already adds them."""
    for action in Action.objects.all():
        action.delete()
    return cast


def test_the_demo_has_actions_in_every_state_and_building_twice_changes_nothing(tracker):
    build_actions_demo()
    actions = list(Action.objects.filter(partnership=tracker.riverbank))
    today = timezone.localdate()
    assert len(actions) >= 12
    statuses = {a.status for a in actions}
    assert statuses == set(ActionStatus)
    assert any(a.flag(today) == "overdue" for a in actions)
    assert any(a.flag(today) == "due soon" for a in actions)
    completed = [a for a in actions if a.status == ActionStatus.COMPLETED]
    assert all(a.has_completion_evidence() for a in completed)
    assert any(a.impact_summary and a.evidence_links(EvidencePurpose.IMPACT).exists() for a in completed)
    assert all(a.closed_reason for a in actions if a.status == ActionStatus.CLOSED)
    assert all(a.due_date >= a.created_on for a in actions)
    assert not Action.objects.filter(partnership=tracker.hillcrest).exists()

    counts = (
        Action.objects.count(),
        ActionUpdate.objects.count(),
        EvidenceItem.objects.count(),
        EvidenceLink.objects.count(),
        Action.history.count(),
    )
    build_actions_demo()
    assert counts == (
        Action.objects.count(),
        ActionUpdate.objects.count(),
        EvidenceItem.objects.count(),
        EvidenceLink.objects.count(),
        Action.history.count(),
    )


def test_the_demo_gives_the_contributor_and_the_police_lead_something_due(tracker, client_for):
    build_actions_demo()
    contributor_home = client_for(tracker.contributor).get("/p/riverbank/").content.decode()
    assert "Action: Complete neglect toolkit training" in contributor_home
    police_home = client_for(tracker.police_dsp).get("/p/riverbank/").content.decode()
    assert "Action: Review how missing-from-home episodes are escalated" in police_home
