"""The action tracker in the API: the same filters, rules and row-level visibility as the pages.

Status changes are progress updates: POST …/updates with ``new_status`` "in_progress" or
"not_started"; "completed" (needs evidence of completion, attached first through …/evidence) or
"closed" (needs a reason as the update's text, and the manage permission).
"""

from datetime import date, datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from ninja import Router, Schema, Status

from scrutiny.actions.access import action_or_404, may_update_or_403, visible_actions
from scrutiny.actions.forms import ActionFilterForm, ActionForm, attachable_evidence
from scrutiny.actions.models import Action, ActionStatus, ActionUpdate
from scrutiny.actions.services import action_complete, action_evidence_link, action_update_add
from scrutiny.evidence.models import EvidenceLink, EvidencePurpose
from scrutiny.partnerships.access import SeatedRequest, partnership_endpoint
from scrutiny.web.api import ERRORS

router = Router(tags=["actions"])

#: The most actions one call returns; page on with ``offset``.
MAX_LIMIT = 500


# Refused input, as scrutiny.web.api.refusal answers it: the line to read and each field's messages.
class ActionInvalidOut(Schema):
    detail: str
    errors: dict[str, list[str]]


INVALID: dict[int, Any] = {400: ActionInvalidOut}


class ActionUpdateOut(Schema):
    id: int
    date: date
    author: str | None
    text: str
    new_status: str


class ActionEvidenceOut(Schema):
    evidence_id: int
    title: str
    purpose: str
    linked_at: datetime


class ActionOut(Schema):
    id: int
    title: str
    description: str
    owner_agency_id: int
    owner_agency: str
    owner_id: int | None
    owner: str | None
    due_date: date
    status: str
    status_label: str
    flag: str | None
    source_room: str
    source_label: str
    source_type: str | None
    source_id: int | None
    theme_ids: list[int]
    created_at: datetime
    completed_on: date | None
    closed_on: date | None
    closed_reason: str
    impact_summary: str
    impact_assessed_on: date | None


class ActionDetailOut(ActionOut):
    completion_evidence_ids: list[int]
    impact_evidence_ids: list[int]
    updates: list[ActionUpdateOut]


class ActionIn(Schema):
    title: str
    description: str = ""
    owner_agency_id: int
    owner_id: int | None = None
    due_date: date
    theme_ids: list[int] = []


class ActionUpdateIn(Schema):
    text: str
    #: "", "not_started", "in_progress", "completed" or "closed".
    new_status: str = ""
    #: For a completion: the day it was completed (today if left out).
    completed_on: date | None = None


class ActionEvidenceIn(Schema):
    evidence_id: int
    #: "completion" or "impact".
    purpose: str


def _out(action: Action, today: date) -> dict[str, Any]:
    return {
        "id": action.pk,
        "title": action.title,
        "description": action.description,
        "owner_agency_id": action.owner_agency_id,
        "owner_agency": action.owner_agency.name,
        "owner_id": action.owner_id,
        "owner": str(action.owner) if action.owner else None,
        "due_date": action.due_date,
        "status": action.status,
        "status_label": action.get_status_display(),
        "flag": action.flag(today),
        "source_room": action.source_room,
        "source_label": action.source_label,
        "source_type": action.source_type.model if action.source_type_id and action.source_type else None,
        "source_id": action.source_id,
        "theme_ids": [theme.pk for theme in action.themes.all()],
        "created_at": action.created_at,
        "completed_on": action.completed_on,
        "closed_on": action.closed_on,
        "closed_reason": action.closed_reason,
        "impact_summary": action.impact_summary,
        "impact_assessed_on": action.impact_assessed_on,
    }


def _update_out(update: ActionUpdate) -> ActionUpdateOut:
    return ActionUpdateOut(
        id=update.pk,
        date=update.date,
        author=str(update.author) if update.author else None,
        text=update.text,
        new_status=update.new_status,
    )


def _detail(action: Action) -> ActionDetailOut:
    links = list(action.evidence_links().order_by("linked_at"))
    updates = action.updates.select_related("author")
    return ActionDetailOut(
        **_out(action, timezone.localdate()),
        completion_evidence_ids=[link.evidence_id for link in links if link.purpose == EvidencePurpose.COMPLETION],
        impact_evidence_ids=[link.evidence_id for link in links if link.purpose == EvidencePurpose.IMPACT],
        updates=[_update_out(u) for u in updates],
    )


@router.get(
    "/partnerships/{slug}/actions",
    response={200: list[ActionOut], **ERRORS, **INVALID},
    url_name="actions_list",
)
@partnership_endpoint("actions", "view")
def actions_list(
    request: SeatedRequest,
    slug: str,
    agency: int | None = None,
    source_room: str = "",
    status: str = "",
    theme: int | None = None,
    due: str = "",
    mine: bool = False,
    limit: int = 100,
    offset: int = 0,
) -> Any:
    """The actions the caller may see, soonest due first, with the list page's filters: ``agency``
    (id), ``source_room`` ("-" for actions added directly), ``status`` (a status or "open"),
    ``theme`` (id), ``due`` ("overdue" or "due_soon"), ``mine``; ``limit`` (at most 500) and
    ``offset`` page through them."""
    seat = request.seat
    visible = visible_actions(seat)
    asked = {"agency": agency, "source_room": source_room, "status": status, "theme": theme, "due": due, "mine": mine}
    query = {name: value for name, value in asked.items() if value not in (None, "", False)}
    rooms = sorted(set(visible.values_list("source_room", flat=True)))
    form = ActionFilterForm(query, seat=seat, source_rooms=rooms)
    if not form.is_valid():
        raise ValidationError(form.errors.as_data())
    if not 1 <= limit <= MAX_LIMIT or offset < 0:
        raise ValidationError({"limit": f"Ask for between 1 and {MAX_LIMIT} actions, from an offset of 0 or more."})
    today = timezone.localdate()
    found = (
        visible.matching(seat, today, **form.cleaned_data)
        .select_related("owner_agency", "owner", "source_type")
        .prefetch_related("themes")
        .order_by("due_date", "pk")[offset : offset + limit]
    )
    return [_out(action, today) for action in found]


@router.post(
    "/partnerships/{slug}/actions",
    response={201: ActionDetailOut, **ERRORS, **INVALID},
    url_name="actions_create",
)
@partnership_endpoint("actions", "manage")
def actions_create(request: SeatedRequest, slug: str, payload: ActionIn) -> Any:
    """Add an action. Validated by the same form as the page: the owner agency must work with the
    partnership, a named owner must hold a role in it, and the due date cannot be in the past."""
    seat = request.seat
    data = {
        "title": payload.title,
        "description": payload.description,
        "owner_agency": payload.owner_agency_id,
        "owner": payload.owner_id or "",
        "due_date": payload.due_date.isoformat(),
        "themes": payload.theme_ids,
    }
    form = ActionForm(
        data, instance=Action(partnership=seat.partnership, created_by=seat.user), partnership=seat.partnership
    )
    if "themes" not in form.fields and payload.theme_ids:
        raise ValidationError({"theme_ids": "No themes are available to this partnership yet."})
    if not form.is_valid():
        raise ValidationError(form.errors.as_data())
    return Status(201, _detail(form.create_action(created_by=seat.user)))


@router.get(
    "/partnerships/{slug}/actions/{action_id}",
    response={200: ActionDetailOut, **ERRORS},
    url_name="actions_detail",
)
@partnership_endpoint("actions", "view")
def actions_detail(request: SeatedRequest, slug: str, action_id: int) -> ActionDetailOut:
    """One action with its updates and the ids of its evidence of completion and of impact."""
    return _detail(action_or_404(request.seat, action_id))


@router.get(
    "/partnerships/{slug}/actions/{action_id}/updates",
    response={200: list[ActionUpdateOut], **ERRORS},
    url_name="actions_updates",
)
@partnership_endpoint("actions", "view")
def actions_updates(request: SeatedRequest, slug: str, action_id: int) -> list[ActionUpdateOut]:
    """The action's progress updates, newest first."""
    action = action_or_404(request.seat, action_id)
    return [_update_out(u) for u in action.updates.select_related("author")]


@router.post(
    "/partnerships/{slug}/actions/{action_id}/updates",
    response={201: ActionDetailOut, **ERRORS, **INVALID},
    url_name="actions_update_add",
)
@partnership_endpoint("actions", "contribute")
def actions_update_add(request: SeatedRequest, slug: str, action_id: int, payload: ActionUpdateIn) -> Any:
    """Post progress on an open action (its owner, the owner agency's people, or those who manage
    actions). ``new_status`` "completed" completes it (evidence of completion needed); "closed"
    closes it without completion, with ``text`` as the reason (manage permission needed)."""
    seat = request.seat
    action = action_or_404(seat, action_id)
    may_update_or_403(seat, action)
    if payload.new_status == ActionStatus.CLOSED and not seat.can("actions", "manage"):
        raise PermissionDenied("Only those who manage actions may close one without completion.")
    if payload.new_status and payload.new_status not in ActionStatus.values:
        raise ValidationError({"new_status": f"Choose one of: {', '.join(ActionStatus.values)}."})
    if payload.new_status == ActionStatus.COMPLETED and payload.completed_on:
        action_complete(action=action, by=seat.user, note=payload.text, completed_on=payload.completed_on)
    else:
        action_update_add(action=action, author=seat.user, text=payload.text, new_status=payload.new_status)
    return Status(201, _detail(action_or_404(seat, action_id)))


@router.get(
    "/partnerships/{slug}/actions/{action_id}/evidence",
    response={200: list[ActionEvidenceOut], **ERRORS},
    url_name="actions_evidence",
)
@partnership_endpoint("actions", "view")
def actions_evidence(request: SeatedRequest, slug: str, action_id: int) -> list[ActionEvidenceOut]:
    """The evidence attached to the action: of its completion and of its impact."""
    action = action_or_404(request.seat, action_id)
    return [_evidence_out(link) for link in action.evidence_links().order_by("linked_at")]


def _evidence_out(link: EvidenceLink) -> ActionEvidenceOut:
    return ActionEvidenceOut(
        evidence_id=link.evidence_id, title=link.evidence.title, purpose=link.purpose, linked_at=link.linked_at
    )


@router.post(
    "/partnerships/{slug}/actions/{action_id}/evidence",
    response={201: ActionEvidenceOut, **ERRORS, **INVALID},
    url_name="actions_evidence_add",
)
@partnership_endpoint("actions", "contribute")
def actions_evidence_add(request: SeatedRequest, slug: str, action_id: int, payload: ActionEvidenceIn) -> Any:
    """Attach an item of the evidence library the caller may see, as evidence of ``completion`` or
    of ``impact`` (impact once the action is completed)."""
    seat = request.seat
    action = action_or_404(seat, action_id)
    may_update_or_403(seat, action)
    evidence = attachable_evidence(seat).filter(pk=payload.evidence_id).first()
    if evidence is None:
        raise ValidationError({"evidence_id": "No evidence with that id that you may attach in this partnership."})
    link = action_evidence_link(action=action, evidence=evidence, purpose=payload.purpose, by=seat.user)
    return Status(201, _evidence_out(link))
