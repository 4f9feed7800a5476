"""The yearly assessment of duties: which requirements are assessed, the year's page with the
figures other rooms offer, and how each judgement moved from year to year."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import transaction

from scrutiny.assurance import rules
from scrutiny.assurance.models import Assessment, AssessmentStatus, Judgement
from scrutiny.assurance.models.assessments import movement, validate_assessment
from scrutiny.assurance.services import set_supporting_evidence
from scrutiny.evidence.models import EvidenceItem
from scrutiny.figures.provided import ProvidedFigure, figures_for
from scrutiny.frameworks.catalogue import FOUNDING_DUTIES, STATUTORY_DUTIES, current_requirements
from scrutiny.frameworks.models import LOCAL_KEY, Requirement
from scrutiny.partnerships.models import Partnership, reporting_year_label
from scrutiny.partnerships.scoping import scoped

#: The frameworks assessed each year: the statutory duties, the founding page's duties and the
#: partnership's own local requirements.
ASSESSED_FRAMEWORKS = [STATUTORY_DUTIES, FOUNDING_DUTIES, LOCAL_KEY]


def assessed_requirements(partnership: Partnership) -> list[Requirement]:
    return list(current_requirements(partnership, keys=ASSESSED_FRAMEWORKS))


def _code(requirement: Requirement) -> tuple[str, str]:
    return (requirement.framework.key, requirement.ref)


@dataclass
class AssessmentRow:
    requirement: Requirement
    assessment: Assessment | None
    figures: list[ProvidedFigure] = field(default_factory=list)

    @property
    def is_child(self) -> bool:
        return self.requirement.parent_id is not None


def year_rows(partnership: Partnership, year: int) -> list[AssessmentRow]:
    """Every assessed requirement with its assessment for the year (if started) and any figures."""
    requirements = assessed_requirements(partnership)
    assessments = scoped(Assessment, partnership).filter(year=year).select_related("requirement__framework")
    by_code = {_code(a.requirement): a for a in assessments}
    figures = figures_for(partnership, year, [r.code for r in requirements])
    return [AssessmentRow(r, by_code.get(_code(r)), figures.get(r.code, [])) for r in requirements]


@transaction.atomic
def assessment_year_start(*, partnership: Partnership, year: int) -> int:
    """Create a not-started assessment for every assessed requirement that has none this year;
    how many were made."""
    rules.reporting_year(year)
    rows = year_rows(partnership, year)
    made = 0
    for row in rows:
        if row.assessment is None:
            Assessment.objects.create(partnership=partnership, year=year, requirement=row.requirement)
            made += 1
    return made


@transaction.atomic
def assessment_save(
    *,
    assessment: Assessment,
    by: Any,
    on: date,
    status: str,
    judgement: str,
    rationale: str,
    confidence: str,
    evidence: Iterable[EvidenceItem] = (),
) -> Assessment:
    """Record the scrutineer's judgement with exactly ``evidence`` behind it. The assessor and date
    are set whenever the judgement or rationale changes."""
    validate_assessment(status, judgement, rationale)
    judged = (judgement, rationale) != (assessment.judgement, assessment.rationale)
    assessment.status = status
    assessment.judgement = judgement
    assessment.rationale = rationale
    assessment.confidence = confidence
    if judged:
        assessment.assessor = by
        assessment.assessed_on = on
    assessment.save()
    set_supporting_evidence(target=assessment, partnership=assessment.partnership, evidence=evidence, by=by)
    return assessment


@dataclass
class YearOnYearRow:
    requirement: Requirement
    judgements: list[tuple[int, str]]
    moved: str


def year_on_year(partnership: Partnership) -> tuple[list[str], list[YearOnYearRow]]:
    """How each judgement moved: every assessed requirement, its judgement in each year assessed,
    and the movement between the last two years."""
    assessments = list(scoped(Assessment, partnership).select_related("requirement__framework"))
    years = sorted({a.year for a in assessments})
    by_code: dict[tuple[str, str], dict[int, str]] = {}
    for a in assessments:
        by_code.setdefault(_code(a.requirement), {})[a.year] = a.judgement
    rows = []
    for requirement in assessed_requirements(partnership):
        judged = by_code.get(_code(requirement), {})
        row = [(y, judged.get(y, "")) for y in years]
        moved = movement(judged.get(years[-2]), judged.get(years[-1])) if len(years) >= 2 else ""
        rows.append(YearOnYearRow(requirement, row, moved))
    return [reporting_year_label(y) for y in years], rows


def judgement_counts(rows: list[AssessmentRow]) -> dict[str, int]:
    counts = dict.fromkeys(Judgement.labels, 0)
    for row in rows:
        judgement = row.assessment.judgement if row.assessment else Judgement.NOT_ASSESSED
        counts[Judgement(judgement).label] += 1
    return counts


def status_counts(rows: list[AssessmentRow]) -> dict[str, int]:
    counts = dict.fromkeys(AssessmentStatus.labels, 0)
    for row in rows:
        status = row.assessment.status if row.assessment else AssessmentStatus.NOT_STARTED
        counts[AssessmentStatus(status).label] += 1
    return counts
