"""The workflows of a multi-agency case file audit: adding a case to the sample (one part for each
agency taking part), an agency's auditor grading its part, moderation agreeing grades and learning,
and the findings by domain and by agency.

Free text is checked for identifying details before anything is saved (scrutiny.privacy).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from scrutiny import privacy
from scrutiny.audits.models import (
    AgreedGrade,
    AuditedCase,
    CaseAgencyPart,
    CaseAuditStatus,
    CaseFileAudit,
    CaseGrade,
    Grade,
    PartStatus,
    Standard,
)
from scrutiny.partnerships.models import Agency

#: What may happen at each stage of an audit: the order of its life.
NEXT_STATUS = {
    CaseAuditStatus.PLANNED: CaseAuditStatus.AUDITING,
    CaseAuditStatus.AUDITING: CaseAuditStatus.MODERATION,
    CaseAuditStatus.MODERATION: CaseAuditStatus.COMPLETE,
}


@transaction.atomic
def case_add(*, audit: CaseFileAudit, reference: str, context: str = "") -> AuditedCase:
    if audit.status == CaseAuditStatus.COMPLETE:
        raise ValidationError("This audit is complete: no more cases can be added.")
    if problem := privacy.reference_problem(reference):
        raise ValidationError({"reference": problem})
    privacy.check_free_text({"context": context})
    if audit.cases.filter(reference__iexact=reference.strip()).exists():
        raise ValidationError({"reference": f"The audit already has a case {reference.strip()}."})
    case = AuditedCase.objects.create(audit=audit, reference=reference.strip(), context=context.strip())
    CaseAgencyPart.objects.bulk_create(CaseAgencyPart(case=case, agency=agency) for agency in audit.agencies.all())
    return case


def audit_advance(audit: CaseFileAudit) -> None:
    """Move the audit on to its next stage: auditing needs a case, completing needs every case moderated."""
    following = NEXT_STATUS.get(CaseAuditStatus(audit.status))
    if following is None:
        raise ValidationError("This audit is already complete.")
    if following == CaseAuditStatus.AUDITING and not audit.cases.exists():
        raise ValidationError("Add the cases in the sample before the agencies start auditing.")
    if following == CaseAuditStatus.COMPLETE:
        unmoderated = [case.reference for case in audit.cases.all() if case.moderated_at is None]
        if unmoderated:
            raise ValidationError(
                f"Moderate every case before completing the audit (still to do: {', '.join(unmoderated)})."
            )
    audit.status = following
    audit.save(update_fields=["status"])


@transaction.atomic
def part_save(
    *,
    part: CaseAgencyPart,
    grades: Mapping[Standard, int | None],
    notes: dict[Standard, str],
    overall: str,
    auditor: Any,
    submit: bool,
) -> None:
    """Save an agency's grades and notes; with ``submit``, every domain must be graded."""
    audit = part.case.audit
    if audit.status != CaseAuditStatus.AUDITING:
        raise ValidationError(
            f"Agencies audit their parts while the audit is at “auditing”; it is {audit.get_status_display().lower()}."
        )
    if part.status == PartStatus.SUBMITTED:
        raise ValidationError("This part has been submitted and can no longer be changed.")
    privacy.check_free_text({"notes": overall, **{f"notes_{d.pk}": text for d, text in notes.items()}})
    for domain, grade in grades.items():
        if grade is not None and grade not in Grade.values:
            choose = "Choose outstanding, good, requires improvement or inadequate."
            raise ValidationError({f"grade_{domain.pk}": f"{grade} is not a grade. {choose}"})
    if submit:
        missing = [domain.ref for domain, grade in grades.items() if grade is None]
        if missing:
            raise ValidationError(f"Grade every domain before submitting (still to grade: {', '.join(missing)}).")
    for domain, grade in grades.items():
        CaseGrade.objects.update_or_create(
            part=part, domain=domain, defaults={"grade": grade, "notes": notes.get(domain, "").strip()}
        )
    part.notes, part.auditor = overall.strip(), auditor
    if submit:
        part.status, part.submitted_at = PartStatus.SUBMITTED, timezone.now()
    part.save()


@transaction.atomic
def case_moderate(*, case: AuditedCase, grades: Mapping[Standard, int | None], notes: str, learning: str) -> None:
    if case.audit.status not in (CaseAuditStatus.AUDITING, CaseAuditStatus.MODERATION):
        raise ValidationError("Cases are moderated once agencies have audited them and before the audit is complete.")
    privacy.check_free_text({"moderation_notes": notes, "learning": learning})
    missing = [domain.ref for domain, grade in grades.items() if grade is None]
    if missing:
        raise ValidationError(f"Agree a grade for every domain (still to agree: {', '.join(missing)}).")
    for domain, agreed in grades.items():
        AgreedGrade.objects.update_or_create(case=case, domain=domain, defaults={"grade": int(agreed or 0)})
    case.moderation_notes, case.learning, case.moderated_at = notes.strip(), learning.strip(), timezone.now()
    case.save()


@dataclass
class Findings:
    domains: list[Standard]
    #: Per domain, the count of cases at each agreed grade (highest grade first).
    by_domain: dict[int, dict[int, int]]
    #: Per agency, per domain, the mean of its auditor's grades (4 outstanding to 1 inadequate).
    by_agency: dict[Agency, dict[int, float | None]]
    cases: int
    moderated: int


def findings(audit: CaseFileAudit) -> Findings:
    domains = list(audit.tool.standards.all())
    agreed = AgreedGrade.objects.filter(case__audit=audit)
    counts: dict[int, Counter[int]] = defaultdict(Counter)
    for row in agreed:
        counts[row.domain_id][row.grade] += 1
    by_domain = {d.pk: {g.value: counts[d.pk][g.value] for g in Grade} for d in domains}
    grades: dict[tuple[int, int], list[int]] = defaultdict(list)
    for grade in CaseGrade.objects.filter(part__case__audit=audit, grade__isnull=False).select_related("part"):
        grades[(grade.part.agency_id, grade.domain_id)].append(grade.grade)  # type: ignore[arg-type]
    by_agency = {
        agency: {d.pk: round(sum(v) / len(v), 1) if (v := grades.get((agency.pk, d.pk))) else None for d in domains}
        for agency in audit.agencies.all()
    }
    cases = list(audit.cases.all())
    return Findings(
        domains=domains,
        by_domain=by_domain,
        by_agency=by_agency,
        cases=len(cases),
        moderated=sum(1 for c in cases if c.moderated_at),
    )
