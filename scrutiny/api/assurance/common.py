"""What the assurance room's endpoints share: the router, bad-input errors and form validation."""

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import HttpRequest
from ninja import Router

from scrutiny.assurance.models.findings import SUPPORTS
from scrutiny.evidence.models import EvidenceLink
from scrutiny.partnerships.access import Seat
from scrutiny.web.api import ERRORS, ErrorOut

router = Router(tags=["assurance"])
WRITE_ERRORS: dict[int, Any] = {**ERRORS, 400: ErrorOut, 422: ErrorOut}
BASE = "/partnerships/{slug}/assurance"


class BadInputError(ValueError):
    """Bad input a person can act on: answered 400 with the reason (see scrutiny.api.urls)."""


def seat_of(request: HttpRequest) -> Seat:
    return request.seat  # type: ignore[attr-defined,no-any-return]


def form_problems(form: BaseForm) -> str:
    """Every error of the form, as one line naming the fields."""
    parts: list[str] = []
    for field, errors in form.errors.items():
        where = "" if field == "__all__" else f"{field}: "
        parts.extend(f"{where}{error}" for error in errors)
    return "; ".join(parts)


def validated(form: BaseForm) -> None:
    if not form.is_valid():
        raise BadInputError(form_problems(form))


def problem_text(error: ValidationError) -> str:
    return " ".join(error.messages)


def linked_evidence_ids(model: Any, objects: list[Any]) -> dict[int, list[int]]:
    links = EvidenceLink.objects.filter(
        content_type=ContentType.objects.get_for_model(model), object_id__in=[o.pk for o in objects], purpose=SUPPORTS
    ).order_by("evidence_id")
    ids: dict[int, list[int]] = {o.pk: [] for o in objects}
    for link in links:
        ids[link.object_id].append(link.evidence_id)
    return ids
