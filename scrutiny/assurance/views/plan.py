"""The yearly scrutiny plan and its coverage of the functions and steps."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from scrutiny.assurance.forms import ActivityForm
from scrutiny.assurance.models import ScrutinyActivity
from scrutiny.assurance.models.findings import SUPPORTS
from scrutiny.assurance.planning import coverage
from scrutiny.assurance.services import set_supporting_evidence
from scrutiny.assurance.views.common import ROOM, seat_of, year_asked, year_choices
from scrutiny.evidence.picking import linked_evidence_for
from scrutiny.partnerships.access import partnership_view
from scrutiny.partnerships.history import entries_for
from scrutiny.partnerships.models import reporting_year_label
from scrutiny.partnerships.scoping import get_scoped_or_404, scoped


@partnership_view(ROOM, "view")
def plan_list(request: HttpRequest) -> HttpResponse:
    seat = seat_of(request)
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
def plan_coverage(request: HttpRequest) -> HttpResponse:
    seat = seat_of(request)
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


def _save(form: ActivityForm, request: HttpRequest) -> ScrutinyActivity:
    seat = seat_of(request)
    with transaction.atomic():
        activity: ScrutinyActivity = form.save(commit=False)
        activity.partnership = seat.partnership
        if activity.created_by_id is None:
            activity.created_by = request.user  # type: ignore[assignment]
        activity.save()
        form.save_m2m()
        set_supporting_evidence(
            target=activity, partnership=seat.partnership, evidence=form.cleaned_data["evidence"], by=request.user
        )
    return activity


@partnership_view(ROOM, "manage")
def activity_add(request: HttpRequest) -> HttpResponse:
    seat = seat_of(request)
    form = ActivityForm(request.POST or None, partnership=seat.partnership, initial={"year": year_asked(request)})
    if request.method == "POST" and form.is_valid():
        activity = _save(form, request)
        messages.success(request, f"“{activity}” added to the {activity.year_label} plan.")
        return redirect(activity)
    return render(request, "assurance/activity_form.html", {"form": form})


@partnership_view(ROOM, "view")
def activity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    seat = seat_of(request)
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
def activity_edit(request: HttpRequest, pk: int) -> HttpResponse:
    seat = seat_of(request)
    activity = get_scoped_or_404(ScrutinyActivity, seat.partnership, pk=pk)
    form = ActivityForm(request.POST or None, instance=activity, partnership=seat.partnership)
    if request.method == "POST" and form.is_valid():
        _save(form, request)
        messages.success(request, f"“{activity}” updated.")
        return redirect(activity)
    return render(request, "assurance/activity_form.html", {"form": form, "activity": activity})
