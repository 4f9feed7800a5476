"""The innovation register of relationship-based practice."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render

from scrutiny.assurance import registers, rules
from scrutiny.assurance.forms import InnovationForm, ObservationsForm, innovation_owner_choices
from scrutiny.assurance.models import Innovation
from scrutiny.assurance.models.findings import SUPPORTS
from scrutiny.assurance.views.common import ROOM
from scrutiny.evidence.picking import linked_evidence_for
from scrutiny.forms_govuk import errors_onto
from scrutiny.partnerships.access import SeatedRequest, partnership_view
from scrutiny.partnerships.history import entries_for
from scrutiny.partnerships.scoping import get_scoped_or_404, scoped


@partnership_view(ROOM, "view")
def innovation_list(request: SeatedRequest) -> HttpResponse:
    seat = request.seat
    innovations = scoped(Innovation.objects.visible_to(seat), seat.partnership).select_related("owner_agency")
    return render(
        request,
        "assurance/innovation_list.html",
        {"innovations": innovations, "can_contribute": seat.can(ROOM, "contribute")},
    )


@partnership_view(ROOM, "contribute")
def innovation_add(request: SeatedRequest) -> HttpResponse:
    seat = request.seat
    form = InnovationForm(
        request.POST or None, partnership=seat.partnership, owner_agencies=innovation_owner_choices(seat)
    )
    if request.method == "POST" and form.is_valid():
        try:
            innovation = registers.innovation_save(partnership=seat.partnership, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            errors_onto(form, error)
        else:
            messages.success(request, f"“{innovation}” added to the innovation register.")
            return redirect("innovation_edit", slug=seat.partnership.slug, pk=innovation.pk)
    return render(request, "assurance/innovation_form.html", {"form": form})


@partnership_view(ROOM, "view")
def innovation_detail(request: SeatedRequest, pk: int) -> HttpResponse:
    seat = request.seat
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
def innovation_edit(request: SeatedRequest, pk: int) -> HttpResponse:
    seat = request.seat
    innovation = get_scoped_or_404(Innovation.objects.visible_to(seat), seat.partnership, pk=pk)
    can_edit = innovation.can_edit(seat)
    if request.method == "POST":
        rules.only_who_may_change_the_innovation(innovation, seat)
    form = InnovationForm(
        request.POST or None,
        instance=innovation,
        partnership=seat.partnership,
        owner_agencies=innovation_owner_choices(seat),
    )
    if request.method == "POST" and form.is_valid():
        try:
            registers.innovation_save(
                partnership=seat.partnership, by=request.user, innovation=innovation, **form.cleaned_data
            )
        except ValidationError as error:
            errors_onto(form, error)
        else:
            messages.success(request, f"“{innovation}” updated.")
            return redirect("innovation_edit", slug=seat.partnership.slug, pk=innovation.pk)
    return render(
        request,
        "assurance/innovation_form.html",
        {"form": form if can_edit else None, "innovation": innovation},
    )


@partnership_view(ROOM, "manage")
def innovation_observe(request: SeatedRequest, pk: int) -> HttpResponse:
    """The scrutineer's support and observations."""
    seat = request.seat
    innovation = get_scoped_or_404(Innovation, seat.partnership, pk=pk)
    form = ObservationsForm(
        request.POST or None, initial={"scrutineer_observations": innovation.scrutineer_observations}
    )
    if request.method == "POST" and form.is_valid():
        registers.innovation_observe(innovation=innovation, observations=form.cleaned_data["scrutineer_observations"])
        messages.success(request, "Observations saved.")
        return redirect(innovation)
    return render(request, "assurance/innovation_observe.html", {"form": form, "innovation": innovation})
