"""The yearly assessment of every duty, and how judgements moved from year to year."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from scrutiny.assurance.assessing import (
    assessment_save,
    assessment_year_start,
    judgement_counts,
    status_counts,
    year_on_year,
    year_rows,
)
from scrutiny.assurance.forms import AssessmentForm
from scrutiny.assurance.models import Assessment, Judgement
from scrutiny.assurance.models.findings import SUPPORTS
from scrutiny.assurance.services import supporting_evidence
from scrutiny.assurance.views.common import ROOM, year_asked, year_choices
from scrutiny.evidence.picking import linked_evidence_for
from scrutiny.figures.provided import figures_for
from scrutiny.forms_govuk import errors_onto
from scrutiny.partnerships.access import SeatedRequest, partnership_view, post_only
from scrutiny.partnerships.history import entries_for
from scrutiny.partnerships.models import reporting_year_label
from scrutiny.partnerships.scoping import get_scoped_or_404


@partnership_view(ROOM, "view")
def assessment_year(request: SeatedRequest) -> HttpResponse:
    """Every duty for the year: progress, judgement and any figure another room offers."""
    seat = request.seat
    year = year_asked(request)
    rows = year_rows(seat.partnership, year)
    return render(
        request,
        "assurance/assessment_year.html",
        {
            "rows": rows,
            "year": year,
            "year_label": reporting_year_label(year),
            "years": year_choices(year),
            "missing": sum(1 for r in rows if r.assessment is None),
            "judgements": judgement_counts(rows),
            "statuses": status_counts(rows),
        },
    )


@partnership_view(ROOM, "manage")
@post_only
def assessment_year_start_view(request: SeatedRequest) -> HttpResponse:
    seat = request.seat
    raw = request.POST.get("year", "")
    year = int(raw) if raw.isdigit() else 0
    try:
        made = assessment_year_start(partnership=seat.partnership, year=year)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("assessment_year", slug=seat.partnership.slug)
    messages.success(request, f"{made} requirement{'s' if made != 1 else ''} added to {reporting_year_label(year)}.")
    return redirect(f"{reverse('assessment_year', kwargs={'slug': seat.partnership.slug})}?year={year}")


@partnership_view(ROOM, "view")
def assessment_detail(request: SeatedRequest, pk: int) -> HttpResponse:
    seat = request.seat
    assessment = get_scoped_or_404(
        Assessment.objects.visible_to(seat).select_related("requirement__framework", "assessor"),
        seat.partnership,
        pk=pk,
    )
    figures = figures_for(seat.partnership, assessment.year, [assessment.requirement.code])
    return render(
        request,
        "assurance/assessment_detail.html",
        {
            "assessment": assessment,
            "evidence": linked_evidence_for(assessment, seat, SUPPORTS),
            "figures": figures.get(assessment.requirement.code, []),
            "history": entries_for(assessment),
        },
    )


@partnership_view(ROOM, "manage")
def assessment_edit(request: SeatedRequest, pk: int) -> HttpResponse:
    seat = request.seat
    assessment = get_scoped_or_404(Assessment.objects.select_related("requirement__framework"), seat.partnership, pk=pk)
    form = AssessmentForm(
        request.POST or None,
        partnership=seat.partnership,
        initial={
            "status": assessment.status,
            "judgement": assessment.judgement,
            "rationale": assessment.rationale,
            "confidence": assessment.confidence,
            "evidence": [e.pk for e in supporting_evidence(assessment)],
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            assessment_save(assessment=assessment, by=request.user, on=timezone.localdate(), **form.cleaned_data)
        except ValidationError as error:
            errors_onto(form, error)
        else:
            messages.success(request, f"Assessment of {assessment.requirement.ref} saved.")
            return redirect(assessment)
    figures = figures_for(seat.partnership, assessment.year, [assessment.requirement.code])
    return render(
        request,
        "assurance/assessment_form.html",
        {"form": form, "assessment": assessment, "figures": figures.get(assessment.requirement.code, [])},
    )


@partnership_view(ROOM, "view")
def assessment_year_on_year(request: SeatedRequest) -> HttpResponse:
    seat = request.seat
    years, rows = year_on_year(seat.partnership)
    return render(
        request,
        "assurance/assessment_year_on_year.html",
        {"years": years, "rows": rows, "judgement_labels": Judgement.choices},
    )
