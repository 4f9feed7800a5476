"""What the assurance room's endpoints share: the router, the answers a write may give, form
validation and the evidence IDs of records."""

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from ninja import Router

from scrutiny.assurance.models.findings import SUPPORTS
from scrutiny.evidence.models import EvidenceLink
from scrutiny.web.api import REFUSALS, ErrorOut

router = Router(tags=["assurance"])
#: A write's answers: those of any endpoint that takes input, and a body that does not match the
#: endpoint's schema (422).
WRITE_ERRORS: dict[int, Any] = {**REFUSALS, 422: ErrorOut}
BASE = "/partnerships/{slug}/assurance"


def validated(form: BaseForm) -> dict[str, Any]:
    """The form's cleaned data; where it is not valid, its errors refused as the pages refuse them
    (the API answers 400 with each field's messages)."""
    if not form.is_valid():
        raise ValidationError(form.errors.as_data())
    return form.cleaned_data


def linked_evidence_ids(model: Any, objects: list[Any]) -> dict[int, list[int]]:
    """The IDs of the evidence supporting each of ``objects`` (records of ``model``), in one query."""
    links = EvidenceLink.objects.filter(
        content_type=ContentType.objects.get_for_model(model), object_id__in=[o.pk for o in objects], purpose=SUPPORTS
    ).order_by("evidence_id")
    ids: dict[int, list[int]] = {o.pk: [] for o in objects}
    for link in links:
        ids[link.object_id].append(link.evidence_id)
    return ids
