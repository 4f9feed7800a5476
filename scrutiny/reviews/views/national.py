"""The national Panel's reviews as the partnership considers them: when it met on each, its
overall response, and each recommendation's local response — whether it applies here and, if it
does, the actions and impact check that follow (recorded as learning points)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q, QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from scrutiny.forms_govuk import errors_onto
from scrutiny.partnerships.access import Seat, SeatedRequest, partnership_view
from scrutiny.partnerships.history import entries_for
from scrutiny.partnerships.scoping import get_scoped_or_404, scoped
from scrutiny.privacy import IDENTIFYING_DETAILS_REMINDER
from scrutiny.reviews.following_up import statuses_for
from scrutiny.reviews.forms.national import NationalReviewForm
from scrutiny.reviews.models import ROOM, STATUS_COLOURS, LearningKind, NationalReview
from scrutiny.reviews.recording import national_review_save


def _reviews(seat: Seat) -> QuerySet[NationalReview]:
    return scoped(NationalReview.objects.visible_to(seat), seat.partnership).select_related("partnership")


@partnership_view(ROOM, "view")
def national_review_list(request: SeatedRequest) -> HttpResponse:
    seat = request.seat
    recommendation = Q(learning_points__kind=LearningKind.RECOMMENDATION)
    reviews = _reviews(seat).annotate(
        recommendations=Count("learning_points", filter=recommendation),
        applying=Count("learning_points", filter=recommendation & Q(learning_points__applies_locally=True)),
    )
    return render(
        request,
        "reviews/national_review_list.html",
        {"reviews": reviews, "can_manage": seat.can(ROOM, "manage")},
    )


@partnership_view(ROOM, "manage")
def national_review_add(request: SeatedRequest) -> HttpResponse:
    seat = request.seat
    form = NationalReviewForm(
        request.POST or None, instance=NationalReview(partnership=seat.partnership, created_by=seat.user)
    )
    if request.method == "POST" and form.is_valid():
        try:
            review = national_review_save(review=form.instance, by=request.user)
        except ValidationError as error:
            errors_onto(form, error)
        else:
            messages.success(request, "National review recorded. Add its recommendations that apply locally.")
            return redirect("national_review_detail", slug=seat.partnership.slug, pk=review.pk)
    return render(
        request,
        "reviews/national_review_form.html",
        {"form": form, "review": None, "heading": "Record a national review", "reminder": IDENTIFYING_DETAILS_REMINDER},
    )


@partnership_view(ROOM, "manage")
def national_review_edit(request: SeatedRequest, pk: int) -> HttpResponse:
    seat = request.seat
    review = get_scoped_or_404(_reviews(seat), seat.partnership, pk=pk)
    # Named before the form is checked: a refused form has already copied what was typed onto it.
    heading = f"Change {review.title}"
    form = NationalReviewForm(request.POST or None, instance=review)
    if request.method == "POST" and form.is_valid():
        try:
            national_review_save(review=form.instance, by=request.user)
        except ValidationError as error:
            errors_onto(form, error)
        else:
            messages.success(request, "National review saved.")
            return redirect("national_review_detail", slug=seat.partnership.slug, pk=review.pk)
    return render(
        request,
        "reviews/national_review_form.html",
        {"form": form, "review": review, "heading": heading, "reminder": IDENTIFYING_DETAILS_REMINDER},
    )


@partnership_view(ROOM, "view")
def national_review_detail(request: SeatedRequest, pk: int) -> HttpResponse:
    seat = request.seat
    review = get_scoped_or_404(_reviews(seat), seat.partnership, pk=pk)
    points = list(review.learning_points.order_by("kind", "number", "pk"))
    statuses = statuses_for(points)

    def rows(recommendations: bool) -> list[dict[str, object]]:
        chosen = [point for point in points if point.is_recommendation == recommendations]
        return [
            {"point": point, "status": status, "colour": STATUS_COLOURS[status] if status else ""}
            for point in chosen
            for status in [statuses[point.pk][0]]
        ]

    return render(
        request,
        "reviews/national_review_detail.html",
        {
            "review": review,
            "recommendations": rows(recommendations=True),
            "findings": rows(recommendations=False),
            "today": timezone.localdate(),
            "can_manage": seat.can(ROOM, "manage"),
            "history": entries_for(review),
        },
    )
