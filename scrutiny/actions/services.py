"""Workflows of the action tracker: creating actions (for any room), posting progress, attaching
evidence, completing, closing and recording impact. Each checks its rules (scrutiny.actions.rules)
and changes nothing when one fails.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from scrutiny.actions import rules
from scrutiny.actions.models import Action, ActionStatus, ActionUpdate
from scrutiny.evidence.models import EvidenceItem, EvidenceLink, EvidencePurpose
from scrutiny.evidence.services import evidence_link
from scrutiny.frameworks.models import Theme
from scrutiny.partnerships.history import save_by
from scrutiny.partnerships.models import Agency, Partnership


def action_create(
    *,
    partnership: Partnership,
    title: str,
    owner_agency: Agency,
    due_date: date,
    source: models.Model | None = None,
    source_label: str = "",
    source_room: str = "",
    created_by: Any,
    description: str = "",
    owner: Any = None,
    themes: Iterable[Theme] = (),
) -> Action:
    """A new action, for the partnership's tracker. Rooms that spawn actions (a recommendation, a
    review's learning, an audit's finding) pass their record as ``source``, a readable
    ``source_label`` and their room's name as ``source_room``."""
    action = Action(
        partnership=partnership,
        title=title,
        description=description,
        owner_agency=owner_agency,
        owner=owner,
        due_date=due_date,
        source_label=source_label or (str(source) if source is not None else ""),
        source_room=source_room,
        created_by=created_by,
    )
    if source is not None:
        action.source_type = ContentType.objects.get_for_model(source)
        action.source_id = source.pk
    action.full_clean()
    chosen = list(themes)
    for theme in chosen:
        if theme.partnership_id not in (None, partnership.pk):
            raise ValidationError({"themes": f"The theme {theme} belongs to another partnership."})
    with transaction.atomic():
        save_by(action, created_by)
        if chosen:
            action.themes.set(chosen)
    return action


def _record_update(
    action: Action, *, author: Any, text: str, new_status: str = "", on: date | None = None
) -> ActionUpdate:
    update = ActionUpdate(
        action=action, author=author, text=text, new_status=new_status, date=on or timezone.localdate()
    )
    update.full_clean()
    save_by(update, author)
    return update


#: Statuses a progress update may move an open action to. Completing and closing have their own
#: workflows, with their own rules.
UPDATE_STATUSES = (ActionStatus.NOT_STARTED, ActionStatus.IN_PROGRESS)


def _check_day(action: Action, day: date, field: str, what: str) -> None:
    if day > timezone.localdate():
        raise ValidationError({field: f"The date {what} cannot be in the future."})
    if day < action.created_on:
        raise ValidationError({field: f"The date {what} cannot be before the action was created."})


def action_update_add(
    *, action: Action, author: Any, text: str, new_status: str = "", on: date | None = None
) -> ActionUpdate:
    """Post progress on an open action, optionally moving it between not started and in progress.
    A new status of completed or closed goes through ``action_complete`` or ``action_close``.
    ``on`` is the day the update is about (today if not given)."""
    rules.no_update_after_end(action)
    if not text.strip():
        raise ValidationError({"text": "Say what has happened since the last update."})
    on = on or timezone.localdate()
    _check_day(action, on, "date", "of the update")
    if new_status == ActionStatus.COMPLETED:
        action_complete(action=action, by=author, note=text, completed_on=on)
        return action.updates.latest("pk")
    if new_status == ActionStatus.CLOSED:
        action_close(action=action, by=author, reason=text, on=on)
        return action.updates.latest("pk")
    if new_status and new_status not in UPDATE_STATUSES:
        raise ValidationError({"new_status": f"{new_status!r} is not a status."})
    with transaction.atomic():
        update = _record_update(action, author=author, text=text.strip(), new_status=new_status, on=on)
        if new_status and new_status != action.status:
            action.status = new_status
            save_by(action, author)
    return update


def action_complete(*, action: Action, by: Any, note: str = "", completed_on: date | None = None) -> Action:
    """Mark an open action completed: it needs at least one piece of evidence of completion."""
    rules.no_update_after_end(action)
    rules.completion_needs_evidence(action)
    completed_on = completed_on or timezone.localdate()
    _check_day(action, completed_on, "completed_on", "of completion")
    with transaction.atomic():
        _record_update(
            action,
            author=by,
            text=note.strip() or "Marked completed.",
            new_status=ActionStatus.COMPLETED,
            on=completed_on,
        )
        action.status = ActionStatus.COMPLETED
        action.completed_on = completed_on
        save_by(action, by)
    return action


def action_close(*, action: Action, by: Any, reason: str, on: date | None = None) -> Action:
    """Close an open action without completing it, for the reason given (on ``on``, or today)."""
    rules.no_update_after_end(action)
    rules.closing_needs_reason(reason)
    on = on or timezone.localdate()
    _check_day(action, on, "closed_on", "of closing")
    with transaction.atomic():
        _record_update(action, author=by, text=reason.strip(), new_status=ActionStatus.CLOSED, on=on)
        action.status = ActionStatus.CLOSED
        action.closed_reason = reason.strip()
        action.closed_on = on
        save_by(action, by)
    return action


def action_evidence_link(*, action: Action, evidence: EvidenceItem, purpose: str, by: Any) -> EvidenceLink:
    """Attach an item of the partnership's evidence library to the action, as evidence of its
    completion or of its impact."""
    if purpose not in (EvidencePurpose.COMPLETION, EvidencePurpose.IMPACT):
        raise ValidationError({"purpose": "Choose evidence of completion or evidence of impact."})
    if evidence.partnership_id != action.partnership_id:
        raise ValidationError({"evidence": "Choose evidence from this partnership's library."})
    if evidence.is_superseded:
        raise ValidationError({"evidence": f"{evidence} has been superseded: attach the current evidence."})
    rules.no_evidence_after_closure(action)
    if purpose == EvidencePurpose.IMPACT:
        rules.impact_follows_completion(action)
    if action.evidence_links(purpose).filter(evidence=evidence).exists():
        raise ValidationError({"evidence": f"{evidence} is already attached for this purpose."})
    return evidence_link(evidence=evidence, target=action, purpose=purpose, linked_by=by)


def action_impact_record(
    *,
    action: Action,
    by: Any,
    summary: str,
    assessed_on: date | None = None,
    evidence: Iterable[EvidenceItem] = (),
) -> Action:
    """Record what difference a completed action made, with any evidence of that impact."""
    rules.impact_follows_completion(action)
    if not summary.strip():
        raise ValidationError({"summary": "Say what difference the action has made, and for whom."})
    assessed_on = assessed_on or timezone.localdate()
    if assessed_on > timezone.localdate():
        raise ValidationError({"assessed_on": "The date of the assessment cannot be in the future."})
    if action.completed_on and assessed_on < action.completed_on:
        raise ValidationError({"assessed_on": "Impact cannot be assessed before the action was completed."})
    with transaction.atomic():
        action.impact_summary = summary.strip()
        action.impact_assessed_on = assessed_on
        save_by(action, by)
        already = set(action.evidence_links(EvidencePurpose.IMPACT).values_list("evidence_id", flat=True))
        for item in evidence:
            if item.pk not in already:
                action_evidence_link(action=action, evidence=item, purpose=EvidencePurpose.IMPACT, by=by)
    return action
