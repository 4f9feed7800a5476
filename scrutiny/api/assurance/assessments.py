"""The yearly assessment of every duty."""

from datetime import date
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from ninja import Schema

from scrutiny.api.assurance.common import (
    BASE,
    WRITE_ERRORS,
    BadInputError,
    linked_evidence_ids,
    router,
    seat_of,
    validated,
)
from scrutiny.assurance.assessing import assessment_save, assessment_year_start
from scrutiny.assurance.forms import (
    AssessmentForm,
)
from scrutiny.assurance.models import (
    Assessment,
)
from scrutiny.assurance.services import (
    set_supporting_evidence,
)
from scrutiny.partnerships.access import partnership_endpoint
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
def assessments(request: HttpRequest, slug: str, year: int | None = None) -> list[AssessmentOut]:
    seat = seat_of(request)
    found = scoped(Assessment.objects.visible_to(seat), seat.partnership).select_related("requirement__framework")
    if year is not None:
        found = found.filter(year=year)
    rows = list(found)
    ids = linked_evidence_ids(Assessment, rows)
    return [_assessment_out(a, ids[a.pk]) for a in rows]


@router.post(f"{BASE}/assessments", response={200: StartedOut, **WRITE_ERRORS}, url_name="assurance_assessments_start")
@partnership_endpoint("assurance", "manage")
def assessments_start(request: HttpRequest, slug: str, payload: YearIn) -> StartedOut:
    """Start a year: a not-started assessment for every assessed requirement that has none that year."""
    if not 2000 <= payload.year <= 2100:
        raise BadInputError("year: give the year the reporting year starts, for example 2025 for 2025-26.")
    return StartedOut(year=payload.year, created=assessment_year_start(seat_of(request).partnership, payload.year))


@router.get(
    f"{BASE}/assessments/{{assessment_id}}", response={200: AssessmentOut, **ERRORS}, url_name="assurance_assessment"
)
@partnership_endpoint("assurance", "view")
def assessment(request: HttpRequest, slug: str, assessment_id: int) -> AssessmentOut:
    seat = seat_of(request)
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
def assessment_update(request: HttpRequest, slug: str, assessment_id: int, payload: AssessmentPatch) -> AssessmentOut:
    """Record progress and the judgement; ``done`` needs a judgement and a rationale."""
    seat = seat_of(request)
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
    validated(form)
    cleaned = form.cleaned_data
    with transaction.atomic():
        assessment_save(
            assessment=found,
            by=request.user,
            on=timezone.localdate(),
            status=cleaned["status"],
            judgement=cleaned["judgement"],
            rationale=cleaned["rationale"],
            confidence=cleaned["confidence"],
        )
        set_supporting_evidence(
            target=found, partnership=seat.partnership, evidence=cleaned["evidence"], by=request.user
        )
    return _assessment_out(found, linked_evidence_ids(Assessment, [found])[found.pk])
