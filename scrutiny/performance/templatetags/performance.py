"""Showing a figure as its unit is written: a rate to 1 decimal place, a percentage with %."""

from __future__ import annotations

from django import template

from scrutiny.performance.catalogue import Indicator, indicator

register = template.Library()


@register.filter
def figure(value: float | None, item: Indicator | None) -> str:
    if value is None:
        return "—"
    unit = item.unit if item else ""
    if unit == "percent":
        return f"{value:,.1f}%"
    if unit == "days":
        return f"{value:,.0f} days"
    if unit == "count":
        return f"{value:,.0f}"
    return f"{value:,.1f}"


@register.filter
def signed(value: float | None) -> str:
    if value is None:
        return "—"
    if value == 0:
        return "no change"
    return f"{value:+,.1f}"


@register.filter
def count(value: int | None) -> str:
    return "—" if value is None else f"{value:,}"


@register.filter
def return_status(submission: object, today: object = None) -> tuple[str, str]:
    """(label, tag colour) of an agency's return."""
    from datetime import date

    from scrutiny.performance.agency_returns import submission_status
    from scrutiny.performance.models import AgencySubmission

    assert isinstance(submission, AgencySubmission)
    return submission_status(submission, today if isinstance(today, date) else None)


@register.filter
def indicator_title(code: str) -> str:
    """An indicator's title from its code (the code itself where the catalogue has none)."""
    item = indicator(code)
    return item.title if item else code
