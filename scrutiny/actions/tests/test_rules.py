"""The tracker's rules, flags and queries, through the services every page and the API use."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.utils import timezone

from scrutiny.actions import rules
from scrutiny.actions.models import Action, ActionStatus, ActionUpdate
from scrutiny.actions.services import (
    action_close,
    action_complete,
    action_create,
    action_evidence_link,
    action_impact_record,
    action_update_add,
)
from scrutiny.actions.tests.conftest import COUNCIL, HILLCREST_SCHOOLS, OAKFIELD, POLICE
from scrutiny.evidence.models import EvidenceLink, EvidencePurpose
from scrutiny.frameworks.models import Theme, ThemeGroup
from scrutiny.partnerships.access import seat_for
from scrutiny.partnerships.history import entries_for, partnership_log
from scrutiny.partnerships.models import Agency

pytestmark = pytest.mark.django_db


def test_an_action_cannot_be_marked_completed_without_evidence_of_completion(tracker, make_action):
    action = make_action()
    with pytest.raises(ValidationError, match="evidence of completion"):
        action_complete(action=action, by=tracker.manager)
    action.refresh_from_db()
    assert action.status == ActionStatus.NOT_STARTED
    assert action.completed_on is None
    assert not action.updates.exists()


def test_rule_completion_needs_evidence_is_not_met_by_evidence_of_impact_alone(tracker, make_action, make_evidence):
    action = make_action()
    EvidenceLink.objects.create(
        partnership=tracker.riverbank,
        evidence=make_evidence(),
        content_type=ContentType.objects.get_for_model(Action),
        object_id=action.pk,
        purpose=EvidencePurpose.IMPACT,
    )
    with pytest.raises(ValidationError):
        rules.completion_needs_evidence(action)


def test_an_action_with_evidence_of_completion_is_completed_with_a_line_in_its_updates(
    tracker, make_action, make_evidence
):
    action = make_action()
    action_evidence_link(
        action=action, evidence=make_evidence(), purpose=EvidencePurpose.COMPLETION, by=tracker.manager
    )
    action_complete(action=action, by=tracker.manager, note="Policy published.")
    action.refresh_from_db()
    assert action.status == ActionStatus.COMPLETED
    assert action.completed_on == timezone.localdate()
    update = action.updates.get()
    assert (update.text, update.new_status) == ("Policy published.", ActionStatus.COMPLETED)


def test_closing_needs_a_reason(tracker, make_action):
    action = make_action()
    with pytest.raises(ValidationError, match="Say why"):
        action_close(action=action, by=tracker.manager, reason="   ")
    action.refresh_from_db()
    assert action.status == ActionStatus.NOT_STARTED
    action_close(action=action, by=tracker.manager, reason="Superseded by the new front-door action.")
    action.refresh_from_db()
    assert action.status == ActionStatus.CLOSED
    assert action.closed_reason == "Superseded by the new front-door action."
    assert action.closed_on == timezone.localdate()


def test_an_update_after_closure_is_refused_with_a_clear_message(tracker, make_action):
    action = make_action()
    action_close(action=action, by=tracker.manager, reason="No longer needed.")
    with pytest.raises(ValidationError, match="closed without completion, so it takes no more updates"):
        action_update_add(action=action, author=tracker.manager, text="One more thing")
    assert action.updates.count() == 1


def test_an_update_after_completion_is_refused(tracker, make_action, make_evidence):
    action = make_action()
    action_evidence_link(
        action=action, evidence=make_evidence(), purpose=EvidencePurpose.COMPLETION, by=tracker.manager
    )
    action_complete(action=action, by=tracker.manager)
    with pytest.raises(ValidationError, match="completed, so it takes no more updates"):
        action_update_add(action=action, author=tracker.manager, text="Late note", new_status=ActionStatus.IN_PROGRESS)
    action.refresh_from_db()
    assert action.status == ActionStatus.COMPLETED


def test_an_update_moves_an_open_action_to_in_progress(tracker, make_action):
    action = make_action()
    action_update_add(action=action, author=tracker.police_dsp, text="Started", new_status=ActionStatus.IN_PROGRESS)
    action.refresh_from_db()
    assert action.status == ActionStatus.IN_PROGRESS


def test_an_empty_update_is_refused(tracker, make_action):
    with pytest.raises(ValidationError, match="Say what has happened"):
        action_update_add(action=make_action(), author=tracker.manager, text=" ")


def test_the_due_date_cannot_be_before_the_creation_date(tracker):
    yesterday = timezone.localdate() - timedelta(days=1)
    with pytest.raises(ValidationError) as raised:
        action_create(
            partnership=tracker.riverbank,
            title="Backdated",
            owner_agency=Agency.objects.get(name=COUNCIL),
            due_date=yesterday,
            created_by=tracker.manager,
        )
    assert "due_date" in raised.value.message_dict
    assert not Action.objects.filter(title="Backdated").exists()


def test_the_owner_must_hold_a_role_in_the_partnership(tracker):
    with pytest.raises(ValidationError) as raised:
        action_create(
            partnership=tracker.riverbank,
            title="Owned by an outsider",
            owner_agency=Agency.objects.get(name=COUNCIL),
            owner=tracker.outsider,
            due_date=timezone.localdate() + timedelta(days=5),
            created_by=tracker.manager,
        )
    assert raised.value.message_dict["owner"] == ["The owner must hold a role in this partnership."]


def test_the_owner_agency_must_work_with_the_partnership(tracker):
    with pytest.raises(ValidationError) as raised:
        action_create(
            partnership=tracker.riverbank,
            title="Owned by another partnership's agency",
            owner_agency=Agency.objects.get(name=HILLCREST_SCHOOLS),
            due_date=timezone.localdate() + timedelta(days=5),
            created_by=tracker.manager,
        )
    assert "owner_agency" in raised.value.message_dict


def test_action_create_keeps_the_record_it_comes_from_and_its_themes(tracker):
    theme = Theme.objects.create(code="test-neglect", label="Neglect (test)", group=ThemeGroup.PRACTICE)
    source = Agency.objects.get(name=POLICE)  # any record stands in for a recommendation here
    action = action_create(
        partnership=tracker.riverbank,
        title="Act on the recommendation",
        owner_agency=source,
        due_date=timezone.localdate() + timedelta(days=20),
        source=source,
        source_room="assurance",
        created_by=tracker.scrutineer,
        themes=[theme],
    )
    assert action.source == source
    assert list(Action.objects.from_source(source)) == [action]
    assert action.source_label == str(source)
    assert action.source_room_label == "Scrutiny findings and recommendations"
    assert list(action.themes.all()) == [theme]


def test_another_partnerships_theme_is_refused(tracker):
    theirs = Theme.objects.create(
        code="their-priority", label="Their priority", group=ThemeGroup.PRIORITY, partnership=tracker.hillcrest
    )
    with pytest.raises(ValidationError, match="another partnership"):
        action_create(
            partnership=tracker.riverbank,
            title="Tagged wrongly",
            owner_agency=Agency.objects.get(name=COUNCIL),
            due_date=timezone.localdate() + timedelta(days=20),
            created_by=tracker.manager,
            themes=[theirs],
        )
    assert not Action.objects.filter(title="Tagged wrongly").exists()


def test_impact_is_recorded_only_once_the_action_is_completed(tracker, make_action, make_evidence):
    action = make_action()
    with pytest.raises(ValidationError, match="once the action is completed"):
        action_impact_record(action=action, by=tracker.scrutineer, summary="Better")
    with pytest.raises(ValidationError, match="once the action is completed"):
        action_evidence_link(
            action=action, evidence=make_evidence(), purpose=EvidencePurpose.IMPACT, by=tracker.manager
        )
    action.refresh_from_db()
    assert action.impact_summary == ""


def test_completion_and_impact_evidence_are_kept_apart(tracker, make_action, make_evidence):
    action = make_action()
    done = make_evidence("Training register")
    difference = make_evidence("Audit after training")
    action_evidence_link(action=action, evidence=done, purpose=EvidencePurpose.COMPLETION, by=tracker.manager)
    action_complete(action=action, by=tracker.manager)
    action_impact_record(
        action=action, by=tracker.scrutineer, summary="Referrals now name the concern.", evidence=[difference]
    )
    action.refresh_from_db()
    assert [link.evidence for link in action.evidence_links(EvidencePurpose.COMPLETION)] == [done]
    assert [link.evidence for link in action.evidence_links(EvidencePurpose.IMPACT)] == [difference]
    assert action.impact_summary == "Referrals now name the concern."
    assert action.impact_assessed_on == timezone.localdate()


def test_evidence_of_another_partnership_cannot_be_attached(tracker, make_action, make_evidence):
    action = make_action()
    theirs = make_evidence("Hillcrest policy", partnership=tracker.hillcrest)
    with pytest.raises(ValidationError, match="this partnership"):
        action_evidence_link(action=action, evidence=theirs, purpose=EvidencePurpose.COMPLETION, by=tracker.manager)
    assert not action.evidence_links().exists()


def test_a_closed_action_takes_no_more_evidence(tracker, make_action, make_evidence):
    action = make_action()
    action_close(action=action, by=tracker.manager, reason="Superseded.")
    with pytest.raises(ValidationError, match="no more evidence"):
        action_evidence_link(
            action=action, evidence=make_evidence(), purpose=EvidencePurpose.COMPLETION, by=tracker.manager
        )


def test_flags_say_overdue_due_soon_or_nothing(tracker, make_action):
    today = timezone.localdate()
    overdue = make_action(title="Late", due_in=-1)
    soon = make_action(title="Soon", due_in=7)
    today_due = make_action(title="Today", due_in=0)
    later = make_action(title="Later", due_in=8)
    assert overdue.flag(today) == "overdue"
    assert overdue.is_overdue(today)
    assert soon.flag(today) == "due soon"
    assert today_due.flag(today) == "due soon"
    assert not today_due.is_overdue(today)
    assert later.flag(today) is None


def test_completed_and_closed_actions_are_never_flagged(tracker, make_action):
    today = timezone.localdate()
    done = make_action(title="Done", due_in=-3, status=ActionStatus.COMPLETED)
    closed = make_action(title="Closed", due_in=2, status=ActionStatus.CLOSED)
    assert done.flag(today) is None
    assert not done.is_overdue(today)
    assert closed.flag(today) is None


def test_the_queryset_finds_open_overdue_and_due_soon_actions(tracker, make_action):
    today = timezone.localdate()
    late = make_action(title="Late", due_in=-2)
    soon = make_action(title="Soon", due_in=3, status=ActionStatus.IN_PROGRESS)
    make_action(title="Later", due_in=30)
    make_action(title="Done late", due_in=-2, status=ActionStatus.COMPLETED)
    assert set(Action.objects.overdue(today)) == {late}
    assert set(Action.objects.due_soon(today)) == {soon}
    assert set(Action.objects.due_soon(today, days=60).values_list("title", flat=True)) == {"Soon", "Later"}
    assert set(Action.objects.open().values_list("title", flat=True)) == {"Late", "Soon", "Later"}


def test_an_agency_contributor_sees_only_their_agencys_actions_in_the_queryset(tracker, make_action):
    ours = make_action(title="Ours", agency=OAKFIELD)
    make_action(title="Police's", agency=POLICE)
    contributor = seat_for(tracker.contributor, tracker.riverbank)
    viewer = seat_for(tracker.viewer, tracker.riverbank)
    assert contributor is not None
    assert viewer is not None
    assert list(Action.objects.visible_to(contributor)) == [ours]
    assert Action.objects.visible_to(viewer).count() == 2


def test_history_keeps_each_change_of_an_action_and_its_updates(tracker, make_action):
    action = make_action()
    action_update_add(action=action, author=tracker.police_dsp, text="Started", new_status=ActionStatus.IN_PROGRESS)
    entries = entries_for(action)
    assert [e.what for e in entries] == ["Changed", "Created"]
    assert entries[0].who == str(tracker.police_dsp)
    assert any(c.field == "status" and c.new == ActionStatus.IN_PROGRESS.label for c in entries[0].changes)
    assert ActionUpdate.history.filter(action_id=action.pk).count() == 1
    log = [entry.record for entry in partnership_log(tracker.riverbank)]
    assert f"Action update: {action.title}" in log
    assert any(line.startswith(f"Action: {action.title}") for line in log)
