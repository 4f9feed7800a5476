"""Where the "not yet confirmed" component sends those who may set a clock's length: the
partnership's clocks page, for the business manager; nowhere for anyone else."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse

from scrutiny.clocks.models import ROOM


def clock_settings(request: HttpRequest) -> dict[str, str]:
    seat = getattr(request, "seat", None)
    if seat is None or not seat.can(ROOM, "manage"):
        return {"clock_settings_url": ""}
    return {"clock_settings_url": reverse("clock_settings", kwargs={"slug": seat.partnership.slug})}
