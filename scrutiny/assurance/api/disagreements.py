"""Disagreements between leaders and the escalation policy."""

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from ninja import Schema
from ninja.responses import Status

from scrutiny.assurance import rules
from scrutiny.assurance.api.common import BASE, WRITE_ERRORS, router, validated
from scrutiny.assurance.forms import AdviceForm, DisagreementForm, EscalateForm, ResolveForm
from scrutiny.assurance.models import Disagreement, EscalationStage
from scrutiny.assurance.models.disagreements import escalation_policy
from scrutiny.assurance.services import (
    disagreement_advise,
    disagreement_escalate,
    disagreement_record,
    disagreement_resolve,
    disagreement_themes,
)
from scrutiny.partnerships.access import Seat, SeatedRequest, partnership_endpoint
from scrutiny.partnerships.scoping import get_scoped_or_404, scoped
from scrutiny.web.api import ERRORS

# --- Disagreements ----------------------------------------------------------------------------


class StageOut(Schema):
    id: int
    order: int
    name: str
    timescale_working_days: int


class StageChangeOut(Schema):
    stage_id: int
    entered_on: date
    note: str


class DisagreementOut(Schema):
    id: int
    title: str
    issue: str
    party_ids: list[int]
    raised_on: date
    current_stage: StageOut
    stage_entered_on: date
    stage_history: list[StageChangeOut]
    scrutineer_advice: str
    advice_given_on: date | None
    resolution: str
    resolved_on: date | None
    theme_ids: list[int]


class DisagreementIn(Schema):
    title: str
    issue: str
    party_ids: list[int]
    raised_on: str
    theme_ids: list[int] = []


class EscalateIn(Schema):
    entered_on: str
    note: str = ""


class DisagreementPatch(Schema):
    resolution: str | None = None
    resolved_on: str | None = None
    scrutineer_advice: str | None = None
    advice_given_on: str | None = None


class ThemeCountOut(Schema):
    theme_id: int
    theme: str
    disagreements: int
    open: int


def _stage_out(stage: EscalationStage) -> StageOut:
    return StageOut(
        id=stage.pk, order=stage.order, name=stage.name, timescale_working_days=stage.timescale_working_days
    )


def _disagreement_out(d: Disagreement) -> DisagreementOut:
    return DisagreementOut(
        id=d.pk,
        title=d.title,
        issue=d.issue,
        party_ids=sorted(p.pk for p in d.parties.all()),
        raised_on=d.raised_on,
        current_stage=_stage_out(d.current_stage),
        stage_entered_on=d.stage_entered_on,
        stage_history=[
            StageChangeOut(stage_id=c.stage_id, entered_on=c.entered_on, note=c.note) for c in d.stage_changes.all()
        ],
        scrutineer_advice=d.scrutineer_advice,
        advice_given_on=d.advice_given_on,
        resolution=d.resolution,
        resolved_on=d.resolved_on,
        theme_ids=sorted(t.pk for t in d.themes.all()),
    )


def _disagreements(seat: Seat) -> Any:
    return (
        scoped(Disagreement.objects.visible_to(seat), seat.partnership)
        .select_related("current_stage")
        .prefetch_related("parties", "themes", "stage_changes")
    )


@router.get(
    f"{BASE}/disagreements", response={200: list[DisagreementOut], **ERRORS}, url_name="assurance_disagreements"
)
@partnership_endpoint("assurance", "view")
def disagreements(request: SeatedRequest, slug: str) -> list[DisagreementOut]:
    return [_disagreement_out(d) for d in _disagreements(request.seat)]


@router.get(
    f"{BASE}/disagreements/themes",
    response={200: list[ThemeCountOut], **ERRORS},
    url_name="assurance_disagreement_themes",
)
@partnership_endpoint("assurance", "view")
def disagreement_theme_counts(request: SeatedRequest, slug: str) -> list[ThemeCountOut]:
    """Themes across disagreements: how many are tagged with each, and how many are still open."""
    rows = disagreement_themes(request.seat.partnership)
    return [ThemeCountOut(theme_id=t.pk, theme=t.label, disagreements=n, open=o) for t, n, o in rows]


@router.get(
    f"{BASE}/escalation-policy", response={200: list[StageOut], **ERRORS}, url_name="assurance_escalation_policy"
)
@partnership_endpoint("assurance_admin", "view")
def escalation_stages(request: SeatedRequest, slug: str) -> list[StageOut]:
    return [_stage_out(s) for s in escalation_policy(request.seat.partnership)]


@router.post(
    f"{BASE}/disagreements", response={201: DisagreementOut, **WRITE_ERRORS}, url_name="assurance_disagreement_create"
)
@partnership_endpoint("assurance", "contribute")
def disagreement_create(request: SeatedRequest, slug: str, payload: DisagreementIn) -> Status[DisagreementOut]:
    seat = request.seat
    form = DisagreementForm(
        {
            "title": payload.title,
            "issue": payload.issue,
            "parties": payload.party_ids,
            "raised_on": payload.raised_on,
            "themes": payload.theme_ids,
        },
        partnership=seat.partnership,
        own_agency_ids=None if seat.can("assurance", "view") else seat.agency_ids,
    )
    made = disagreement_record(partnership=seat.partnership, by=request.user, **validated(form))
    return Status(201, _disagreement_out(made))


@router.get(
    f"{BASE}/disagreements/{{disagreement_id}}",
    response={200: DisagreementOut, **ERRORS},
    url_name="assurance_disagreement",
)
@partnership_endpoint("assurance", "view")
def disagreement(request: SeatedRequest, slug: str, disagreement_id: int) -> DisagreementOut:
    seat = request.seat
    return _disagreement_out(get_scoped_or_404(_disagreements(seat), seat.partnership, pk=disagreement_id))


def _disagreement_to_change(seat: Seat, disagreement_id: int) -> Disagreement:
    found = get_scoped_or_404(Disagreement.objects.visible_to(seat), seat.partnership, pk=disagreement_id)
    rules.only_the_parties_move_it_on(found, seat)
    return found


@router.get(
    f"{BASE}/disagreements/{{disagreement_id}}/stages",
    response={200: list[StageChangeOut], **ERRORS},
    url_name="assurance_disagreement_stages",
)
@partnership_endpoint("assurance", "view")
def disagreement_stages(request: SeatedRequest, slug: str, disagreement_id: int) -> list[StageChangeOut]:
    """The disagreement's stage history, oldest first."""
    seat = request.seat
    found = get_scoped_or_404(Disagreement.objects.visible_to(seat), seat.partnership, pk=disagreement_id)
    return [
        StageChangeOut(stage_id=c.stage_id, entered_on=c.entered_on, note=c.note) for c in found.stage_changes.all()
    ]


@router.post(
    f"{BASE}/disagreements/{{disagreement_id}}/stages",
    response={201: DisagreementOut, **WRITE_ERRORS},
    url_name="assurance_disagreement_escalate",
)
@partnership_endpoint("assurance", "contribute")
def disagreement_escalate_api(
    request: SeatedRequest, slug: str, disagreement_id: int, payload: EscalateIn
) -> Status[DisagreementOut]:
    """Escalate: move the disagreement to the next stage of the escalation policy."""
    found = _disagreement_to_change(request.seat, disagreement_id)
    escalation = validated(EscalateForm({"entered_on": payload.entered_on, "note": payload.note}))
    disagreement_escalate(disagreement=found, seat=request.seat, on=escalation["entered_on"], note=escalation["note"])
    return Status(201, _disagreement_out(found))


@router.patch(
    f"{BASE}/disagreements/{{disagreement_id}}",
    response={200: DisagreementOut, **WRITE_ERRORS},
    url_name="assurance_disagreement_update",
)
@partnership_endpoint("assurance", "contribute")
def disagreement_update(
    request: SeatedRequest, slug: str, disagreement_id: int, payload: DisagreementPatch
) -> DisagreementOut:
    """``resolution`` and ``resolved_on``: recorded by a party, the scrutineer or the business
    manager. ``scrutineer_advice`` and ``advice_given_on``: the scrutineer's only (403 otherwise)."""
    seat = request.seat
    changes = payload.dict(exclude_unset=True)
    advice = {"scrutineer_advice", "advice_given_on"} & changes.keys()
    resolving = {"resolution", "resolved_on"} & changes.keys()
    if not advice and not resolving:
        raise ValidationError("Send a resolution with its date, or the scrutineer's advice with its date.")
    if advice and not seat.can("assurance", "manage"):
        raise PermissionDenied("Only the scrutineer gives independent advice.")
    found = (
        _disagreement_to_change(seat, disagreement_id)
        if resolving
        else get_scoped_or_404(Disagreement, seat.partnership, pk=disagreement_id)
    )
    advice_form = AdviceForm(
        {"scrutineer_advice": changes.get("scrutineer_advice", ""), "advice_given_on": changes.get("advice_given_on")}
    )
    resolve_form = ResolveForm({"resolution": changes.get("resolution", ""), "resolved_on": changes.get("resolved_on")})
    if advice:
        validated(advice_form)
    if resolving:
        validated(resolve_form)
    with transaction.atomic():
        if advice:
            disagreement_advise(
                disagreement=found,
                advice=advice_form.cleaned_data["scrutineer_advice"],
                on=advice_form.cleaned_data["advice_given_on"],
            )
        if resolving:
            disagreement_resolve(
                disagreement=found,
                seat=seat,
                resolution=resolve_form.cleaned_data["resolution"],
                on=resolve_form.cleaned_data["resolved_on"],
            )
    return _disagreement_out(found)
