"""Rounds of agency returns, opened by the business manager, and the agencies' returns in them,
which an agency's own people may fill in and submit: the same services and rules as the pages."""

from datetime import date, datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from ninja import Schema, Status
from ninja.pagination import paginate

from scrutiny.partnerships.access import SeatedRequest, partnership_endpoint
from scrutiny.partnerships.scoping import scoped
from scrutiny.performance.agency_returns import (
    Entry,
    entry_from,
    may_enter,
    measures_for,
    round_open,
    submission_save,
    submission_status,
    submissions_visible_to,
)
from scrutiny.performance.api.common import BAD_INPUT, BASE, refused_form, router
from scrutiny.performance.forms import ReturnRoundForm
from scrutiny.performance.models import ROOM, AgencySubmission, ReturnRound
from scrutiny.web.api import ERRORS


class RoundOut(Schema):
    id: int
    frequency: str
    period: str
    period_start: date
    period_end: date
    due_on: date
    submissions: int
    submitted: int


class RoundIn(Schema):
    frequency: str
    period_start: date
    period_end: date
    due_on: date


class SubmissionValueOut(Schema):
    measure_id: int
    measure_code: str
    value: float | None
    numerator: int | None
    denominator: int | None
    note: str


class SubmissionOut(Schema):
    id: int
    round_id: int
    period: str
    due_on: date
    agency_id: int
    submitted_at: datetime | None
    status: str
    values: list[SubmissionValueOut]


class SubmissionValueIn(Schema):
    measure_id: int
    value: str = ""
    numerator: str = ""
    denominator: str = ""
    note: str = ""


class SubmissionIn(Schema):
    values: list[SubmissionValueIn]
    submit: bool = False


def _round_out(opened: ReturnRound) -> RoundOut:
    submissions = list(opened.submissions.all())
    return RoundOut(
        id=opened.pk,
        frequency=opened.frequency,
        period=opened.period_label,
        period_start=opened.period_start,
        period_end=opened.period_end,
        due_on=opened.due_on,
        submissions=len(submissions),
        submitted=sum(1 for each in submissions if each.submitted_at is not None),
    )


def _submission_out(submission: AgencySubmission) -> SubmissionOut:
    label, _colour = submission_status(submission)
    return SubmissionOut(
        id=submission.pk,
        round_id=submission.round_id,
        period=submission.round.period_label,
        due_on=submission.round.due_on,
        agency_id=submission.agency_id,
        submitted_at=submission.submitted_at,
        status=label,
        values=[
            SubmissionValueOut(
                measure_id=value.measure_id,
                measure_code=value.measure.code,
                value=float(value.value) if value.value is not None else None,
                numerator=value.numerator,
                denominator=value.denominator,
                note=value.note,
            )
            for value in submission.values.select_related("measure").order_by("measure__code")
        ],
    )


@router.get(
    f"{BASE}/rounds",
    response={200: list[RoundOut], **ERRORS},
    url_name="performance_rounds",
)
@paginate
@partnership_endpoint(ROOM, "view")
def round_list(request: SeatedRequest, slug: str) -> list[RoundOut]:
    """Rounds of agency returns, newest period first. Paginated (limit, offset)."""
    rounds = scoped(ReturnRound.objects.all(), request.seat.partnership).prefetch_related("submissions")
    return [_round_out(each) for each in rounds.order_by("-period_start", "frequency")]


@router.post(
    f"{BASE}/rounds",
    response={201: RoundOut, **BAD_INPUT},
    url_name="performance_round_add",
)
@partnership_endpoint(ROOM, "manage")
def round_add(request: SeatedRequest, slug: str, payload: RoundIn) -> Any:
    """Open a round for a period: each agency that owns an active measure of that frequency is
    asked for a return (business manager)."""
    form = ReturnRoundForm(payload.dict())
    if not form.is_valid():
        raise refused_form(form)
    opened = round_open(partnership=request.seat.partnership, **form.cleaned_data)
    return Status(201, _round_out(opened))


@router.get(
    f"{BASE}/returns",
    response={200: list[SubmissionOut], **ERRORS},
    url_name="performance_returns",
)
@paginate
@partnership_endpoint(ROOM, "contribute")
def return_list(request: SeatedRequest, slug: str) -> list[SubmissionOut]:
    """Agency returns, newest period first: everyone partnership-wide sees all; an agency
    contributor their own agency's. Paginated (limit, offset)."""
    rows = submissions_visible_to(request.seat).order_by("-round__period_start", "agency__name")
    return [_submission_out(submission) for submission in rows]


def _visible_submission(request: SeatedRequest, submission_id: int) -> AgencySubmission:
    submission: AgencySubmission | None = submissions_visible_to(request.seat).filter(pk=submission_id).first()
    if submission is None:
        raise Http404
    return submission


@router.get(
    f"{BASE}/returns/{{submission_id}}",
    response={200: SubmissionOut, **ERRORS},
    url_name="performance_return",
)
@partnership_endpoint(ROOM, "contribute")
def return_detail(request: SeatedRequest, slug: str, submission_id: int) -> SubmissionOut:
    return _submission_out(_visible_submission(request, submission_id))


@router.put(
    f"{BASE}/returns/{{submission_id}}",
    response={200: SubmissionOut, **BAD_INPUT},
    url_name="performance_return_put",
)
@partnership_endpoint(ROOM, "contribute")
def return_save(request: SeatedRequest, slug: str, submission_id: int, payload: SubmissionIn) -> SubmissionOut:
    """Save an agency's figures (as text, checked as on the page) and, with ``submit``, submit
    them. Only the agency's own people, or the business manager, may."""
    seat = request.seat
    submission = _visible_submission(request, submission_id)
    if not may_enter(seat, submission):
        raise PermissionDenied("Only the agency's own people, or the business manager, may enter its return.")
    measures = {measure.pk: measure for measure in measures_for(submission)}
    entries: dict[int, Entry] = {}
    for item in payload.values:
        measure = measures.get(item.measure_id)
        if measure is None:
            raise ValidationError(
                {"measure_id": f"{item.measure_id} is not a measure this agency returns in this round."}
            )
        entries[measure.pk] = entry_from(measure, item.dict(), measure.code)
    submission_save(submission=submission, entries=entries, user=seat.user, submit=payload.submit)
    return _submission_out(submission)
