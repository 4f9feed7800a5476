"""The yearly scrutiny plan and its coverage of the functions and steps."""

from datetime import date
from typing import Any

from django.forms.models import model_to_dict
from ninja import Schema
from ninja.responses import Status

from scrutiny.assurance.api.common import BASE, WRITE_ERRORS, linked_evidence_ids, router, validated
from scrutiny.assurance.forms import ActivityForm
from scrutiny.assurance.models import ScrutinyActivity
from scrutiny.assurance.planning import activity_save, coverage
from scrutiny.partnerships.access import Seat, SeatedRequest, partnership_endpoint
from scrutiny.partnerships.scoping import get_scoped_or_404, scoped
from scrutiny.web.api import ERRORS

# --- The scrutiny plan ------------------------------------------------------------------------


class ActivityOut(Schema):
    id: int
    year: int
    title: str
    method: str
    description: str
    covers_ids: list[int]
    covers_codes: list[str]
    priority_ids: list[int]
    planned_start: date | None
    planned_end: date | None
    status: str
    outputs: str
    evidence_ids: list[int]


class ActivityIn(Schema):
    year: int
    title: str
    method: str
    description: str = ""
    covers_ids: list[int] = []
    priority_ids: list[int] = []
    planned_start: str = ""
    planned_end: str = ""
    status: str = "planned"
    outputs: str = ""
    evidence_ids: list[int] = []


class ActivityPatch(Schema):
    year: int | None = None
    title: str | None = None
    method: str | None = None
    description: str | None = None
    covers_ids: list[int] | None = None
    priority_ids: list[int] | None = None
    planned_start: str | None = None
    planned_end: str | None = None
    status: str | None = None
    outputs: str | None = None
    evidence_ids: list[int] | None = None


class CoverageOut(Schema):
    requirement_id: int
    code: str
    title: str
    activity_ids: list[int]
    covered: bool


_ACTIVITY_FIELDS = {"covers_ids": "covers", "priority_ids": "priorities", "evidence_ids": "evidence"}


def _activity_out(a: ScrutinyActivity, evidence_ids: list[int]) -> ActivityOut:
    covers = list(a.covers.all())
    return ActivityOut(
        id=a.pk,
        year=a.year,
        title=a.title,
        method=a.method,
        description=a.description,
        covers_ids=sorted(r.pk for r in covers),
        covers_codes=sorted(r.code for r in covers),
        priority_ids=sorted(t.pk for t in a.priorities.all()),
        planned_start=a.planned_start,
        planned_end=a.planned_end,
        status=a.status,
        outputs=a.outputs,
        evidence_ids=evidence_ids,
    )


def _activities(seat: Seat) -> Any:
    return scoped(ScrutinyActivity.objects.visible_to(seat), seat.partnership).prefetch_related(
        "covers__framework", "priorities"
    )


def _one_activity(seat: Seat, pk: int) -> ActivityOut:
    found = get_scoped_or_404(_activities(seat), seat.partnership, pk=pk)
    return _activity_out(found, linked_evidence_ids(ScrutinyActivity, [found])[found.pk])


@router.get(f"{BASE}/plan", response={200: list[ActivityOut], **ERRORS}, url_name="assurance_plan")
@partnership_endpoint("assurance", "view")
def plan(request: SeatedRequest, slug: str, year: int | None = None) -> list[ActivityOut]:
    """The scrutiny plan's activities, optionally of one reporting year."""
    found = _activities(request.seat)
    if year is not None:
        found = found.filter(year=year)
    rows = list(found)
    ids = linked_evidence_ids(ScrutinyActivity, rows)
    return [_activity_out(a, ids[a.pk]) for a in rows]


@router.get(f"{BASE}/plan/coverage", response={200: list[CoverageOut], **ERRORS}, url_name="assurance_plan_coverage")
@partnership_endpoint("assurance", "view")
def plan_coverage(request: SeatedRequest, slug: str, year: int) -> list[CoverageOut]:
    """Every WT2023 function and Six Steps step with the year's activities covering it."""
    return [
        CoverageOut(
            requirement_id=row.requirement.pk,
            code=row.requirement.code,
            title=row.requirement.title,
            activity_ids=[a.pk for a in row.activities],
            covered=not row.uncovered,
        )
        for row in coverage(request.seat.partnership, year)
    ]


@router.post(f"{BASE}/plan", response={201: ActivityOut, **WRITE_ERRORS}, url_name="assurance_activity_create")
@partnership_endpoint("assurance", "manage")
def activity_create(request: SeatedRequest, slug: str, payload: ActivityIn) -> Status[ActivityOut]:
    """Add an activity to the plan; dates are YYYY-MM-DD."""
    seat = request.seat
    data = {_ACTIVITY_FIELDS.get(k, k): v for k, v in payload.dict().items()}
    form = ActivityForm(data, partnership=seat.partnership)
    activity = activity_save(partnership=seat.partnership, by=request.user, **validated(form))
    return Status(201, _one_activity(seat, activity.pk))


@router.get(f"{BASE}/plan/{{activity_id}}", response={200: ActivityOut, **ERRORS}, url_name="assurance_activity")
@partnership_endpoint("assurance", "view")
def activity(request: SeatedRequest, slug: str, activity_id: int) -> ActivityOut:
    return _one_activity(request.seat, activity_id)


@router.patch(
    f"{BASE}/plan/{{activity_id}}", response={200: ActivityOut, **WRITE_ERRORS}, url_name="assurance_activity_update"
)
@partnership_endpoint("assurance", "manage")
def activity_update(request: SeatedRequest, slug: str, activity_id: int, payload: ActivityPatch) -> ActivityOut:
    seat = request.seat
    found = get_scoped_or_404(ScrutinyActivity, seat.partnership, pk=activity_id)
    current: dict[str, Any] = model_to_dict(
        found, fields=["year", "title", "method", "description", "status", "outputs"]
    )
    current.update(
        planned_start=found.planned_start.isoformat() if found.planned_start else "",
        planned_end=found.planned_end.isoformat() if found.planned_end else "",
        covers=[r.pk for r in found.covers.all()],
        priorities=[t.pk for t in found.priorities.all()],
        evidence=linked_evidence_ids(ScrutinyActivity, [found])[found.pk],
    )
    current.update({_ACTIVITY_FIELDS.get(k, k): v for k, v in payload.dict(exclude_unset=True).items()})
    form = ActivityForm(current, instance=found, partnership=seat.partnership)
    activity_save(partnership=seat.partnership, by=request.user, activity=found, **validated(form))
    return _one_activity(seat, found.pk)
