"""The rules of the action tracker, one named function each. Every rule raises a ValidationError
whose message says what to do instead; the pages, the API and the services all go through them.

Source for all of them: issue 3, "Actions" — an action tracker with owner, due date, status,
progress updates, evidence of completion and, separately, evidence of impact; bad input (a
response after closure, a date in the wrong order) gets a clear message and changes nothing.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError

from scrutiny.partnerships.models import Membership, PartnershipAgency

if TYPE_CHECKING:
    from scrutiny.actions.models import Action


def due_not_before_creation(due_date: date, created_on: date) -> None:
    """An action cannot fall due before the day it was agreed."""
    if due_date < created_on:
        raise ValidationError(
            {"due_date": f"The due date cannot be before the action was created ({created_on:%-d %B %Y})."}
        )


def owner_agency_works_with_partnership(agency_id: int, partnership_id: int) -> None:
    """An action is owned by an agency that works with the partnership."""
    if not PartnershipAgency.objects.filter(agency_id=agency_id, partnership_id=partnership_id).exists():
        raise ValidationError({"owner_agency": "Choose an agency that works with this partnership."})


def owner_holds_a_role(user_id: int, partnership_id: int) -> None:
    """A named owner must hold a role in the partnership, so they can see and update the action."""
    if not Membership.objects.filter(user_id=user_id, partnership_id=partnership_id).exists():
        raise ValidationError({"owner": "The owner must hold a role in this partnership."})


def completion_needs_evidence(action: Action) -> None:
    """An action cannot be marked completed without at least one piece of evidence of completion:
    "done" must be traceable to what shows it was done."""
    if not action.has_completion_evidence():
        raise ValidationError(
            "Attach at least one piece of evidence of completion before marking this action completed."
        )


def closing_needs_reason(reason: str) -> None:
    """Closing an action without completing it needs a reason, kept with the action."""
    if not reason.strip():
        raise ValidationError({"reason": "Say why the action is being closed without being completed."})


def no_update_after_end(action: Action) -> None:
    """A completed or closed action takes no more progress updates or status changes: its record
    stands as it was when it ended. (Impact is recorded separately.)"""
    if not action.is_open:
        raise ValidationError(f"This action is {action.get_status_display().lower()}, so it takes no more updates.")


def impact_follows_completion(action: Action) -> None:
    """Impact is assessed once an action is completed: there is no impact of an action that was not
    done, and a closed one was not."""
    if not action.is_completed:
        raise ValidationError(
            "Impact is recorded once the action is completed. Complete it first, with its evidence of completion."
        )


def no_evidence_after_closure(action: Action) -> None:
    """An action closed without completion takes no more evidence."""
    if action.is_closed:
        raise ValidationError("This action was closed without completion, so it takes no more evidence.")
