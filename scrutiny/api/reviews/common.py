"""What the reviews room's endpoints share: the router, the clock representation, bad-input
errors that name the field, and the checks every write goes through before it saves."""

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.forms import BaseForm
from django.http import HttpRequest
from ninja import Router, Schema

from scrutiny.clocks.holidays import OutsideHolidayData
from scrutiny.clocks.tracking import Clock
from scrutiny.frameworks.models import Theme
from scrutiny.partnerships.access import Seat
from scrutiny.partnerships.models import REPORTING_YEAR_START_MONTH, Partnership
from scrutiny.partnerships.scoping import scoped
from scrutiny.web.api import ERRORS, ErrorOut

router = Router(tags=["reviews"])
WRITE_ERRORS: dict[int, Any] = {**ERRORS, 400: ErrorOut, 422: ErrorOut}
BASE = "/partnerships/{slug}/reviews"


class BadInputError(ValueError):
    """Bad input a person can act on: answered 400 with the reason (see scrutiny.api.urls)."""


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


def seat_of(request: HttpRequest) -> Seat:
    return request.seat  # type: ignore[attr-defined,no-any-return]


def problem_text(error: ValidationError, names: Mapping[str, str] | None = None) -> str:
    """Every message of ``error`` as one line, each after the API field it is about (``names``
    maps a model field to the API's name for it, such as notifying_area to notifying_area_id)."""
    if not hasattr(error, "error_dict"):
        return " ".join(error.messages)
    parts: list[str] = []
    for field, messages in error.message_dict.items():
        where = "" if field == "__all__" else f"{(names or {}).get(field, field)}: "
        parts.extend(f"{where}{message}" for message in messages)
    return "; ".join(parts)


def form_problems(form: BaseForm, names: Mapping[str, str] | None = None) -> str:
    parts: list[str] = []
    for field, errors in form.errors.items():
        where = "" if field == "__all__" else f"{(names or {}).get(field, field)}: "
        parts.extend(f"{where}{error}" for error in errors)
    return "; ".join(parts)


def validated(form: BaseForm, names: Mapping[str, str] | None = None) -> None:
    if not form.is_valid():
        raise BadInputError(form_problems(form, names))


def checked(record: models.Model, names: Mapping[str, str] | None = None, *, exclude: list[str] | None = None) -> None:
    """``full_clean()``, its messages answered 400 naming each field. A date the working-day
    calendar does not cover is bad input too, said as such rather than as a failure."""
    try:
        record.full_clean(exclude=exclude)
    except ValidationError as error:
        raise BadInputError(problem_text(error, names)) from None
    except OutsideHolidayData as error:
        raise BadInputError(f"Check the dates: working days cannot be counted for them ({error}).") from None


def save_as(record: models.Model, user: Any) -> None:
    """Save with the person named in the History tab."""
    record._history_user = user  # type: ignore[attr-defined]
    record.save()


def apply(record: models.Model, changes: Mapping[str, Any]) -> None:
    """Set each changed field on ``record`` (not saved). Text is stripped, as the forms do, and
    null clears it; null for a field that cannot be empty is refused (400)."""
    for name, value in changes.items():
        field = record._meta.get_field(name)
        if value is None and not field.null:
            if not isinstance(field, models.CharField | models.TextField):
                raise BadInputError(f"{name}: cannot be null.")
            value = ""
        setattr(record, name, value.strip() if isinstance(value, str) else value)


def chosen[M: models.Model](allowed: models.QuerySet[M], ids: Iterable[int], field: str) -> list[M]:
    """The records of ``allowed`` with these ids, in the order given, refused (400, naming
    ``field``) where any is not among them."""
    wanted = list(dict.fromkeys(ids))
    found = allowed.in_bulk(wanted)
    missing = [str(pk) for pk in wanted if pk not in found]
    if missing:
        raise BadInputError(f"{field}: {', '.join(missing)} is not one of this partnership's.")
    return [found[pk] for pk in wanted]


def scoped_ids[M: models.Model](
    model: type[M] | models.QuerySet[M], partnership: Partnership, ids: Iterable[int], field: str
) -> list[M]:
    """The partnership's records with these ids (another partnership's is refused with 400)."""
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
