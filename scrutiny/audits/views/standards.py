"""Audit standards: the shipped versions and the partnership's own, each standard's wording, and a
new version made by copying one."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from scrutiny.audits.forms import NewVersionForm, StandardForm
from scrutiny.audits.models import ROOM, Standard, StandardsFramework
from scrutiny.forms_govuk import form_page
from scrutiny.partnerships.access import SeatedRequest, partnership_view, post_only
from scrutiny.partnerships.history import entries_for


def _framework(request: SeatedRequest, pk: int) -> StandardsFramework:
    framework = StandardsFramework.objects.available_to(request.seat.partnership).filter(pk=pk).first()
    if framework is None:
        raise Http404("No such standards in this partnership")
    return framework


@partnership_view(ROOM, "view")
def standards_list(request: SeatedRequest) -> HttpResponse:
    seat = request.seat
    frameworks = StandardsFramework.objects.available_to(seat.partnership).prefetch_related("standards")
    return render(
        request, "audits/standards_list.html", {"frameworks": frameworks, "can_manage": seat.can(ROOM, "manage")}
    )


@partnership_view(ROOM, "view")
def standards_detail(request: SeatedRequest, pk: int) -> HttpResponse:
    seat = request.seat
    framework = _framework(request, pk)
    return render(
        request,
        "audits/standards_detail.html",
        {
            "framework": framework,
            "standards": framework.standards.all(),
            "can_manage": seat.can(ROOM, "manage"),
            "editable": framework.editable_by(seat.partnership) and seat.can(ROOM, "manage"),
            "history": entries_for(framework),
        },
    )


@partnership_view(ROOM, "manage")
def standards_new_version(request: SeatedRequest, pk: int) -> HttpResponse:
    """The partnership's own version, copied from this one, to edit before a round uses it."""
    seat = request.seat
    source = _framework(request, pk)
    form = NewVersionForm(request.POST or None, initial={"title": source.title})
    if request.method == "POST" and form.is_valid():
        version = form.cleaned_data["version"].strip()
        taken = StandardsFramework.objects.filter(partnership=seat.partnership, key=source.key, version=version)
        if taken.exists() or (source.is_shipped and source.version == version):
            form.add_error("version", f"Version {version} of these standards already exists: choose another number.")
        else:
            with transaction.atomic():
                copy = StandardsFramework.objects.create(
                    kind=source.kind,
                    key=source.key,
                    version=version,
                    title=form.cleaned_data["title"].strip(),
                    description=source.description,
                    source=source.source,
                    partnership=seat.partnership,
                    based_on=source,
                )
                Standard.objects.bulk_create(
                    Standard(
                        framework=copy,
                        ref=s.ref,
                        title=s.title,
                        description=s.description,
                        evidence_hint=s.evidence_hint,
                        questions=s.questions,
                        verified=s.verified,
                        order=s.order,
                    )
                    for s in source.standards.all()
                )
            messages.success(request, f"{copy} made. Change its standards before a round uses it.")
            return redirect("audit_standards_detail", slug=seat.partnership.slug, pk=copy.pk)
    return form_page(
        request,
        form,
        title="Make a new version",
        caption=str(source),
        back=reverse("audit_standards_detail", kwargs={"slug": seat.partnership.slug, "pk": source.pk}),
        back_label="Back to the standards",
        button="Make the new version",
        intro="The new version starts as a copy of this one. Rounds already sent keep the version they used.",
    )


def _standard_form(request: SeatedRequest, framework: StandardsFramework, standard: Standard | None) -> HttpResponse:
    seat = request.seat
    if not framework.editable_by(seat.partnership):
        raise PermissionDenied(
            "Only the partnership's own version can be changed, and only until a round or audit uses it."
        )
    form = StandardForm(request.POST or None, instance=standard, framework=framework)
    if request.method == "POST" and form.is_valid():
        saved = form.save(commit=False)
        if standard is None:
            saved.order = (max((s.order for s in framework.standards.all()), default=0)) + 1
        saved.save()
        messages.success(request, f"Standard {saved.ref} saved.")
        return redirect("audit_standards_detail", slug=seat.partnership.slug, pk=framework.pk)
    return form_page(
        request,
        form,
        title=f"Change standard {standard.ref}" if standard else "Add a standard",
        caption=str(framework),
        back=reverse("audit_standards_detail", kwargs={"slug": seat.partnership.slug, "pk": framework.pk}),
        back_label="Back to the standards",
        button="Save standard",
        history=entries_for(standard) if standard else [],
    )


@partnership_view(ROOM, "manage", row_rules=True)
def standard_add(request: SeatedRequest, pk: int) -> HttpResponse:
    return _standard_form(request, _framework(request, pk), None)


@partnership_view(ROOM, "manage", row_rules=True)
def standard_edit(request: SeatedRequest, pk: int, standard: int) -> HttpResponse:
    framework = _framework(request, pk)
    return _standard_form(request, framework, get_object_or_404(framework.standards, pk=standard))


@partnership_view(ROOM, "manage", row_rules=True)
@post_only
def standard_delete(request: SeatedRequest, pk: int, standard: int) -> HttpResponse:
    seat = request.seat
    framework = _framework(request, pk)
    if not framework.editable_by(seat.partnership):
        raise PermissionDenied("Only the partnership's own version can be changed, and only until a round uses it.")
    found = get_object_or_404(framework.standards, pk=standard)
    found.delete()
    messages.success(request, f"Standard {found.ref} removed from {framework}.")
    return redirect("audit_standards_detail", slug=seat.partnership.slug, pk=framework.pk)
