"""The innovation register of relationship-based practice."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from scrutiny.assurance.forms import InnovationForm, ObservationsForm, partnership_agencies
from scrutiny.assurance.models import Innovation
from scrutiny.assurance.models.findings import SUPPORTS
from scrutiny.assurance.services import set_supporting_evidence
from scrutiny.assurance.views.common import ROOM, seat_of
from scrutiny.evidence.picking import linked_evidence_for
from scrutiny.partnerships.access import Seat, partnership_view
from scrutiny.partnerships.history import entries_for
from scrutiny.partnerships.models import Agency
from scrutiny.partnerships.scoping import get_scoped_or_404, scoped


def _owner_choices(seat: Seat) -> object:
    """Anyone who reads the whole register may name any agency; an agency's people, their own."""
    if seat.can(ROOM, "view"):
        return partnership_agencies(seat.partnership)
    return Agency.objects.filter(pk__in=seat.agency_ids)


@partnership_view(ROOM, "view")
def innovation_list(request: HttpRequest) -> HttpResponse:
    seat = seat_of(request)
    innovations = scoped(Innovation.objects.visible_to(seat), seat.partnership).select_related("owner_agency")
    return render(
        request,
        "assurance/innovation_list.html",
        {"innovations": innovations, "can_contribute": seat.can(ROOM, "contribute")},
    )


def _save(form: InnovationForm, request: HttpRequest) -> Innovation:
    seat = seat_of(request)
    with transaction.atomic():
        innovation: Innovation = form.save(commit=False)
        innovation.partnership = seat.partnership
        if innovation.created_by_id is None:
            innovation.created_by = request.user  # type: ignore[assignment]
        innovation.save()
        form.save_m2m()
        set_supporting_evidence(
            target=innovation, partnership=seat.partnership, evidence=form.cleaned_data["evidence"], by=request.user
        )
    return innovation


@partnership_view(ROOM, "contribute")
def innovation_add(request: HttpRequest) -> HttpResponse:
    seat = seat_of(request)
    form = InnovationForm(request.POST or None, partnership=seat.partnership, owner_agencies=_owner_choices(seat))
    if request.method == "POST" and form.is_valid():
        innovation = _save(form, request)
        messages.success(request, f"“{innovation}” added to the innovation register.")
        return redirect("innovation_edit", slug=seat.partnership.slug, pk=innovation.pk)
    return render(request, "assurance/innovation_form.html", {"form": form})


@partnership_view(ROOM, "view")
def innovation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    seat = seat_of(request)
    innovation = get_scoped_or_404(
        Innovation.objects.visible_to(seat).select_related("owner_agency").prefetch_related("themes"),
        seat.partnership,
        pk=pk,
    )
    return render(
        request,
        "assurance/innovation_detail.html",
        {
            "innovation": innovation,
            "evidence": linked_evidence_for(innovation, seat, SUPPORTS),
            "findings": innovation.findings.filter(partnership=seat.partnership),
            "history": entries_for(innovation),
            "can_edit": seat.can(ROOM, "contribute") and innovation.can_edit(seat),
        },
    )


@partnership_view(ROOM, "contribute")
def innovation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    seat = seat_of(request)
    innovation = get_scoped_or_404(Innovation.objects.visible_to(seat), seat.partnership, pk=pk)
    can_edit = innovation.can_edit(seat)
    if request.method == "POST" and not can_edit:
        raise PermissionDenied("Only the owner agency's people, the scrutineer and the business manager change it.")
    form = InnovationForm(
        request.POST or None, instance=innovation, partnership=seat.partnership, owner_agencies=_owner_choices(seat)
    )
    if request.method == "POST" and form.is_valid():
        _save(form, request)
        messages.success(request, f"“{innovation}” updated.")
        return redirect("innovation_edit", slug=seat.partnership.slug, pk=innovation.pk)
    return render(
        request,
        "assurance/innovation_form.html",
        {"form": form if can_edit else None, "innovation": innovation},
    )


@partnership_view(ROOM, "manage")
def innovation_observe(request: HttpRequest, pk: int) -> HttpResponse:
    """The scrutineer's support and observations."""
    seat = seat_of(request)
    innovation = get_scoped_or_404(Innovation, seat.partnership, pk=pk)
    form = ObservationsForm(
        request.POST or None, initial={"scrutineer_observations": innovation.scrutineer_observations}
    )
    if request.method == "POST" and form.is_valid():
        innovation.scrutineer_observations = form.cleaned_data["scrutineer_observations"]
        innovation.save()
        messages.success(request, "Observations saved.")
        return redirect(innovation)
    return render(request, "assurance/innovation_observe.html", {"form": form, "innovation": innovation})
