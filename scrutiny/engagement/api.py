"""The agency engagement scorecard in the API, for one reporting year (April to March)."""

from django.core.exceptions import ValidationError
from django.utils import timezone
from ninja import Router, Schema

from scrutiny.engagement.scorecard import scorecard
from scrutiny.partnerships.access import SeatedRequest, partnership_endpoint
from scrutiny.partnerships.models import reporting_year_label, reporting_year_starting
from scrutiny.web.api import ERRORS

router = Router(tags=["engagement"])


class MeasureOut(Schema):
    measure: str
    done: int
    due: int


class AgencyEngagementOut(Schema):
    agency_id: int
    agency: str
    measures: list[MeasureOut]


class ScorecardOut(Schema):
    year: str
    agencies: list[AgencyEngagementOut]


@router.get(
    "/partnerships/{slug}/engagement",
    response={200: ScorecardOut, **ERRORS},
    url_name="engagement_scorecard",
    # As the API document has always named it (after scrutiny/api/engagement.py, where it was first
    # written), so clients keep working.
)
@partnership_endpoint("engagement", "view")
def engagement(request: SeatedRequest, slug: str, year: int | None = None) -> ScorecardOut:
    """Each agency's engagement: for each measure, how many things fell due in the year (up to
    today) and how many were done on time. ``year`` is the year the reporting year starts in."""
    seat = request.seat
    today = timezone.localdate()
    chosen = year if year is not None else reporting_year_starting(today)
    if not 2000 <= chosen <= reporting_year_starting(today):
        raise ValidationError({"year": f"choose a reporting year from 2000 to {reporting_year_starting(today)}."})
    rows = scorecard(seat.partnership, chosen, today)
    return ScorecardOut(
        year=reporting_year_label(chosen),
        agencies=[
            AgencyEngagementOut(
                agency_id=row.agency.pk,
                agency=row.agency.name,
                measures=[MeasureOut(measure=label, done=t.done, due=t.due) for label, t in row.measures()],
            )
            for row in rows
        ],
    )
