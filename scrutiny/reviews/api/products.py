"""Learning products through the API: the briefings, events and courses that spread a review's
learning, and the agencies and people they reached. Saved by ``learning_product_save``, as the
pages do."""

from datetime import date
from typing import Any

from ninja import Schema
from ninja.responses import Status

from scrutiny.partnerships.access import Seat, SeatedRequest, partnership_endpoint
from scrutiny.partnerships.models import Agency
from scrutiny.partnerships.scoping import get_scoped_or_404, scoped
from scrutiny.reviews.api.common import BASE, WRITE_ERRORS, apply, changes_of, router, scoped_ids
from scrutiny.reviews.models import ROOM, LearningPoint, LearningProduct
from scrutiny.reviews.recording import learning_product_save
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


def _save(request: SeatedRequest, product: LearningProduct, changes: dict[str, Any]) -> None:
    """The product with the fields sent, and the partnership's records they name, saved."""
    seat = request.seat
    agency_ids, point_ids = changes.pop("agencies_reached_ids", None), changes.pop("learning_point_ids", None)
    agencies = (
        scoped_ids(Agency, seat.partnership, agency_ids, "agencies_reached_ids") if agency_ids is not None else None
    )
    points = (
        scoped_ids(LearningPoint, seat.partnership, point_ids, "learning_point_ids") if point_ids is not None else None
    )
    apply(product, changes)
    learning_product_save(product=product, agencies_reached=agencies, learning_points=points, by=request.user)


@router.get(f"{BASE}/products", response={200: list[ProductOut], **ERRORS}, url_name="reviews_product_list")
@partnership_endpoint(ROOM, "view")
def product_list(request: SeatedRequest, slug: str) -> list[ProductOut]:
    """Learning products, latest delivered first."""
    return [_out(product) for product in _products(request.seat)]


@router.post(f"{BASE}/products", response={201: ProductOut, **WRITE_ERRORS}, url_name="reviews_product_create")
@partnership_endpoint(ROOM, "manage")
def product_create(request: SeatedRequest, slug: str, payload: ProductIn) -> Status[ProductOut]:
    """Record a briefing, event or course once delivered, with who it reached and the learning
    it shared."""
    seat = request.seat
    product = LearningProduct(partnership=seat.partnership, created_by=seat.user)
    _save(request, product, payload.dict())
    return Status(201, _out(_product(seat, product.pk)))


@router.get(f"{BASE}/products/{{product_id}}", response={200: ProductOut, **ERRORS}, url_name="reviews_product_detail")
@partnership_endpoint(ROOM, "view")
def product_detail(request: SeatedRequest, slug: str, product_id: int) -> ProductOut:
    return _out(_product(request.seat, product_id))


@router.patch(
    f"{BASE}/products/{{product_id}}", response={200: ProductOut, **WRITE_ERRORS}, url_name="reviews_product_update"
)
@partnership_endpoint(ROOM, "manage")
def product_update(request: SeatedRequest, slug: str, product_id: int, payload: ProductPatch) -> ProductOut:
    seat = request.seat
    product = _product(seat, product_id)
    _save(request, product, changes_of(payload))
    return _out(_product(seat, product.pk))
