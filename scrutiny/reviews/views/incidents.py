"""Serious incidents: recording them against the notification clocks and starting their rapid
review. A case is known by its pseudonymised reference only."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from scrutiny.clocks.tracking import Clock
from scrutiny.forms_govuk import errors_onto
from scrutiny.partnerships.access import SeatedRequest, partnership_view
from scrutiny.partnerships.history import entries_for
from scrutiny.partnerships.models import REPORTING_YEAR_START_MONTH, reporting_year_label
from scrutiny.partnerships.scoping import get_scoped_or_404, scoped
from scrutiny.privacy import IDENTIFYING_DETAILS_REMINDER
from scrutiny.reviews.forms.incidents import RapidReviewStartForm, SeriousIncidentForm
from scrutiny.reviews.models import ROOM, RapidReview, SeriousIncident
from scrutiny.reviews.rapid_reviewing import (
    default_contributions_due,
    progress,
    rapid_review_start,
    rapid_review_start_problem,
)
from scrutiny.reviews.recording import incident_save
from scrutiny.reviews.views.rapid_reviews import partner_body_ids


def incident_rows(
    incidents: list[SeriousIncident], partnership_bodies: set[int], today: date
) -> list[dict[str, object]]:
    """Each incident with its notification clock (None where the criteria are not met) and where
    its rapid review has got to. Rapid reviews come loaded with the incidents."""
    rows = []
    for incident in incidents:
        clocks = incident.clocks()
        review = getattr(incident, "rapid_review", None)
        rows.append(
            {
                "incident": incident,
                "notification": clocks[0] if clocks else None,
                "review": review,
                "progress": progress(review, partnership_bodies) if review is not None else None,
            }
        )
    return rows


def incidents_with_reviews(queryset: object) -> list[SeriousIncident]:
    return list(
        queryset.select_related("partnership", "rapid_review__partnership").prefetch_related(  # type: ignore[attr-defined]
            "rapid_review__contributions", "rapid_review__sign_offs"
        )
    )


def _pending_review_clock(incident: SeriousIncident) -> Clock:
    """The rapid review's clock as it runs before the review is started here: it counts from the
    notification to the Panel, not from when someone opens the review (statutory.md §5.4 C5)."""
    return incident.rapid_review_clock()


@partnership_view(ROOM, "view")
def incident_list(request: SeatedRequest) -> HttpResponse:
    seat = request.seat
    today = timezone.localdate()
    incidents = scoped(SeriousIncident.objects.visible_to(seat), seat.partnership)
    years = sorted({incident.year for incident in incidents.only("aware_on")}, reverse=True)
    raw = request.GET.get("year", "")
    year = int(raw) if raw.isdigit() and int(raw) in years else None
    if year is not None:
        incidents = incidents.filter(
            aware_on__gte=date(year, REPORTING_YEAR_START_MONTH, 1),
            aware_on__lt=date(year + 1, REPORTING_YEAR_START_MONTH, 1),
        )
    return render(
        request,
        "reviews/incident_list.html",
        {
            "rows": incident_rows(incidents_with_reviews(incidents), partner_body_ids(seat.partnership), today),
            "today": today,
            "year": year,
            "year_label": reporting_year_label(year) if year is not None else "",
            "years": [{"value": y, "label": reporting_year_label(y)} for y in years],
            "can_manage": seat.can(ROOM, "manage"),
        },
    )


def _save(request: SeatedRequest, form: SeriousIncidentForm) -> SeriousIncident:
    """Record the incident as the valid form describes it."""
    data = form.cleaned_data
    return incident_save(incident=form.instance, agencies=data["agencies"], themes=data["themes"], by=request.user)


@partnership_view(ROOM, "manage")
def incident_add(request: SeatedRequest) -> HttpResponse:
    seat = request.seat
    instance = SeriousIncident(partnership=seat.partnership, created_by=seat.user)
    form = SeriousIncidentForm(request.POST or None, instance=instance, partnership=seat.partnership)
    if request.method == "POST" and form.is_valid():
        try:
            incident = _save(request, form)
        except ValidationError as error:
            errors_onto(form, error)
        else:
            messages.success(request, f"Serious incident {incident.reference} recorded.")
            return redirect("incident_detail", slug=seat.partnership.slug, pk=incident.pk)
    return render(
        request,
        "reviews/incident_form.html",
        {"form": form, "incident": None, "reminder": IDENTIFYING_DETAILS_REMINDER},
    )


@partnership_view(ROOM, "manage")
def incident_edit(request: SeatedRequest, pk: int) -> HttpResponse:
    seat = request.seat
    incident = get_scoped_or_404(SeriousIncident.objects.visible_to(seat), seat.partnership, pk=pk)
    form = SeriousIncidentForm(request.POST or None, instance=incident, partnership=seat.partnership)
    if request.method == "POST" and form.is_valid():
        try:
            _save(request, form)
        except ValidationError as error:
            errors_onto(form, error)
        else:
            messages.success(request, f"Serious incident {incident.reference} saved.")
            return redirect("incident_detail", slug=seat.partnership.slug, pk=incident.pk)
    return render(
        request,
        "reviews/incident_form.html",
        {"form": form, "incident": incident, "reminder": IDENTIFYING_DETAILS_REMINDER},
    )


@partnership_view(ROOM, "view")
def incident_detail(request: SeatedRequest, pk: int) -> HttpResponse:
    seat = request.seat
    incident = get_scoped_or_404(
        SeriousIncident.objects.visible_to(seat).select_related("notifying_area", "home_area", "created_by"),
        seat.partnership,
        pk=pk,
    )
    today = timezone.localdate()
    review = RapidReview.objects.filter(incident=incident).prefetch_related("contributions", "sign_offs").first()
    return render(
        request,
        "reviews/incident_detail.html",
        {
            "incident": incident,
            "today": today,
            "clocks": incident.clocks(),
            "review": review,
            "review_clock": review.clocks()[0] if review else None,
            "progress": progress(review, partner_body_ids(seat.partnership)) if review else None,
            "agencies": incident.agencies.order_by("name"),
            "themes": incident.themes.order_by("label"),
            "can_manage": seat.can(ROOM, "manage"),
            "start_problem": rapid_review_start_problem(incident) if review is None else "",
            "pending_review_clock": _pending_review_clock(incident),
            "history": entries_for(incident),
        },
    )


@partnership_view(ROOM, "manage")
def incident_rapid_review(request: SeatedRequest, pk: int) -> HttpResponse:
    """Start the incident's rapid review and ask the agencies involved for their contributions."""
    seat = request.seat
    incident = get_scoped_or_404(SeriousIncident.objects.visible_to(seat), seat.partnership, pk=pk)
    problem = rapid_review_start_problem(incident)
    initial = {
        "contributions_due": default_contributions_due(incident),
        "agencies": list(incident.agencies.values_list("pk", flat=True)),
    }
    form = RapidReviewStartForm(request.POST or None, partnership=seat.partnership, initial=initial)
    if request.method == "POST":
        if problem:
            form.is_valid()
            form.add_error(None, problem)
        elif form.is_valid():
            try:
                review = rapid_review_start(
                    incident=incident,
                    contributions_due=form.cleaned_data["contributions_due"],
                    agencies=form.cleaned_data["agencies"],
                    by=request.user,
                )
            except ValidationError as error:
                errors_onto(form, error)
            else:
                asked = review.contributions.count()
                messages.success(
                    request,
                    f"Rapid review of {incident.reference} started"
                    + (f"; {asked} agenc{'ies' if asked != 1 else 'y'} asked for a contribution." if asked else "."),
                )
                return redirect("rapid_review_detail", slug=seat.partnership.slug, pk=review.pk)
    existing = RapidReview.objects.filter(incident=incident).first()
    return render(
        request,
        "reviews/incident_rapid_review.html",
        {
            "incident": incident,
            "form": form,
            "problem": problem,
            "existing": existing,
            "clock": _pending_review_clock(incident),
            "today": timezone.localdate(),
        },
    )
