"""Saving the room's records as a person records or changes them: serious incidents, LCSPRs and
their milestones, national reviews, learning points and learning products.

The pages and the API call these same functions. The page's form or the API's fields put the new
values on the record; the function here checks it against the model's own rules and the room's,
then saves it with the person named in its History, and its links to other records, all or
nothing. When refused it raises ``ValidationError`` naming the field and saves nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction

from scrutiny.clocks.holidays import OutsideHolidayData
from scrutiny.frameworks.models import Theme
from scrutiny.partnerships.history import save_by
from scrutiny.partnerships.models import Agency
from scrutiny.reviews.following_up import kind_change_problem
from scrutiny.reviews.models import (
    Lcspr,
    LcsprMilestone,
    LearningPoint,
    LearningProduct,
    NationalReview,
    SeriousIncident,
)


def checked(record: models.Model) -> None:
    """``full_clean()``, with a date the working-day calendar cannot judge refused as bad input
    rather than failing."""
    try:
        record.full_clean()
    except OutsideHolidayData as error:
        raise ValidationError(f"Working days cannot be counted for this date: {error}.") from None


def _saved[M: models.Model](record: M, by: Any, links: Mapping[str, Iterable[models.Model] | None] | None = None) -> M:
    """Check ``record``, then save it and set each of its ``links`` given (a many-to-many field's
    name to the records it now links to; None leaves it as it is), in one transaction."""
    checked(record)
    with transaction.atomic():
        save_by(record, by)
        for name, chosen in (links or {}).items():
            if chosen is not None:
                getattr(record, name).set(chosen)
    return record


def incident_save(
    *,
    incident: SeriousIncident,
    by: Any,
    agencies: Iterable[Agency] | None = None,
    themes: Iterable[Theme] | None = None,
) -> SeriousIncident:
    """Record a serious incident, or save changes to one, with the agencies involved and its
    themes where given. Its form has checked the reference and the areas; the model checks the
    dates against the notification clocks and that a late date has its reason."""
    return _saved(incident, by, {"agencies": agencies, "themes": themes})


def lcspr_save(*, lcspr: Lcspr, by: Any) -> Lcspr:
    """Commission an LCSPR, or save changes to it (its reviewer, report dates, publication): dates
    in the wrong order, a late date without its reason or publication without an address are
    refused by the model's checks."""
    return _saved(lcspr, by)


def milestone_save(*, milestone: LcsprMilestone, by: Any) -> LcsprMilestone:
    """Add or change a point at which the partners check an LCSPR's timeliness and quality
    (concerns about quality need a note)."""
    return _saved(milestone, by)


def national_review_save(*, review: NationalReview, by: Any) -> NationalReview:
    """Record a national review the partnership has to consider, or save when it considered it and
    its response."""
    return _saved(review, by)


def learning_point_save(
    *,
    point: LearningPoint,
    by: Any,
    themes: Iterable[Theme] | None = None,
    agencies: Iterable[Agency] | None = None,
) -> LearningPoint:
    """Record a finding or recommendation of a review, or save changes to it, with its themes and
    agencies where given. A national review's recommendation says whether it applies locally and,
    if not, why (the local response). A recommendation with actions stays a recommendation."""
    if problem := kind_change_problem(point):
        raise ValidationError({"kind": problem})
    if point._state.adding and point.created_by_id is None:
        point.created_by = by
    return _saved(point, by, {"themes": themes, "agencies": agencies})


def learning_product_save(
    *,
    product: LearningProduct,
    by: Any,
    agencies_reached: Iterable[Agency] | None = None,
    learning_points: Iterable[LearningPoint] | None = None,
) -> LearningProduct:
    """Record a briefing, event or course once delivered, or save changes to it, with the agencies
    it reached and the learning it shared where given."""
    if product.people_reached is not None and product.people_reached < 0:
        raise ValidationError({"people_reached": "The number of people cannot be negative."})
    if product._state.adding and product.created_by_id is None:
        product.created_by = by
    return _saved(product, by, {"agencies_reached": agencies_reached, "learning_points": learning_points})
