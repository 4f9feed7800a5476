"""Findings, the recommendations made from them, and the responses of the bodies addressed."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from scrutiny.assurance import rules
from scrutiny.assurance.forms import (
    FindingForm,
    RecommendationForm,
    RecommendationStatusForm,
    ResponseForm,
    TrackingActionForm,
)
from scrutiny.assurance.models import Finding, Recommendation
from scrutiny.assurance.models.findings import SUPPORTS, responding_bodies
from scrutiny.assurance.services import finding_issue, finding_save, recommendation_make, recommendation_respond
from scrutiny.assurance.tracking import actions_for, can_create_action, create_action_for
from scrutiny.assurance.views.common import ROOM, year_asked, year_choices
from scrutiny.evidence.picking import linked_evidence_for
from scrutiny.forms_govuk import errors_onto
from scrutiny.partnerships.access import SeatedRequest, partnership_view, post_only
from scrutiny.partnerships.history import entries_for
from scrutiny.partnerships.models import reporting_year_label
from scrutiny.partnerships.scoping import get_scoped_or_404, only_their_agency, scoped

# --- Findings ---------------------------------------------------------------------------------


@partnership_view(ROOM, "view")
def finding_list(request: SeatedRequest) -> HttpResponse:
    seat = request.seat
    year = year_asked(request)
    findings = (
        scoped(Finding.objects.visible_to(seat), seat.partnership)
        .filter(year=year)
        .prefetch_related("agencies")
        .order_by("status", "title")
    )
    return render(
        request,
        "assurance/finding_list.html",
        {"findings": findings, "year": year, "year_label": reporting_year_label(year), "years": year_choices(year)},
    )


@partnership_view(ROOM, "manage")
def finding_add(request: SeatedRequest) -> HttpResponse:
    seat = request.seat
    form = FindingForm(request.POST or None, partnership=seat.partnership, initial={"year": year_asked(request)})
    if request.method == "POST" and form.is_valid():
        try:
            finding = finding_save(partnership=seat.partnership, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            errors_onto(form, error)
        else:
            messages.success(request, f"Finding “{finding}” saved as a draft.")
            return redirect(finding)
    return render(request, "assurance/finding_form.html", {"form": form})


@partnership_view(ROOM, "view")
def finding_detail(request: SeatedRequest, pk: int) -> HttpResponse:
    seat = request.seat
    finding = get_scoped_or_404(
        Finding.objects.visible_to(seat).prefetch_related("agencies", "requirements__framework", "themes"),
        seat.partnership,
        pk=pk,
    )
    recommendations = finding.recommendations.prefetch_related("addressed_to").order_by("made_on")
    return render(
        request,
        "assurance/finding_detail.html",
        {
            "finding": finding,
            "evidence": linked_evidence_for(finding, seat, SUPPORTS),
            "recommendations": recommendations,
            "history": entries_for(finding),
        },
    )


@partnership_view(ROOM, "manage")
def finding_edit(request: SeatedRequest, pk: int) -> HttpResponse:
    seat = request.seat
    finding = get_scoped_or_404(Finding, seat.partnership, pk=pk)
    form = FindingForm(request.POST or None, instance=finding, partnership=seat.partnership)
    if request.method == "POST" and form.is_valid():
        try:
            finding_save(partnership=seat.partnership, by=request.user, finding=finding, **form.cleaned_data)
        except ValidationError as error:
            errors_onto(form, error)
        else:
            messages.success(request, f"Finding “{finding}” updated.")
            return redirect(finding)
    return render(request, "assurance/finding_form.html", {"form": form, "finding": finding})


@partnership_view(ROOM, "manage")
@post_only
def finding_issue_view(request: SeatedRequest, pk: int) -> HttpResponse:
    seat = request.seat
    finding = get_scoped_or_404(Finding, seat.partnership, pk=pk)
    try:
        finding_issue(finding=finding, on=timezone.localdate())
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Finding “{finding}” issued.")
    return redirect(finding)


# --- Recommendations --------------------------------------------------------------------------


@partnership_view(ROOM, "manage")
def finding_recommend(request: SeatedRequest, pk: int) -> HttpResponse:
    seat = request.seat
    finding = get_scoped_or_404(Finding, seat.partnership, pk=pk)
    form = RecommendationForm(
        request.POST or None, partnership=seat.partnership, initial={"made_on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            recommendation = recommendation_make(finding=finding, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            errors_onto(form, error)
        else:
            messages.success(
                request, f"Recommendation made; the formal response is due by {recommendation.response_due:%-d %B %Y}."
            )
            return redirect(recommendation)
    return render(request, "assurance/recommendation_form.html", {"form": form, "finding": finding})


@partnership_view(ROOM, "view")
def recommendation_list(request: SeatedRequest) -> HttpResponse:
    seat = request.seat
    recommendations = (
        scoped(Recommendation.objects.visible_to(seat), seat.partnership)
        .select_related("finding")
        .prefetch_related("addressed_to", "responses")
    )
    return render(
        request,
        "assurance/recommendation_list.html",
        {"recommendations": recommendations, "today": timezone.localdate(), "addressed_only": False},
    )


@partnership_view(ROOM, "contribute")
def recommendation_inbox(request: SeatedRequest) -> HttpResponse:
    """The recommendations addressed to the person's own agency or partner body."""
    seat = request.seat
    recommendations = (
        scoped(Recommendation.objects.addressed_to_seat(seat), seat.partnership)
        .select_related("finding")
        .prefetch_related("addressed_to", "responses")
    )
    return render(
        request,
        "assurance/recommendation_list.html",
        {"recommendations": recommendations, "today": timezone.localdate(), "addressed_only": True},
    )


def _recommendation_context(request: SeatedRequest, recommendation: Recommendation) -> dict[str, object]:
    seat = request.seat
    return {
        "recommendation": recommendation,
        "responses": recommendation.responses.select_related("agency", "responded_by"),
        "bodies": responding_bodies(recommendation, seat),
        "actions": actions_for(recommendation),
        "can_create_action": can_create_action(seat, recommendation),
        "today": timezone.localdate(),
    }


@partnership_view(ROOM, "view")
def recommendation_detail(request: SeatedRequest, pk: int) -> HttpResponse:
    seat = request.seat
    recommendation = get_scoped_or_404(
        Recommendation.objects.visible_to(seat).select_related("finding").prefetch_related("addressed_to"),
        seat.partnership,
        pk=pk,
    )
    context = _recommendation_context(request, recommendation)
    context["status_form"] = RecommendationStatusForm(initial={"status": recommendation.status})
    context["history"] = entries_for(recommendation)
    return render(request, "assurance/recommendation_detail.html", context)


@partnership_view(ROOM, "contribute")
def recommendation_respond_view(request: SeatedRequest, pk: int) -> HttpResponse:
    """A body's formal response. Agency contributors reach only recommendations addressed to them;
    others may read the page, and only the people of an addressed body see the form."""
    seat = request.seat
    recommendation = get_scoped_or_404(
        Recommendation.objects.visible_to(seat).select_related("finding"), seat.partnership, pk=pk
    )
    bodies = responding_bodies(recommendation, seat)
    if request.method == "POST":
        rules.only_an_addressed_body_responds(bodies)
    form: ResponseForm | None = ResponseForm(request.POST or None, bodies=bodies) if bodies else None
    if recommendation.is_closed:
        if request.method == "POST":
            messages.error(request, "This recommendation is closed, so no further response can be recorded.")
        form = None
    elif request.method == "POST" and form is not None and form.is_valid():
        try:
            recommendation_respond(
                recommendation=recommendation,
                agency=form.cleaned_data["agency"],
                decision=form.cleaned_data["decision"],
                reasons=form.cleaned_data["reasons"],
                by=request.user,
                on=timezone.localdate(),
            )
        except ValidationError as error:
            errors_onto(form, error)
        else:
            messages.success(request, f"Response recorded for {form.cleaned_data['agency']}.")
            return redirect("recommendation_respond", slug=seat.partnership.slug, pk=recommendation.pk)
    context = _recommendation_context(request, recommendation)
    context["form"] = form
    return render(request, "assurance/recommendation_respond.html", context)


@partnership_view(ROOM, "manage")
@post_only
def recommendation_status(request: SeatedRequest, pk: int) -> HttpResponse:
    seat = request.seat
    recommendation = get_scoped_or_404(Recommendation, seat.partnership, pk=pk)
    form = RecommendationStatusForm(request.POST)
    if form.is_valid():
        recommendation.status = form.cleaned_data["status"]
        recommendation.save()
        messages.success(request, f"Status changed to {recommendation.get_status_display().lower()}.")
    else:
        messages.error(request, "Choose a status.")
    return redirect(recommendation)


@partnership_view(ROOM, "contribute")
def recommendation_action(request: SeatedRequest, pk: int) -> HttpResponse:
    """Create an action in the one tracker, sourced from the recommendation, to follow progress."""
    seat = request.seat
    recommendation = get_scoped_or_404(Recommendation.objects.visible_to(seat), seat.partnership, pk=pk)
    allowed = can_create_action(seat, recommendation)
    if request.method == "POST" and not allowed:
        raise PermissionDenied("Only the scrutineer or a body the recommendation is addressed to can add actions.")
    bodies = recommendation.addressed_to.all()
    if not seat.can(ROOM, "manage"):
        bodies = only_their_agency(bodies, seat, "pk")
    form = TrackingActionForm(request.POST or None, bodies=bodies, initial={"title": str(recommendation)})
    if not allowed:
        return render(request, "assurance/recommendation_action.html", {"form": None, "recommendation": recommendation})
    if request.method == "POST" and form.is_valid():
        try:
            action = create_action_for(recommendation, seat=seat, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            errors_onto(form, error)
        else:
            messages.success(request, "Action created in the action tracker.")
            return redirect(action)
    return render(request, "assurance/recommendation_action.html", {"form": form, "recommendation": recommendation})
