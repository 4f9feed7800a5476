"""Local child safeguarding practice reviews through the API: from the decision to publication on
their clocks, with the milestones at which the partners check timeliness and quality. The
model's own checks give the messages (dates in the wrong order, a late date with no reason,
publication with no address). Saved by ``lcspr_save`` and ``milestone_save``, as the pages do."""

from datetime import date
from typing import Any

from django.utils import timezone
from ninja import Schema
from ninja.responses import Status

from scrutiny.partnerships.access import Seat, SeatedRequest, partnership_endpoint
from scrutiny.partnerships.scoping import get_scoped_or_404, scoped
from scrutiny.reviews.api.common import (
    BASE,
    WRITE_ERRORS,
    ClockOut,
    api_names,
    apply,
    changes_of,
    clocks_out,
    in_reporting_year,
    router,
    scoped_id,
)
from scrutiny.reviews.models import ROOM, Lcspr, LcsprMilestone, RapidReview
from scrutiny.reviews.recording import lcspr_save, milestone_save
from scrutiny.web.api import ERRORS


class MilestoneOut(Schema):
    id: int
    lcspr_id: int
    title: str
    due_on: date
    met_on: date | None
    #: "", "good", "adequate" or "concerns".
    quality: str
    note: str
    overdue: bool
    late: bool


class MilestoneIn(Schema):
    title: str
    due_on: date
    met_on: date | None = None
    quality: str = ""
    note: str = ""


class MilestonePatch(Schema):
    title: str | None = None
    due_on: date | None = None
    met_on: date | None = None
    quality: str | None = None
    note: str | None = None


class LcsprOut(Schema):
    id: int
    rapid_review_id: int | None
    title: str
    publication_name: str
    decided_on: date
    #: The reporting year (starting 1 April) of the decision.
    year: int
    #: Where it has got to, in a few words ("Draft report", "Published").
    stage: str
    reviewer: str
    reviewer_organisation: str
    terms_of_reference: str
    terms_agreed_on: date | None
    draft_report_on: date | None
    final_report_on: date | None
    planned_publication_on: date | None
    sent_to_panel_on: date | None
    panel_late_reason: str
    published_on: date | None
    publication_url: str
    published_in_full: bool
    published_instead: str
    publication_late_reason: str
    #: The earliest day the published report may come down.
    keep_available_until: date | None
    withdrawn_on: date | None
    redaction_terms: str
    clocks: list[ClockOut]


class LcsprDetailOut(LcsprOut):
    milestones: list[MilestoneOut]


class LcsprIn(Schema):
    title: str
    decided_on: date
    rapid_review_id: int | None = None
    publication_name: str = ""
    reviewer: str = ""
    reviewer_organisation: str = ""
    terms_of_reference: str = ""
    terms_agreed_on: date | None = None
    planned_publication_on: date | None = None
    redaction_terms: str = ""


class LcsprPatch(Schema):
    title: str | None = None
    decided_on: date | None = None
    rapid_review_id: int | None = None
    publication_name: str | None = None
    reviewer: str | None = None
    reviewer_organisation: str | None = None
    terms_of_reference: str | None = None
    terms_agreed_on: date | None = None
    draft_report_on: date | None = None
    final_report_on: date | None = None
    planned_publication_on: date | None = None
    sent_to_panel_on: date | None = None
    panel_late_reason: str | None = None
    published_on: date | None = None
    publication_url: str | None = None
    published_in_full: bool | None = None
    published_instead: str | None = None
    publication_late_reason: str | None = None
    withdrawn_on: date | None = None
    redaction_terms: str | None = None


API_NAMES = {"rapid_review": "rapid_review_id"}


def _milestone_out(milestone: LcsprMilestone, today: date) -> MilestoneOut:
    return MilestoneOut(
        id=milestone.pk,
        lcspr_id=milestone.lcspr_id,
        title=milestone.title,
        due_on=milestone.due_on,
        met_on=milestone.met_on,
        quality=milestone.quality,
        note=milestone.note,
        overdue=milestone.is_overdue(today),
        late=milestone.is_late(),
    )


def _fields(lcspr: Lcspr, today: date) -> dict[str, Any]:
    return {
        "id": lcspr.pk,
        "rapid_review_id": lcspr.rapid_review_id,
        "title": lcspr.title,
        "publication_name": lcspr.publication_name,
        "decided_on": lcspr.decided_on,
        "year": lcspr.year,
        "stage": lcspr.stage,
        "reviewer": lcspr.reviewer,
        "reviewer_organisation": lcspr.reviewer_organisation,
        "terms_of_reference": lcspr.terms_of_reference,
        "terms_agreed_on": lcspr.terms_agreed_on,
        "draft_report_on": lcspr.draft_report_on,
        "final_report_on": lcspr.final_report_on,
        "planned_publication_on": lcspr.planned_publication_on,
        "sent_to_panel_on": lcspr.sent_to_panel_on,
        "panel_late_reason": lcspr.panel_late_reason,
        "published_on": lcspr.published_on,
        "publication_url": lcspr.publication_url,
        "published_in_full": lcspr.published_in_full,
        "published_instead": lcspr.published_instead,
        "publication_late_reason": lcspr.publication_late_reason,
        "keep_available_until": lcspr.keep_available_until,
        "withdrawn_on": lcspr.withdrawn_on,
        "redaction_terms": lcspr.redaction_terms,
        "clocks": clocks_out(lcspr.clocks(), today),
    }


def _detail(lcspr: Lcspr) -> LcsprDetailOut:
    today = timezone.localdate()
    return LcsprDetailOut(
        **_fields(lcspr, today), milestones=[_milestone_out(m, today) for m in lcspr.milestones.all()]
    )


def _lcsprs(seat: Seat) -> Any:
    # The partnership's own clock lengths, read once for the list (scrutiny.clocks.catalogue.rule_for).
    return (
        scoped(Lcspr.objects.visible_to(seat), seat.partnership)
        .select_related("partnership")
        .prefetch_related("partnership__clock_settings")
    )


def _lcspr(seat: Seat, lcspr_id: int) -> Lcspr:
    return get_scoped_or_404(_lcsprs(seat), seat.partnership, pk=lcspr_id)  # type: ignore[no-any-return]


def _with_rapid_review(seat: Seat, changes: dict[str, Any]) -> dict[str, Any]:
    """``rapid_review_id`` as the partnership's rapid review it names (400 if another's)."""
    if "rapid_review_id" in changes:
        changes["rapid_review"] = scoped_id(
            RapidReview, seat.partnership, changes.pop("rapid_review_id"), "rapid_review_id"
        )
    return changes


@router.get(f"{BASE}/lcsprs", response={200: list[LcsprOut], **ERRORS}, url_name="reviews_lcspr_list")
@partnership_endpoint(ROOM, "view")
def lcspr_list(request: SeatedRequest, slug: str, year: int | None = None) -> list[LcsprOut]:
    """The partnership's LCSPRs, latest decision first; ``year`` keeps those decided in the
    reporting year starting 1 April of that year."""
    found = _lcsprs(request.seat)
    if year is not None:
        found = found.filter(**in_reporting_year("decided_on", year))
    today = timezone.localdate()
    return [LcsprOut(**_fields(lcspr, today)) for lcspr in found]


@router.post(f"{BASE}/lcsprs", response={201: LcsprDetailOut, **WRITE_ERRORS}, url_name="reviews_lcspr_create")
@partnership_endpoint(ROOM, "manage")
def lcspr_create(request: SeatedRequest, slug: str, payload: LcsprIn) -> Status[LcsprDetailOut]:
    """Record the decision to start an LCSPR: its 6-month publication clock runs from
    ``decided_on``. Later dates and the publication are recorded by changing it."""
    seat = request.seat
    lcspr = Lcspr(partnership=seat.partnership, created_by=seat.user)
    apply(lcspr, _with_rapid_review(seat, payload.dict()))
    with api_names(API_NAMES):
        lcspr_save(lcspr=lcspr, by=request.user)
    return Status(201, _detail(_lcspr(seat, lcspr.pk)))


@router.get(f"{BASE}/lcsprs/{{lcspr_id}}", response={200: LcsprDetailOut, **ERRORS}, url_name="reviews_lcspr_detail")
@partnership_endpoint(ROOM, "view")
def lcspr_detail(request: SeatedRequest, slug: str, lcspr_id: int) -> LcsprDetailOut:
    return _detail(_lcspr(request.seat, lcspr_id))


@router.patch(
    f"{BASE}/lcsprs/{{lcspr_id}}", response={200: LcsprDetailOut, **WRITE_ERRORS}, url_name="reviews_lcspr_update"
)
@partnership_endpoint(ROOM, "manage")
def lcspr_update(request: SeatedRequest, slug: str, lcspr_id: int, payload: LcsprPatch) -> LcsprDetailOut:
    """Change the fields sent, the publication among them (``published_on``, ``publication_url``,
    ``published_in_full`` or ``published_instead``, ``publication_late_reason``). The whole review
    is checked again, so dates in the wrong order or a late date with no reason are refused (400)
    and nothing is saved."""
    seat = request.seat
    lcspr = _lcspr(seat, lcspr_id)
    apply(lcspr, _with_rapid_review(seat, changes_of(payload)))
    with api_names(API_NAMES):
        lcspr_save(lcspr=lcspr, by=request.user)
    return _detail(_lcspr(seat, lcspr.pk))


# --- Milestones -----------------------------------------------------------------------------------


def _milestone(seat: Seat, lcspr_id: int, milestone_id: int) -> LcsprMilestone:
    lcspr = _lcspr(seat, lcspr_id)
    return get_scoped_or_404(LcsprMilestone.objects.filter(lcspr=lcspr), seat.partnership, pk=milestone_id)


@router.get(
    f"{BASE}/lcsprs/{{lcspr_id}}/milestones",
    response={200: list[MilestoneOut], **ERRORS},
    url_name="reviews_lcspr_milestones",
)
@partnership_endpoint(ROOM, "view")
def lcspr_milestones(request: SeatedRequest, slug: str, lcspr_id: int) -> list[MilestoneOut]:
    lcspr = _lcspr(request.seat, lcspr_id)
    today = timezone.localdate()
    return [_milestone_out(m, today) for m in lcspr.milestones.all()]


@router.post(
    f"{BASE}/lcsprs/{{lcspr_id}}/milestones",
    response={201: MilestoneOut, **WRITE_ERRORS},
    url_name="reviews_lcspr_milestone_create",
)
@partnership_endpoint(ROOM, "manage")
def lcspr_milestone_create(
    request: SeatedRequest, slug: str, lcspr_id: int, payload: MilestoneIn
) -> Status[MilestoneOut]:
    """Add a point at which the partners check the review's timeliness and quality."""
    lcspr = _lcspr(request.seat, lcspr_id)
    milestone = LcsprMilestone(lcspr=lcspr)
    apply(milestone, payload.dict())
    milestone_save(milestone=milestone, by=request.user)
    return Status(201, _milestone_out(milestone, timezone.localdate()))


@router.get(
    f"{BASE}/lcsprs/{{lcspr_id}}/milestones/{{milestone_id}}",
    response={200: MilestoneOut, **ERRORS},
    url_name="reviews_lcspr_milestone",
)
@partnership_endpoint(ROOM, "view")
def lcspr_milestone(request: SeatedRequest, slug: str, lcspr_id: int, milestone_id: int) -> MilestoneOut:
    return _milestone_out(_milestone(request.seat, lcspr_id, milestone_id), timezone.localdate())


@router.patch(
    f"{BASE}/lcsprs/{{lcspr_id}}/milestones/{{milestone_id}}",
    response={200: MilestoneOut, **WRITE_ERRORS},
    url_name="reviews_lcspr_milestone_update",
)
@partnership_endpoint(ROOM, "manage")
def lcspr_milestone_update(
    request: SeatedRequest, slug: str, lcspr_id: int, milestone_id: int, payload: MilestonePatch
) -> MilestoneOut:
    """Record when a milestone was met and its quality (concerns need a note), or move it."""
    milestone = _milestone(request.seat, lcspr_id, milestone_id)
    apply(milestone, changes_of(payload))
    milestone_save(milestone=milestone, by=request.user)
    return _milestone_out(milestone, timezone.localdate())
