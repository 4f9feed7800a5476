"""The performance room in the API: the indicator catalogue, a year's figures for one of the
partnership's local authorities (the same as `scrutiny indicators show`), each indicator's years,
and the imports of returns. Read-only; the same seats, matrix and scoping as the pages."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Router, Schema
from ninja.pagination import paginate

from scrutiny.api.endpoints import ERRORS, api_partnership
from scrutiny.api.schemas import ErrorOut
from scrutiny.partnerships.access import Seat
from scrutiny.partnerships.models import Area
from scrutiny.partnerships.scoping import get_scoped_or_404, scoped
from scrutiny.performance.catalogue import Indicator, catalogue, indicator
from scrutiny.performance.figures import AreaChoiceError, chosen_la, year_figures
from scrutiny.performance.models import ROOM, IndicatorValue, ReturnImport

router = Router(tags=["performance"])
BASE = "/partnerships/{slug}/performance"
BAD_INPUT: dict[int, Any] = {**ERRORS, 400: ErrorOut, 422: ErrorOut}


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


class ImportOut(Schema):
    id: int
    kind: str
    year: int
    la: str
    files: str
    sha256: str
    size: int
    records: int
    tolerated: list[str]
    status: str
    imported_by: str | None
    imported_at: datetime
    seconds: float


def _seat(request: HttpRequest) -> Seat:
    return request.seat  # type: ignore[attr-defined,no-any-return]


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


def _la(seat: Seat, la: str | None) -> Area:
    try:
        return chosen_la(seat.partnership, la)
    except AreaChoiceError as problem:
        raise ValueError(f"la: {problem}") from None


def _import_out(record: ReturnImport) -> ImportOut:
    return ImportOut(
        id=record.pk,
        kind=record.kind,
        year=record.year,
        la=record.area.old_la_code or record.area.code,
        files=record.files,
        sha256=record.sha256,
        size=record.size,
        records=record.records,
        tolerated=list(record.tolerated),
        status=record.status,
        imported_by=str(record.imported_by) if record.imported_by else None,
        imported_at=record.imported_at,
        seconds=record.seconds,
    )


@router.get(f"{BASE}/indicators", response={200: list[IndicatorOut], **ERRORS}, url_name="performance_indicators")
@api_partnership(ROOM, "view")
def indicator_list(request: HttpRequest, slug: str) -> list[dict[str, Any]]:
    """The indicator catalogue: every national indicator (codes as DfE's definitions name them)
    and the suggested local measures."""
    return [_indicator_out(item) for item in catalogue().values()]


@router.get(
    f"{BASE}/indicators/{{code}}", response={200: IndicatorYearsOut, **BAD_INPUT}, url_name="performance_indicator"
)
@api_partnership(ROOM, "view")
def indicator_detail(request: HttpRequest, slug: str, code: str, la: str | None = None) -> dict[str, Any]:
    """One indicator's definition and its value in each imported year for one of the partnership's
    local authorities (``la``: its DfE 3-digit or ONS code; needed only where it covers several)."""
    seat = _seat(request)
    item = indicator(code)
    if item is None:
        raise Http404
    area = _la(seat, la)
    values = IndicatorValue.objects.filter(
        source__partnership=seat.partnership, source__area=area, source__status="current", code=code
    ).select_related("source")
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


@router.get(f"{BASE}/figures", response={200: FiguresOut, **BAD_INPUT}, url_name="performance_figures")
@api_partnership(ROOM, "view")
def figures(request: HttpRequest, slug: str, year: int, la: str | None = None) -> dict[str, Any]:
    """Every national indicator for reporting ``year`` (labelled by the year it ends: 2025 is
    2024-25), as `scrutiny indicators show` prints it: value, numerator, denominator, status
    ("computed" or "not computed") and the reason when not computed."""
    seat = _seat(request)
    area = _la(seat, la)
    return {
        "partnership": seat.partnership.slug,
        "year": year,
        "la": area.old_la_code or area.code,
        "indicators": year_figures(seat.partnership, area, year),
    }


@router.get(f"{BASE}/imports", response={200: list[ImportOut], **ERRORS}, url_name="performance_imports")
@paginate
@api_partnership(ROOM, "view")
def import_list(request: HttpRequest, slug: str) -> list[ImportOut]:
    """Imports of returns, newest year first, current and replaced. Paginated (limit, offset)."""
    seat = _seat(request)
    records = scoped(ReturnImport.objects.all(), seat.partnership).select_related("area", "imported_by")
    return [_import_out(record) for record in records]


@router.get(f"{BASE}/imports/{{import_id}}", response={200: ImportOut, **ERRORS}, url_name="performance_import")
@api_partnership(ROOM, "view")
def import_detail(request: HttpRequest, slug: str, import_id: int) -> ImportOut:
    seat = _seat(request)
    record = get_scoped_or_404(
        ReturnImport.objects.select_related("area", "imported_by"), seat.partnership, pk=import_id
    )
    return _import_out(record)
