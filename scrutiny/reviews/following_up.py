"""Following a review's recommendations through to changed practice.

A recommendation becomes actions in the one tracker (``scrutiny.actions``), each owned by an
agency with a due date, and 12 months after it was agreed its impact is checked (for example by
a re-audit; clock ``review-recommendation-impact-check``). These workflows check everything first
and change nothing when a check fails; the pages and the API both call them.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction

from scrutiny.actions.models import Action, ActionStatus
from scrutiny.actions.services import action_create
from scrutiny.partnerships.history import save_by
from scrutiny.partnerships.models import Agency
from scrutiny.reviews.models import ROOM, ImpactOutcome, LearningPoint, LearningStatus

#: What a finished impact check may have found (not "not checked yet").
CHECKED_OUTCOMES = [choice for choice in ImpactOutcome.choices if choice[0]]


def action_source_label(point: LearningPoint) -> str:
    """How the tracker names where an action came from: "Rapid review RB-2025-01 — recommendation 3"."""
    what = f"{point.get_kind_display().lower()} {point.number}".strip()
    return f"{point.source} — {what}"


def can_have_actions_problem(point: LearningPoint) -> str:
    """Why no action can come from ``point``, or "" when one can."""
    if not point.is_recommendation:
        return (
            "Actions come from recommendations. This is a finding: record the recommendation it led to, "
            "then create the action from that."
        )
    if not point.applies_locally:
        return (
            "The partnership decided this national recommendation does not apply locally, so it has no local actions."
        )
    return ""


def kind_change_problem(point: LearningPoint) -> str:
    """Why ``point`` cannot be saved as a finding, or "": a recommendation with actions in the
    tracker stays a recommendation, since the actions carry it out."""
    if point.pk is not None and not point.is_recommendation and point.actions().exists():
        return (
            "This recommendation has actions in the tracker, so it cannot become a finding. "
            "Close the actions first if it was recorded as a recommendation by mistake."
        )
    return ""


def impact_check_problem(point: LearningPoint) -> str:
    """Why no impact check can be recorded on ``point``, or "" when one can."""
    if not point.is_recommendation:
        return "Impact is checked on recommendations, not findings."
    if not point.applies_locally:
        return (
            "The partnership decided this national recommendation does not apply locally, so there is no impact "
            "to check."
        )
    return ""


def learning_action_create(
    *,
    learning_point: LearningPoint,
    title: str,
    owner_agency: Agency,
    due_date: date,
    by: Any,
    description: str = "",
    owner: Any = None,
) -> Action:
    """An action in the shared tracker to carry out a recommendation. The action names the
    recommendation as its source and carries its themes, so its progress shows on the
    recommendation and the tracker can be filtered by the review's themes."""
    if problem := can_have_actions_problem(learning_point):
        raise ValidationError(problem)
    if not title.strip():
        raise ValidationError({"title": "Say what is to be done."})
    with transaction.atomic():
        # action_create checks the tracker's own rules before it writes: an owner agency that works
        # with the partnership, a due date not before today, an owner who holds a role here.
        return action_create(
            partnership=learning_point.partnership,
            title=title.strip(),
            owner_agency=owner_agency,
            due_date=due_date,
            source=learning_point,
            source_label=action_source_label(learning_point),
            source_room=ROOM,
            created_by=by,
            description=description.strip(),
            owner=owner,
            themes=learning_point.themes.all(),
        )


def learning_impact_record(
    *,
    learning_point: LearningPoint,
    checked_on: date,
    method: str,
    outcome: str,
    summary: str,
    by: Any,
    late_reason: str = "",
) -> LearningPoint:
    """Record the recommendation's impact check: when, how (a re-audit, say), what it found, the
    evidence, and why if it was done after its 12 months. The recommendation's status then becomes
    "impact shown" or "impact checked, practice not yet changed". A later check replaces an earlier
    one; the History tab keeps both."""
    if problem := impact_check_problem(learning_point):
        raise ValidationError(problem)
    if outcome not in {value for value, _ in CHECKED_OUTCOMES}:
        raise ValidationError(
            {"impact_outcome": "Say what the impact check found: practice has changed, partly changed or not changed."}
        )
    if not method.strip():
        raise ValidationError({"impact_method": "Say how the impact was checked, for example a re-audit of 20 cases."})
    with transaction.atomic():
        point = LearningPoint.objects.select_for_update().get(pk=learning_point.pk)
        point.impact_checked_on = checked_on
        point.impact_method = method.strip()
        point.impact_outcome = outcome
        point.impact_summary = summary.strip()
        point.impact_late_reason = late_reason.strip()
        # The model's own checks: not before the recommendation was agreed, not in the future,
        # a summary of the evidence, no identifying details.
        point.full_clean()
        save_by(point, by)
    return point


def action_statuses_for(points: Iterable[LearningPoint]) -> dict[int, list[str]]:
    """The statuses of the actions that came from each point, in one query for the whole list."""
    chosen: list[int] = [point.pk for point in points if point.pk is not None]
    found: dict[int, list[str]] = {pk: [] for pk in chosen}
    if chosen:
        kind = ContentType.objects.get_for_model(LearningPoint)
        actions = Action.objects.filter(source_type=kind, source_id__in=chosen).order_by("pk")
        for source_id, status in actions.values_list("source_id", "status"):
            assert source_id is not None  # filtered on source_id above
            found[source_id].append(status)
    return found


def statuses_for(points: Iterable[LearningPoint]) -> dict[int, tuple[LearningStatus | None, list[str]]]:
    """Each point's status and its actions' statuses, in one query for the whole list: a list of a
    hundred recommendations would otherwise make a hundred queries."""
    chosen = list(points)
    actions = action_statuses_for(chosen)
    return {pk: (point.status(actions[pk]), actions[pk]) for point in chosen if (pk := point.pk) is not None}


def actions_outcome(action_statuses: Iterable[str]) -> str:
    """What became of a recommendation's actions, in words: "2 of 3 actions completed, 1 in progress"."""
    statuses = list(action_statuses)
    if not statuses:
        return "No actions were created from it."
    done = statuses.count(ActionStatus.COMPLETED)
    parts = [f"{done} of {len(statuses)} action{'s' if len(statuses) != 1 else ''} completed"]
    open_count = sum(1 for s in statuses if s in (ActionStatus.NOT_STARTED, ActionStatus.IN_PROGRESS))
    if open_count:
        parts.append(f"{open_count} still open")
    closed = statuses.count(ActionStatus.CLOSED)
    if closed:
        parts.append(f"{closed} closed without completion")
    return ", ".join(parts) + "."
