"""Multi-agency case file audits: the programme, each audit with its sample of cases, each agency's
part, moderation, findings by domain and agency, learning into actions, and practitioners' feedback."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from scrutiny.actions.forms import ActionForm
from scrutiny.actions.models import Action
from scrutiny.audits import case_auditing
from scrutiny.audits.forms import CaseFileAuditForm, CaseForm, CaseModerationForm, CasePartForm, FeedbackForm
from scrutiny.audits.models import (
    NO_IDENTIFIERS,
    ROOM,
    AuditedCase,
    CaseAgencyPart,
    CaseAuditStatus,
    CaseFileAudit,
    Grade,
    PartStatus,
)
from scrutiny.forms_govuk import errors_onto, form_page, saved_or_form_page
from scrutiny.partnerships.access import SeatedRequest, partnership_view, post_only
from scrutiny.partnerships.history import entries_for
from scrutiny.partnerships.scoping import get_scoped_or_404


def audit_for(request: SeatedRequest, pk: int) -> CaseFileAudit:
    seat = request.seat
    return get_scoped_or_404(
        CaseFileAudit.objects.visible_to(seat).select_related("tool", "theme", "partnership"), seat.partnership, pk=pk
    )


def _audit_form(request: SeatedRequest, audit: CaseFileAudit | None) -> HttpResponse:
    seat = request.seat
    form = CaseFileAuditForm(request.POST or None, instance=audit, partnership=seat.partnership)
    return saved_or_form_page(
        request,
        form,
        title=f"Change {audit}" if audit else "Plan a case file audit",
        caption="Case file audits",
        back=audit.get_absolute_url() if audit else reverse("audits_home", kwargs={"slug": seat.partnership.slug}),
        back_label="Back",
        button="Save audit",
        warning=NO_IDENTIFIERS,
        history=entries_for(audit) if audit else [],
    )


@partnership_view(ROOM, "manage")
def case_audit_add(request: SeatedRequest) -> HttpResponse:
    return _audit_form(request, None)


@partnership_view(ROOM, "manage")
def case_audit_edit(request: SeatedRequest, pk: int) -> HttpResponse:
    return _audit_form(request, audit_for(request, pk))


@partnership_view(ROOM, "view")
def case_audit(request: SeatedRequest, pk: int) -> HttpResponse:
    """The audit: its sample, each agency's part, the findings once moderated, learning and
    feedback. An agency contributor sees the cases with their own agency's parts only."""
    seat = request.seat
    audit = audit_for(request, pk)
    wide = seat.partnership_wide
    cases = list(audit.cases.prefetch_related("parts__agency"))
    for case in cases:
        case.visible_parts = [p for p in case.parts.all() if seat.sees_agency(p.agency_id)]  # type: ignore[attr-defined]
    actions = Action.objects.filter(
        partnership=seat.partnership,
        source_type=ContentType.objects.get_for_model(CaseFileAudit),
        source_id=audit.pk,
    ).select_related("owner_agency")
    found = case_auditing.findings(audit) if wide else None
    return render(
        request,
        "audits/case_audit.html",
        {
            "audit": audit,
            "cases": cases,
            "wide": wide,
            "findings": found,
            "grades": list(Grade),
            "agency_rows": [(agency, [means[d.pk] for d in found.domains]) for agency, means in found.by_agency.items()]
            if found
            else [],
            "domain_rows": [(d, [found.by_domain[d.pk][g.value] for g in Grade]) for d in found.domains]
            if found
            else [],
            "actions": actions,
            "feedback": audit.feedback.select_related("agency") if wide else [],
            "can_manage": seat.can(ROOM, "manage"),
            "next_status": case_auditing.NEXT_STATUS.get(CaseAuditStatus(audit.status)),
            "history": entries_for(audit),
        },
    )


@partnership_view(ROOM, "manage")
@post_only
def case_audit_advance(request: SeatedRequest, pk: int) -> HttpResponse:
    audit = audit_for(request, pk)
    try:
        case_auditing.audit_advance(audit)
        messages.success(request, f"{audit} is now: {audit.get_status_display().lower()}.")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(audit)


@partnership_view(ROOM, "manage")
def case_add(request: SeatedRequest, pk: int) -> HttpResponse:
    audit = audit_for(request, pk)
    form = CaseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            case = case_auditing.case_add(
                audit=audit, reference=form.cleaned_data["reference"], context=form.cleaned_data.get("context") or ""
            )
            messages.success(request, f"Case {case} added, with a part for each of {audit.agencies.count()} agencies.")
            return redirect(audit)
        except ValidationError as error:
            errors_onto(form, error)
    return form_page(
        request,
        form,
        title="Add a case to the sample",
        caption=str(audit),
        back=audit.get_absolute_url(),
        back_label="Back to the audit",
        button="Add case",
        warning=NO_IDENTIFIERS,
    )


def _case(audit: CaseFileAudit, case: int) -> AuditedCase:
    return get_object_or_404(audit.cases, pk=case)


@partnership_view(ROOM, "contribute", row_rules=True)
def case_part(request: SeatedRequest, pk: int, case: int, part: int) -> HttpResponse:
    """An agency's auditor grades each domain of the tool for their agency's records of the case."""
    seat = request.seat
    audit = audit_for(request, pk)
    found_case = _case(audit, case)
    found = get_object_or_404(CaseAgencyPart.objects.filter(case=found_case).select_related("agency"), pk=part)
    writes = seat.acts_for(found.agency_id)
    if not seat.sees_agency(found.agency_id):
        raise PermissionDenied(f"Only {found.agency}'s own auditors see its part.")
    domains = list(audit.tool.standards.all())
    current = {g.domain_id: g for g in found.grades.all()}
    form = CasePartForm(request.POST or None, domains=domains, current=current, notes=found.notes)
    if request.method == "POST":
        if not writes:
            raise PermissionDenied(f"Only {found.agency}'s own auditors complete its part.")
        if form.is_valid():
            data = form.cleaned_data
            try:
                case_auditing.part_save(
                    part=found,
                    grades={d: data.get(f"grade_{d.pk}") for d in domains},
                    notes={d: data.get(f"notes_{d.pk}") or "" for d in domains},
                    overall=data.get("notes") or "",
                    auditor=seat.user,
                    submit="submit" in request.POST,
                )
                messages.success(request, f"{found.agency}'s part of case {found_case} saved.")
                return redirect(audit)
            except ValidationError as error:
                errors_onto(form, error)
    return form_page(
        request,
        form,
        title=f"{found.agency}: case {found_case}",
        caption=str(audit),
        back=audit.get_absolute_url(),
        back_label="Back to the audit",
        button="Save as draft",
        warning=NO_IDENTIFIERS,
        template="audits/case_part_form.html",
        part=found,
        case=found_case,
        domains=domains,
        writes=writes and found.status != PartStatus.SUBMITTED and audit.status == CaseAuditStatus.AUDITING,
        history=entries_for(found),
    )


@partnership_view(ROOM, "manage")
def case_moderate(request: SeatedRequest, pk: int, case: int) -> HttpResponse:
    audit = audit_for(request, pk)
    found = _case(audit, case)
    domains = list(audit.tool.standards.all())
    current = {g.domain_id: g for g in found.agreed.all()}
    form = CaseModerationForm(request.POST or None, domains=domains, current=current, case=found)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            case_auditing.case_moderate(
                case=found,
                grades={d: data.get(f"grade_{d.pk}") for d in domains},
                notes=data.get("moderation_notes") or "",
                learning=data.get("learning") or "",
            )
            messages.success(request, f"Case {found} moderated.")
            return redirect(audit)
        except ValidationError as error:
            errors_onto(form, error)
    parts = found.parts.select_related("agency").prefetch_related("grades")
    return form_page(
        request,
        form,
        title=f"Moderate case {found}",
        caption=str(audit),
        back=audit.get_absolute_url(),
        back_label="Back to the audit",
        button="Save moderation",
        warning=NO_IDENTIFIERS,
        template="audits/case_moderation_form.html",
        parts=parts,
        domains=domains,
        history=entries_for(found),
    )


@partnership_view(ROOM, "manage")
def case_audit_action_add(request: SeatedRequest, pk: int) -> HttpResponse:
    """Learning from the audit, into the action tracker."""
    seat = request.seat
    audit = audit_for(request, pk)
    form = ActionForm(request.POST or None, partnership=seat.partnership)
    if request.method == "POST" and form.is_valid():
        action = form.create_action(
            source=audit, source_label=f"Case file audit: {audit}", source_room=ROOM, created_by=seat.user
        )
        messages.success(request, f"Action “{action}” added to the action tracker.")
        return redirect(audit)
    return form_page(
        request,
        form,
        title="Turn learning into an action",
        caption=str(audit),
        back=audit.get_absolute_url(),
        back_label="Back to the audit",
        button="Add action",
    )


@partnership_view(ROOM, "contribute")
def case_feedback_add(request: SeatedRequest, pk: int) -> HttpResponse:
    """A practitioner's view of the audit, recorded by them or for them."""
    seat = request.seat
    audit = audit_for(request, pk)
    form = FeedbackForm(request.POST or None, audit=audit)
    if request.method == "POST" and form.is_valid():
        feedback = form.save(commit=False)
        feedback.audit, feedback.recorded_by = audit, seat.user
        feedback.save()
        messages.success(request, "Thank you: the practitioner's feedback is recorded.")
        return redirect(audit)
    return form_page(
        request,
        form,
        title="Record a practitioner's feedback",
        caption=str(audit),
        back=audit.get_absolute_url(),
        back_label="Back to the audit",
        button="Save feedback",
        warning=NO_IDENTIFIERS,
    )
