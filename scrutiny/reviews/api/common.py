"""What the reviews room's endpoints share: the router, the clock representation, the API's names
for the fields a refusal names, and turning the fields sent into the records they name.

Endpoints refuse input with Django's ``ValidationError`` (field to message), as the room's
workflows do; the API answers it 400 once for every endpoint (``scrutiny.web.api.refusal``)."""

from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.forms import BaseForm
from ninja import Router, Schema

from scrutiny.clocks.tracking import Clock
from scrutiny.frameworks.models import Theme
from scrutiny.partnerships.models import REPORTING_YEAR_START_MONTH, Partnership
from scrutiny.partnerships.scoping import scoped
from scrutiny.web.api import REFUSALS, ErrorOut, renamed

router = Router(tags=["reviews"])
#: Refused input (400), and a body that does not fit the schema (422).
WRITE_ERRORS: dict[int, Any] = {**REFUSALS, 422: ErrorOut}
BASE = "/partnerships/{slug}/reviews"


class ClockOut(Schema):
    """One statutory clock of a record, as ``Clock.as_dict`` gives it."""

    rule: str
    title: str
    label: str
    #: The event the clock runs from, from the catalogue; ``start`` is empty until it happens.
    starts: str
    start: date | None
    due: date | None
    met_on: date | None
    status: str
    late_reason: str
    verified: bool
    #: Whether the length is the partnership's own, set for a clock not yet confirmed.
    set_by_partnership: bool


def clocks_out(clocks: Iterable[Clock], today: date) -> list[ClockOut]:
    return [ClockOut(**clock.as_dict(today)) for clock in clocks]  # type: ignore[arg-type]


@contextmanager
def api_names(names: Mapping[str, str]) -> Iterator[None]:
    """A refusal from within, with each field it names called as the API calls it (``names``
    maps a model's or a form's field to the API's, such as notifying_area to notifying_area_id)."""
    try:
        yield
    except ValidationError as error:
        raise renamed(error, dict(names)) from None


def valid(form: BaseForm) -> None:
    """Refuse what the form refuses, each message under the form's field name."""
    if not form.is_valid():
        raise ValidationError(form.errors.as_data())


def changes_of(payload: Schema) -> dict[str, Any]:
    """The fields a PATCH sent; refused where it sent none."""
    changes = payload.dict(exclude_unset=True)
    if not changes:
        raise ValidationError("Send at least one field to change.")
    return changes


def apply(record: models.Model, changes: Mapping[str, Any]) -> None:
    """Set each changed field on ``record`` (not saved). Text is stripped, as the forms do, and
    null clears it; null for a field that cannot be empty is refused."""
    for name, value in changes.items():
        field = record._meta.get_field(name)
        if value is None and not field.null:
            if not isinstance(field, models.CharField | models.TextField):
                raise ValidationError({name: "cannot be null."})
            value = ""
        setattr(record, name, value.strip() if isinstance(value, str) else value)


def chosen[M: models.Model](allowed: models.QuerySet[M], ids: Iterable[int], field: str) -> list[M]:
    """The records of ``allowed`` with these ids, in the order given, refused (naming ``field``)
    where any is not among them."""
    wanted = list(dict.fromkeys(ids))
    found = allowed.in_bulk(wanted)
    missing = [str(pk) for pk in wanted if pk not in found]
    if missing:
        raise ValidationError({field: f"{', '.join(missing)} is not one of this partnership's."})
    return [found[pk] for pk in wanted]


def scoped_ids[M: models.Model](
    model: type[M] | models.QuerySet[M], partnership: Partnership, ids: Iterable[int], field: str
) -> list[M]:
    """The partnership's records with these ids (another partnership's is refused)."""
    return chosen(scoped(model, partnership), ids, field)


def scoped_id[M: models.Model](
    model: type[M] | models.QuerySet[M], partnership: Partnership, pk: int | None, field: str
) -> M | None:
    return scoped_ids(model, partnership, [pk], field)[0] if pk is not None else None


def themes_for(
    partnership: Partnership, ids: Iterable[int], *, keep: Iterable[int] = (), field: str = "theme_ids"
) -> list[Theme]:
    """Themes of the shipped taxonomy or the partnership's own priorities that are still offered;
    a retired theme only where it already tags the record (``keep``), as the forms allow."""
    offered = Theme.objects.available_to(partnership).offered()
    allowed = Theme.objects.filter(models.Q(pk__in=offered) | models.Q(pk__in=list(keep)))
    return chosen(allowed, ids, field)


def in_reporting_year(field: str, year: int) -> dict[str, date]:
    """Filter arguments for ``field`` falling in the reporting year starting 1 April ``year``."""
    return {
        f"{field}__gte": date(year, REPORTING_YEAR_START_MONTH, 1),
        f"{field}__lt": date(year + 1, REPORTING_YEAR_START_MONTH, 1),
    }
