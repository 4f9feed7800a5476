"""Locally defined measures (indicators.md §5): the rules a measure's definition keeps, and the
one way to save it, used by the pages and the API alike.

Each rule raises a ``ValidationError`` naming the field, with a message that says what to do.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from scrutiny.partnerships.history import save_by
from scrutiny.partnerships.models import PartnershipAgency
from scrutiny.performance.catalogue import catalogue
from scrutiny.performance.models import LocalMeasure


def code_free_in_partnership(partnership_id: int, code: str, measure_id: int | None) -> None:
    """A measure's code is unique in its partnership: returns, templates and charts find the
    measure by it."""
    taken = LocalMeasure.objects.filter(partnership_id=partnership_id, code=code)
    if measure_id is not None:
        taken = taken.exclude(pk=measure_id)
    if taken.exists():
        raise ValidationError({"code": "The partnership already has a measure with this code."})


def code_not_national(code: str) -> None:
    """A local measure never takes a national indicator's code: those figures are computed from
    the statutory returns, not returned by agencies."""
    found = catalogue().get(code)
    if found is not None and found.kind != "local":
        raise ValidationError({"code": "This is a national indicator's code, computed from the returns."})


def owner_works_with_partnership(agency_id: int, partnership_id: int) -> None:
    """A measure is supplied by an agency that works with the partnership."""
    if not PartnershipAgency.objects.filter(agency_id=agency_id, partnership_id=partnership_id).exists():
        raise ValidationError({"owner": "Choose an agency that works with this partnership."})


def measure_code_rules(partnership_id: int, code: str, measure_id: int | None) -> None:
    """Both rules of a measure's code, for a form that checks them beside its other fields."""
    code_free_in_partnership(partnership_id, code, measure_id)
    code_not_national(code)


def measure_save(*, measure: LocalMeasure, by: Any) -> LocalMeasure:
    """Define a local measure, or change its definition: its code checked against the
    partnership's other measures and the national indicators, its owner one of the partnership's
    agencies. The history keeps the earlier definition and who changed it."""
    measure.code = measure.code.strip()
    measure_code_rules(measure.partnership_id, measure.code, measure.pk)
    owner_works_with_partnership(measure.owner_id, measure.partnership_id)
    measure.full_clean()
    with transaction.atomic():
        save_by(measure, by)
    return measure
