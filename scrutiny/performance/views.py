"""The performance room's pages: the dashboard of a year's figures, each indicator's page with
its definition and its years, and the imports of returns."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from matplotlib.figure import Figure

from scrutiny.forms_govuk import errors_onto
from scrutiny.partnerships.access import Seat, SeatedRequest, partnership_view
from scrutiny.partnerships.history import entries_for
from scrutiny.partnerships.models import Area, reporting_year_label
from scrutiny.partnerships.scoping import get_scoped_or_404, scoped
from scrutiny.performance.benchmarks import comparison, comparison_over_years, factor_code
from scrutiny.performance.catalogue import FAMILY_LABELS, Indicator, catalogue, indicator
from scrutiny.performance.charts import png, svg, xmr_figure
from scrutiny.performance.figures import partnership_las
from scrutiny.performance.forms import ReturnUploadForm
from scrutiny.performance.models import ROOM, BenchmarkValue, IndicatorValue, ReturnImport, ReturnUpload
from scrutiny.performance.rules import RULE_HELP, counting_rules
from scrutiny.performance.spc import XmR, xmr

#: Which configurable counting rule touches which indicator, for the indicator's page.
RULES_BY_CODE = {
    "cin.rereferrals_12m_pct": ["rereferral_window_inclusive"],
    "cin.cin_at31_per_10k": ["closing_on_31_march_is_open"],
    "cp.plans_at31_per_10k": ["closing_on_31_march_is_open"],
    "cp.plans_2y_plus_at31_pct": ["closing_on_31_march_is_open"],
    "cin.assessments_45wd_pct": ["assessment_clock_start"],
    "cla.placements_3plus_pct": ["placement_ending_on_its_start_day_is_under_24h"],
}
#: A factor DfE publishes nothing for.
NO_BENCHMARK: dict[str, Any] = {"england": None, "region": None, "sn_median": None}
#: Indicators whose computation keeps more than aggregates, and what it keeps.
KEPT_BEYOND_AGGREGATES = {
    "cin.rereferrals_12m_pct": (
        "To look back 12 months across census years, Scrutiny keeps, for each referral of the year, a salted "
        "hash of the child's ID and the referral date, and nothing else about the child. The salt is this "
        "partnership's own secret, so the hashes cannot be matched with any other system. They are deleted "
        "when the year's import is replaced."
    )
}


def _area(request: HttpRequest, areas: list[Area]) -> Area | None:
    wanted = request.GET.get("la", "")
    for area in areas:
        if wanted in {area.old_la_code, area.code}:
            return area
    return areas[0] if areas else None


def _imports(seat: Seat) -> Any:
    return scoped(ReturnImport.objects.all(), seat.partnership).select_related("area", "imported_by")


def series(values: dict[int, dict[str, IndicatorValue]], code: str) -> list[tuple[str, float]]:
    """An indicator's computed values, oldest first, labelled by reporting year."""
    return [
        (reporting_year_label(year - 1), value.value)
        for year in sorted(values)
        if (value := values[year].get(code)) is not None and value.value is not None
    ]


def reading_for(item: Indicator, points: list[tuple[str, float]]) -> XmR | None:
    return xmr(points, item.polarity)


@dataclass
class Row:
    indicator: Indicator
    value: IndicatorValue | None
    previous: IndicatorValue | None
    reading: XmR | None = None

    @property
    def change(self) -> float | None:
        if self.value is None or self.previous is None or self.value.value is None or self.previous.value is None:
            return None
        return round(self.value.value - self.previous.value, 1)


def _values_by_year(seat: Seat, area: Area) -> dict[int, dict[str, IndicatorValue]]:
    values = IndicatorValue.objects.current_for(seat.partnership, area).filter(dimension="")
    found: dict[int, dict[str, IndicatorValue]] = {}
    for value in values:
        found.setdefault(value.source.year, {})[value.code] = value
    return found


@partnership_view(ROOM, "view")
def performance_home(request: SeatedRequest) -> HttpResponse:
    seat = request.seat
    areas = partnership_las(seat.partnership)
    area = _area(request, areas)
    by_year = _values_by_year(seat, area) if area else {}
    years = sorted(by_year, reverse=True)
    raw = request.GET.get("year", "")
    year = int(raw) if raw.isdigit() and int(raw) in by_year else (years[0] if years else None)
    families: list[dict[str, Any]] = []
    if year is not None:
        this, last = by_year.get(year, {}), by_year.get(year - 1, {})
        for family, label in FAMILY_LABELS.items():
            rows = [
                Row(item, this.get(code), last.get(code), reading_for(item, series(by_year, code)))
                for code, item in catalogue().items()
                if item.family == family and item.kind != "local" and (code in this or item.source == "cin")
            ]
            if rows:
                families.append({"label": label, "rows": rows})
    return render(
        request,
        "performance/home.html",
        {
            "areas": areas,
            "area": area,
            "year": year,
            "year_label": reporting_year_label(year - 1) if year else "",
            "years": [(each, reporting_year_label(each - 1)) for each in years],
            "families": families,
            "imports": _imports(seat).current().filter(area=area)[:6] if area else [],
            # The data-quality summary of the year's imports, shown beside their figures.
            "year_imports": _imports(seat).current().filter(area=area, year=year) if area and year else [],
            "refused_above_pct": settings.SCRUTINY_CIN_MAX_CHILDREN_WITH_PROBLEMS_PERCENT,
            "can_manage": seat.can(ROOM, "manage"),
        },
    )


@partnership_view(ROOM, "view")
def indicator_list(request: SeatedRequest) -> HttpResponse:
    """The whole catalogue, by family: what each indicator is and where it comes from."""
    families = [
        {"label": label, "items": [item for item in catalogue().values() if item.family == family]}
        for family, label in FAMILY_LABELS.items()
    ]
    return render(request, "performance/indicator_list.html", {"families": [f for f in families if f["items"]]})


def _factor_benchmarks(
    code: str, area: Area | None, year: int | None, dimensions: list[IndicatorValue]
) -> tuple[int | None, dict[str, dict[str, Any]]]:
    """DfE's per-factor figures beside the LA's own, for the imported year or, where DfE has not
    published it yet, its latest year."""
    if not dimensions or area is None or not area.old_la_code:
        return None, {}
    codes = [factor_code(code, value.dimension) for value in dimensions]
    published = set(BenchmarkValue.objects.filter(code__in=codes, level="national").values_list("year", flat=True))
    chosen = year if year in published else max(published, default=None)
    return chosen, comparison(area.old_la_code, chosen, codes) if chosen else {}


@partnership_view(ROOM, "view")
def indicator_detail(request: SeatedRequest, code: str) -> HttpResponse:
    seat = request.seat
    item = indicator(code)
    if item is None:
        raise Http404(f"No indicator {code}.")
    areas = partnership_las(seat.partnership)
    area = _area(request, areas)
    values = (
        list(
            IndicatorValue.objects.current_for(seat.partnership, area)
            .filter(code=code)
            .order_by("-source__year", "dimension")
        )
        if area
        else []
    )
    years = [value for value in values if not value.dimension]
    latest_year = years[0].source.year if years else None
    dimensions = [value for value in values if value.dimension and value.source.year == latest_year]
    bench_year, by_factor = _factor_benchmarks(code, area, latest_year, dimensions)
    rules = counting_rules()
    points = [(value.source.year_label, value.value) for value in reversed(years) if value.value is not None]
    reading = reading_for(item, points)
    return render(
        request,
        "performance/indicator_detail.html",
        {
            "item": item,
            "areas": areas,
            "area": area,
            "years": years,
            "dimensions": [
                (
                    item.factor_label(value.dimension),
                    value,
                    by_factor.get(factor_code(code, value.dimension), NO_BENCHMARK),
                )
                for value in dimensions
            ],
            "factor_bench_year": reporting_year_label(bench_year - 1) if bench_year else "",
            "latest_year": latest_year,
            "rules": [(RULE_HELP[name], getattr(rules, name)) for name in RULES_BY_CODE.get(code, [])],
            "kept": KEPT_BEYOND_AGGREGATES.get(code, ""),
            "benchmarks": comparison_over_years(area.old_la_code, code) if area and area.old_la_code else [],
            "benchmarks_loaded": BenchmarkValue.objects.exists(),
            "reading": reading,
            "summary": reading.summary(item.unit_label) if reading else "",
        },
    )


@partnership_view(ROOM, "view")
def import_list(request: SeatedRequest) -> HttpResponse:
    seat = request.seat
    return render(
        request,
        "performance/import_list.html",
        {"imports": _imports(seat), "can_manage": seat.can(ROOM, "manage")},
    )


@partnership_view(ROOM, "view")
def import_detail(request: SeatedRequest, pk: int) -> HttpResponse:
    seat = request.seat
    record: ReturnImport = get_scoped_or_404(
        _imports(seat).prefetch_related(Prefetch("values", IndicatorValue.objects.filter(dimension=""))),
        seat.partnership,
        pk=pk,
    )
    values = list(record.values.all())
    return render(
        request,
        "performance/import_detail.html",
        {
            "record": record,
            "computed": [(indicator(v.code), v) for v in values if v.status == "computed"],
            "not_computed": [(indicator(v.code), v) for v in values if v.status != "computed"],
            "refused_above_pct": settings.SCRUTINY_CIN_MAX_CHILDREN_WITH_PROBLEMS_PERCENT,
            "history": entries_for(record),
        },
    )


def _chart(request: SeatedRequest, code: str) -> tuple[Figure, str]:
    seat = request.seat
    item = indicator(code)
    area = _area(request, partnership_las(seat.partnership))
    if item is None or area is None:
        raise Http404("No such indicator or local authority.")
    by_year = _values_by_year(seat, area)
    reading = reading_for(item, series(by_year, code))
    if reading is None:
        raise Http404("Fewer than two years are computed, so there is no chart.")
    lines: dict[str, dict[str, float | None]] = {}
    if area.old_la_code:
        compared = comparison_over_years(area.old_la_code, code)
        label = {row.year: reporting_year_label(row.year - 1) for row in compared}
        lines["England"] = {label[row.year]: row.england for row in compared}
        lines["Statistical neighbours (median)"] = {label[row.year]: row.sn_median for row in compared}
    title = f"{item.title}, {area.name}"
    return xmr_figure(reading, title, lines), title


@partnership_view(ROOM, "view")
def indicator_chart_svg(request: SeatedRequest, code: str) -> HttpResponse:
    """The indicator's XmR chart as SVG, for the page (and, later, the PDF report)."""
    figure, title = _chart(request, code)
    return HttpResponse(svg(figure, title), content_type="image/svg+xml")


@partnership_view(ROOM, "view")
def indicator_chart_png(request: SeatedRequest, code: str) -> HttpResponse:
    """The same chart as PNG, for Word documents and for anyone who saves it."""
    figure, _title = _chart(request, code)
    return HttpResponse(png(figure), content_type="image/png")


@partnership_view(ROOM, "manage")
def import_upload(request: SeatedRequest) -> HttpResponse:
    """The business manager uploads a return; the task worker imports it."""
    seat = request.seat
    areas = partnership_las(seat.partnership)
    form = ReturnUploadForm(request.POST or None, request.FILES or None, areas=areas)
    if request.method == "POST" and form.is_valid():
        try:
            upload = form.create_upload(partnership=seat.partnership, user=seat.user)
        except ValidationError as problem:
            errors_onto(form, problem)
        else:
            return redirect("upload_detail", slug=seat.partnership.slug, pk=upload.pk)
    return render(
        request,
        "performance/import_upload.html",
        {"form": form, "uploads": scoped(ReturnUpload.objects.all(), seat.partnership)[:10]},
    )


@partnership_view(ROOM, "manage")
def upload_detail(request: SeatedRequest, pk: int) -> HttpResponse:
    seat = request.seat
    upload = get_scoped_or_404(ReturnUpload.objects.select_related("result"), seat.partnership, pk=pk)
    return render(request, "performance/upload_detail.html", {"upload": upload})
