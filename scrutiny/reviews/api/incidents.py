"""Serious incidents through the API: recorded against the notification clocks, known only by
their pseudonymised reference. Validated by the same form as the page and saved by
``incident_save``, as the page does."""

from datetime import date
from typing import Any

from django.forms.models import model_to_dict
from django.utils import timezone
from ninja import Schema
from ninja.responses import Status

from scrutiny.partnerships.access import SeatedRequest, partnership_endpoint
from scrutiny.partnerships.scoping import get_scoped_or_404, scoped
from scrutiny.reviews.api.common import (
    BASE,
    WRITE_ERRORS,
    ClockOut,
    api_names,
    changes_of,
    clocks_out,
    in_reporting_year,
    router,
    valid,
)
from scrutiny.reviews.forms.incidents import SeriousIncidentForm
from scrutiny.reviews.models import ROOM, RapidReview, SeriousIncident
from scrutiny.reviews.recording import incident_save
from scrutiny.web.api import ERRORS


class IncidentOut(Schema):
    id: int
    reference: str
    age_band: str
    kind: str
    aware_on: date
    #: The reporting year (starting 1 April) in which the local authority became aware.
    year: int
    notifying_area_id: int
    home_area_id: int | None
    criteria_met: str
    criteria_decision: str
    notified_on: date | None
    notification_late_reason: str
    partners_informed_on: date | None
    partners_informed_late_reason: str
    summary: str
    agency_ids: list[int]
    theme_ids: list[int]
    rapid_review_id: int | None
    clocks: list[ClockOut]


class IncidentIn(Schema):
    reference: str
    age_band: str
    kind: str
    aware_on: date
    notifying_area_id: int
    home_area_id: int | None = None
    #: "undecided", "yes" or "no"; a decision either way needs ``criteria_decision``.
    criteria_met: str = "undecided"
    criteria_decision: str = ""
    notified_on: date | None = None
    notification_late_reason: str = ""
    partners_informed_on: date | None = None
    partners_informed_late_reason: str = ""
    summary: str = ""
    agency_ids: list[int] = []
    theme_ids: list[int] = []


class IncidentPatch(Schema):
    reference: str | None = None
    age_band: str | None = None
    kind: str | None = None
    aware_on: date | None = None
    notifying_area_id: int | None = None
    home_area_id: int | None = None
    criteria_met: str | None = None
    criteria_decision: str | None = None
    notified_on: date | None = None
    notification_late_reason: str | None = None
    partners_informed_on: date | None = None
    partners_informed_late_reason: str | None = None
    summary: str | None = None
    agency_ids: list[int] | None = None
    theme_ids: list[int] | None = None


#: The API's names for the form's fields.
API_NAMES = {
    "notifying_area": "notifying_area_id",
    "home_area": "home_area_id",
    "agencies": "agency_ids",
    "themes": "theme_ids",
}
FORM_NAMES = {api: form for form, api in API_NAMES.items()}


def _incident_out(incident: SeriousIncident, today: date) -> IncidentOut:
    # A reverse one-to-one with no row raises an AttributeError subclass: getattr's default.
    review = getattr(incident, "rapid_review", None)
    return IncidentOut(
        id=incident.pk,
        reference=incident.reference,
        age_band=incident.age_band,
        kind=incident.kind,
        aware_on=incident.aware_on,
        year=incident.year,
        notifying_area_id=incident.notifying_area_id,
        home_area_id=incident.home_area_id,
        criteria_met=incident.criteria_met,
        criteria_decision=incident.criteria_decision,
        notified_on=incident.notified_on,
        notification_late_reason=incident.notification_late_reason,
        partners_informed_on=incident.partners_informed_on,
        partners_informed_late_reason=incident.partners_informed_late_reason,
        summary=incident.summary,
        agency_ids=sorted(a.pk for a in incident.agencies.all()),
        theme_ids=sorted(t.pk for t in incident.themes.all()),
        rapid_review_id=review.pk if isinstance(review, RapidReview) else None,
        clocks=clocks_out(incident.clocks(), today),
    )


def _incidents(request: SeatedRequest) -> Any:
    seat = request.seat
    return (
        scoped(SeriousIncident.objects.visible_to(seat), seat.partnership)
        .select_related("partnership", "rapid_review")
        .prefetch_related("agencies", "themes")
    )


def _form_data(values: dict[str, Any]) -> dict[str, Any]:
    """The form's names, and dates as the ISO text its date fields read."""
    data = {FORM_NAMES.get(key, key): value for key, value in values.items()}
    for key, value in data.items():
        if isinstance(value, date):
            data[key] = value.isoformat()
        elif value is None:
            data[key] = ""
    return data


def _save(request: SeatedRequest, form: SeriousIncidentForm) -> SeriousIncident:
    with api_names(API_NAMES):
        valid(form)
        data = form.cleaned_data
        return incident_save(incident=form.instance, agencies=data["agencies"], themes=data["themes"], by=request.user)


@router.get(f"{BASE}/incidents", response={200: list[IncidentOut], **ERRORS}, url_name="reviews_incident_list")
@partnership_endpoint(ROOM, "view")
def incident_list(request: SeatedRequest, slug: str, year: int | None = None) -> list[IncidentOut]:
    """The partnership's serious incidents, latest first; ``year`` keeps those the local authority
    became aware of in the reporting year starting 1 April of that year."""
    found = _incidents(request)
    if year is not None:
        found = found.filter(**in_reporting_year("aware_on", year))
    today = timezone.localdate()
    return [_incident_out(incident, today) for incident in found]


@router.post(f"{BASE}/incidents", response={201: IncidentOut, **WRITE_ERRORS}, url_name="reviews_incident_create")
@partnership_endpoint(ROOM, "manage")
def incident_create(request: SeatedRequest, slug: str, payload: IncidentIn) -> Status[IncidentOut]:
    """Record a serious incident. Dates are YYYY-MM-DD; the reference must be pseudonymised and
    free text must not identify the child (each refused with 400 naming the field)."""
    seat = request.seat
    instance = SeriousIncident(partnership=seat.partnership, created_by=seat.user)
    form = SeriousIncidentForm(_form_data(payload.dict()), instance=instance, partnership=seat.partnership)
    incident = _save(request, form)
    return Status(201, _incident_out(_incidents(request).get(pk=incident.pk), timezone.localdate()))


@router.get(
    f"{BASE}/incidents/{{incident_id}}", response={200: IncidentOut, **ERRORS}, url_name="reviews_incident_detail"
)
@partnership_endpoint(ROOM, "view")
def incident_detail(request: SeatedRequest, slug: str, incident_id: int) -> IncidentOut:
    seat = request.seat
    found = get_scoped_or_404(_incidents(request), seat.partnership, pk=incident_id)
    return _incident_out(found, timezone.localdate())


@router.patch(
    f"{BASE}/incidents/{{incident_id}}", response={200: IncidentOut, **WRITE_ERRORS}, url_name="reviews_incident_update"
)
@partnership_endpoint(ROOM, "manage")
def incident_update(request: SeatedRequest, slug: str, incident_id: int, payload: IncidentPatch) -> IncidentOut:
    """Change the fields sent; the rest stay as they are. The whole incident is checked again."""
    seat = request.seat
    found = get_scoped_or_404(_incidents(request), seat.partnership, pk=incident_id)
    changes = changes_of(payload)
    current = model_to_dict(found, fields=[f for f in SeriousIncidentForm.Meta.fields if f not in API_NAMES])
    current.update(
        notifying_area_id=found.notifying_area_id,
        home_area_id=found.home_area_id,
        agency_ids=[a.pk for a in found.agencies.all()],
        theme_ids=[t.pk for t in found.themes.all()],
    )
    current.update(changes)
    form = SeriousIncidentForm(_form_data(current), instance=found, partnership=seat.partnership)
    _save(request, form)
    return _incident_out(_incidents(request).get(pk=found.pk), timezone.localdate())
