"""The one scoping helper: every list and lookup of partnership data goes through here.

Partnership-owned models have a ``partnership`` field. Shared reference records (agencies, areas)
name the path to a partnership through their links in ``partnership_scope``. An object of another
partnership is not found (404), never forbidden, so its existence is not revealed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models
from django.http import Http404

from scrutiny.partnerships.models import Partnership

if TYPE_CHECKING:
    from scrutiny.partnerships.access import Seat


def scoped[M: models.Model](source: type[M] | models.QuerySet[M], partnership: Partnership) -> models.QuerySet[M]:
    """Only the rows of ``source`` that belong to, or are linked to, ``partnership``."""
    queryset = source if isinstance(source, models.QuerySet) else source._default_manager.all()
    path = getattr(queryset.model, "partnership_scope", "partnership")
    return queryset.filter(**{path: partnership})


def get_scoped_or_404[M: models.Model](
    source: type[M] | models.QuerySet[M], partnership: Partnership, **lookup: Any
) -> M:
    try:
        return scoped(source, partnership).get(**lookup)
    except (models.ObjectDoesNotExist, ValueError, TypeError):
        raise Http404("No such record in this partnership") from None


def _crosses_many(model: type[models.Model], path: str) -> bool:
    """Whether a lookup path passes through a to-many relation, so a row may match more than once."""
    for name in path.split("__"):
        if name == "pk":
            return False
        found = model._meta.get_field(name)
        if found.many_to_many or found.one_to_many:
            return True
        if found.related_model is None:
            return False
        model = found.related_model
    return False


def only_their_agency[Q: models.QuerySet[Any]](queryset: Q, seat: Seat, field: str = "agency") -> Q:
    """Only the rows of ``queryset`` whose ``field`` (a path to an agency or partner body, or "pk" on
    agencies themselves) is one the person acts for: the one way to write "an agency contributor
    sees only their own agency's records". Whether the rule applies to a person (everyone
    partnership-wide, or whoever may view the room, sees all) stays with each room's
    ``visible_to``. Rows matched through a to-many relation come once."""
    mine = queryset.filter(**{f"{field}__in": seat.agency_ids})
    return mine.distinct() if _crosses_many(queryset.model, field) else mine
