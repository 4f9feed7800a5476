"""The yearly report's staff pages under /p/<slug>/reports/: the years and their versions, a
report with its completeness check, sign-offs and clocks, each section's words and sources, the
preview in every format, and the steps from sign-off to publication, copies and corrections."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from scrutiny import confirmation
from scrutiny.clocks.catalogue import rule_for
from scrutiny.forms_govuk import errors_onto, form_page
from scrutiny.partnerships.access import SeatedRequest, partnership_view, post_only
from scrutiny.partnerships.history import HistoryEntry, entries_for
from scrutiny.partnerships.models import reporting_year_starting
from scrutiny.partnerships.roles import Role
from scrutiny.partnerships.scoping import get_scoped_or_404
from scrutiny.reports import rendering, workflow
from scrutiny.reports.completeness import problems
from scrutiny.reports.content import document
from scrutiny.reports.forms import (
    CopiesForm,
    CorrectionForm,
    DetailsForm,
    PublishForm,
    SectionForm,
    SignForm,
    SourceForm,
    StartForm,
)
from scrutiny.reports.models import (
    ROOM,
    ReportSection,
    ReportSignOff,
    ReportSource,
    YearlyReport,
)
from scrutiny.reports.registrations import COPIES, clocks_of, report_clocks
from scrutiny.reports.sections import section_keys


def _report(request: SeatedRequest, pk: int) -> YearlyReport:
    found: YearlyReport = get_scoped_or_404(
        YearlyReport.objects.prefetch_related(
            Prefetch("sections", queryset=ReportSection.objects.prefetch_related("sources")),
            Prefetch("sign_offs", queryset=ReportSignOff.objects.select_related("partner_body", "signed_by")),
        ).select_related("partnership", "corrects"),
        request.seat.partnership,
        pk=pk,
    )
    return found


def _section(report: YearlyReport, key: str) -> ReportSection:
    for section in report.sections.all():
        if section.key == key:
            return section
    raise Http404("No such section")


def _say_withdrawn(request: HttpRequest, withdrawn: int) -> None:
    if withdrawn:
        messages.warning(
            request,
            f"{withdrawn} sign-off{'s were' if withdrawn > 1 else ' was'} withdrawn because the report changed: "
            "the lead partners need to sign this version again.",
        )


def _step(
    request: HttpRequest,
    report: YearlyReport,
    form: BaseForm,
    run: Callable[[dict[str, Any]], object],
    done: str,
    **page: Any,
) -> HttpResponse:
    """One step of the workflow on a page of its own: when the posted form is valid, ``run`` the
    step, say ``done`` (and any sign-offs it withdrew) and go to the report it leaves (a new
    version, for a correction); when the step refuses, show the form again with what the person
    entered and the reason, having changed nothing."""
    if request.method == "POST" and form.is_valid():
        try:
            result = run(form.cleaned_data)
        except ValidationError as error:
            errors_onto(form, error)
        else:
            messages.success(request, done)
            if isinstance(result, int):
                _say_withdrawn(request, result)
            return redirect(result if isinstance(result, YearlyReport) else report)
    return form_page(
        request, form, caption=str(report), back=report.get_absolute_url(), back_label="Back to the report", **page
    )


@partnership_view(ROOM, "view")
def reports_home(request: SeatedRequest) -> HttpResponse:
    seat = request.seat
    today = timezone.localdate()
    reports = list(YearlyReport.objects.filter(partnership=seat.partnership).prefetch_related("sign_offs"))
    can_start = seat.has_role(Role.BUSINESS_MANAGER)
    form = StartForm(latest=reporting_year_starting(today), initial={"year": reporting_year_starting(today) - 1})
    clocks = sorted(report_clocks(seat.partnership), key=lambda c: c.due or today, reverse=True)
    return render(
        request,
        "reports/home.html",
        {
            "reports": reports,
            "form": form if can_start else None,
            "clocks": [(clock, clock.status(today)) for clock in clocks],
            "bodies": workflow.partner_bodies(seat.partnership),
        },
    )


@partnership_view(ROOM, "manage", row_rules=True)
@post_only
def report_start(request: SeatedRequest) -> HttpResponse:
    seat = request.seat
    today = timezone.localdate()
    form = StartForm(request.POST, latest=reporting_year_starting(today))
    if form.is_valid():
        try:
            report = workflow.report_start(
                partnership=seat.partnership, year=form.cleaned_data["year"], seat=seat, today=today
            )
        except ValidationError as error:
            errors_onto(form, error)
        else:
            messages.success(request, f"{report} started, with the figures and records the rooms hold for the year.")
            return redirect(report)
    return form_page(
        request,
        form,
        title="Start a yearly report",
        caption="Yearly report",
        back=reverse("reports_home", kwargs={"slug": seat.partnership.slug}),
        back_label="Back to yearly reports",
        button="Start the report",
    )


def _history(report: YearlyReport) -> list[HistoryEntry]:
    """Every change to the version: its own fields, each section's words, sources added or removed
    by hand, and every sign-off given or withdrawn."""
    entries = list(entries_for(report))
    for section in report.sections.all():
        entries += [
            HistoryEntry(e.when, e.who, f"{e.what}: {section.spec.title}", e.record, e.changes)
            for e in entries_for(section)
            if e.what != "Created" or section.text
        ]
    for row in ReportSignOff.history.filter(report_id=report.pk).select_related("history_user"):
        what = "Signed off" if row.history_type != "-" else "Sign-off withdrawn"
        entries.append(
            HistoryEntry(
                row.history_date,
                str(row.history_user or "System"),
                f"{what} for {row.partner_body} ({row.signer_name})",
                "Sign-off",
                [],
            )
        )
    sources = ReportSource.history.filter(
        section_id__in=[s.pk for s in report.sections.all()], added_by_hand=True
    ).select_related("history_user")
    for row in sources:
        what = {"+": "Source added", "-": "Source removed", "~": "Source changed"}[row.history_type]
        entries.append(
            HistoryEntry(row.history_date, str(row.history_user or "System"), f"{what}: {row.label}", "", [])
        )
    return sorted(entries, key=lambda e: e.when, reverse=True)


@partnership_view(ROOM, "view")
def report_detail(request: SeatedRequest, pk: int) -> HttpResponse:
    seat = request.seat
    report = _report(request, pk)
    today = timezone.localdate()
    found = problems(report)
    signed = {s.partner_body_id: s for s in report.sign_offs.all()}
    bodies = [(body, signed.get(body.pk)) for body in workflow.partner_bodies(seat.partnership)]
    my_bodies = workflow.signing_bodies(seat)
    clocks = clocks_of(report)
    versions = YearlyReport.objects.filter(partnership=seat.partnership, year=report.year).exclude(pk=report.pk)
    sections = [
        (section, workflow.can_edit_section(seat, section.key) and report.is_draft)
        for section in report.ordered_sections()
    ]
    return render(
        request,
        "reports/detail.html",
        {
            "report": report,
            "sections": sections,
            "problems": found,
            "blocking": [p for p in found if p.blocking],
            "bodies": bodies,
            "can_sign": report.is_draft and any(body.pk not in signed for body in my_bodies),
            "is_manager": seat.has_role(Role.BUSINESS_MANAGER),
            "can_refresh": report.is_draft and (seat.has_role(Role.BUSINESS_MANAGER) or seat.has_role(Role.SCRUTINEER)),
            "publish_problems": workflow.publish_problems(report) if report.is_draft else [],
            "clocks": [(clock, clock.status(today)) for clock in clocks],
            "versions": versions,
            "history": _history(report),
        },
    )


@partnership_view(ROOM, "view")
def report_preview(request: SeatedRequest, pk: int) -> HttpResponse:
    """The report as it will read, in the service's layout (the published page is the same content)."""
    report = _report(request, pk)
    return render(request, "reports/preview.html", {"report": report, "body": rendering.html(document(report))})


@partnership_view(ROOM, "view")
def report_file(request: SeatedRequest, pk: int, fmt: str) -> HttpResponse:
    """A draft's PDF or Word file, made now; a published version's, as it was frozen."""
    report = _report(request, pk)
    if fmt not in {"pdf", "docx"}:
        raise Http404("No such format")
    if report.is_published:
        return redirect(report.public_url(fmt))
    doc = document(report)
    content = rendering.pdf(doc) if fmt == "pdf" else rendering.docx(doc)
    kind = (
        "application/pdf"
        if fmt == "pdf"
        else ("application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    )
    response = HttpResponse(content, content_type=kind)
    name = f"{report.partnership.slug}-yearly-report-{report.year_label}-draft.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@partnership_view(ROOM, "view", row_rules=True)
def section_edit(request: SeatedRequest, pk: int, key: str) -> HttpResponse:
    """A section's words and sources: editable by the person who writes it while the version is
    a draft, readable by everyone else who may see the report."""
    seat = request.seat
    report = _report(request, pk)
    if key not in section_keys():
        raise Http404("No such section")
    section = _section(report, key)
    editable = report.is_draft and workflow.can_edit_section(seat, key)
    form = SectionForm(request.POST if request.method == "POST" else None, initial={"text": section.text})
    if request.method == "POST":
        workflow.require_section_writer(seat, key)
        if form.is_valid():
            try:
                withdrawn = workflow.section_save(section=section, seat=seat, text=form.cleaned_data["text"])
            except ValidationError as error:
                errors_onto(form, error)
            else:
                messages.success(request, f"{section.spec.title}: saved.")
                _say_withdrawn(request, withdrawn)
                return redirect(report)
    return form_page(
        request,
        form,
        title=section.spec.title,
        caption=str(report),
        back=report.get_absolute_url(),
        back_label="Back to the report",
        button="Save the section",
        intro=section.spec.guidance,
        template="reports/section_edit.html",
        report=report,
        section=section,
        spec=section.spec,
        editable=editable,
        history=entries_for(section),
    )


@partnership_view(ROOM, "manage", row_rules=True)
def source_add(request: SeatedRequest, pk: int, key: str) -> HttpResponse:
    seat = request.seat
    report = _report(request, pk)
    if key not in section_keys():
        raise Http404("No such section")
    section = _section(report, key)
    form = SourceForm(request.POST if request.method == "POST" else None, slug=seat.partnership.slug)
    if request.method == "POST" and form.is_valid():
        try:
            withdrawn = workflow.source_add(section=section, seat=seat, source=form.save(commit=False))
        except ValidationError as error:
            errors_onto(form, error)
        else:
            messages.success(request, f"Source added to {section.spec.title}.")
            _say_withdrawn(request, withdrawn)
            return redirect("section_edit", slug=seat.partnership.slug, pk=report.pk, key=key)
    elif not workflow.can_edit_section(seat, key):
        raise PermissionDenied("You cannot add sources to this section.")
    return form_page(
        request,
        form,
        title="Add a source",
        caption=section.spec.title,
        back=reverse("section_edit", kwargs={"slug": seat.partnership.slug, "pk": report.pk, "key": key}),
        back_label="Back to the section",
        button="Add the source",
        intro="A record the rooms do not hold: an evaluation, a re-audit, a survey of families. It is printed as a "
        "numbered footnote with its address.",
    )


@partnership_view(ROOM, "manage", row_rules=True)
@post_only
def source_remove(request: SeatedRequest, pk: int, source_pk: int) -> HttpResponse:
    seat = request.seat
    report = _report(request, pk)
    source = ReportSource.objects.filter(section__report=report, pk=source_pk).select_related("section").first()
    if source is None:
        raise Http404("No such source")
    key = source.section.key
    try:
        withdrawn = workflow.source_remove(source=source, seat=seat)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Source removed: {source.label}.")
        _say_withdrawn(request, withdrawn)
    return redirect("section_edit", slug=seat.partnership.slug, pk=report.pk, key=key)


@partnership_view(ROOM, "manage", row_rules=True)
def report_details(request: SeatedRequest, pk: int) -> HttpResponse:
    seat = request.seat
    report = _report(request, pk)
    workflow.require_business_manager(seat)
    return _step(
        request,
        report,
        DetailsForm(
            request.POST if request.method == "POST" else None, instance=YearlyReport.objects.get(pk=report.pk)
        ),
        lambda data: workflow.details_save(
            report=YearlyReport.objects.get(pk=report.pk),
            seat=seat,
            plain_summary=data["plain_summary"],
            scrutiny_placement=data["scrutiny_placement"],
        ),
        "Summary and publishing choices saved.",
        title="Summary for children and families",
        button="Save",
        intro="Write it for a child of about 11: short sentences, everyday words, what changed for children. It comes "
        "first in every version of the report.",
    )


@partnership_view(ROOM, "manage", row_rules=True)
@post_only
def report_refresh(request: SeatedRequest, pk: int) -> HttpResponse:
    seat = request.seat
    report = _report(request, pk)
    try:
        withdrawn = workflow.refresh(report=report, seat=seat, today=timezone.localdate())
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, "Figures and records read again from the rooms. Your words and the sources you added are kept."
        )
        _say_withdrawn(request, withdrawn)
    return redirect(report)


@partnership_view(ROOM, "contribute", row_rules=True)
def report_sign(request: SeatedRequest, pk: int) -> HttpResponse:
    seat = request.seat
    report = _report(request, pk)
    bodies = workflow.signing_bodies(seat)
    if not bodies:
        raise PermissionDenied(
            "Only a lead safeguarding partner for one of the partnership's statutory bodies can sign."
        )
    warnings = [p.message for p in problems(report) if not p.blocking]
    return _step(
        request,
        report,
        SignForm(request.POST if request.method == "POST" else None, bodies=bodies),
        lambda data: workflow.sign_off(report=report, seat=seat, body=data["body"], on=timezone.localdate()),
        "You signed off the report.",
        title=f"Sign off the {report.year_label} report",
        button="Sign off",
        intro="Your sign-off is recorded with your name, job title and today's date, and printed in the published "
        "report. If the report changes afterwards, your sign-off is withdrawn and you are asked again.",
        warning=("The completeness check still lists: " + " ".join(warnings)) if warnings else "",
    )


@partnership_view(ROOM, "manage", row_rules=True)
def report_publish(request: SeatedRequest, pk: int) -> HttpResponse:
    seat = request.seat
    report = _report(request, pk)
    workflow.require_business_manager(seat)
    blockers = workflow.publish_problems(report)
    return _step(
        request,
        report,
        PublishForm(request.POST if request.method == "POST" else None, initial={"published_on": timezone.localdate()}),
        lambda data: workflow.publish(report=report, seat=seat, on=data["published_on"]),
        f"{report} published. Send copies to the Panel and to Foundations and record the dates here.",
        title=f"Publish the {report.year_label} report",
        button="Publish",
        intro="Publishing freezes this version as a web page, a PDF and a Word file on the partnership's public "
        "pages. After that it cannot be changed; a correction becomes a new version with its reason shown.",
        warning=("It cannot be published yet. " + " ".join(blockers)) if blockers else "",
    )


@partnership_view(ROOM, "manage", row_rules=True)
def report_copies(request: SeatedRequest, pk: int) -> HttpResponse:
    seat = request.seat
    report = _report(request, pk)
    workflow.require_business_manager(seat)
    copies = rule_for(seat.partnership, COPIES)
    unconfirmed = (
        "" if copies.verified else f", {confirmation.LABEL.lower()} against the guidance: your partnership can set it"
    )
    sent = {
        "panel_copy_sent_on": report.panel_copy_sent_on,
        "foundations_copy_sent_on": report.foundations_copy_sent_on,
    }
    return _step(
        request,
        report,
        CopiesForm(request.POST if request.method == "POST" else None, initial=sent),
        lambda data: workflow.copies_record(
            report=YearlyReport.objects.get(pk=report.pk),
            seat=seat,
            panel_on=data["panel_copy_sent_on"],
            foundations_on=data["foundations_copy_sent_on"],
            today=timezone.localdate(),
        ),
        "Dates the copies were sent saved.",
        title="Copies to the Panel and Foundations",
        button="Save the dates",
        intro="Working Together expects a copy of the published report to go to the Child Safeguarding Practice "
        f"Review Panel and to Foundations after publication; Scrutiny counts {copies.length_text}{unconfirmed}. "
        "Until both dates are recorded, the business manager is reminded.",
    )


@partnership_view(ROOM, "manage", row_rules=True)
def report_correct(request: SeatedRequest, pk: int) -> HttpResponse:
    seat = request.seat
    report = _report(request, pk)
    workflow.require_business_manager(seat)
    return _step(
        request,
        report,
        CorrectionForm(request.POST if request.method == "POST" else None),
        lambda data: workflow.correct(report=report, seat=seat, reason=data["reason"]),
        f"A new version started as a copy of version {report.version}. Make the correction, then ask the lead "
        "partners to sign it off before you publish it.",
        title=f"Correct the {report.year_label} report",
        button="Start the correction",
        intro=f"Version {report.version} stays published, unchanged, until the corrected version is signed off and "
        "published. Then it is marked as replaced, with your reason, and stays readable.",
    )
