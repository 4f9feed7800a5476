"""Rapid reviews through the API: starting one for a notified incident, its four parts, the
statutory partners' sign-offs, sending it to the Panel and the Panel's response (the agencies'
own contributions are in ``contributions``).

Every write goes through the workflows in ``scrutiny.reviews.rapid_reviewing`` that the pages
use, so a rule holds however the change arrives."""

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from ninja import Schema
from ninja.responses import Status

from scrutiny.partnerships.access import Seat, SeatedRequest, partnership_endpoint
from scrutiny.partnerships.models import Agency
from scrutiny.partnerships.scoping import get_scoped_or_404, scoped
from scrutiny.reviews.api.common import (
    BASE,
    WRITE_ERRORS,
    ClockOut,
    api_names,
    apply,
    changes_of,
    clocks_out,
    router,
    scoped_id,
    scoped_ids,
)
from scrutiny.reviews.models import (
    REGULATION_11_CRITERIA,
    ROOM,
    AgencyContribution,
    RapidReview,
    RapidReviewSignOff,
    SeriousIncident,
)
from scrutiny.reviews.rapid_reviewing import (
    bodies_spoken_for,
    not_a_signer,
    rapid_review_change,
    rapid_review_change_problem,
    rapid_review_record_panel_response,
    rapid_review_send,
    rapid_review_sign_off,
    rapid_review_start,
)
from scrutiny.web.api import ERRORS

CRITERIA = [field for field, _ in REGULATION_11_CRITERIA]


# --- Representations ----------------------------------------------------------------------------


class ContributionSummaryOut(Schema):
    id: int
    agency_id: int
    agency: str
    status: str
    requested_on: date
    due_on: date
    submitted_on: date | None
    overdue: bool


class SignOffOut(Schema):
    id: int
    partner_body_id: int
    partner_body: str
    signed_by_id: int
    signed_by: str
    signed_on: date
    comment: str


class PartnerBodyOut(Schema):
    id: int
    name: str


class RapidReviewOut(Schema):
    id: int
    incident_id: int
    reference: str
    contributions_due: date
    facts: str
    immediate_action_needed: bool | None
    immediate_actions: str
    improvements: str
    lcspr_decision: str
    #: The regulation 11 criteria ticked, by name (criterion_improvements and so on).
    criteria: list[str]
    decision_rationale: str
    decided_on: date | None
    sent_to_panel_on: date | None
    late_reason: str
    panel_response: str
    panel_response_on: date | None
    panel_response_note: str
    lcspr_id: int | None
    contributions_asked: int
    contributions_submitted: int
    signed_off_by_ids: list[int]
    clocks: list[ClockOut]


class RapidReviewDetailOut(RapidReviewOut):
    contributions: list[ContributionSummaryOut]
    sign_offs: list[SignOffOut]
    still_to_sign: list[PartnerBodyOut]
    #: Why it cannot be recorded as sent yet ("" when it can, or once it has been).
    send_problem: str


class RapidReviewIn(Schema):
    incident_id: int
    #: The internal deadline for the agencies' contributions; the catalogue's default if left out.
    contributions_due: date | None = None
    #: The agencies asked for a contribution; the incident's agencies involved if left out.
    agency_ids: list[int] | None = None


class RapidReviewPatch(Schema):
    contributions_due: date | None = None
    facts: str | None = None
    immediate_action_needed: bool | None = None
    immediate_actions: str | None = None
    improvements: str | None = None
    #: "commission", "not_commission" or "" (not yet decided).
    lcspr_decision: str | None = None
    #: The regulation 11 criteria the case meets, by name; the others are unticked.
    criteria: list[str] | None = None
    decision_rationale: str | None = None
    decided_on: date | None = None


class SignOffIn(Schema):
    #: The partner body signed for; may be left out by someone who speaks for one body only.
    partner_body_id: int | None = None
    signed_on: date | None = None
    comment: str = ""


class SendOut(Schema):
    sent_to_panel_on: date | None
    late_reason: str
    send_problem: str
    clock: ClockOut


class SendIn(Schema):
    sent_on: date
    late_reason: str = ""


class PanelResponseOut(Schema):
    panel_response: str
    panel_response_on: date | None
    panel_response_note: str


class PanelResponseIn(Schema):
    #: "agrees", "disagrees", "more_information" or "national_review".
    response: str
    responded_on: date
    note: str = ""


#: The API's names for the fields the workflows' messages name.
API_NAMES = {
    "incident": "incident_id",
    "agencies": "agency_ids",
    "partner_body": "partner_body_id",
    "sent_to_panel_on": "sent_on",
    "panel_response": "response",
    "panel_response_on": "responded_on",
    "panel_response_note": "note",
}


def contribution_summary(contribution: AgencyContribution, today: date) -> dict[str, Any]:
    return {
        "id": contribution.pk,
        "agency_id": contribution.agency_id,
        "agency": contribution.agency.name,
        "status": contribution.status,
        "requested_on": contribution.requested_on,
        "due_on": contribution.due_on,
        "submitted_on": contribution.submitted_on,
        "overdue": contribution.is_overdue(today),
    }


def _sign_off_out(sign_off: RapidReviewSignOff) -> SignOffOut:
    return SignOffOut(
        id=sign_off.pk,
        partner_body_id=sign_off.partner_body_id,
        partner_body=sign_off.partner_body.name,
        signed_by_id=sign_off.signed_by_id,
        signed_by=sign_off.signed_by.full_name or sign_off.signed_by.email,
        signed_on=sign_off.signed_on,
        comment=sign_off.comment,
    )


def _fields(review: RapidReview, today: date) -> dict[str, Any]:
    contributions = list(review.contributions.all())
    return {
        "id": review.pk,
        "incident_id": review.incident_id,
        "reference": review.incident.reference,
        "contributions_due": review.contributions_due,
        "facts": review.facts,
        "immediate_action_needed": review.immediate_action_needed,
        "immediate_actions": review.immediate_actions,
        "improvements": review.improvements,
        "lcspr_decision": review.lcspr_decision,
        "criteria": [field for field in CRITERIA if getattr(review, field)],
        "decision_rationale": review.decision_rationale,
        "decided_on": review.decided_on,
        "sent_to_panel_on": review.sent_to_panel_on,
        "late_reason": review.late_reason,
        "panel_response": review.panel_response,
        "panel_response_on": review.panel_response_on,
        "panel_response_note": review.panel_response_note,
        "lcspr_id": getattr(getattr(review, "lcspr", None), "pk", None),
        "contributions_asked": len(contributions),
        "contributions_submitted": sum(1 for c in contributions if c.is_submitted),
        "signed_off_by_ids": sorted(s.partner_body_id for s in review.sign_offs.all()),
        "clocks": clocks_out(review.clocks(), today),
    }


def _reviews(seat: Seat) -> Any:
    return (
        scoped(RapidReview.objects.visible_to(seat), seat.partnership)
        .select_related("incident", "partnership", "lcspr")
        .prefetch_related("contributions", "sign_offs")
    )


def _review(seat: Seat, rapid_review_id: int) -> RapidReview:
    return get_scoped_or_404(_reviews(seat), seat.partnership, pk=rapid_review_id)  # type: ignore[no-any-return]


def _detail(review: RapidReview) -> RapidReviewDetailOut:
    today = timezone.localdate()
    contributions = review.contributions.select_related("agency").order_by("agency__name")
    sign_offs = review.sign_offs.select_related("partner_body", "signed_by")
    return RapidReviewDetailOut(
        **_fields(review, today),
        contributions=[ContributionSummaryOut(**contribution_summary(c, today)) for c in contributions],
        sign_offs=[_sign_off_out(s) for s in sign_offs],
        still_to_sign=[PartnerBodyOut(id=body.pk, name=body.name) for body in review.bodies_still_to_sign()],
        send_problem="" if review.is_sent else review.send_problem(),
    )


# --- Rapid reviews --------------------------------------------------------------------------------


@router.get(
    f"{BASE}/rapid-reviews", response={200: list[RapidReviewOut], **ERRORS}, url_name="reviews_rapid_review_list"
)
@partnership_endpoint(ROOM, "view")
def rapid_review_list(request: SeatedRequest, slug: str, sent: bool | None = None) -> list[RapidReviewOut]:
    """The partnership's rapid reviews, latest incident first; ``sent`` keeps those sent to the
    Panel (true) or not yet sent (false)."""
    found = _reviews(request.seat)
    if sent is not None:
        found = found.filter(sent_to_panel_on__isnull=not sent)
    today = timezone.localdate()
    return [RapidReviewOut(**_fields(review, today)) for review in found]


@router.post(
    f"{BASE}/rapid-reviews",
    response={201: RapidReviewDetailOut, **WRITE_ERRORS},
    url_name="reviews_rapid_review_create",
)
@partnership_endpoint(ROOM, "manage")
def rapid_review_create(request: SeatedRequest, slug: str, payload: RapidReviewIn) -> Status[RapidReviewDetailOut]:
    """Start the rapid review of a notified incident and ask agencies for their contributions.
    Refused (400) where the incident already has one or the partners recorded the criteria as not
    met."""
    seat = request.seat
    incident = scoped_id(SeriousIncident, seat.partnership, payload.incident_id, "incident_id")
    assert incident is not None
    if payload.agency_ids is None:
        agencies = list(incident.agencies.all())
    else:
        agencies = scoped_ids(Agency, seat.partnership, payload.agency_ids, "agency_ids")
    with api_names(API_NAMES):
        review = rapid_review_start(
            incident=incident, contributions_due=payload.contributions_due, agencies=agencies, by=request.user
        )
    return Status(201, _detail(_review(seat, review.pk)))


@router.get(
    f"{BASE}/rapid-reviews/{{rapid_review_id}}",
    response={200: RapidReviewDetailOut, **ERRORS},
    url_name="reviews_rapid_review_detail",
)
@partnership_endpoint(ROOM, "view")
def rapid_review_detail(request: SeatedRequest, slug: str, rapid_review_id: int) -> RapidReviewDetailOut:
    """One rapid review with its clock, a summary of each agency's contribution, the sign-offs and
    what is still needed before it can be sent."""
    return _detail(_review(request.seat, rapid_review_id))


@router.patch(
    f"{BASE}/rapid-reviews/{{rapid_review_id}}",
    response={200: RapidReviewDetailOut, **WRITE_ERRORS},
    url_name="reviews_rapid_review_update",
)
@partnership_endpoint(ROOM, "manage")
def rapid_review_update(
    request: SeatedRequest, slug: str, rapid_review_id: int, payload: RapidReviewPatch
) -> RapidReviewDetailOut:
    """Write the four parts: the facts, whether immediate action is needed (and what was done),
    the potential improvements, and the decision on an LCSPR with the regulation 11 ``criteria``
    and the rationale. Once sent to the Panel it is kept as it was sent (400)."""
    seat = request.seat
    review = _review(seat, rapid_review_id)
    if problem := rapid_review_change_problem(review):
        raise ValidationError(problem)
    changes = changes_of(payload)
    criteria = changes.pop("criteria", None)
    if criteria is not None:
        unknown = sorted(set(criteria) - set(CRITERIA))
        if unknown:
            raise ValidationError(
                {"criteria": f"{', '.join(unknown)} is not a criterion; choose from {', '.join(CRITERIA)}."}
            )
        changes.update({field: field in criteria for field in CRITERIA})
    apply(review, changes)
    with api_names(API_NAMES):
        rapid_review_change(rapid_review=review, by=request.user)
    return _detail(_review(seat, review.pk))


# --- Sign-off, sending to the Panel and the Panel's response -------------------------------------


@router.get(
    f"{BASE}/rapid-reviews/{{rapid_review_id}}/sign-offs",
    response={200: list[SignOffOut], **ERRORS},
    url_name="reviews_rapid_review_sign_offs",
)
@partnership_endpoint(ROOM, "view")
def rapid_review_sign_offs(request: SeatedRequest, slug: str, rapid_review_id: int) -> list[SignOffOut]:
    review = _review(request.seat, rapid_review_id)
    return [_sign_off_out(s) for s in review.sign_offs.select_related("partner_body", "signed_by")]


@router.post(
    f"{BASE}/rapid-reviews/{{rapid_review_id}}/sign-offs",
    response={201: SignOffOut, **WRITE_ERRORS},
    url_name="reviews_rapid_review_sign_off",
)
@partnership_endpoint(ROOM, "contribute")
def rapid_review_sign_off_create(
    request: SeatedRequest, slug: str, rapid_review_id: int, payload: SignOffIn
) -> Status[SignOffOut]:
    """Sign the review off for a statutory partner body, as its lead or delegated partner (anyone
    else: 403). Refused (400) before the four parts are written, after it was sent, for a body the
    caller does not speak for, or a second time."""
    seat = request.seat
    review = _review(seat, rapid_review_id)
    mine = bodies_spoken_for(seat, review)
    if not mine:
        raise PermissionDenied(not_a_signer(review))
    if payload.partner_body_id is None:
        if len(mine) > 1:
            speaks_for = ", ".join(f"{body.name} ({body.pk})" for body in mine)
            raise ValidationError({"partner_body_id": f"you speak for {speaks_for}; say which you are signing for."})
        body = mine[0]
    else:
        found = scoped_id(Agency, seat.partnership, payload.partner_body_id, "partner_body_id")
        assert found is not None
        body = found
    with api_names(API_NAMES):
        sign_off = rapid_review_sign_off(
            rapid_review=review,
            partner_body=body,
            by=request.user,
            signed_on=payload.signed_on,
            comment=payload.comment,
        )
    return Status(201, _sign_off_out(sign_off))


def _send_out(review: RapidReview) -> SendOut:
    return SendOut(
        sent_to_panel_on=review.sent_to_panel_on,
        late_reason=review.late_reason,
        send_problem="" if review.is_sent else review.send_problem(),
        clock=clocks_out(review.clocks(), timezone.localdate())[0],
    )


@router.get(
    f"{BASE}/rapid-reviews/{{rapid_review_id}}/send",
    response={200: SendOut, **ERRORS},
    url_name="reviews_rapid_review_send_status",
)
@partnership_endpoint(ROOM, "view")
def rapid_review_send_status(request: SeatedRequest, slug: str, rapid_review_id: int) -> SendOut:
    """Whether the review has been sent to the Panel, what is still needed before it can be, and
    its 15-working-day clock."""
    return _send_out(_review(request.seat, rapid_review_id))


@router.post(
    f"{BASE}/rapid-reviews/{{rapid_review_id}}/send",
    response={200: SendOut, **WRITE_ERRORS},
    url_name="reviews_rapid_review_send",
)
@partnership_endpoint(ROOM, "manage")
def rapid_review_send_create(request: SeatedRequest, slug: str, rapid_review_id: int, payload: SendIn) -> SendOut:
    """Record the date the completed, signed-off review was sent to the Panel, with the reason
    where that was after its deadline."""
    seat = request.seat
    review = _review(seat, rapid_review_id)
    with api_names(API_NAMES):
        rapid_review_send(
            rapid_review=review, sent_on=payload.sent_on, late_reason=payload.late_reason, by=request.user
        )
    return _send_out(_review(seat, review.pk))


def _panel_out(review: RapidReview) -> PanelResponseOut:
    return PanelResponseOut(
        panel_response=review.panel_response,
        panel_response_on=review.panel_response_on,
        panel_response_note=review.panel_response_note,
    )


@router.get(
    f"{BASE}/rapid-reviews/{{rapid_review_id}}/panel-response",
    response={200: PanelResponseOut, **ERRORS},
    url_name="reviews_rapid_review_panel_response",
)
@partnership_endpoint(ROOM, "view")
def rapid_review_panel_response(request: SeatedRequest, slug: str, rapid_review_id: int) -> PanelResponseOut:
    return _panel_out(_review(request.seat, rapid_review_id))


@router.post(
    f"{BASE}/rapid-reviews/{{rapid_review_id}}/panel-response",
    response={200: PanelResponseOut, **WRITE_ERRORS},
    url_name="reviews_rapid_review_panel_response_record",
)
@partnership_endpoint(ROOM, "manage")
def rapid_review_panel_response_record(
    request: SeatedRequest, slug: str, rapid_review_id: int, payload: PanelResponseIn
) -> PanelResponseOut:
    """Record what the Panel said about the review, and when (after it was sent)."""
    seat = request.seat
    review = _review(seat, rapid_review_id)
    with api_names(API_NAMES):
        rapid_review_record_panel_response(
            rapid_review=review,
            response=payload.response,
            responded_on=payload.responded_on,
            note=payload.note,
            by=request.user,
        )
    return _panel_out(_review(seat, review.pk))
