"""Disagreements between leaders, the escalation policy, and themes across disagreements."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from scrutiny.assurance import rules
from scrutiny.assurance.forms import AdviceForm, DisagreementForm, EscalateForm, EscalationStageForm, ResolveForm
from scrutiny.assurance.models import Disagreement, EscalationStage, StageChange
from scrutiny.assurance.models.disagreements import escalation_policy
from scrutiny.assurance.rules import disagreement_can_act
from scrutiny.assurance.services import (
    disagreement_advise,
    disagreement_escalate,
    disagreement_record,
    disagreement_resolve,
    disagreement_themes,
)
from scrutiny.assurance.views.common import ADMIN_ROOM, ROOM
from scrutiny.forms_govuk import errors_onto
from scrutiny.partnerships.access import SeatedRequest, partnership_view, post_only
from scrutiny.partnerships.history import entries_for
from scrutiny.partnerships.models import Partnership
from scrutiny.partnerships.scoping import get_scoped_or_404, scoped


@partnership_view(ROOM, "view")
def disagreement_list(request: SeatedRequest) -> HttpResponse:
    seat = request.seat
    disagreements = (
        scoped(Disagreement.objects.visible_to(seat), seat.partnership)
        .select_related("current_stage")
        .prefetch_related("parties")
    )
    return render(
        request,
        "assurance/disagreement_list.html",
        {
            "disagreements": disagreements,
            "today": timezone.localdate(),
            "can_contribute": seat.can(ROOM, "contribute"),
        },
    )


@partnership_view(ROOM, "view")
def disagreement_theme_counts(request: SeatedRequest) -> HttpResponse:
    """Themes across disagreements: how often each theme comes up, and how many are still open."""
    seat = request.seat
    return render(request, "assurance/disagreement_themes.html", {"rows": disagreement_themes(seat.partnership)})


@partnership_view(ROOM, "contribute")
def disagreement_add(request: SeatedRequest) -> HttpResponse:
    seat = request.seat
    own = None if seat.can(ROOM, "view") else seat.agency_ids
    form = DisagreementForm(
        request.POST or None,
        partnership=seat.partnership,
        own_agency_ids=own,
        initial={"raised_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            disagreement = disagreement_record(partnership=seat.partnership, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            errors_onto(form, error)
        else:
            messages.success(request, f"Disagreement recorded at {disagreement.current_stage}.")
            return redirect("disagreement_update", slug=seat.partnership.slug, pk=disagreement.pk)
    return render(
        request, "assurance/disagreement_form.html", {"form": form, "stages": escalation_policy(seat.partnership)}
    )


def _stage_history(disagreement: Disagreement) -> object:
    return disagreement.stage_changes.select_related("stage", "by")


@partnership_view(ROOM, "view")
def disagreement_detail(request: SeatedRequest, pk: int) -> HttpResponse:
    seat = request.seat
    disagreement = get_scoped_or_404(
        Disagreement.objects.visible_to(seat).select_related("current_stage").prefetch_related("parties", "themes"),
        seat.partnership,
        pk=pk,
    )
    return render(
        request,
        "assurance/disagreement_detail.html",
        {
            "disagreement": disagreement,
            "stage_history": _stage_history(disagreement),
            "history": entries_for(disagreement),
            "today": timezone.localdate(),
            "can_act": seat.can(ROOM, "contribute") and disagreement_can_act(disagreement, seat),
        },
    )


@partnership_view(ROOM, "contribute")
def disagreement_update(request: SeatedRequest, pk: int) -> HttpResponse:
    """Where a party moves a disagreement on: escalate it to the next stage or record the resolution."""
    seat = request.seat
    disagreement = get_scoped_or_404(
        Disagreement.objects.visible_to(seat).select_related("current_stage").prefetch_related("parties", "themes"),
        seat.partnership,
        pk=pk,
    )
    can_act = disagreement_can_act(disagreement, seat)
    if request.method == "POST":
        rules.only_the_parties_move_it_on(disagreement, seat)
    today = timezone.localdate()
    escalate_form = EscalateForm(prefix="escalate", initial={"entered_on": today})
    resolve_form = ResolveForm(prefix="resolve", initial={"resolved_on": today})
    if request.method == "POST":
        try:
            if "escalate" in request.POST:
                escalate_form = EscalateForm(request.POST, prefix="escalate")
                if escalate_form.is_valid():
                    disagreement_escalate(
                        disagreement=disagreement,
                        seat=seat,
                        on=escalate_form.cleaned_data["entered_on"],
                        note=escalate_form.cleaned_data["note"],
                    )
                    messages.success(request, f"Escalated to {disagreement.current_stage}.")
                    return redirect("disagreement_update", slug=seat.partnership.slug, pk=disagreement.pk)
            else:
                resolve_form = ResolveForm(request.POST, prefix="resolve")
                if resolve_form.is_valid():
                    disagreement_resolve(
                        disagreement=disagreement,
                        seat=seat,
                        resolution=resolve_form.cleaned_data["resolution"],
                        on=resolve_form.cleaned_data["resolved_on"],
                    )
                    messages.success(request, "Resolution recorded.")
                    return redirect("disagreement_update", slug=seat.partnership.slug, pk=disagreement.pk)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("disagreement_update", slug=seat.partnership.slug, pk=disagreement.pk)
    return render(
        request,
        "assurance/disagreement_update.html",
        {
            "disagreement": disagreement,
            "stage_history": _stage_history(disagreement),
            "escalate_form": escalate_form,
            "resolve_form": resolve_form,
            "form": escalate_form if escalate_form.errors else resolve_form,
            "today": today,
            "can_act": can_act,
        },
    )


@partnership_view(ROOM, "manage")
def disagreement_advice(request: SeatedRequest, pk: int) -> HttpResponse:
    """The scrutineer's independent advice to the parties."""
    seat = request.seat
    disagreement = get_scoped_or_404(Disagreement, seat.partnership, pk=pk)
    form = AdviceForm(
        request.POST or None,
        initial={
            "scrutineer_advice": disagreement.scrutineer_advice,
            "advice_given_on": disagreement.advice_given_on or timezone.localdate(),
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            disagreement_advise(
                disagreement=disagreement,
                advice=form.cleaned_data["scrutineer_advice"],
                on=form.cleaned_data["advice_given_on"],
            )
        except ValidationError as error:
            errors_onto(form, error)
        else:
            messages.success(request, "Independent advice recorded.")
            return redirect(disagreement)
    return render(request, "assurance/disagreement_advice.html", {"form": form, "disagreement": disagreement})


# --- The escalation policy --------------------------------------------------------------------


@partnership_view(ADMIN_ROOM, "view")
def escalation_policy_view(request: SeatedRequest) -> HttpResponse:
    seat = request.seat
    return render(
        request,
        "assurance/escalation_policy.html",
        {"stages": escalation_policy(seat.partnership), "can_manage_policy": seat.can(ADMIN_ROOM, "manage")},
    )


@partnership_view(ADMIN_ROOM, "manage")
def escalation_stage_add(request: SeatedRequest) -> HttpResponse:
    seat = request.seat
    stages = escalation_policy(seat.partnership)
    form = EscalationStageForm(request.POST or None, partnership=seat.partnership, initial={"order": len(stages) + 1})
    if request.method == "POST" and form.is_valid():
        stage: EscalationStage = form.save(commit=False)
        stage.partnership = seat.partnership
        stage.save()
        messages.success(request, f"{stage} added.")
        return redirect("escalation_policy", slug=seat.partnership.slug)
    return render(request, "assurance/escalation_stage_form.html", {"form": form})


@partnership_view(ADMIN_ROOM, "manage")
def escalation_stage_edit(request: SeatedRequest, pk: int) -> HttpResponse:
    seat = request.seat
    stage = get_scoped_or_404(EscalationStage, seat.partnership, pk=pk)
    form = EscalationStageForm(request.POST or None, instance=stage, partnership=seat.partnership)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"{stage} updated.")
        return redirect("escalation_policy", slug=seat.partnership.slug)
    return render(request, "assurance/escalation_stage_form.html", {"form": form, "stage": stage})


@partnership_view(ADMIN_ROOM, "manage")
@post_only
def escalation_stage_remove(request: SeatedRequest, pk: int) -> HttpResponse:
    seat = request.seat
    stage = get_scoped_or_404(EscalationStage, seat.partnership, pk=pk)
    if stage.disagreements.exists() or stage.pk in _stages_in_history(seat.partnership):
        messages.error(request, f"{stage} has been used by a disagreement, so it cannot be removed: rename it instead.")
    else:
        stage.delete()
        messages.success(request, f"{stage} removed.")
    return redirect("escalation_policy", slug=seat.partnership.slug)


def _stages_in_history(partnership: Partnership) -> set[int]:
    return set(StageChange.objects.filter(disagreement__partnership=partnership).values_list("stage_id", flat=True))
