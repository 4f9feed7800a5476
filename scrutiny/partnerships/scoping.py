"""The one scoping helper: every list and lookup of partnership data goes through here.

Partnership-owned models have a ``partnership`` field. Shared reference records (agencies, areas)
name the path to a partnership through their links in ``partnership_scope``. An object of another
partnership is not found (404), never forbidden, so its existence is not revealed.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.http import Http404

from scrutiny.partnerships.models import Partnership


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
