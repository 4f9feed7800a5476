"""What every page of the audits room shares: the seat, and (from scrutiny.forms_govuk) the one
generic form page and the helper that puts a workflow's refusal onto a form."""

from __future__ import annotations

from django.http import HttpRequest

from scrutiny.forms_govuk import errors_onto, form_page
from scrutiny.partnerships.access import Seat

__all__ = ["errors_onto", "form_page", "seat_of"]


def seat_of(request: HttpRequest) -> Seat:
    seat: Seat = request.seat  # type: ignore[attr-defined]
    return seat
