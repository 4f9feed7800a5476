"""The independence register: the scrutineer's appointments, with any independence risk flagged."""

from datetime import date
from typing import Any

from django.forms.models import model_to_dict
from django.utils import timezone
from ninja import Schema
from ninja.responses import Status

from scrutiny.assurance.api.common import BASE, WRITE_ERRORS, router, validated
from scrutiny.assurance.forms import AppointmentForm
from scrutiny.assurance.models import ScrutineerAppointment
from scrutiny.assurance.registers import appointment_save
from scrutiny.partnerships.access import Seat, SeatedRequest, partnership_endpoint
from scrutiny.partnerships.models import Partnership
from scrutiny.partnerships.scoping import get_scoped_or_404, scoped
from scrutiny.web.api import ERRORS

ADMIN_ROOM = "assurance_admin"

# --- The independence register ----------------------------------------------------------------


class AppointmentOut(Schema):
    id: int
    person_id: int
    person: str
    appointed_on: date
    term_end: date | None
    funded_by: str
    employer: str
    declared_conflicts: str
    is_current: bool
    #: The person is also the chair or a delegated partner here: shown as a risk, not forbidden.
    independence_risk: bool


class AppointmentIn(Schema):
    person_id: int
    appointed_on: str
    term_end: str = ""
    funded_by: str
    employer: str = ""
    declared_conflicts: str = ""


class AppointmentPatch(Schema):
    person_id: int | None = None
    appointed_on: str | None = None
    term_end: str | None = None
    funded_by: str | None = None
    employer: str | None = None
    declared_conflicts: str | None = None


def _at_risk(partnership: Partnership) -> set[int]:
    return {m.user_id for m in partnership.independence_risks()}


def _appointment_out(a: ScrutineerAppointment, risky: set[int], today: date) -> AppointmentOut:
    return AppointmentOut(
        id=a.pk,
        person_id=a.person_id,
        person=str(a.person),
        appointed_on=a.appointed_on,
        term_end=a.term_end,
        funded_by=a.funded_by,
        employer=a.employer,
        declared_conflicts=a.declared_conflicts,
        is_current=a.is_current(today),
        independence_risk=a.person_id in risky,
    )


def _form_data(values: dict[str, Any]) -> dict[str, Any]:
    data = {("person" if key == "person_id" else key): value for key, value in values.items()}
    if data.get("term_end") is None and "term_end" in data:
        data["term_end"] = ""
    return data


def _one(seat: Seat, pk: int) -> AppointmentOut:
    found = get_scoped_or_404(ScrutineerAppointment.objects.select_related("person"), seat.partnership, pk=pk)
    return _appointment_out(found, _at_risk(seat.partnership), timezone.localdate())


@router.get(f"{BASE}/independence", response={200: list[AppointmentOut], **ERRORS}, url_name="assurance_appointments")
@partnership_endpoint(ADMIN_ROOM, "view")
def appointments(request: SeatedRequest, slug: str) -> list[AppointmentOut]:
    """The independence register: every appointment of a scrutineer, the latest first."""
    seat = request.seat
    risky, today = _at_risk(seat.partnership), timezone.localdate()
    found = scoped(ScrutineerAppointment, seat.partnership).select_related("person")
    return [_appointment_out(a, risky, today) for a in found]


@router.post(
    f"{BASE}/independence", response={201: AppointmentOut, **WRITE_ERRORS}, url_name="assurance_appointment_create"
)
@partnership_endpoint(ADMIN_ROOM, "manage")
def appointment_create(request: SeatedRequest, slug: str, payload: AppointmentIn) -> Status[AppointmentOut]:
    """Record an appointment; dates are YYYY-MM-DD and the person must hold a role here."""
    seat = request.seat
    form = AppointmentForm(_form_data(payload.dict()), partnership=seat.partnership)
    appointment = appointment_save(partnership=seat.partnership, **validated(form))
    return Status(201, _one(request.seat, appointment.pk))


@router.get(
    f"{BASE}/independence/{{appointment_id}}",
    response={200: AppointmentOut, **ERRORS},
    url_name="assurance_appointment",
)
@partnership_endpoint(ADMIN_ROOM, "view")
def appointment(request: SeatedRequest, slug: str, appointment_id: int) -> AppointmentOut:
    return _one(request.seat, appointment_id)


@router.patch(
    f"{BASE}/independence/{{appointment_id}}",
    response={200: AppointmentOut, **WRITE_ERRORS},
    url_name="assurance_appointment_update",
)
@partnership_endpoint(ADMIN_ROOM, "manage")
def appointment_update(
    request: SeatedRequest, slug: str, appointment_id: int, payload: AppointmentPatch
) -> AppointmentOut:
    """Change an appointment: its term, who funds it, the conflicts declared."""
    seat = request.seat
    found = get_scoped_or_404(ScrutineerAppointment, seat.partnership, pk=appointment_id)
    current: dict[str, Any] = model_to_dict(found, fields=["person", "funded_by", "employer", "declared_conflicts"])
    current.update(
        appointed_on=found.appointed_on.isoformat(),
        term_end=found.term_end.isoformat() if found.term_end else "",
    )
    current.update(_form_data(payload.dict(exclude_unset=True)))
    form = AppointmentForm(current, instance=found, partnership=seat.partnership)
    appointment_save(partnership=seat.partnership, appointment=found, **validated(form))
    return _one(request.seat, found.pk)
