"""The independence register and the yearly assurance statement."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from scrutiny.assurance import rules
from scrutiny.assurance.forms import AppointmentForm, StatementForm, StatementResponseForm
from scrutiny.assurance.models import AssuranceStatement, ScrutineerAppointment
from scrutiny.assurance.registers import appointment_save
from scrutiny.assurance.statements import (
    assemble,
    responding_bodies,
    statement_for,
    statement_publish,
    statement_respond,
    statement_responses,
    statement_save,
)
from scrutiny.assurance.views.common import ADMIN_ROOM, ROOM, year_asked, year_choices
from scrutiny.forms_govuk import errors_onto
from scrutiny.frameworks.catalogue import SCRUTINY_FUNCTIONS, SIX_STEPS, current_requirements
from scrutiny.partnerships.access import SeatedRequest, partnership_view, post_only
from scrutiny.partnerships.history import entries_for
from scrutiny.partnerships.models import reporting_year_label
from scrutiny.partnerships.scoping import get_scoped_or_404, scoped

# --- The independence register ----------------------------------------------------------------


@partnership_view(ADMIN_ROOM, "view")
def independence_register(request: SeatedRequest) -> HttpResponse:
    seat = request.seat
    appointments = scoped(ScrutineerAppointment, seat.partnership).select_related("person")
    return render(
        request,
        "assurance/independence_register.html",
        {
            "appointments": appointments,
            "risks": seat.partnership.independence_risks(),
            "today": timezone.localdate(),
            "can_manage_register": seat.can(ADMIN_ROOM, "manage"),
        },
    )


@partnership_view(ADMIN_ROOM, "manage")
def appointment_add(request: SeatedRequest) -> HttpResponse:
    seat = request.seat
    form = AppointmentForm(request.POST or None, partnership=seat.partnership)
    if request.method == "POST" and form.is_valid():
        try:
            appointment = appointment_save(partnership=seat.partnership, **form.cleaned_data)
        except ValidationError as error:
            errors_onto(form, error)
        else:
            messages.success(request, "Appointment recorded in the independence register.")
            return redirect(appointment)
    return render(request, "assurance/appointment_form.html", {"form": form})


@partnership_view(ADMIN_ROOM, "view")
def appointment_detail(request: SeatedRequest, pk: int) -> HttpResponse:
    seat = request.seat
    appointment = get_scoped_or_404(ScrutineerAppointment.objects.select_related("person"), seat.partnership, pk=pk)
    risky = {m.user_id for m in seat.partnership.independence_risks()}
    return render(
        request,
        "assurance/appointment_detail.html",
        {
            "appointment": appointment,
            "at_risk": appointment.person_id in risky,
            "history": entries_for(appointment),
            "can_manage_register": seat.can(ADMIN_ROOM, "manage"),
        },
    )


@partnership_view(ADMIN_ROOM, "manage")
def appointment_edit(request: SeatedRequest, pk: int) -> HttpResponse:
    seat = request.seat
    appointment = get_scoped_or_404(ScrutineerAppointment, seat.partnership, pk=pk)
    form = AppointmentForm(request.POST or None, instance=appointment, partnership=seat.partnership)
    if request.method == "POST" and form.is_valid():
        try:
            appointment_save(partnership=seat.partnership, appointment=appointment, **form.cleaned_data)
        except ValidationError as error:
            errors_onto(form, error)
        else:
            messages.success(request, "Appointment updated.")
            return redirect(appointment)
    return render(request, "assurance/appointment_form.html", {"form": form, "appointment": appointment})


# --- The assurance statement ------------------------------------------------------------------


def _statement_url(slug: str, year: int, name: str = "statement") -> str:
    return f"{reverse(name, kwargs={'slug': slug})}?year={year}"


@partnership_view(ROOM, "view")
def statement(request: SeatedRequest) -> HttpResponse:
    """The year's statement as the lead partners read it: printable."""
    seat = request.seat
    year = year_asked(request)
    assembled = assemble(seat.partnership, year)
    return render(
        request,
        "assurance/statement.html",
        {
            "assembled": assembled,
            "responses": statement_responses(assembled.statement),
            "year": year,
            "year_label": reporting_year_label(year),
            "years": year_choices(year),
            "can_respond": bool(responding_bodies(seat)) and seat.can(ROOM, "contribute"),
        },
    )


@partnership_view(ROOM, "manage")
def statement_edit(request: SeatedRequest) -> HttpResponse:
    seat = request.seat
    year = year_asked(request)
    requirements = list(current_requirements(seat.partnership, keys=[SCRUTINY_FUNCTIONS, SIX_STEPS]))
    existing = AssuranceStatement.objects.filter(partnership=seat.partnership, year=year).first()
    initial: dict[str, object] = {}
    if existing is not None:
        initial["summary"] = existing.summary
        initial.update({f"section_{s.requirement_id}": s.text for s in existing.sections.all()})
    form = StatementForm(request.POST or None, requirements=requirements, initial=initial)
    if request.method == "POST" and form.is_valid():
        statement_save(
            statement=statement_for(seat.partnership, year),
            summary=form.cleaned_data["summary"],
            sections=form.sections(),
        )
        messages.success(request, f"Assurance statement for {reporting_year_label(year)} saved.")
        return redirect(_statement_url(seat.partnership.slug, year))
    return render(
        request,
        "assurance/statement_form.html",
        {"form": form, "year": year, "year_label": reporting_year_label(year), "statement": existing},
    )


@partnership_view(ROOM, "manage")
@post_only
def statement_publish_view(request: SeatedRequest) -> HttpResponse:
    seat = request.seat
    raw = request.POST.get("year", "")
    year = int(raw) if raw.isdigit() else 0
    found = AssuranceStatement.objects.filter(partnership=seat.partnership, year=year).first()
    if found is None:
        messages.error(request, "Write the statement before publishing it.")
    else:
        try:
            statement_publish(statement=found, on=timezone.localdate())
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, "Statement published to the lead partners.")
    return redirect(_statement_url(seat.partnership.slug, year or year_asked(request)))


@partnership_view(ROOM, "contribute")
def statement_respond_view(request: SeatedRequest) -> HttpResponse:
    """A lead or delegated partner's response to the statement, for their body."""
    seat = request.seat
    year = year_asked(request)
    bodies = responding_bodies(seat)
    if request.method == "POST":
        rules.only_partner_bodies_respond_to_the_statement(bodies)
    found = AssuranceStatement.objects.filter(partnership=seat.partnership, year=year).first()
    form = StatementResponseForm(request.POST or None, bodies=bodies)
    if request.method == "POST":
        try:
            rules.statement_is_published(found)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(_statement_url(seat.partnership.slug, year))
        if form.is_valid():
            try:
                statement_respond(
                    statement=found,
                    seat=seat,
                    agency=form.cleaned_data["agency"],
                    text=form.cleaned_data["text"],
                    on=timezone.localdate(),
                )
            except ValidationError as error:
                errors_onto(form, error)
            else:
                messages.success(request, f"Response recorded for {form.cleaned_data['agency']}.")
                return redirect(_statement_url(seat.partnership.slug, year))
    return render(
        request,
        "assurance/statement_respond.html",
        {
            "form": form if bodies else None,
            "statement": found,
            "year": year,
            "year_label": reporting_year_label(year),
        },
    )
