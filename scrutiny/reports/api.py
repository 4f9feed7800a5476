"""The yearly report in the API: each version with its sections, sources (the footnotes), sign-offs,
completeness check and clocks; writing a section, signing off and publishing. Editing a published
version, or publishing without every sign-off, is answered 400 with the reason and changes nothing."""

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone
from ninja import Router, Schema

from scrutiny.partnerships.access import Seat, SeatedRequest, partnership_endpoint
from scrutiny.partnerships.models import Agency
from scrutiny.partnerships.scoping import get_scoped_or_404
from scrutiny.reports import workflow
from scrutiny.reports.completeness import problems
from scrutiny.reports.models import ROOM, YearlyReport
from scrutiny.reports.registrations import clocks_of
from scrutiny.web.api import ERRORS, REFUSALS, ErrorOut

router = Router(tags=["reports"])
BASE = "/partnerships/{slug}/reports"
BAD_INPUT: dict[int, Any] = {**REFUSALS, 422: ErrorOut}


class ReportSummaryOut(Schema):
    id: int
    year: int
    year_label: str
    version: int
    status: str
    published_on: date | None
    public_url: str | None


class SourceOut(Schema):
    kind: str
    label: str
    value: str
    text: str
    note: str
    url: str
    room: str
    is_outcome: bool
    added_by_hand: bool
    chart: dict[str, Any] | None


class SectionOut(Schema):
    key: str
    title: str
    required: bool
    text: str
    sources: list[SourceOut]


class SignOffOut(Schema):
    partner_body_id: int
    partner_body: str
    signed: bool
    signer_name: str
    signed_on: date | None


class ProblemOut(Schema):
    section: str
    message: str
    blocking: bool


class ClockOut(Schema):
    rule: str
    label: str
    due: date | None
    met_on: date | None
    status: str
    verified: bool


class ReportOut(ReportSummaryOut):
    plain_summary: str
    scrutiny_placement: str
    correction_reason: str
    corrects_version: int | None
    panel_copy_sent_on: date | None
    foundations_copy_sent_on: date | None
    sections: list[SectionOut]
    sign_offs: list[SignOffOut]
    completeness: list[ProblemOut]
    clocks: list[ClockOut]


class SectionIn(Schema):
    text: str


class SignOffIn(Schema):
    partner_body_id: int


class PublishIn(Schema):
    published_on: date | None = None


def _report(seat: Seat, report_id: int) -> YearlyReport:
    found: YearlyReport = get_scoped_or_404(
        YearlyReport.objects.prefetch_related("sections__sources", "sign_offs__partner_body").select_related(
            "partnership", "corrects"
        ),
        seat.partnership,
        pk=report_id,
    )
    return found


def _summary(report: YearlyReport) -> dict[str, Any]:
    return {
        "id": report.pk,
        "year": report.year,
        "year_label": report.year_label,
        "version": report.version,
        "status": report.status,
        "published_on": report.published_on,
        "public_url": report.public_url() if report.is_published else None,
    }


def _out(report: YearlyReport) -> ReportOut:
    today = timezone.localdate()
    signed = {s.partner_body_id: s for s in report.sign_offs.all()}
    clocks = clocks_of(report)
    return ReportOut(
        **_summary(report),
        plain_summary=report.plain_summary,
        scrutiny_placement=report.scrutiny_placement,
        correction_reason=report.correction_reason,
        corrects_version=report.corrects.version if report.corrects else None,
        panel_copy_sent_on=report.panel_copy_sent_on,
        foundations_copy_sent_on=report.foundations_copy_sent_on,
        sections=[
            SectionOut(
                key=section.key,
                title=section.spec.title,
                required=section.spec.required,
                text=section.text,
                sources=[
                    SourceOut(
                        kind=s.kind,
                        label=s.label,
                        value=s.value,
                        text=s.text,
                        note=s.note,
                        url=s.url,
                        room=s.room,
                        is_outcome=s.is_outcome,
                        added_by_hand=s.added_by_hand,
                        chart=s.chart,
                    )
                    for s in section.sources.all()
                ],
            )
            for section in report.ordered_sections()
        ],
        sign_offs=[
            SignOffOut(
                partner_body_id=body.pk,
                partner_body=body.name,
                signed=body.pk in signed,
                signer_name=signed[body.pk].signer_name if body.pk in signed else "",
                signed_on=signed[body.pk].signed_on if body.pk in signed else None,
            )
            for body in workflow.partner_bodies(report.partnership)
        ],
        completeness=[
            ProblemOut(section=p.section_key, message=p.message, blocking=p.blocking) for p in problems(report)
        ]
        if report.is_draft
        else [],
        clocks=[
            ClockOut(
                rule=c.rule_id,
                label=c.label,
                due=c.due,
                met_on=c.met_on,
                status=c.status(today).value,
                verified=c.rule.verified,
            )
            for c in clocks
        ],
    )


@router.get(
    BASE,
    response={200: list[ReportSummaryOut], **ERRORS},
    url_name="reports_list",
)
@partnership_endpoint(ROOM, "view")
def report_list(request: SeatedRequest, slug: str) -> list[ReportSummaryOut]:
    """Every version of every year's report, newest first."""
    reports = YearlyReport.objects.filter(partnership=request.seat.partnership).select_related("partnership")
    return [ReportSummaryOut(**_summary(report)) for report in reports]


@router.get(
    f"{BASE}/{{report_id}}",
    response={200: ReportOut, **ERRORS},
    url_name="reports_detail",
)
@partnership_endpoint(ROOM, "view")
def report_detail(request: SeatedRequest, slug: str, report_id: int) -> ReportOut:
    """A version: sections with their sources, sign-offs, the completeness check and its clocks."""
    return _out(_report(request.seat, report_id))


@router.put(
    f"{BASE}/{{report_id}}/sections/{{section_key}}",
    response={200: ReportOut, **BAD_INPUT},
    url_name="reports_section",
)
@partnership_endpoint(ROOM, "manage")
def section_put(request: SeatedRequest, slug: str, report_id: int, section_key: str, payload: SectionIn) -> ReportOut:
    """Write a section (the scrutineer's evaluation by the scrutineer, the rest by the business
    manager). A published version is refused; a change withdraws the sign-offs."""
    seat = request.seat
    report = _report(seat, report_id)
    section = next((s for s in report.sections.all() if s.key == section_key), None)
    if section is None:
        raise Http404
    workflow.section_save(section=section, seat=seat, text=payload.text)
    return _out(_report(seat, report_id))


@router.post(
    f"{BASE}/{{report_id}}/sign-off",
    response={200: ReportOut, **BAD_INPUT},
    url_name="reports_sign_off",
)
@partnership_endpoint(ROOM, "contribute")
def sign_off(request: SeatedRequest, slug: str, report_id: int, payload: SignOffIn) -> ReportOut:
    """Sign the version off for a statutory partner body the person leads, dated today."""
    seat = request.seat
    report = _report(seat, report_id)
    body = Agency.objects.filter(pk=payload.partner_body_id).first()
    if body is None:
        raise ValidationError({"partner_body_id": f"there is no agency {payload.partner_body_id}."})
    workflow.sign_off(report=report, seat=seat, body=body, on=timezone.localdate())
    return _out(_report(seat, report_id))


@router.post(
    f"{BASE}/{{report_id}}/publish",
    response={200: ReportOut, **BAD_INPUT},
    url_name="reports_publish",
)
@partnership_endpoint(ROOM, "manage")
def publish(request: SeatedRequest, slug: str, report_id: int, payload: PublishIn) -> ReportOut:
    """Publish the version (the business manager), freezing its web page, PDF and Word file.
    Refused with every reason while a sign-off is missing or the completeness check blocks it."""
    seat = request.seat
    report = _report(seat, report_id)
    workflow.publish(report=report, seat=seat, on=payload.published_on or timezone.localdate())
    return _out(_report(seat, report_id))
