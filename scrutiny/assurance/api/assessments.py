"""The yearly assessment of every duty."""

from datetime import date
from typing import Any

from django.utils import timezone
from ninja import Schema

from scrutiny.assurance.api.common import BASE, WRITE_ERRORS, linked_evidence_ids, router, validated
from scrutiny.assurance.assessing import assessment_save, assessment_year_start
from scrutiny.assurance.forms import AssessmentForm
from scrutiny.assurance.models import Assessment
from scrutiny.partnerships.access import SeatedRequest, partnership_endpoint
from scrutiny.partnerships.scoping import get_scoped_or_404, scoped
from scrutiny.web.api import ERRORS

# --- Assessments ------------------------------------------------------------------------------


class AssessmentOut(Schema):
    id: int
    year: int
    requirement_id: int
    requirement_code: str
    framework_version: str
    status: str
    judgement: str
    rationale: str
    confidence: str
    assessed_on: date | None
    evidence_ids: list[int]


class AssessmentPatch(Schema):
    status: str | None = None
    judgement: str | None = None
    rationale: str | None = None
    confidence: str | None = None
    evidence_ids: list[int] | None = None


class YearIn(Schema):
    year: int


class StartedOut(Schema):
    year: int
    created: int


def _assessment_out(a: Assessment, evidence_ids: list[int]) -> AssessmentOut:
    return AssessmentOut(
        id=a.pk,
        year=a.year,
        requirement_id=a.requirement_id,
        requirement_code=a.requirement.code,
        framework_version=a.requirement.framework.version,
        status=a.status,
        judgement=a.judgement,
        rationale=a.rationale,
        confidence=a.confidence,
        assessed_on=a.assessed_on,
        evidence_ids=evidence_ids,
    )


@router.get(f"{BASE}/assessments", response={200: list[AssessmentOut], **ERRORS}, url_name="assurance_assessments")
@partnership_endpoint("assurance", "view")
def assessments(request: SeatedRequest, slug: str, year: int | None = None) -> list[AssessmentOut]:
    seat = request.seat
    found = scoped(Assessment.objects.visible_to(seat), seat.partnership).select_related("requirement__framework")
    if year is not None:
        found = found.filter(year=year)
    rows = list(found)
    ids = linked_evidence_ids(Assessment, rows)
    return [_assessment_out(a, ids[a.pk]) for a in rows]


@router.post(f"{BASE}/assessments", response={200: StartedOut, **WRITE_ERRORS}, url_name="assurance_assessments_start")
@partnership_endpoint("assurance", "manage")
def assessments_start(request: SeatedRequest, slug: str, payload: YearIn) -> StartedOut:
    """Start a year: a not-started assessment for every assessed requirement that has none that year."""
    made = assessment_year_start(partnership=request.seat.partnership, year=payload.year)
    return StartedOut(year=payload.year, created=made)


@router.get(
    f"{BASE}/assessments/{{assessment_id}}", response={200: AssessmentOut, **ERRORS}, url_name="assurance_assessment"
)
@partnership_endpoint("assurance", "view")
def assessment(request: SeatedRequest, slug: str, assessment_id: int) -> AssessmentOut:
    seat = request.seat
    found = get_scoped_or_404(
        Assessment.objects.visible_to(seat).select_related("requirement__framework"), seat.partnership, pk=assessment_id
    )
    return _assessment_out(found, linked_evidence_ids(Assessment, [found])[found.pk])


@router.patch(
    f"{BASE}/assessments/{{assessment_id}}",
    response={200: AssessmentOut, **WRITE_ERRORS},
    url_name="assurance_assessment_update",
)
@partnership_endpoint("assurance", "manage")
def assessment_update(request: SeatedRequest, slug: str, assessment_id: int, payload: AssessmentPatch) -> AssessmentOut:
    """Record progress and the judgement; ``done`` needs a judgement and a rationale."""
    seat = request.seat
    found = get_scoped_or_404(
        Assessment.objects.select_related("requirement__framework"), seat.partnership, pk=assessment_id
    )
    data: dict[str, Any] = {
        "status": found.status,
        "judgement": found.judgement,
        "rationale": found.rationale,
        "confidence": found.confidence,
        "evidence": linked_evidence_ids(Assessment, [found])[found.pk],
    }
    changes = payload.dict(exclude_unset=True)
    if "evidence_ids" in changes:
        changes["evidence"] = changes.pop("evidence_ids")
    data.update(changes)
    form = AssessmentForm(data, partnership=seat.partnership)
    assessment_save(assessment=found, by=request.user, on=timezone.localdate(), **validated(form))
    return _assessment_out(found, linked_evidence_ids(Assessment, [found])[found.pk])
