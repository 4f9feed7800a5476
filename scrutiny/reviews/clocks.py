"""The reviews room's statutory clocks, for the deadlines page, its calendar feed and the home page.

Every clock comes from a record's own ``clocks()``, so the deadlines shown here are the ones the
record's page shows. An agency's internal deadline for its rapid review contribution is offered
only to that agency's own people: an agency contributor sees nothing else of the room.
"""

from __future__ import annotations

from django.urls import reverse

from scrutiny.clocks.tracking import Clock, sharing_partnership
from scrutiny.partnerships.access import Seat
from scrutiny.partnerships.models import Partnership
from scrutiny.partnerships.scoping import only_their_agency
from scrutiny.reviews.models import (
    ROOM,
    AgencyContribution,
    ContributionStatus,
    Lcspr,
    LearningPoint,
    RapidReview,
    SeriousIncident,
)

#: The rule behind an agency's internal deadline for its rapid review contribution.
CONTRIBUTION_RULE = "rapid-review-agency-contribution"


def record_clocks(partnership: Partnership) -> list[Clock]:
    """Every clock of every incident, rapid review, LCSPR and recommendation of the partnership,
    met or not. A handful of queries however many records there are."""
    incidents = SeriousIncident.objects.filter(partnership=partnership)
    rapid_reviews = RapidReview.objects.filter(partnership=partnership).select_related("incident")
    lcsprs = Lcspr.objects.filter(partnership=partnership)
    recommendations = LearningPoint.objects.filter(partnership=partnership, applies_locally=True).recommendations()
    records: list[SeriousIncident | RapidReview | Lcspr | LearningPoint] = [
        *incidents,
        *rapid_reviews,
        *lcsprs,
        *recommendations,
    ]
    return [clock for record in sharing_partnership(records, partnership) for clock in record.clocks()]


def contribution_clock(contribution: AgencyContribution) -> Clock:
    """The internal deadline the rapid review set for one agency's contribution."""
    review = contribution.rapid_review
    return Clock(
        CONTRIBUTION_RULE,
        "Contribution to rapid review",
        start=review.incident.rapid_review_starts_on,
        met_on=contribution.submitted_on,
        deadline=contribution.due_on,
        url=reverse("contribution_detail", kwargs={"slug": review.partnership.slug, "pk": contribution.pk}),
        record=f"Rapid review {review.incident.reference}",
        partnership=review.partnership,
    )


def contributions_awaited(seat: Seat) -> list[AgencyContribution]:
    """The person's own agencies' rapid review contributions that are not yet submitted, for those
    who may write them."""
    if not seat.agency_ids or not seat.can(ROOM, "contribute"):
        return []
    found = list(
        only_their_agency(AgencyContribution.objects.filter(rapid_review__partnership=seat.partnership), seat)
        .exclude(status=ContributionStatus.SUBMITTED)
        .select_related("agency", "rapid_review__incident")
        .order_by("due_on", "pk")
    )
    sharing_partnership((contribution.rapid_review for contribution in found), seat.partnership)
    return found


def reviews_clocks(seat: Seat) -> list[Clock]:
    """The clocks this person may see: every record's clocks for those who may view the room, and
    their own agency's contribution deadlines for those who write them."""
    clocks = record_clocks(seat.partnership) if seat.can(ROOM, "view") else []
    clocks.extend(contribution_clock(contribution) for contribution in contributions_awaited(seat))
    return clocks
