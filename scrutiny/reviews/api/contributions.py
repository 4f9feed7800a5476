"""Each agency's own contribution to a rapid review, through the API: an agency contributor
reads and writes only their own agency's (another agency's is not found); those who may view the
room read every agency's. Writes go through ``contribution_save``, as the page's do."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from ninja import Schema

from scrutiny.partnerships.access import Seat, SeatedRequest, partnership_endpoint
from scrutiny.partnerships.scoping import get_scoped_or_404, scoped
from scrutiny.reviews.api.common import BASE, WRITE_ERRORS, ClockOut, clocks_out, router
from scrutiny.reviews.api.rapid_reviews import ContributionSummaryOut, contribution_summary
from scrutiny.reviews.clocks import contribution_clock
from scrutiny.reviews.models import ROOM, AgencyContribution
from scrutiny.reviews.rapid_reviewing import contribution_save
from scrutiny.web.api import ERRORS


class ContributionOut(ContributionSummaryOut):
    rapid_review_id: int
    reference: str
    involvement: str
    analysis: str
    actions_taken: str
    submitted_by_id: int | None
    #: Whether the caller may still write it (their own agency's, not yet submitted).
    can_write: bool
    #: The internal deadline the rapid review set for it.
    clocks: list[ClockOut]


class ContributionIn(Schema):
    involvement: str = ""
    analysis: str = ""
    actions_taken: str = ""
    #: Submit it (which needs the involvement and the analysis); otherwise it is saved as a draft.
    submit: bool = False


def _contributions(seat: Seat) -> Any:
    # The partnership's own clock lengths, read once for the list (scrutiny.clocks.catalogue.rule_for).
    return (
        scoped(AgencyContribution.objects.visible_to(seat), seat.partnership)
        .select_related("agency", "rapid_review__incident", "rapid_review__partnership")
        .prefetch_related("rapid_review__partnership__clock_settings")
    )


def _contribution_out(contribution: AgencyContribution, seat: Seat) -> ContributionOut:
    return ContributionOut(
        **contribution_summary(contribution, timezone.localdate()),
        rapid_review_id=contribution.rapid_review_id,
        reference=contribution.rapid_review.incident.reference,
        involvement=contribution.involvement,
        analysis=contribution.analysis,
        actions_taken=contribution.actions_taken,
        submitted_by_id=contribution.submitted_by_id,
        can_write=contribution.can_write(seat),
        clocks=clocks_out([contribution_clock(contribution)], timezone.localdate()),
    )


@router.get(
    f"{BASE}/contributions", response={200: list[ContributionOut], **ERRORS}, url_name="reviews_contribution_list"
)
@partnership_endpoint(ROOM, "contribute")
def contribution_list(request: SeatedRequest, slug: str, rapid_review_id: int | None = None) -> list[ContributionOut]:
    """Agencies' contributions to rapid reviews, soonest due first: an agency contributor sees
    only their own agency's; those who may view the room see every agency's. ``rapid_review_id``
    keeps one review's."""
    seat = request.seat
    found = _contributions(seat).order_by("due_on", "rapid_review__incident__reference", "agency__name")
    if rapid_review_id is not None:
        found = found.filter(rapid_review_id=rapid_review_id)
    return [_contribution_out(c, seat) for c in found]


@router.get(
    f"{BASE}/contributions/{{contribution_id}}",
    response={200: ContributionOut, **ERRORS},
    url_name="reviews_contribution_detail",
)
@partnership_endpoint(ROOM, "contribute")
def contribution_detail(request: SeatedRequest, slug: str, contribution_id: int) -> ContributionOut:
    """One contribution; another agency's is not found (404) for an agency contributor."""
    seat = request.seat
    return _contribution_out(get_scoped_or_404(_contributions(seat), seat.partnership, pk=contribution_id), seat)


@router.put(
    f"{BASE}/contributions/{{contribution_id}}",
    response={200: ContributionOut, **WRITE_ERRORS},
    url_name="reviews_contribution_save",
)
@partnership_endpoint(ROOM, "contribute")
def contribution_write(
    request: SeatedRequest, slug: str, contribution_id: int, payload: ContributionIn
) -> ContributionOut:
    """Save the agency's contribution as a draft, or with ``submit`` submit it. Only the agency's
    own people write it (anyone else who can see it: 403), and only until it is submitted (400)."""
    seat = request.seat
    contribution: AgencyContribution = get_scoped_or_404(_contributions(seat), seat.partnership, pk=contribution_id)
    if not seat.acts_for(contribution.agency_id):
        raise PermissionDenied(f"Only {contribution.agency}'s own people write its contribution.")
    contribution_save(
        contribution=contribution,
        involvement=payload.involvement,
        analysis=payload.analysis,
        actions_taken=payload.actions_taken,
        submit=payload.submit,
        by=request.user,
    )
    return _contribution_out(get_scoped_or_404(_contributions(seat), seat.partnership, pk=contribution.pk), seat)
