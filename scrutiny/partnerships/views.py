"""Agencies and areas a partnership works with, its history, and switching between partnerships."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from scrutiny.partnerships.access import SeatedRequest, partnership_view, post_only, seat_from_slug, signed_in_view
from scrutiny.partnerships.forms import AgencyForm, AreaForm, LinkAgencyForm
from scrutiny.partnerships.history import entries_for, partnership_log
from scrutiny.partnerships.models import (
    Agency,
    Area,
    Membership,
    PartnershipAgency,
    PartnershipArea,
)
from scrutiny.partnerships.scoping import get_scoped_or_404, scoped


@signed_in_view(answers=frozenset({302}))
def switch_partnership(request: HttpRequest) -> HttpResponse:
    """The header's switcher: go to the chosen partnership (404 where the person has no role in it)."""
    if not request.GET.get("to"):
        return redirect("home")
    seat = seat_from_slug(request.user, request.GET["to"])
    return redirect(seat.partnership)


# --- Agencies ---------------------------------------------------------------------------------


@partnership_view("agencies", "view")
def agency_list(request: SeatedRequest) -> HttpResponse:
    seat = request.seat
    agencies = (
        scoped(Agency, seat.partnership)
        .select_related("area")
        .annotate(partnership_count=Count("partnership_links", distinct=True))
        .order_by("kind", "name")
    )
    return render(request, "partnerships/agency_list.html", {"agencies": agencies})


@partnership_view("agencies", "manage")
def agency_add(request: SeatedRequest) -> HttpResponse:
    seat = request.seat
    partnership = seat.partnership
    link_form = LinkAgencyForm(partnership=partnership, prefix="link")
    new_form = AgencyForm(partnership=partnership, prefix="new")
    if request.method == "POST":
        if "link" in request.POST:
            link_form = LinkAgencyForm(request.POST, partnership=partnership, prefix="link")
            if link_form.is_valid():
                agency = link_form.cleaned_data["agency"]
                PartnershipAgency.objects.create(partnership=partnership, agency=agency)
                messages.success(request, f"{agency} now works with {partnership}.")
                return redirect("agency_list", slug=partnership.slug)
        else:
            new_form = AgencyForm(request.POST, partnership=partnership, prefix="new")
            if new_form.is_valid():
                with transaction.atomic():
                    agency = new_form.save()
                    PartnershipAgency.objects.create(partnership=partnership, agency=agency)
                messages.success(request, f"{agency} added.")
                return redirect("agency_list", slug=partnership.slug)
    return render(request, "partnerships/agency_add.html", {"link_form": link_form, "new_form": new_form})


@partnership_view("agencies", "view")
def agency_detail(request: SeatedRequest, pk: int) -> HttpResponse:
    seat = request.seat
    agency = get_scoped_or_404(Agency.objects.select_related("area"), seat.partnership, pk=pk)
    members = Membership.objects.filter(partnership=seat.partnership, agency=agency).select_related("user")
    return render(
        request,
        "partnerships/agency_detail.html",
        {
            "agency": agency,
            "members": members,
            "shared_with": agency.partnership_links.exclude(partnership=seat.partnership).count(),
            "history": entries_for(agency),
        },
    )


@partnership_view("agencies", "manage")
def agency_edit(request: SeatedRequest, pk: int) -> HttpResponse:
    seat = request.seat
    agency = get_scoped_or_404(Agency, seat.partnership, pk=pk)
    # An agency shared with other partnerships is theirs too: one partnership may not rename it.
    if agency.partnership_links.exclude(partnership=seat.partnership).exists():
        messages.error(request, f"{agency} is shared with other partnerships, so it cannot be changed here.")
        return redirect("agency_detail", slug=seat.partnership.slug, pk=agency.pk)
    form = AgencyForm(request.POST or None, instance=agency, partnership=seat.partnership)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"{agency} updated.")
        return redirect("agency_detail", slug=seat.partnership.slug, pk=agency.pk)
    return render(request, "partnerships/agency_edit.html", {"agency": agency, "form": form})


@partnership_view("agencies", "manage")
@post_only
def agency_remove(request: SeatedRequest, pk: int) -> HttpResponse:
    seat = request.seat
    agency = get_scoped_or_404(Agency, seat.partnership, pk=pk)
    if Membership.objects.filter(partnership=seat.partnership, agency=agency).exists():
        messages.error(request, f"{agency} still has people in this partnership: remove their roles first.")
        return redirect("agency_detail", slug=seat.partnership.slug, pk=agency.pk)
    # The link is deleted (and kept in history); the shared agency record stays for others.
    PartnershipAgency.objects.get(partnership=seat.partnership, agency=agency).delete()
    messages.success(request, f"{agency} no longer works with {seat.partnership}.")
    return redirect("agency_list", slug=seat.partnership.slug)


# --- Areas ------------------------------------------------------------------------------------


@partnership_view("areas", "view")
def area_list(request: SeatedRequest) -> HttpResponse:
    seat = request.seat
    areas = scoped(Area, seat.partnership).order_by("kind", "name")
    return render(request, "partnerships/area_list.html", {"areas": areas})


@partnership_view("areas", "manage")
def area_add(request: SeatedRequest) -> HttpResponse:
    seat = request.seat
    partnership = seat.partnership
    form = AreaForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with transaction.atomic():
            area, created = Area.objects.get_or_create(
                code=data["code"],
                defaults={"kind": data["kind"], "name": data["name"], "old_la_code": data["old_la_code"]},
            )
            _link, linked = PartnershipArea.objects.get_or_create(partnership=partnership, area=area)
        if not linked:
            messages.error(request, f"{partnership} already covers {area}.")
        elif created:
            messages.success(request, f"{area} added.")
        else:
            messages.success(request, f"{area} was already known to Scrutiny and is now covered by {partnership}.")
        return redirect("area_list", slug=partnership.slug)
    return render(request, "partnerships/area_add.html", {"form": form})


@partnership_view("areas", "view")
def area_detail(request: SeatedRequest, pk: int) -> HttpResponse:
    seat = request.seat
    area = get_scoped_or_404(Area, seat.partnership, pk=pk)
    others = area.partnership_links.exclude(partnership=seat.partnership).count()
    return render(
        request, "partnerships/area_detail.html", {"area": area, "shared_with": others, "history": entries_for(area)}
    )


@partnership_view("areas", "manage")
@post_only
def area_remove(request: SeatedRequest, pk: int) -> HttpResponse:
    seat = request.seat
    area = get_scoped_or_404(Area, seat.partnership, pk=pk)
    if scoped(Agency, seat.partnership).filter(Q(area=area)).exists():
        messages.error(request, f"Agencies of this partnership are tied to {area}: change them first.")
        return redirect("area_detail", slug=seat.partnership.slug, pk=area.pk)
    PartnershipArea.objects.get(partnership=seat.partnership, area=area).delete()
    messages.success(request, f"{seat.partnership} no longer covers {area}.")
    return redirect("area_list", slug=seat.partnership.slug)


# --- History ----------------------------------------------------------------------------------


@partnership_view("history", "view")
def partnership_history(request: SeatedRequest) -> HttpResponse:
    seat = request.seat
    return render(request, "partnerships/history.html", {"entries": partnership_log(seat.partnership, seat=seat)})
