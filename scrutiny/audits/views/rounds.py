"""The audits room's home and Section 11 / s175 rounds: making and sending a round, its dashboard,
closing it, and naming peer reviewers."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from scrutiny.audits import returns as workflow
from scrutiny.audits.dashboard import round_dashboard
from scrutiny.audits.forms import PeerForm, RoundForm
from scrutiny.audits.models import ROOM, AuditReturn, AuditRound, CaseFileAudit, PeerReviewer, RoundStatus
from scrutiny.forms_govuk import errors_onto, form_page, saved_or_form_page
from scrutiny.partnerships.access import SeatedRequest, partnership_view, post_only
from scrutiny.partnerships.history import entries_for
from scrutiny.partnerships.scoping import only_their_agency


def round_for(request: SeatedRequest, pk: int) -> AuditRound:
    return workflow.round_seen_by(request.seat, pk)


@partnership_view(ROOM, "view")
def audits_home(request: SeatedRequest) -> HttpResponse:
    """Rounds (newest first), the case file audit programme by year, and the standards."""
    seat = request.seat
    rounds = AuditRound.objects.visible_to(seat).select_related("framework").prefetch_related("agencies")
    mine = [
        (audit_round, workflow.return_in_round(audit_round, agency.pk), agency.pk)
        for audit_round in rounds
        for agency in audit_round.agencies.all()
        if seat.acts_for(agency.pk)
    ]
    audits = CaseFileAudit.objects.visible_to(seat).select_related("theme")
    return render(
        request,
        "audits/home.html",
        {
            "rounds": rounds,
            "my_returns": [row for row in mine if row[0].status != RoundStatus.DRAFT],
            "audits": audits,
            "can_manage": seat.can(ROOM, "manage"),
        },
    )


def _round_form(request: SeatedRequest, audit_round: AuditRound | None) -> HttpResponse:
    seat = request.seat
    form = RoundForm(request.POST or None, instance=audit_round, partnership=seat.partnership)
    return saved_or_form_page(
        request,
        form,
        title=f"Change {audit_round}" if audit_round else "Start an audit round",
        caption="Audits",
        back=audit_round.get_absolute_url()
        if audit_round
        else reverse("audits_home", kwargs={"slug": seat.partnership.slug}),
        back_label="Back",
        button="Save round",
        intro="The round is a draft until you send it: agencies see it then.",
        history=entries_for(audit_round) if audit_round else [],
    )


@partnership_view(ROOM, "manage")
def round_add(request: SeatedRequest) -> HttpResponse:
    return _round_form(request, None)


@partnership_view(ROOM, "manage")
def round_edit(request: SeatedRequest, pk: int) -> HttpResponse:
    return _round_form(request, round_for(request, pk))


@partnership_view(ROOM, "view")
def round_detail(request: SeatedRequest, pk: int) -> HttpResponse:
    """The round's dashboard. An agency contributor sees their own agency's return only, not the
    others' scores."""
    seat = request.seat
    audit_round = round_for(request, pk)
    partnership_wide = seat.partnership_wide
    context: dict[str, Any] = {
        "round": audit_round,
        "can_manage": seat.can(ROOM, "manage"),
        "partnership_wide": partnership_wide,
        "history": entries_for(audit_round),
    }
    if partnership_wide:
        context["dashboard"] = round_dashboard(audit_round, timezone.localdate())
        context["peers"] = PeerReviewer.objects.filter(round=audit_round).select_related(
            "agency", "audit_return__agency"
        )
    context["mine"] = [
        (agency, workflow.return_in_round(audit_round, agency.pk))
        for agency in only_their_agency(audit_round.agencies.all(), seat, "pk")
    ]
    context["reviewing"] = only_their_agency(PeerReviewer.objects.filter(round=audit_round), seat).select_related(
        "audit_return__agency"
    )
    return render(request, "audits/round_detail.html", context)


@partnership_view(ROOM, "manage")
@post_only
def round_send(request: SeatedRequest, pk: int) -> HttpResponse:
    audit_round = round_for(request, pk)
    try:
        workflow.round_send(audit_round)
        messages.success(request, f"{audit_round} sent to {audit_round.agencies.count()} agencies.")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(audit_round)


@partnership_view(ROOM, "manage")
@post_only
def round_close(request: SeatedRequest, pk: int) -> HttpResponse:
    audit_round = round_for(request, pk)
    try:
        workflow.round_close(audit_round)
        messages.success(request, f"{audit_round} closed: it takes no more returns.")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(audit_round)


@partnership_view(ROOM, "manage")
def round_peer_add(request: SeatedRequest, pk: int) -> HttpResponse:
    """Ask one agency to read and question another's return."""
    audit_round = round_for(request, pk)
    returns = AuditReturn.objects.in_round(audit_round).select_related("agency")
    form = PeerForm(request.POST or None, audit_round=audit_round, returns=returns)
    if request.method == "POST" and form.is_valid():
        reviewer, reviewed = form.cleaned_data["reviewer"], form.cleaned_data["reviewed"]
        try:
            workflow.peer_name(audit_round=audit_round, audit_return=reviewed, agency=reviewer)
            messages.success(request, f"{reviewer} will review {reviewed.agency}'s return.")
            return redirect(audit_round)
        except ValidationError as error:
            errors_onto(form, error)
    return form_page(
        request,
        form,
        title="Name a peer reviewer",
        caption=str(audit_round),
        back=audit_round.get_absolute_url(),
        back_label="Back to the round",
        button="Save",
        intro="The peer agency's contributors may read the return and ask questions about it.",
    )
