"""The figures of a year: each indicator's value from the current import that computes it."""

from __future__ import annotations

from typing import Any

from scrutiny.figures import suppression
from scrutiny.figures.suppression import Shown
from scrutiny.partnerships.models import Area, AreaKind, Partnership
from scrutiny.performance.catalogue import SOURCE_LABELS, catalogue, computed_codes
from scrutiny.performance.models import IndicatorStatus, IndicatorValue, ReturnImport


class AreaChoiceError(ValueError):
    pass


def partnership_las(partnership: Partnership) -> list[Area]:
    return list(
        Area.objects.filter(partnership_links__partnership=partnership, kind=AreaKind.LOCAL_AUTHORITY).order_by("name")
    )


def chosen_la(partnership: Partnership, code: str | None) -> Area:
    """The partnership's local authority with DfE or ONS code ``code``; without a code, its only
    one. A partnership covering several says which it means."""
    las = partnership_las(partnership)
    if code:
        for area in las:
            if code in {area.old_la_code, area.code}:
                return area
        raise AreaChoiceError(
            f"{partnership.name} does not cover local authority {code}; it covers "
            + (", ".join(f"{area.old_la_code or area.code} ({area.name})" for area in las) or "none")
        )
    if len(las) == 1:
        return las[0]
    if not las:
        raise AreaChoiceError(f"{partnership.name} covers no local authority, so it has no returns.")
    raise AreaChoiceError(
        f"{partnership.name} covers {len(las)} local authorities; choose one with --la: "
        + ", ".join(f"{area.old_la_code or area.code} ({area.name})" for area in las)
    )


def current_values(partnership: Partnership, area: Area, year: int) -> list[IndicatorValue]:
    return list(IndicatorValue.objects.current_for(partnership, area).filter(source__year=year))


def _number(value: float | None) -> float | int | None:
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


def year_figures(partnership: Partnership, area: Area, year: int) -> dict[str, dict[str, Any]]:
    """Every national indicator and Annex A measure for the year: its value, or
    "not computed" with the reason, including when no return that computes it is imported."""
    values = current_values(partnership, area, year)
    by_code: dict[str, list[IndicatorValue]] = {}
    for value in values:
        by_code.setdefault(value.code, []).append(value)
    imported_kinds = set(
        ReturnImport.objects.current()
        .filter(partnership=partnership, area=area, year=year)
        .values_list("kind", flat=True)
    )
    figures: dict[str, dict[str, Any]] = {}
    for code in computed_codes():
        item = catalogue()[code]
        rows = by_code.get(code, [])
        main = next((row for row in rows if not row.dimension), None)
        if main is None:
            source = SOURCE_LABELS.get(item.source, item.source)
            if item.source in {"cin", "ssda903", "annex_a"} and item.source not in imported_kinds:
                reason = f"No {source} is imported for {area.name} for this year."
            elif item.source in {"cin", "ssda903", "annex_a"}:
                reason = f"The {source} import does not compute this indicator."
            else:
                reason = f"Comes from the {source}, not from a return imported here."
            figures[code] = {
                "value": None,
                "numerator": None,
                "denominator": None,
                "status": "not computed",
                "reason": reason,
            }
            continue
        figures[code] = {
            "value": _number(main.value),
            "numerator": main.numerator,
            "denominator": main.denominator,
            "status": main.status,
            "reason": main.reason or None,
        }
        dimensions = {
            row.dimension: {
                "value": _number(row.value),
                "numerator": row.numerator,
                "denominator": row.denominator,
                "status": row.status,
                "reason": row.reason or None,
            }
            for row in rows
            if row.dimension
        }
        if dimensions:
            figures[code]["dimensions"] = dimensions
    return figures


def computed(row: dict[str, Any]) -> bool:
    return bool(row["status"] == IndicatorStatus.COMPUTED)


def published(code: str, row: dict[str, Any]) -> Shown:
    """An indicator's figure as it may be published (the yearly report, public pages): small
    counts of children withheld as ``c``, by the indicator's unit (scrutiny.figures.suppression)."""
    if row["status"] != IndicatorStatus.COMPUTED or row["value"] is None:
        return Shown(None, suppression.NOTHING)
    unit = catalogue()[code].unit
    if unit == "percent":
        return suppression.share(row["numerator"], row["denominator"], row["value"])
    if unit == "count":
        return suppression.count(int(row["value"]))
    if unit == "days":  # an average over the children counted in the denominator
        return suppression.rate(row["denominator"], row["value"])
    return suppression.rate(row["numerator"], row["value"])
