"""What the performance room's endpoints share: the router, the answers they document, the names
the API gives some form fields, and the local authority a request is about."""

from typing import Any

from django.core.exceptions import ValidationError
from django.forms import BaseForm
from ninja import Router

from scrutiny.partnerships.access import Seat
from scrutiny.partnerships.models import Area
from scrutiny.performance.figures import AreaChoiceError, chosen_la
from scrutiny.web.api import ERRORS, ErrorOut, renamed

router = Router(tags=["performance"])
BASE = "/partnerships/{slug}/performance"
BAD_INPUT: dict[int, Any] = {**ERRORS, 400: ErrorOut, 422: ErrorOut}

#: Form fields the API names otherwise.
API_NAMES = {"owner": "owner_agency_id", "return_files": "files"}


def in_api_names(problem: ValidationError) -> ValidationError:
    """A refusal with each field named as the API names it."""
    return renamed(problem, API_NAMES)


def refused_form(form: BaseForm) -> ValidationError:
    """An invalid form's errors, as the refusal the API answers 400 with."""
    return in_api_names(ValidationError(form.errors.as_data()))


def la_of(seat: Seat, la: str | None) -> Area:
    """The partnership's local authority the request names (``la``), or its only one."""
    try:
        return chosen_la(seat.partnership, la)
    except AreaChoiceError as problem:
        raise ValidationError({"la": str(problem)}) from None
