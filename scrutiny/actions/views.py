"""The action tracker's pages: the list with its filters, one action with its updates and evidence,
and the forms that move it along. Also each person's reminder settings."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from scrutiny.actions import services
from scrutiny.actions.access import action_or_404, may_update_or_403, visible_actions
from scrutiny.actions.forms import (
    ActionFilterForm,
    ActionForm,
    CloseForm,
    CompleteForm,
    EvidenceAttachForm,
    ImpactForm,
    ReminderPreferenceForm,
    UpdateForm,
    attachable_evidence,
)
from scrutiny.actions.models import Action, ActionStatus, ReminderPreference
from scrutiny.evidence.models import EvidencePurpose
from scrutiny.figures.registry import DUE_SOON_DAYS, due_for
from scrutiny.forms_govuk import errors_onto
from scrutiny.partnerships.access import SeatedRequest, partnership_view, seat_for, signed_in_view
from scrutiny.partnerships.history import entries_for
from scrutiny.partnerships.models import Partnership

ACTIONS_PER_PAGE = 25


@partnership_view("actions", "view")
def action_list(request: SeatedRequest) -> HttpResponse:
    seat = request.seat
    today = timezone.localdate()
    visible = visible_actions(seat)
    rooms = sorted(set(visible.values_list("source_room", flat=True)))
    form = ActionFilterForm(request.GET or None, seat=seat, source_rooms=rooms)
    data = form.cleaned_data if form.is_valid() else getattr(form, "cleaned_data", {})
    actions = visible.matching(seat, today, **data)
    soon = today + timedelta(days=DUE_SOON_DAYS)
    open_q = Q(status__in=[ActionStatus.NOT_STARTED, ActionStatus.IN_PROGRESS])
    counts = visible.aggregate(
        total=Count("pk"),
        open=Count("pk", filter=open_q),
        overdue=Count("pk", filter=open_q & Q(due_date__lt=today)),
        due_soon=Count("pk", filter=open_q & Q(due_date__gte=today, due_date__lte=soon)),
        completed=Count("pk", filter=Q(status=ActionStatus.COMPLETED)),
        closed=Count("pk", filter=Q(status=ActionStatus.CLOSED)),
    )
    paginator = Paginator(
        actions.select_related("owner_agency", "owner").prefetch_related("themes").order_by("due_date", "pk"),
        ACTIONS_PER_PAGE,
    )
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "actions/action_list.html",
        {
            "form": form,
            "page": page,
            "rows": [{"action": a, "flag": a.flag(today)} for a in page.object_list],
            "counts": counts,
            "filtered": any(data.values()) if data else False,
            "query": query.urlencode(),
            "today": today,
            "can_add": seat.can("actions", "manage"),
        },
    )


@partnership_view("actions", "manage")
def action_add(request: SeatedRequest) -> HttpResponse:
    seat = request.seat
    form = ActionForm(
        request.POST or None,
        instance=Action(partnership=seat.partnership, created_by=seat.user),
        partnership=seat.partnership,
    )
    if request.method == "POST" and form.is_valid():
        try:
            action = form.create_action(created_by=request.user)
        except ValidationError as error:
            errors_onto(form, error)
        else:
            messages.success(request, f"Action added: {action}.")
            return redirect(action)
    return render(request, "actions/action_form.html", {"form": form, "action": None})


@partnership_view("actions", "view")
def action_detail(request: SeatedRequest, pk: int) -> HttpResponse:
    seat = request.seat
    action = action_or_404(seat, pk)
    today = timezone.localdate()
    links = list(action.evidence_links().order_by("linked_at"))
    return render(
        request,
        "actions/action_detail.html",
        {
            "action": action,
            "flag": action.flag(today),
            "themes": list(action.themes.all()),
            "updates": list(action.updates.select_related("author")),
            "completion_links": [link for link in links if link.purpose == EvidencePurpose.COMPLETION],
            "impact_links": [link for link in links if link.purpose == EvidencePurpose.IMPACT],
            "can_update": action.can_update(seat),
            "can_manage_actions": seat.can("actions", "manage"),
            "history": entries_for(action),
        },
    )


@partnership_view("actions", "manage")
def action_edit(request: SeatedRequest, pk: int) -> HttpResponse:
    seat = request.seat
    action = action_or_404(seat, pk)
    form = ActionForm(request.POST or None, instance=action, partnership=seat.partnership)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"Action updated: {action}.")
        return redirect(action)
    return render(request, "actions/action_form.html", {"form": form, "action": action})


@partnership_view("actions", "contribute")
def action_update_add(request: SeatedRequest, pk: int) -> HttpResponse:
    seat = request.seat
    action = action_or_404(seat, pk)
    may_update_or_403(seat, action)
    form = UpdateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.action_update_add(
                action=action,
                author=request.user,
                text=form.cleaned_data["text"],
                new_status=form.cleaned_data["new_status"],
            )
        except ValidationError as error:
            errors_onto(form, error)
        else:
            messages.success(request, "Your update was added.")
            return redirect(action)
    return render(request, "actions/update_form.html", {"form": form, "action": action})


@partnership_view("actions", "contribute")
def action_evidence(request: SeatedRequest, pk: int) -> HttpResponse:
    seat = request.seat
    action = action_or_404(seat, pk)
    may_update_or_403(seat, action)
    asked = request.GET.get("purpose", "")
    initial = {"purpose": asked} if asked in (EvidencePurpose.COMPLETION, EvidencePurpose.IMPACT) else {}
    form = EvidenceAttachForm(request.POST or None, evidence=attachable_evidence(seat), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            link = services.action_evidence_link(
                action=action,
                evidence=form.cleaned_data["evidence"],
                purpose=form.cleaned_data["purpose"],
                by=request.user,
            )
        except ValidationError as error:
            errors_onto(form, error)
        else:
            shows = "completion" if link.purpose == EvidencePurpose.COMPLETION else "impact"
            messages.success(request, f"{link.evidence} attached as evidence of {shows}.")
            return redirect(action)
    return render(request, "actions/evidence_form.html", {"form": form, "action": action})


@partnership_view("actions", "contribute")
def action_complete(request: SeatedRequest, pk: int) -> HttpResponse:
    seat = request.seat
    action = action_or_404(seat, pk)
    may_update_or_403(seat, action)
    form = CompleteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.action_complete(
                action=action,
                by=request.user,
                note=form.cleaned_data["note"],
                completed_on=form.cleaned_data["completed_on"],
            )
        except ValidationError as error:
            errors_onto(form, error)
            action.refresh_from_db()
        else:
            messages.success(request, f"Marked completed: {action}.")
            return redirect(action)
    return render(
        request,
        "actions/complete_form.html",
        {
            "form": form,
            "action": action,
            "completion_links": list(action.evidence_links(EvidencePurpose.COMPLETION)),
        },
    )


@partnership_view("actions", "manage")
def action_close(request: SeatedRequest, pk: int) -> HttpResponse:
    seat = request.seat
    action = action_or_404(seat, pk)
    form = CloseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.action_close(action=action, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            errors_onto(form, error)
            action.refresh_from_db()
        else:
            messages.success(request, f"Closed without completion: {action}.")
            return redirect(action)
    return render(request, "actions/close_form.html", {"form": form, "action": action})


@partnership_view("actions", "contribute")
def action_impact(request: SeatedRequest, pk: int) -> HttpResponse:
    seat = request.seat
    action = action_or_404(seat, pk)
    may_update_or_403(seat, action)
    initial: dict[str, Any] = {}
    if action.impact_summary:
        initial["summary"] = action.impact_summary
    if action.impact_assessed_on:
        initial["assessed_on"] = action.impact_assessed_on
    linked = action.evidence_links(EvidencePurpose.IMPACT).values_list("evidence_id", flat=True)
    form = ImpactForm(
        request.POST or None, evidence=attachable_evidence(seat).exclude(pk__in=linked), initial=initial or None
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.action_impact_record(
                action=action,
                by=request.user,
                summary=form.cleaned_data["summary"],
                assessed_on=form.cleaned_data["assessed_on"],
                evidence=form.cleaned_data.get("evidence") or (),
            )
        except ValidationError as error:
            errors_onto(form, error)
            action.refresh_from_db()
        else:
            messages.success(request, f"Impact recorded: {action}.")
            return redirect(action)
    return render(
        request,
        "actions/impact_form.html",
        {"form": form, "action": action, "impact_links": list(action.evidence_links(EvidencePurpose.IMPACT))},
    )


# --- Each person's reminders -------------------------------------------------------------------


@signed_in_view
def reminder_settings(request: HttpRequest) -> HttpResponse:
    """What the person is reminded of, today, and their choice of which action reminders they get."""
    user: Any = request.user
    preference = ReminderPreference.for_user(user)
    form = ReminderPreferenceForm(request.POST or None, instance=preference)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Your reminder settings were saved.")
        return redirect("reminder_settings")
    today = timezone.localdate()
    previews = []
    for partnership in Partnership.objects.filter(memberships__user=user).distinct():
        seat = seat_for(user, partnership)
        if seat is not None:
            due = due_for(seat, today)
            previews.append({"partnership": partnership, "overdue": due.overdue, "due_soon": due.due_soon})
    return render(
        request,
        "actions/reminder_settings.html",
        {
            "form": form,
            "previews": previews,
            "today": today,
            "due_soon_days": DUE_SOON_DAYS,
            "anything_due": any(p["overdue"] or p["due_soon"] for p in previews),
        },
    )
