"""Learning products: the briefings, events and courses that spread a review's learning, and who
they reached."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.db.models import Count, QuerySet, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from scrutiny.partnerships.access import Seat, partnership_view
from scrutiny.partnerships.history import entries_for
from scrutiny.partnerships.scoping import get_scoped_or_404, scoped
from scrutiny.reviews.forms.products import LearningProductForm
from scrutiny.reviews.models import ROOM, LearningProduct


def _seat(request: HttpRequest) -> Seat:
    return request.seat  # type: ignore[attr-defined,no-any-return]


def _products(seat: Seat) -> QuerySet[LearningProduct]:
    return scoped(LearningProduct.objects.visible_to(seat), seat.partnership).select_related("partnership")


@partnership_view(ROOM, "view")
def learning_product_list(request: HttpRequest) -> HttpResponse:
    seat = _seat(request)
    products = (
        _products(seat).annotate(shared=Count("learning_points", distinct=True)).prefetch_related("agencies_reached")
    )
    totals = _products(seat).aggregate(people=Sum("people_reached"))
    return render(
        request,
        "reviews/learning_product_list.html",
        {"products": products, "people": totals["people"] or 0, "can_manage": seat.can(ROOM, "manage")},
    )


def _product_form(request: HttpRequest, product: LearningProduct) -> HttpResponse:
    seat = _seat(request)
    form = LearningProductForm(request.POST or None, instance=product, partnership=seat.partnership)
    if request.method == "POST" and form.is_valid():
        is_new = product.pk is None
        with transaction.atomic():
            saved: LearningProduct = form.save(commit=False)
            if is_new:
                saved.created_by = request.user  # type: ignore[assignment]
            saved._history_user = request.user  # type: ignore[attr-defined]
            saved.save()
            form.save_m2m()
        messages.success(request, f"Learning product “{saved}” {'recorded' if is_new else 'updated'}.")
        return redirect(saved)
    return render(request, "reviews/learning_product_form.html", {"form": form, "product": product})


@partnership_view(ROOM, "manage")
def learning_product_add(request: HttpRequest) -> HttpResponse:
    return _product_form(request, LearningProduct(partnership=_seat(request).partnership))


@partnership_view(ROOM, "manage")
def learning_product_edit(request: HttpRequest, pk: int) -> HttpResponse:
    seat = _seat(request)
    return _product_form(request, get_scoped_or_404(_products(seat), seat.partnership, pk=pk))


@partnership_view(ROOM, "view")
def learning_product_detail(request: HttpRequest, pk: int) -> HttpResponse:
    seat = _seat(request)
    product = get_scoped_or_404(_products(seat), seat.partnership, pk=pk)
    return render(
        request,
        "reviews/learning_product_detail.html",
        {
            "product": product,
            "agencies": product.agencies_reached.order_by("name"),
            "shared": product.learning_points.select_related(
                "partnership", "rapid_review__incident", "lcspr", "national_review"
            ),
            "history": entries_for(product),
            "can_manage": seat.can(ROOM, "manage"),
        },
    )
