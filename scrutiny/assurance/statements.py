"""Assembling the yearly assurance statement: for every WT2023 function and Six Steps step, the
scrutineer's statement and the issued findings behind it, each with its evidence."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction

from scrutiny.assurance import rules
from scrutiny.assurance.models import (
    AssuranceStatement,
    Finding,
    FindingStatus,
    StatementResponse,
    StatementSection,
    StatementStatus,
)
from scrutiny.assurance.models.findings import SUPPORTS
from scrutiny.evidence.models import EvidenceItem, EvidenceLink
from scrutiny.frameworks.catalogue import SCRUTINY_FUNCTIONS, SIX_STEPS, current_requirements
from scrutiny.frameworks.models import Requirement
from scrutiny.partnerships.access import Seat
from scrutiny.partnerships.models import Agency, Partnership
from scrutiny.partnerships.roles import ROLES_FOR_A_PARTNER_BODY
from scrutiny.partnerships.scoping import scoped

Code = tuple[str, str]


@dataclass
class FindingWithEvidence:
    finding: Finding
    evidence: list[EvidenceItem]


@dataclass
class StatementPart:
    requirement: Requirement
    text: str = ""
    findings: list[FindingWithEvidence] = field(default_factory=list)


@dataclass
class AssembledStatement:
    statement: AssuranceStatement | None
    parts: list[StatementPart]
    other_findings: list[FindingWithEvidence]

    @property
    def finding_count(self) -> int:
        return len({f.finding.pk for p in self.parts for f in p.findings} | {f.finding.pk for f in self.other_findings})


def _code(requirement: Requirement) -> Code:
    return (requirement.framework.key, requirement.ref)


def _issued_findings(partnership: Partnership, year: int) -> list[FindingWithEvidence]:
    findings = list(
        scoped(Finding, partnership)
        .filter(year=year, status=FindingStatus.ISSUED)
        .prefetch_related("requirements__framework", "requirements__serves__framework", "agencies")
        .order_by("kind", "title")
    )
    links = EvidenceLink.objects.filter(
        content_type=ContentType.objects.get_for_model(Finding),
        object_id__in=[f.pk for f in findings],
        purpose=SUPPORTS,
    ).select_related("evidence")
    evidence: dict[int, list[EvidenceItem]] = {f.pk: [] for f in findings}
    for link in links:
        evidence[link.object_id].append(link.evidence)
    return [FindingWithEvidence(f, evidence[f.pk]) for f in findings]


def _codes_served(finding: Finding) -> set[Code]:
    """The functions and steps a finding bears on: those it is tagged with, and those served by the
    duties it is tagged with (statutory.md §2.4 maps each founding duty to functions and steps)."""
    codes: set[Code] = set()
    for requirement in finding.requirements.all():
        codes.add(_code(requirement))
        codes.update(_code(served) for served in requirement.serves.all())
    return codes


def assemble(partnership: Partnership, year: int) -> AssembledStatement:
    statement = (
        AssuranceStatement.objects.filter(partnership=partnership, year=year).prefetch_related("sections").first()
    )
    texts = {s.requirement_id: s.text for s in statement.sections.all()} if statement else {}
    parts = [
        StatementPart(r, texts.get(r.pk, ""))
        for r in current_requirements(partnership, keys=[SCRUTINY_FUNCTIONS, SIX_STEPS])
    ]
    by_code = {_code(p.requirement): p for p in parts}
    other: list[FindingWithEvidence] = []
    for item in _issued_findings(partnership, year):
        placed = [by_code[c] for c in _codes_served(item.finding) if c in by_code]
        for part in sorted(placed, key=lambda p: parts.index(p)):
            part.findings.append(item)
        if not placed:
            other.append(item)
    return AssembledStatement(statement, parts, other)


def statement_for(partnership: Partnership, year: int) -> AssuranceStatement:
    found, _ = AssuranceStatement.objects.get_or_create(partnership=partnership, year=year)
    return found


@transaction.atomic
def statement_save(*, statement: AssuranceStatement, summary: str, sections: dict[Requirement, str]) -> None:
    """Save the summary and each function's or step's statement; sections are kept in history."""
    if statement.summary != summary:
        statement.summary = summary
        statement.save()
    existing = {s.requirement_id: s for s in statement.sections.all()}
    for requirement, text in sections.items():
        section = existing.get(requirement.pk)
        if section is None:
            if text.strip():
                StatementSection.objects.create(statement=statement, requirement=requirement, text=text)
        elif section.text != text:
            section.text = text
            section.save()


def statement_publish(*, statement: AssuranceStatement, on: date) -> None:
    """Send the statement to the lead partners to read and respond to."""
    if statement.is_published:
        raise ValidationError("This statement has already been published.")
    if not statement.summary.strip():
        raise ValidationError("Write the overall summary before publishing the statement.")
    statement.status = StatementStatus.PUBLISHED
    statement.published_on = on
    statement.save()


def responding_bodies(seat: Seat) -> list[Agency]:
    """The statutory partner bodies this person speaks for as a lead or delegated partner."""
    return [
        m.agency
        for m in seat.memberships
        if m.role in ROLES_FOR_A_PARTNER_BODY and m.agency is not None and m.agency.is_statutory_partner
    ]


def statement_respond(
    *, statement: AssuranceStatement | None, seat: Seat, agency: Agency, text: str, on: date
) -> StatementResponse:
    """A lead partner's response to the published statement, for a body they speak for; a second
    response for the same body replaces the first (kept in history)."""
    rules.statement_is_published(statement)
    assert statement is not None  # published, so there is one
    if agency.pk not in {a.pk for a in responding_bodies(seat)}:
        raise ValidationError("You can respond only for a partner body you lead or are a delegated partner of.")
    if not text.strip():
        raise ValidationError({"text": "Write the response."})
    response, _ = StatementResponse.objects.update_or_create(
        statement=statement,
        agency=agency,
        defaults={"text": text.strip(), "responded_by": seat.user, "responded_on": on},
    )
    return response


def statement_responses(statement: AssuranceStatement | None) -> list[Any]:
    if statement is None:
        return []
    return list(statement.responses.select_related("agency", "responded_by"))
