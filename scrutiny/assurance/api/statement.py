"""The yearly assurance statement as the lead partners read it (each function's and step's
statement with the issued findings behind it and their evidence), and their responses."""

from datetime import date

from django.utils import timezone
from ninja import Schema
from ninja.responses import Status

from scrutiny.assurance import rules
from scrutiny.assurance.api.common import BASE, WRITE_ERRORS, router, validated
from scrutiny.assurance.forms import StatementResponseForm
from scrutiny.assurance.models import AssuranceStatement, StatementResponse
from scrutiny.assurance.statements import (
    FindingWithEvidence,
    assemble,
    responding_bodies,
    statement_respond,
    statement_responses,
)
from scrutiny.partnerships.access import Seat, SeatedRequest, partnership_endpoint
from scrutiny.partnerships.models import reporting_year_label
from scrutiny.partnerships.scoping import scoped
from scrutiny.web.api import ERRORS

ROOM = "assurance"

# --- The assurance statement ------------------------------------------------------------------


class StatementSummaryOut(Schema):
    id: int
    year: int
    year_label: str
    status: str
    published_on: date | None


class StatementFindingOut(Schema):
    id: int
    title: str
    kind: str
    confidence: str
    evidence_ids: list[int]


class StatementSectionOut(Schema):
    requirement_id: int
    framework: str
    ref: str
    title: str
    text: str
    finding_ids: list[int]
    findings: list[StatementFindingOut]


class StatementResponseOut(Schema):
    agency_id: int
    agency: str
    text: str
    responded_by_id: int | None
    responded_on: date


class StatementOut(Schema):
    year: int
    year_label: str
    #: None until the scrutineer writes the year's statement; the sections are listed regardless.
    statement_id: int | None
    status: str | None
    summary: str
    published_on: date | None
    finding_count: int
    sections: list[StatementSectionOut]
    #: Issued findings of the year that bear on no function or step.
    other_findings: list[StatementFindingOut]
    responses: list[StatementResponseOut]


class StatementResponseIn(Schema):
    agency_id: int
    text: str


def _finding_out(item: FindingWithEvidence) -> StatementFindingOut:
    return StatementFindingOut(
        id=item.finding.pk,
        title=item.finding.title,
        kind=item.finding.kind,
        confidence=item.finding.confidence,
        evidence_ids=sorted(e.pk for e in item.evidence),
    )


def _response_out(r: StatementResponse) -> StatementResponseOut:
    return StatementResponseOut(
        agency_id=r.agency_id,
        agency=r.agency.name,
        text=r.text,
        responded_by_id=r.responded_by_id,
        responded_on=r.responded_on,
    )


def _statement_of(seat: Seat, year: int) -> AssuranceStatement | None:
    return AssuranceStatement.objects.filter(partnership=seat.partnership, year=year).first()


@router.get(f"{BASE}/statements", response={200: list[StatementSummaryOut], **ERRORS}, url_name="assurance_statements")
@partnership_endpoint(ROOM, "view")
def statements(request: SeatedRequest, slug: str) -> list[StatementSummaryOut]:
    """The years for which the scrutineer has written a statement, the latest first."""
    return [
        StatementSummaryOut(id=s.pk, year=s.year, year_label=s.year_label, status=s.status, published_on=s.published_on)
        for s in scoped(AssuranceStatement, request.seat.partnership)
    ]


@router.get(f"{BASE}/statements/{{year}}", response={200: StatementOut, **WRITE_ERRORS}, url_name="assurance_statement")
@partnership_endpoint(ROOM, "view")
def statement(request: SeatedRequest, slug: str, year: int) -> StatementOut:
    """The year's statement (``year`` is the year it starts), assembled as the page shows it: every
    WT2023 function and Six Steps step with the scrutineer's text, the issued findings behind it
    and their evidence IDs, and the lead partners' responses."""
    rules.reporting_year(year)
    assembled = assemble(request.seat.partnership, year)
    found = assembled.statement
    return StatementOut(
        year=year,
        year_label=reporting_year_label(year),
        statement_id=found.pk if found else None,
        status=found.status if found else None,
        summary=found.summary if found else "",
        published_on=found.published_on if found else None,
        finding_count=assembled.finding_count,
        sections=[
            StatementSectionOut(
                requirement_id=part.requirement.pk,
                framework=part.requirement.framework.key,
                ref=part.requirement.ref,
                title=part.requirement.title,
                text=part.text,
                finding_ids=[f.finding.pk for f in part.findings],
                findings=[_finding_out(f) for f in part.findings],
            )
            for part in assembled.parts
        ],
        other_findings=[_finding_out(f) for f in assembled.other_findings],
        responses=[_response_out(r) for r in statement_responses(found)],
    )


@router.get(
    f"{BASE}/statements/{{year}}/responses",
    response={200: list[StatementResponseOut], **WRITE_ERRORS},
    url_name="assurance_statement_responses",
)
@partnership_endpoint(ROOM, "view")
def statement_responses_api(request: SeatedRequest, slug: str, year: int) -> list[StatementResponseOut]:
    """The lead partners' responses to the year's statement, by partner body."""
    rules.reporting_year(year)
    return [_response_out(r) for r in statement_responses(_statement_of(request.seat, year))]


@router.post(
    f"{BASE}/statements/{{year}}/responses",
    response={200: StatementResponseOut, 201: StatementResponseOut, **WRITE_ERRORS},
    url_name="assurance_statement_respond",
)
@partnership_endpoint(ROOM, "contribute")
def statement_respond_api(
    request: SeatedRequest, slug: str, year: int, payload: StatementResponseIn
) -> Status[StatementResponseOut]:
    """A lead or delegated partner's response for their statutory partner body, once the statement
    is published (201; 200 where it replaces that body's earlier response). Others: 403."""
    seat = request.seat
    rules.reporting_year(year)
    bodies = responding_bodies(seat)
    rules.only_partner_bodies_respond_to_the_statement(bodies)
    found = _statement_of(seat, year)
    rules.statement_is_published(found)
    answer = validated(StatementResponseForm({"agency": payload.agency_id, "text": payload.text}, bodies=bodies))
    existed = StatementResponse.objects.filter(statement=found, agency=answer["agency"]).exists()
    response = statement_respond(
        statement=found, seat=seat, agency=answer["agency"], text=answer["text"], on=timezone.localdate()
    )
    return Status(200 if existed else 201, _response_out(response))
