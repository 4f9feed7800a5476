"""Recurring learning through the API: which themes the partnership's reviews keep coming back to,
year by year (the same figures as the themes page, from ``scrutiny.reviews.themes``)."""

from ninja import Schema

from scrutiny.partnerships.access import SeatedRequest, partnership_endpoint
from scrutiny.partnerships.models import reporting_year_label
from scrutiny.reviews.api.common import BASE, router
from scrutiny.reviews.models import ROOM
from scrutiny.reviews.themes import theme_recurrence
from scrutiny.web.api import ERRORS


class YearCountOut(Schema):
    #: The reporting year, by the calendar year it starts (2024 is 2024-25).
    year: int
    year_label: str
    count: int


class ThemeRecurrenceOut(Schema):
    theme_id: int
    code: str
    label: str
    group: str
    #: Learning points tagged with the theme, per reporting year in which they were agreed.
    counts: list[YearCountOut]
    total: int
    #: How many different reviews the learning came from.
    reviews: int
    #: In two or more reviews, or two or more reporting years.
    recurring: bool


@router.get(
    f"{BASE}/themes",
    response={200: list[ThemeRecurrenceOut], **ERRORS},
    url_name="reviews_themes",
)
@partnership_endpoint(ROOM, "view")
def theme_recurrence_list(request: SeatedRequest, slug: str) -> list[ThemeRecurrenceOut]:
    """Each theme the learning is tagged with: recurring themes first, then the most raised."""
    return [
        ThemeRecurrenceOut(
            theme_id=row.pk,
            code=row.code,
            label=row.label,
            group=row.group,
            counts=[
                YearCountOut(year=year, year_label=reporting_year_label(year), count=count)
                for year, count in row.counts.items()
            ],
            total=row.total,
            reviews=row.reviews,
            recurring=row.recurring,
        )
        for row in theme_recurrence(request.seat.partnership)
    ]
