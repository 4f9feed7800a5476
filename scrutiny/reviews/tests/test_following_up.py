"""From a recommendation to changed practice: actions in the shared tracker, and the impact check
12 months after it was agreed. The status moves with real actions, through the tracker's own
services."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from scrutiny.actions.models import Action, ActionStatus
from scrutiny.actions.services import action_close, action_complete, action_evidence_link, action_update_add
from scrutiny.clocks.catalogue import get_rule
from scrutiny.evidence.models import EvidenceItem, EvidenceKind, EvidencePurpose
from scrutiny.frameworks.models import Theme
from scrutiny.reviews.following_up import (
    action_source_label,
    actions_outcome,
    learning_action_create,
    learning_impact_record,
    statuses_for,
)
from scrutiny.reviews.models import ImpactOutcome, LearningKind, LearningPoint, LearningStatus
from scrutiny.reviews.tests import factories


def _evidence(cast: Any) -> EvidenceItem:
    item = EvidenceItem(
        added_by=cast.manager,
        partnership=cast.riverbank,
        title="Re-audit of 20 cases",
        kind=EvidenceKind.LINK,
        url="https://example.org/re-audit",
    )
    item.full_clean(exclude=["requirements", "themes"])
    item.save()
    return item


def _act(point: LearningPoint, cast: Any, **extra: Any) -> Action:
    values: dict[str, Any] = {
        "title": "Add household composition questions to the health visiting template",
        "owner_agency": factories.agency("Riverbank Community Health Trust"),
        "due_date": timezone.localdate() + timedelta(days=60),
        "by": cast.manager,
    }
    values.update(extra)
    return learning_action_create(learning_point=point, **values)


def _status_everywhere(point: LearningPoint) -> LearningStatus | None:
    """The status, checking the list's one-query version agrees with the model's."""
    point.refresh_from_db()
    status = point.status()
    assert statuses_for([point])[point.pk][0] == status
    return status


def test_the_impact_check_is_due_12_months_after_the_recommendation_is_agreed(cast):
    point = factories.recommendation(factories.rapid_review(cast.riverbank), made_on=date(2025, 8, 1))
    assert point.impact_check_due == date(2026, 8, 1)
    assert point.impact_check_due == get_rule("review-recommendation-impact-check").due(point.made_on)
    [clock] = point.clocks()
    assert (clock.rule_id, clock.start, clock.due) == (
        "review-recommendation-impact-check",
        date(2025, 8, 1),
        date(2026, 8, 1),
    )


def test_a_finding_has_no_impact_check(cast):
    point = factories.recommendation(factories.rapid_review(cast.riverbank), kind=LearningKind.FINDING)
    assert point.impact_check_due is None
    assert point.clocks() == []


def test_the_status_moves_from_awaiting_actions_to_impact_shown_with_real_actions(cast):
    theme = Theme.objects.get(code="professional-curiosity")
    point = factories.recommendation(factories.rapid_review(cast.riverbank))
    point.themes.add(theme)
    assert _status_everywhere(point) == LearningStatus.AWAITING_ACTIONS

    action = _act(point, cast)
    assert _status_everywhere(point) == LearningStatus.IN_PROGRESS
    action_update_add(action=action, author=cast.manager, text="Template drafted.", new_status=ActionStatus.IN_PROGRESS)
    assert _status_everywhere(point) == LearningStatus.IN_PROGRESS

    action_evidence_link(action=action, evidence=_evidence(cast), purpose=EvidencePurpose.COMPLETION, by=cast.manager)
    action_complete(action=action, by=cast.manager, note="Template in use.")
    assert _status_everywhere(point) == LearningStatus.ACTIONS_COMPLETE

    learning_impact_record(
        learning_point=point,
        checked_on=date(2026, 6, 1),  # within the 12 months
        method="Re-audit of 20 health visiting records",
        outcome=ImpactOutcome.CHANGED,
        summary="18 of 20 records now name every adult in the household.",
        by=cast.manager,
    )
    assert _status_everywhere(point) == LearningStatus.IMPACT_SHOWN
    point.refresh_from_db()
    assert point.impact_checked_on == date(2026, 6, 1)
    assert point.history.latest().history_user == cast.manager


def test_the_action_names_the_recommendation_as_its_source_and_carries_its_themes(cast):
    theme = Theme.objects.get(code="professional-curiosity")
    review = factories.rapid_review(cast.riverbank)
    point = factories.recommendation(review, number="3")
    point.themes.add(theme)

    action = _act(point, cast, owner=cast.health_dsp, description="Update the template and brief the team.")

    assert list(Action.objects.from_source(point)) == [action]
    assert action.source_label == action_source_label(point) == "Rapid review RB-2025-01 — recommendation 3"
    assert (action.source_room, action.partnership, action.owner) == ("reviews", cast.riverbank, cast.health_dsp)
    assert list(action.themes.all()) == [theme]
    assert action.created_by == cast.manager


def test_an_action_closed_without_completion_leaves_the_recommendation_awaiting_actions(cast):
    point = factories.recommendation(factories.rapid_review(cast.riverbank))
    action = _act(point, cast)
    action_close(action=action, by=cast.manager, reason="Superseded by the new front-door action.")
    assert _status_everywhere(point) == LearningStatus.AWAITING_ACTIONS
    assert actions_outcome(["closed"]) == "0 of 1 action completed, 1 closed without completion."


def test_an_impact_check_that_found_no_change_is_impact_not_shown(cast):
    point = factories.recommendation(factories.rapid_review(cast.riverbank))
    learning_impact_record(
        learning_point=point,
        checked_on=date(2026, 6, 1),
        method="Practitioner survey",
        outcome=ImpactOutcome.PARTLY,
        summary="Half of practitioners ask about the household.",
        by=cast.manager,
    )
    assert _status_everywhere(point) == LearningStatus.IMPACT_NOT_SHOWN


def test_no_action_is_made_from_a_finding(cast):
    finding = factories.recommendation(factories.rapid_review(cast.riverbank), kind=LearningKind.FINDING)
    with pytest.raises(ValidationError, match="Actions come from recommendations"):
        _act(finding, cast)
    assert not Action.objects.exists()


def test_no_action_is_made_from_a_national_recommendation_that_does_not_apply_locally(cast):
    review = factories.national_review(cast.riverbank)
    point = factories.recommendation(
        review,
        applies_locally=False,
        local_response="Riverbank has no residential special schools.",
        made_on=date(2024, 11, 1),
    )
    with pytest.raises(ValidationError, match="does not apply locally"):
        _act(point, cast)
    assert not Action.objects.exists()
    assert point.status() == LearningStatus.NOT_APPLICABLE


def test_an_action_due_in_the_past_or_owned_by_another_partnerships_agency_is_refused(cast):
    point = factories.recommendation(factories.rapid_review(cast.riverbank))
    with pytest.raises(ValidationError) as raised:
        _act(point, cast, due_date=timezone.localdate() - timedelta(days=1))
    assert "due_date" in raised.value.message_dict
    with pytest.raises(ValidationError) as raised:
        _act(point, cast, owner_agency=factories.agency("Hillcrest Schools Partnership"))
    assert "owner_agency" in raised.value.message_dict
    assert not Action.objects.exists()


def test_an_impact_check_without_an_outcome_is_refused_and_changes_nothing(cast):
    point = factories.recommendation(factories.rapid_review(cast.riverbank))
    with pytest.raises(ValidationError) as raised:
        learning_impact_record(
            learning_point=point,
            checked_on=timezone.localdate(),
            method="Re-audit",
            outcome="",
            summary="Some change.",
            by=cast.manager,
        )
    assert "Say what the impact check found" in raised.value.message_dict["impact_outcome"][0]
    point.refresh_from_db()
    assert (point.impact_checked_on, point.impact_outcome, point.impact_summary) == (None, "", "")


def test_an_impact_check_before_the_recommendation_was_agreed_is_refused(cast):
    point = factories.recommendation(factories.rapid_review(cast.riverbank), made_on=date(2025, 8, 1))
    with pytest.raises(ValidationError) as raised:
        learning_impact_record(
            learning_point=point,
            checked_on=date(2025, 7, 1),
            method="Re-audit",
            outcome=ImpactOutcome.CHANGED,
            summary="All records name the household.",
            by=cast.manager,
        )
    assert "before the recommendation was agreed" in raised.value.message_dict["impact_checked_on"][0]
    point.refresh_from_db()
    assert point.impact_checked_on is None


def test_an_impact_check_is_not_recorded_on_a_finding(cast):
    finding = factories.recommendation(factories.rapid_review(cast.riverbank), kind=LearningKind.FINDING)
    with pytest.raises(ValidationError, match="recommendations, not findings"):
        learning_impact_record(
            learning_point=finding,
            checked_on=timezone.localdate(),
            method="Re-audit",
            outcome=ImpactOutcome.CHANGED,
            summary="Changed.",
            by=cast.manager,
        )
    finding.refresh_from_db()
    assert finding.impact_outcome == ""


def test_an_impact_check_after_its_twelve_months_is_kept_only_with_the_reason(cast):
    point = factories.recommendation(factories.rapid_review(cast.riverbank), made_on=date(2025, 8, 1))
    check = {
        "learning_point": point,
        "checked_on": date(2026, 9, 15),
        "method": "Re-audit",
        "outcome": ImpactOutcome.CHANGED,
        "summary": "Most records name every adult.",
        "by": cast.manager,
    }
    with pytest.raises(ValidationError) as raised:
        learning_impact_record(**check)
    assert "1 August 2026" in raised.value.message_dict["impact_late_reason"][0]
    point.refresh_from_db()
    assert point.impact_checked_on is None
    learning_impact_record(**check, late_reason="The re-audit waited for the new case recording system.")
    point.refresh_from_db()
    assert point.clocks()[0].late_reason.startswith("The re-audit waited")
