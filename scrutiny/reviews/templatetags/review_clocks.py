"""Template filters for showing ``Clock``s, whose status depends on the day asked about:
``{{ clock|status_on:today }}`` and ``{{ clock|needs_reason_on:today }}``."""

from __future__ import annotations

from datetime import date

from django import template

from scrutiny.clocks.tracking import Clock, ClockStatus

register = template.Library()


@register.filter
def status_on(clock: Clock, today: date) -> ClockStatus:
    return clock.status(today)


@register.filter
def needs_reason_on(clock: Clock, today: date) -> bool:
    return clock.needs_late_reason(today)
