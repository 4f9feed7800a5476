"""The indicator catalogue, a year's figures for one of the partnership's local authorities (the
same as `scrutiny indicators show`) and each indicator's years."""

from typing import Any

from django.http import Http404
from ninja import Schema

from scrutiny.partnerships.access import SeatedRequest, partnership_endpoint
from scrutiny.performance.api.common import BAD_INPUT, BASE, la_of, router
from scrutiny.performance.catalogue import Indicator, catalogue, indicator
from scrutiny.performance.figures import year_figures
from scrutiny.performance.models import ROOM, IndicatorValue
from scrutiny.web.api import ERRORS


class IndicatorOut(Schema):
    code: str
    number: str
    title: str
    family: str
    kind: str
    polarity: str
    unit: str
    unit_label: str
    source: str
    definition: str
    numerator: str
    denominator: str
    to_verify: list[str]
    england_2025: str


class FigureOut(Schema):
    value: float | None
    numerator: int | None
    denominator: int | None
    status: str
    reason: str | None
    dimensions: dict[str, dict[str, Any]] | None = None


class FiguresOut(Schema):
    partnership: str
    year: int
    la: str
    indicators: dict[str, FigureOut]


class YearValueOut(Schema):
    year: int
    dimension: str
    value: float | None
    numerator: int | None
    denominator: int | None
    status: str
    reason: str | None
    note: str
    import_id: int


class IndicatorYearsOut(IndicatorOut):
    la: str
    years: list[YearValueOut]


def _indicator_out(item: Indicator) -> dict[str, Any]:
    return {
        "code": item.code,
        "number": item.number,
        "title": item.title,
        "family": item.family,
        "kind": item.kind,
        "polarity": item.polarity,
        "unit": item.unit,
        "unit_label": item.unit_label,
        "source": item.source,
        "definition": item.definition,
        "numerator": item.numerator,
        "denominator": item.denominator,
        "to_verify": list(item.to_verify),
        "england_2025": item.england_2025,
    }


@router.get(
    f"{BASE}/indicators",
    response={200: list[IndicatorOut], **ERRORS},
    url_name="performance_indicators",
)
@partnership_endpoint(ROOM, "view")
def indicator_list(request: SeatedRequest, slug: str) -> list[dict[str, Any]]:
    """The indicator catalogue: every national indicator (codes as DfE's definitions name them)
    and the suggested local measures."""
    return [_indicator_out(item) for item in catalogue().values()]


@router.get(
    f"{BASE}/indicators/{{code}}",
    response={200: IndicatorYearsOut, **BAD_INPUT},
    url_name="performance_indicator",
)
@partnership_endpoint(ROOM, "view")
def indicator_detail(request: SeatedRequest, slug: str, code: str, la: str | None = None) -> dict[str, Any]:
    """One indicator's definition and its value in each imported year for one of the partnership's
    local authorities (``la``: its DfE 3-digit or ONS code; needed only where it covers several)."""
    seat = request.seat
    item = indicator(code)
    if item is None:
        raise Http404
    area = la_of(seat, la)
    values = IndicatorValue.objects.current_for(seat.partnership, area).filter(code=code)
    return {
        **_indicator_out(item),
        "la": area.old_la_code or area.code,
        "years": [
            {
                "year": value.source.year,
                "dimension": value.dimension,
                "value": value.value,
                "numerator": value.numerator,
                "denominator": value.denominator,
                "status": value.status,
                "reason": value.reason or None,
                "note": value.note,
                "import_id": value.source_id,
            }
            for value in values.order_by("-source__year", "dimension")
        ],
    }


@router.get(
    f"{BASE}/figures",
    response={200: FiguresOut, **BAD_INPUT},
    url_name="performance_figures",
)
@partnership_endpoint(ROOM, "view")
def figures(request: SeatedRequest, slug: str, year: int, la: str | None = None) -> dict[str, Any]:
    """Every national indicator for reporting ``year`` (labelled by the year it ends: 2025 is
    2024-25), as `scrutiny indicators show` prints it: value, numerator, denominator, status
    ("computed" or "not computed") and the reason when not computed."""
    seat = request.seat
    area = la_of(seat, la)
    return {
        "partnership": seat.partnership.slug,
        "year": year,
        "la": area.old_la_code or area.code,
        "indicators": year_figures(seat.partnership, area, year),
    }
