"""Every open statutory clock the caller may see, across the partnership's rooms, soonest first:
the deadlines page as JSON. Each room offers its own records' clocks through the registry in
``scrutiny.clocks.deadlines``, so only records the caller may see are listed."""

from django.utils import timezone

from scrutiny.clocks.deadlines import open_clocks_for
from scrutiny.partnerships.access import SeatedRequest, partnership_endpoint
from scrutiny.reviews.api.common import ClockOut, router
from scrutiny.web.api import ERRORS


class DeadlineOut(ClockOut):
    #: The record the clock belongs to, as people know it ("Serious incident RB-2026-01").
    record: str
    #: Its page, where the person who must act does it.
    url: str


@router.get(
    "/partnerships/{slug}/deadlines",
    response={200: list[DeadlineOut], **ERRORS},
    url_name="deadlines_list",
    tags=["deadlines"],
)
@partnership_endpoint("deadlines", "view")
def deadlines(request: SeatedRequest, slug: str) -> list[DeadlineOut]:
    """Clocks still running or missed (not yet met), soonest deadline first."""
    today = timezone.localdate()
    return [
        DeadlineOut(**clock.as_dict(today), record=clock.record, url=clock.url)  # type: ignore[arg-type]
        for clock in open_clocks_for(request.seat, today)
    ]
