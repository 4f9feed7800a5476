"""The challenge log: raise, answer, record the outcome; time to respond in working days."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from scrutiny.assurance.forms import (
    AssuranceSettingsForm,
    ChallengeForm,
    ChallengeOutcomeForm,
    ChallengeResponseForm,
    own_bodies,
)
from scrutiny.assurance.models import AssuranceSettings, Challenge
from scrutiny.assurance.services import (
    challenge_outcome_problem,
    challenge_raise,
    challenge_respond,
    challenge_response_problem,
    challenge_set_outcome,
)
from scrutiny.assurance.views.common import ADMIN_ROOM, ROOM
from scrutiny.forms_govuk import errors_onto
from scrutiny.partnerships.access import SeatedRequest, partnership_view, post_only
from scrutiny.partnerships.history import entries_for
from scrutiny.partnerships.scoping import get_scoped_or_404, scoped

FILTERS = {"open": "Awaiting a response", "overdue": "Overdue", "all": "All"}


def _listed(queryset: QuerySet[Challenge]) -> QuerySet[Challenge]:
    return queryset.select_related("addressed_to", "raised_by_body", "raised_by")


@partnership_view(ROOM, "view")
def challenge_list(request: SeatedRequest) -> HttpResponse:
    seat = request.seat
    today = timezone.localdate()
    show = request.GET.get("show", "all")
    challenges = scoped(Challenge.objects.visible_to(seat), seat.partnership)
    if show == "open":
        challenges = challenges.filter(responded_on__isnull=True, outcome="")
    elif show == "overdue":
        challenges = challenges.filter(responded_on__isnull=True, outcome="", response_due__lt=today)
    return render(
        request,
        "assurance/challenge_list.html",
        {
            "challenges": _listed(challenges),
            "today": today,
            "show": show,
            "filters": FILTERS,
            "inbox": False,
            "can_contribute": seat.can(ROOM, "contribute"),
        },
    )


@partnership_view(ROOM, "contribute")
def challenge_inbox(request: SeatedRequest) -> HttpResponse:
    """Challenges addressed to the person's own agency or body, and those they raised."""
    seat = request.seat
    challenges = scoped(Challenge.objects.inbox(seat), seat.partnership)
    return render(
        request,
        "assurance/challenge_list.html",
        {"challenges": _listed(challenges), "today": timezone.localdate(), "inbox": True, "can_contribute": True},
    )


@partnership_view(ROOM, "contribute")
def challenge_add(request: SeatedRequest) -> HttpResponse:
    seat = request.seat
    own = own_bodies(seat)
    initial: dict[str, object] = {"raised_on": timezone.localdate()}
    if len(seat.agency_ids) == 1:
        initial["raised_by_body"] = next(iter(seat.agency_ids))
    form = ChallengeForm(request.POST or None, partnership=seat.partnership, own_bodies=own, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            challenge = challenge_raise(partnership=seat.partnership, raised_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            errors_onto(form, error)
        else:
            messages.success(
                request,
                f"Challenge raised; {challenge.addressed_to} should respond by {challenge.response_due:%-d %B %Y}.",
            )
            return redirect("challenge_respond", slug=seat.partnership.slug, pk=challenge.pk)
    return render(request, "assurance/challenge_form.html", {"form": form})


@partnership_view(ROOM, "view")
def challenge_detail(request: SeatedRequest, pk: int) -> HttpResponse:
    seat = request.seat
    challenge = get_scoped_or_404(
        Challenge.objects.visible_to(seat).select_related("addressed_to", "raised_by_body", "raised_by"),
        seat.partnership,
        pk=pk,
    )
    return render(
        request,
        "assurance/challenge_detail.html",
        {
            "challenge": challenge,
            "today": timezone.localdate(),
            "history": entries_for(challenge),
            "can_answer": not challenge_response_problem(challenge, seat),
            "can_close": seat.can(ROOM, "contribute") and not challenge_outcome_problem(challenge, seat),
        },
    )


@partnership_view(ROOM, "contribute")
def challenge_respond_view(request: SeatedRequest, pk: int) -> HttpResponse:
    """Answer a challenge addressed to one's agency; the raiser and the scrutineer record its outcome."""
    seat = request.seat
    challenge = get_scoped_or_404(
        Challenge.objects.visible_to(seat).select_related("addressed_to", "raised_by_body", "raised_by"),
        seat.partnership,
        pk=pk,
    )
    problem = challenge_response_problem(challenge, seat)
    form = ChallengeResponseForm(request.POST or None, initial={"response": challenge.response})
    if request.method == "POST":
        if problem:
            messages.error(request, problem)
            return redirect("challenge_respond", slug=seat.partnership.slug, pk=challenge.pk)
        if form.is_valid():
            try:
                challenge_respond(
                    challenge=challenge, seat=seat, response=form.cleaned_data["response"], on=timezone.localdate()
                )
            except ValidationError as error:
                errors_onto(form, error)
            else:
                messages.success(request, "Response recorded.")
                return redirect("challenge_respond", slug=seat.partnership.slug, pk=challenge.pk)
    can_close = not challenge_outcome_problem(challenge, seat)
    return render(
        request,
        "assurance/challenge_respond.html",
        {
            "challenge": challenge,
            "today": timezone.localdate(),
            "form": None if problem else form,
            "problem": problem,
            "outcome_form": ChallengeOutcomeForm(initial={"outcome": challenge.outcome}) if can_close else None,
        },
    )


@partnership_view(ROOM, "contribute")
@post_only
def challenge_outcome(request: SeatedRequest, pk: int) -> HttpResponse:
    seat = request.seat
    challenge = get_scoped_or_404(Challenge.objects.visible_to(seat), seat.partnership, pk=pk)
    form = ChallengeOutcomeForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose resolved, escalated or unresolved.")
    else:
        try:
            challenge_set_outcome(
                challenge=challenge,
                seat=seat,
                outcome=form.cleaned_data["outcome"],
                note=form.cleaned_data["outcome_note"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"Outcome recorded: {challenge.get_outcome_display().lower()}.")
    return redirect("challenge_respond", slug=seat.partnership.slug, pk=challenge.pk)


@partnership_view(ADMIN_ROOM, "manage")
def assurance_settings(request: SeatedRequest) -> HttpResponse:
    """The partnership's clocks for challenges and recommendations."""
    seat = request.seat
    form = AssuranceSettingsForm(request.POST or None, instance=AssuranceSettings.for_partnership(seat.partnership))
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Settings saved. They apply to challenges and recommendations from now on.")
        return redirect("assurance_settings", slug=seat.partnership.slug)
    return render(request, "assurance/settings_form.html", {"form": form})
