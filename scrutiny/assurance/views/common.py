"""What every page of the room shares: the seat, the year asked for and the room's name."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone

from scrutiny.partnerships.access import Seat
from scrutiny.partnerships.models import reporting_year_label, reporting_year_starting

ROOM = "assurance"
ADMIN_ROOM = "assurance_admin"


def seat_of(request: HttpRequest) -> Seat:
    return request.seat  # type: ignore[attr-defined,no-any-return]


def current_year() -> int:
    return reporting_year_starting(timezone.localdate())


def year_asked(request: HttpRequest) -> int:
    """The reporting year in ?year=, or the current one where it is missing or not a year."""
    raw = request.GET.get("year", "")
    return int(raw) if raw.isdigit() and 2000 <= int(raw) <= 2100 else current_year()


def year_choices(selected: int) -> list[dict[str, object]]:
    """The years offered by a page's year switcher: three back, one forward."""
    now = current_year()
    return [
        {"value": y, "label": reporting_year_label(y), "selected": y == selected} for y in range(now + 1, now - 4, -1)
    ]
