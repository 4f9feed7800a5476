"""Learning products: the briefings, events and courses that spread a review's learning, and who
they reached."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, QuerySet, Sum
from django.http import HttpResponse
from django.shortcuts import redirect, render

from scrutiny.forms_govuk import errors_onto
from scrutiny.partnerships.access import Seat, SeatedRequest, partnership_view
from scrutiny.partnerships.history import entries_for
from scrutiny.partnerships.scoping import get_scoped_or_404, scoped
from scrutiny.reviews.forms.products import LearningProductForm
from scrutiny.reviews.models import ROOM, LearningProduct
from scrutiny.reviews.recording import learning_product_save


def _products(seat: Seat) -> QuerySet[LearningProduct]:
    return scoped(LearningProduct.objects.visible_to(seat), seat.partnership).select_related("partnership")


@partnership_view(ROOM, "view")
def learning_product_list(request: SeatedRequest) -> HttpResponse:
    seat = request.seat
    products = (
        _products(seat).annotate(shared=Count("learning_points", distinct=True)).prefetch_related("agencies_reached")
    )
    totals = _products(seat).aggregate(people=Sum("people_reached"))
    return render(
        request,
        "reviews/learning_product_list.html",
        {"products": products, "people": totals["people"] or 0, "can_manage": seat.can(ROOM, "manage")},
    )


def _product_form(request: SeatedRequest, product: LearningProduct) -> HttpResponse:
    seat = request.seat
    form = LearningProductForm(request.POST or None, instance=product, partnership=seat.partnership)
    if request.method == "POST" and form.is_valid():
        is_new = product.pk is None
        try:
            saved = learning_product_save(
                product=form.instance,
                agencies_reached=form.cleaned_data["agencies_reached"],
                learning_points=form.cleaned_data["learning_points"],
                by=request.user,
            )
        except ValidationError as error:
            errors_onto(form, error)
        else:
            messages.success(request, f"Learning product “{saved}” {'recorded' if is_new else 'updated'}.")
            return redirect(saved)
    return render(request, "reviews/learning_product_form.html", {"form": form, "product": product})


@partnership_view(ROOM, "manage")
def learning_product_add(request: SeatedRequest) -> HttpResponse:
    return _product_form(request, LearningProduct(partnership=request.seat.partnership))


@partnership_view(ROOM, "manage")
def learning_product_edit(request: SeatedRequest, pk: int) -> HttpResponse:
    seat = request.seat
    return _product_form(request, get_scoped_or_404(_products(seat), seat.partnership, pk=pk))


@partnership_view(ROOM, "view")
def learning_product_detail(request: SeatedRequest, pk: int) -> HttpResponse:
    seat = request.seat
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
