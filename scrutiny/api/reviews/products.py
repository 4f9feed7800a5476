"""Learning products through the API: the briefings, events and courses that spread a review's
learning, and the agencies and people they reached."""

from datetime import date
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from ninja import Schema
from ninja.responses import Status

from scrutiny.api.reviews.common import (
    BASE,
    WRITE_ERRORS,
    BadInputError,
    apply,
    checked,
    router,
    save_as,
    scoped_ids,
    seat_of,
)
from scrutiny.partnerships.access import Seat, partnership_endpoint
from scrutiny.partnerships.models import Agency
from scrutiny.partnerships.scoping import get_scoped_or_404, scoped
from scrutiny.reviews.models import ROOM, LearningPoint, LearningProduct
from scrutiny.web.api import ERRORS


class ProductOut(Schema):
    id: int
    title: str
    #: "briefing", "seven_minute", "practitioner_event", "training", "newsletter", "podcast" or "other".
    kind: str
    delivered_on: date
    description: str
    audience: str
    agencies_reached_ids: list[int]
    people_reached: int | None
    learning_point_ids: list[int]


class ProductIn(Schema):
    title: str
    kind: str
    delivered_on: date
    description: str = ""
    audience: str = ""
    agencies_reached_ids: list[int] = []
    people_reached: int | None = None
    learning_point_ids: list[int] = []


class ProductPatch(Schema):
    title: str | None = None
    kind: str | None = None
    delivered_on: date | None = None
    description: str | None = None
    audience: str | None = None
    agencies_reached_ids: list[int] | None = None
    people_reached: int | None = None
    learning_point_ids: list[int] | None = None


def _out(product: LearningProduct) -> ProductOut:
    return ProductOut(
        id=product.pk,
        title=product.title,
        kind=product.kind,
        delivered_on=product.delivered_on,
        description=product.description,
        audience=product.audience,
        agencies_reached_ids=sorted(a.pk for a in product.agencies_reached.all()),
        people_reached=product.people_reached,
        learning_point_ids=sorted(p.pk for p in product.learning_points.all()),
    )


def _products(seat: Seat) -> Any:
    return scoped(LearningProduct.objects.visible_to(seat), seat.partnership).prefetch_related(
        "agencies_reached", "learning_points"
    )


def _product(seat: Seat, product_id: int) -> LearningProduct:
    return get_scoped_or_404(_products(seat), seat.partnership, pk=product_id)  # type: ignore[no-any-return]


def _save(request: HttpRequest, product: LearningProduct, changes: dict[str, Any]) -> None:
    """Check the product and the records it links to, then save it all or nothing."""
    seat = seat_of(request)
    agency_ids, point_ids = changes.pop("agencies_reached_ids", None), changes.pop("learning_point_ids", None)
    agencies = (
        scoped_ids(Agency, seat.partnership, agency_ids, "agencies_reached_ids") if agency_ids is not None else None
    )
    points = (
        scoped_ids(LearningPoint, seat.partnership, point_ids, "learning_point_ids") if point_ids is not None else None
    )
    if changes.get("people_reached") is not None and changes["people_reached"] < 0:
        raise BadInputError("people_reached: the number of people cannot be negative.")
    apply(product, changes)
    checked(product)
    with transaction.atomic():
        save_as(product, request.user)
        if agencies is not None:
            product.agencies_reached.set(agencies)
        if points is not None:
            product.learning_points.set(points)


@router.get(f"{BASE}/products", response={200: list[ProductOut], **ERRORS}, url_name="reviews_product_list")
@partnership_endpoint(ROOM, "view")
def product_list(request: HttpRequest, slug: str) -> list[ProductOut]:
    """Learning products, latest delivered first."""
    return [_out(product) for product in _products(seat_of(request))]


@router.post(f"{BASE}/products", response={201: ProductOut, **WRITE_ERRORS}, url_name="reviews_product_create")
@partnership_endpoint(ROOM, "manage")
def product_create(request: HttpRequest, slug: str, payload: ProductIn) -> Status[ProductOut]:
    """Record a briefing, event or course once delivered, with who it reached and the learning
    it shared."""
    seat = seat_of(request)
    product = LearningProduct(partnership=seat.partnership, created_by=seat.user)
    _save(request, product, payload.dict())
    return Status(201, _out(_product(seat, product.pk)))


@router.get(f"{BASE}/products/{{product_id}}", response={200: ProductOut, **ERRORS}, url_name="reviews_product_detail")
@partnership_endpoint(ROOM, "view")
def product_detail(request: HttpRequest, slug: str, product_id: int) -> ProductOut:
    return _out(_product(seat_of(request), product_id))


@router.patch(
    f"{BASE}/products/{{product_id}}", response={200: ProductOut, **WRITE_ERRORS}, url_name="reviews_product_update"
)
@partnership_endpoint(ROOM, "manage")
def product_update(request: HttpRequest, slug: str, product_id: int, payload: ProductPatch) -> ProductOut:
    seat = seat_of(request)
    product = _product(seat, product_id)
    changes = payload.dict(exclude_unset=True)
    if not changes:
        raise BadInputError("Send at least one field to change.")
    _save(request, product, changes)
    return _out(_product(seat, product.pk))
