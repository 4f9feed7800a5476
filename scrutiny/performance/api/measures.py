"""The partnership's locally defined measures (its data dictionary), defined and changed by the
business manager through the same form and the same service as the pages."""

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from ninja import Schema, Status

from scrutiny.partnerships.access import Seat, SeatedRequest, partnership_endpoint
from scrutiny.partnerships.scoping import get_scoped_or_404, scoped
from scrutiny.performance.api.common import BAD_INPUT, BASE, in_api_names, refused_form, router
from scrutiny.performance.forms import LocalMeasureForm
from scrutiny.performance.models import ROOM, LocalMeasure
from scrutiny.web.api import ERRORS


class MeasureOut(Schema):
    id: int
    code: str
    title: str
    definition: str
    unit: str
    polarity: str
    owner_agency_id: int
    frequency: str
    active: bool
    numerator: str = ""
    denominator: str = ""
    source_system: str = ""
    first_collected: date | None = None
    agreed_by: str = ""


class MeasureIn(Schema):
    code: str
    title: str
    definition: str
    unit: str = "count"
    numerator: str = ""
    denominator: str = ""
    polarity: str = "neither"
    owner_agency_id: int
    frequency: str = "quarterly"
    source_system: str = ""
    first_collected: date | None = None
    agreed_by: str = ""
    active: bool = True


def _measure_out(m: LocalMeasure) -> MeasureOut:
    return MeasureOut(
        id=m.pk,
        code=m.code,
        title=m.title,
        definition=m.definition,
        unit=m.unit,
        polarity=m.polarity,
        owner_agency_id=m.owner_id,
        frequency=m.frequency,
        active=m.active,
        numerator=m.numerator,
        denominator=m.denominator,
        source_system=m.source_system,
        first_collected=m.first_collected,
        agreed_by=m.agreed_by,
    )


def _measure_saved(seat: Seat, payload: MeasureIn, instance: LocalMeasure | None) -> LocalMeasure:
    """Checked by the same form as the page and saved by the same service (measure_save): the code
    unique in the partnership and not a national indicator's, the owner one of the partnership's
    agencies."""
    data: dict[str, Any] = payload.dict()
    data["owner"] = data.pop("owner_agency_id")
    if data["first_collected"] is None:
        data["first_collected"] = ""
    if not data["active"]:
        data.pop("active")  # an unticked box is absent from a form
    form = LocalMeasureForm(data, instance=instance, partnership=seat.partnership)
    if not form.is_valid():
        raise refused_form(form)
    try:
        return form.save_measure(by=seat.user)
    except ValidationError as problem:
        raise in_api_names(problem) from None


@router.get(
    f"{BASE}/measures",
    response={200: list[MeasureOut], **ERRORS},
    url_name="performance_measures",
)
@partnership_endpoint(ROOM, "view")
def measure_list(request: SeatedRequest, slug: str) -> list[MeasureOut]:
    """The partnership's locally defined measures (its data dictionary)."""
    return [_measure_out(m) for m in scoped(LocalMeasure.objects.all(), request.seat.partnership)]


@router.post(
    f"{BASE}/measures",
    response={201: MeasureOut, **BAD_INPUT},
    url_name="performance_measure_add",
)
@partnership_endpoint(ROOM, "manage")
def measure_add(request: SeatedRequest, slug: str, payload: MeasureIn) -> Any:
    """Define a local measure (business manager)."""
    return Status(201, _measure_out(_measure_saved(request.seat, payload, None)))


@router.get(
    f"{BASE}/measures/{{measure_id}}",
    response={200: MeasureOut, **ERRORS},
    url_name="performance_measure",
)
@partnership_endpoint(ROOM, "view")
def measure_detail(request: SeatedRequest, slug: str, measure_id: int) -> MeasureOut:
    return _measure_out(get_scoped_or_404(LocalMeasure.objects.all(), request.seat.partnership, pk=measure_id))


@router.put(
    f"{BASE}/measures/{{measure_id}}",
    response={200: MeasureOut, **BAD_INPUT},
    url_name="performance_measure_put",
)
@partnership_endpoint(ROOM, "manage")
def measure_edit(request: SeatedRequest, slug: str, measure_id: int, payload: MeasureIn) -> MeasureOut:
    """Change a local measure's definition (business manager); the history keeps the earlier one."""
    seat = request.seat
    measure = get_scoped_or_404(LocalMeasure.objects.all(), seat.partnership, pk=measure_id)
    return _measure_out(_measure_saved(seat, payload, measure))
