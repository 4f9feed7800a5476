"""Findings, the recommendations made from them, and the responses of the bodies addressed."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from scrutiny.assurance.forms import (
    FindingForm,
    RecommendationForm,
    RecommendationStatusForm,
    ResponseForm,
    TrackingActionForm,
)
from scrutiny.assurance.models import Finding, Recommendation
from scrutiny.assurance.models.findings import SUPPORTS, responding_bodies
from scrutiny.assurance.services import (
    finding_issue,
    recommendation_due,
    recommendation_respond,
    set_supporting_evidence,
)
from scrutiny.assurance.tracking import actions_for, can_create_action, create_action_for
from scrutiny.assurance.views.common import ROOM, seat_of, year_asked, year_choices
from scrutiny.evidence.picking import linked_evidence_for
from scrutiny.partnerships.access import partnership_view, post_only
from scrutiny.partnerships.history import entries_for
from scrutiny.partnerships.models import reporting_year_label
from scrutiny.partnerships.scoping import get_scoped_or_404, scoped

# --- Findings ---------------------------------------------------------------------------------


@partnership_view(ROOM, "view")
def finding_list(request: HttpRequest) -> HttpResponse:
    seat = seat_of(request)
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


def _save_finding(form: FindingForm, request: HttpRequest) -> Finding:
    seat = seat_of(request)
    with transaction.atomic():
        finding: Finding = form.save(commit=False)
        finding.partnership = seat.partnership
        if finding.created_by_id is None:
            finding.created_by = request.user  # type: ignore[assignment]
        finding.save()
        form.save_m2m()
        set_supporting_evidence(
            target=finding, partnership=seat.partnership, evidence=form.cleaned_data["evidence"], by=request.user
        )
    return finding


@partnership_view(ROOM, "manage")
def finding_add(request: HttpRequest) -> HttpResponse:
    seat = seat_of(request)
    form = FindingForm(request.POST or None, partnership=seat.partnership, initial={"year": year_asked(request)})
    if request.method == "POST" and form.is_valid():
        finding = _save_finding(form, request)
        messages.success(request, f"Finding “{finding}” saved as a draft.")
        return redirect(finding)
    return render(request, "assurance/finding_form.html", {"form": form})


@partnership_view(ROOM, "view")
def finding_detail(request: HttpRequest, pk: int) -> HttpResponse:
    seat = seat_of(request)
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
def finding_edit(request: HttpRequest, pk: int) -> HttpResponse:
    seat = seat_of(request)
    finding = get_scoped_or_404(Finding, seat.partnership, pk=pk)
    form = FindingForm(request.POST or None, instance=finding, partnership=seat.partnership)
    if request.method == "POST" and form.is_valid():
        if finding.is_issued and not form.cleaned_data["evidence"]:
            form.add_error("evidence", "An issued finding must keep at least one piece of supporting evidence.")
        else:
            _save_finding(form, request)
            messages.success(request, f"Finding “{finding}” updated.")
            return redirect(finding)
    return render(request, "assurance/finding_form.html", {"form": form, "finding": finding})


@partnership_view(ROOM, "manage")
@post_only
def finding_issue_view(request: HttpRequest, pk: int) -> HttpResponse:
    seat = seat_of(request)
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
def finding_recommend(request: HttpRequest, pk: int) -> HttpResponse:
    seat = seat_of(request)
    finding = get_scoped_or_404(Finding, seat.partnership, pk=pk)
    form = RecommendationForm(
        request.POST or None, partnership=seat.partnership, initial={"made_on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            recommendation: Recommendation = form.save(commit=False)
            recommendation.partnership = seat.partnership
            recommendation.finding = finding
            recommendation.created_by = request.user  # type: ignore[assignment]
            recommendation.response_due = recommendation_due(seat.partnership, recommendation.made_on)
            recommendation.save()
            form.save_m2m()
        messages.success(
            request, f"Recommendation made; the formal response is due by {recommendation.response_due:%-d %B %Y}."
        )
        return redirect(recommendation)
    return render(request, "assurance/recommendation_form.html", {"form": form, "finding": finding})


@partnership_view(ROOM, "view")
def recommendation_list(request: HttpRequest) -> HttpResponse:
    seat = seat_of(request)
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
def recommendation_inbox(request: HttpRequest) -> HttpResponse:
    """The recommendations addressed to the person's own agency or partner body."""
    seat = seat_of(request)
    recommendations = (
        scoped(Recommendation, seat.partnership)
        .filter(addressed_to__in=seat.agency_ids)
        .distinct()
        .select_related("finding")
        .prefetch_related("addressed_to", "responses")
    )
    return render(
        request,
        "assurance/recommendation_list.html",
        {"recommendations": recommendations, "today": timezone.localdate(), "addressed_only": True},
    )


def _recommendation_context(request: HttpRequest, recommendation: Recommendation) -> dict[str, object]:
    seat = seat_of(request)
    return {
        "recommendation": recommendation,
        "responses": recommendation.responses.select_related("agency", "responded_by"),
        "bodies": responding_bodies(recommendation, seat),
        "actions": actions_for(recommendation),
        "can_create_action": can_create_action(seat, recommendation),
        "today": timezone.localdate(),
    }


@partnership_view(ROOM, "view")
def recommendation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    seat = seat_of(request)
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
def recommendation_respond_view(request: HttpRequest, pk: int) -> HttpResponse:
    """A body's formal response. Agency contributors reach only recommendations addressed to them;
    others may read the page, and only the people of an addressed body see the form."""
    seat = seat_of(request)
    recommendation = get_scoped_or_404(
        Recommendation.objects.visible_to(seat).select_related("finding"), seat.partnership, pk=pk
    )
    bodies = responding_bodies(recommendation, seat)
    if request.method == "POST" and not bodies:
        raise PermissionDenied("Only the people of a body the recommendation is addressed to respond to it.")
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
            form.add_error(None, error)
        else:
            messages.success(request, f"Response recorded for {form.cleaned_data['agency']}.")
            return redirect("recommendation_respond", slug=seat.partnership.slug, pk=recommendation.pk)
    context = _recommendation_context(request, recommendation)
    context["form"] = form
    return render(request, "assurance/recommendation_respond.html", context)


@partnership_view(ROOM, "manage")
@post_only
def recommendation_status(request: HttpRequest, pk: int) -> HttpResponse:
    seat = seat_of(request)
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
def recommendation_action(request: HttpRequest, pk: int) -> HttpResponse:
    """Create an action in the one tracker, sourced from the recommendation, to follow progress."""
    seat = seat_of(request)
    recommendation = get_scoped_or_404(Recommendation.objects.visible_to(seat), seat.partnership, pk=pk)
    allowed = can_create_action(seat, recommendation)
    if request.method == "POST" and not allowed:
        raise PermissionDenied("Only the scrutineer or a body the recommendation is addressed to can add actions.")
    bodies = recommendation.addressed_to.all()
    if not seat.can(ROOM, "manage"):
        bodies = bodies.filter(pk__in=seat.agency_ids)
    form = TrackingActionForm(request.POST or None, bodies=bodies, initial={"title": str(recommendation)})
    if not allowed:
        return render(request, "assurance/recommendation_action.html", {"form": None, "recommendation": recommendation})
    if request.method == "POST" and form.is_valid():
        try:
            action = create_action_for(recommendation, seat=seat, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Action created in the action tracker.")
            return redirect(action)
    return render(request, "assurance/recommendation_action.html", {"form": form, "recommendation": recommendation})
