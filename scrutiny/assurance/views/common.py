"""What every page of the room shares: the year asked for and the room's name."""

from __future__ import annotations

from django.db.models import Max
from django.utils import timezone

from scrutiny.partnerships.access import SeatedRequest
from scrutiny.partnerships.models import Partnership, reporting_year_label, reporting_year_starting

ROOM = "assurance"
ADMIN_ROOM = "assurance_admin"


def current_year() -> int:
    return reporting_year_starting(timezone.localdate())


def year_asked(request: SeatedRequest) -> int:
    """The reporting year in ?year=; where it is missing or not a year, the year being worked on."""
    raw = request.GET.get("year", "")
    if raw.isdigit() and 2000 <= int(raw) <= 2100:
        return int(raw)
    return year_being_worked_on(request.seat.partnership)


def year_being_worked_on(partnership: Partnership) -> int:
    """The latest reporting year with any scrutiny recorded (until a new year's plan, findings or
    assessments start, the scrutineer is still finishing the last one: its statement is written
    after the year ends), or the current year where nothing is recorded yet."""
    from scrutiny.assurance.models import Assessment, Finding, ScrutinyActivity

    latest = [
        model.objects.filter(partnership=partnership).aggregate(latest=Max("year"))["latest"]
        for model in (Finding, Assessment, ScrutinyActivity)
    ]
    recorded = [year for year in latest if year is not None]
    return max(recorded) if recorded else current_year()


def year_choices(selected: int) -> list[dict[str, object]]:
    """The years offered by a page's year switcher: three back, one forward."""
    now = current_year()
    return [
        {"value": y, "label": reporting_year_label(y), "selected": y == selected} for y in range(now + 1, now - 4, -1)
    ]
