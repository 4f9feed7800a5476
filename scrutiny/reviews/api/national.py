"""The national Panel's reviews, as the partnership considers them, through the API. Their
recommendations (with whether each applies locally) are learning points of the review. Saved by
``national_review_save``, as the pages do."""

from datetime import date
from typing import Any

from ninja import Schema
from ninja.responses import Status

from scrutiny.partnerships.access import Seat, SeatedRequest, partnership_endpoint
from scrutiny.partnerships.scoping import get_scoped_or_404, scoped
from scrutiny.reviews.api.common import BASE, WRITE_ERRORS, apply, changes_of, router
from scrutiny.reviews.models import ROOM, NationalReview
from scrutiny.reviews.recording import national_review_save
from scrutiny.web.api import ERRORS


class NationalReviewOut(Schema):
    id: int
    title: str
    published_on: date
    #: The reporting year (starting 1 April) of the Panel's publication.
    year: int
    url: str
    summary: str
    considered_on: date | None
    response: str
    learning_point_ids: list[int]


class NationalReviewIn(Schema):
    title: str
    published_on: date
    url: str = ""
    summary: str = ""
    considered_on: date | None = None
    response: str = ""


class NationalReviewPatch(Schema):
    title: str | None = None
    published_on: date | None = None
    url: str | None = None
    summary: str | None = None
    considered_on: date | None = None
    response: str | None = None


def _out(review: NationalReview) -> NationalReviewOut:
    return NationalReviewOut(
        id=review.pk,
        title=review.title,
        published_on=review.published_on,
        year=review.year,
        url=review.url,
        summary=review.summary,
        considered_on=review.considered_on,
        response=review.response,
        learning_point_ids=sorted(p.pk for p in review.learning_points.all()),
    )


def _reviews(seat: Seat) -> Any:
    return scoped(NationalReview.objects.visible_to(seat), seat.partnership).prefetch_related("learning_points")


def _review(seat: Seat, national_review_id: int) -> NationalReview:
    return get_scoped_or_404(_reviews(seat), seat.partnership, pk=national_review_id)  # type: ignore[no-any-return]


@router.get(
    f"{BASE}/national-reviews", response={200: list[NationalReviewOut], **ERRORS}, url_name="reviews_national_list"
)
@partnership_endpoint(ROOM, "view")
def national_review_list(request: SeatedRequest, slug: str) -> list[NationalReviewOut]:
    return [_out(review) for review in _reviews(request.seat)]


@router.post(
    f"{BASE}/national-reviews", response={201: NationalReviewOut, **WRITE_ERRORS}, url_name="reviews_national_create"
)
@partnership_endpoint(ROOM, "manage")
def national_review_create(request: SeatedRequest, slug: str, payload: NationalReviewIn) -> Status[NationalReviewOut]:
    """Record a national or thematic review the partnership has to consider."""
    seat = request.seat
    review = NationalReview(partnership=seat.partnership, created_by=seat.user)
    apply(review, payload.dict())
    national_review_save(review=review, by=request.user)
    return Status(201, _out(_review(seat, review.pk)))


@router.get(
    f"{BASE}/national-reviews/{{national_review_id}}",
    response={200: NationalReviewOut, **ERRORS},
    url_name="reviews_national_detail",
)
@partnership_endpoint(ROOM, "view")
def national_review_detail(request: SeatedRequest, slug: str, national_review_id: int) -> NationalReviewOut:
    return _out(_review(request.seat, national_review_id))


@router.patch(
    f"{BASE}/national-reviews/{{national_review_id}}",
    response={200: NationalReviewOut, **WRITE_ERRORS},
    url_name="reviews_national_update",
)
@partnership_endpoint(ROOM, "manage")
def national_review_update(
    request: SeatedRequest, slug: str, national_review_id: int, payload: NationalReviewPatch
) -> NationalReviewOut:
    """Change the fields sent, such as when the partnership considered it and its response."""
    seat = request.seat
    review = _review(seat, national_review_id)
    apply(review, changes_of(payload))
    national_review_save(review=review, by=request.user)
    return _out(_review(seat, review.pk))
