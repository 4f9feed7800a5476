"""The yearly scrutiny plan and its coverage of the functions and steps."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render

from scrutiny.assurance.forms import ActivityForm
from scrutiny.assurance.models import ScrutinyActivity
from scrutiny.assurance.models.findings import SUPPORTS
from scrutiny.assurance.planning import activity_save, coverage
from scrutiny.assurance.views.common import ROOM, year_asked, year_choices
from scrutiny.evidence.picking import linked_evidence_for
from scrutiny.forms_govuk import errors_onto
from scrutiny.partnerships.access import SeatedRequest, partnership_view
from scrutiny.partnerships.history import entries_for
from scrutiny.partnerships.models import reporting_year_label
from scrutiny.partnerships.scoping import get_scoped_or_404, scoped


@partnership_view(ROOM, "view")
def plan_list(request: SeatedRequest) -> HttpResponse:
    seat = request.seat
    year = year_asked(request)
    activities = (
        scoped(ScrutinyActivity.objects.visible_to(seat), seat.partnership)
        .filter(year=year)
        .prefetch_related("covers", "priorities")
    )
    return render(
        request,
        "assurance/plan_list.html",
        {"activities": activities, "year": year, "year_label": reporting_year_label(year), "years": year_choices(year)},
    )


@partnership_view(ROOM, "view")
def plan_coverage(request: SeatedRequest) -> HttpResponse:
    seat = request.seat
    year = year_asked(request)
    rows = coverage(seat.partnership, year)
    return render(
        request,
        "assurance/plan_coverage.html",
        {
            "rows": rows,
            "uncovered": [r for r in rows if r.uncovered],
            "year": year,
            "year_label": reporting_year_label(year),
            "years": year_choices(year),
        },
    )


@partnership_view(ROOM, "manage")
def activity_add(request: SeatedRequest) -> HttpResponse:
    seat = request.seat
    form = ActivityForm(request.POST or None, partnership=seat.partnership, initial={"year": year_asked(request)})
    if request.method == "POST" and form.is_valid():
        try:
            activity = activity_save(partnership=seat.partnership, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            errors_onto(form, error)
        else:
            messages.success(request, f"“{activity}” added to the {activity.year_label} plan.")
            return redirect(activity)
    return render(request, "assurance/activity_form.html", {"form": form})


@partnership_view(ROOM, "view")
def activity_detail(request: SeatedRequest, pk: int) -> HttpResponse:
    seat = request.seat
    activity = get_scoped_or_404(
        ScrutinyActivity.objects.visible_to(seat).prefetch_related("covers__framework", "priorities"),
        seat.partnership,
        pk=pk,
    )
    return render(
        request,
        "assurance/activity_detail.html",
        {
            "activity": activity,
            "evidence": linked_evidence_for(activity, seat, SUPPORTS),
            "history": entries_for(activity),
        },
    )


@partnership_view(ROOM, "manage")
def activity_edit(request: SeatedRequest, pk: int) -> HttpResponse:
    seat = request.seat
    activity = get_scoped_or_404(ScrutinyActivity, seat.partnership, pk=pk)
    form = ActivityForm(request.POST or None, instance=activity, partnership=seat.partnership)
    if request.method == "POST" and form.is_valid():
        try:
            activity_save(partnership=seat.partnership, by=request.user, activity=activity, **form.cleaned_data)
        except ValidationError as error:
            errors_onto(form, error)
        else:
            messages.success(request, f"“{activity}” updated.")
            return redirect(activity)
    return render(request, "assurance/activity_form.html", {"form": form, "activity": activity})
