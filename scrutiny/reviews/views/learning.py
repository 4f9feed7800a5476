"""The learning from reviews: findings and recommendations of rapid reviews, LCSPRs and national
reviews; the actions made from them in the shared tracker; their 12-month impact check; the
themes that recur; and, before a recommendation is written again, the earlier ones like it."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet, prefetch_related_objects
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from scrutiny.clocks.catalogue import rule_for
from scrutiny.clocks.tracking import Clock, ClockStatus
from scrutiny.forms_govuk import errors_onto
from scrutiny.partnerships.access import Seat, SeatedRequest, partnership_view
from scrutiny.partnerships.history import entries_for
from scrutiny.partnerships.models import (
    REPORTING_YEAR_START_MONTH,
    Partnership,
    reporting_year_label,
    reporting_year_starting,
)
from scrutiny.partnerships.scoping import get_scoped_or_404, scoped
from scrutiny.reviews.following_up import (
    actions_outcome,
    can_have_actions_problem,
    impact_check_problem,
    learning_action_create,
    learning_impact_record,
    statuses_for,
)
from scrutiny.reviews.forms.learning import (
    LearningActionForm,
    LearningFilterForm,
    LearningImpactForm,
    LearningPointForm,
    typed_values,
)
from scrutiny.reviews.models import (
    ROOM,
    STATUS_COLOURS,
    Lcspr,
    LearningPoint,
    LearningStatus,
    NationalReview,
    RapidReview,
)
from scrutiny.reviews.models.learning import IMPACT_CHECK_RULE
from scrutiny.reviews.recording import learning_point_save
from scrutiny.reviews.similarity import similar_recommendations
from scrutiny.reviews.themes import agency_recurrence, theme_recurrence, years_covered

LEARNING_PER_PAGE = 50
#: How long a recommendation's text may be as an action's title before it is shortened.
ACTION_TITLE_LENGTH = 150
SOURCE_RELATIONS = ("partnership", "rapid_review__incident", "lcspr", "national_review")


def _learning(seat: Seat) -> QuerySet[LearningPoint]:
    # The partnership's own clock lengths, read once for a list (scrutiny.clocks.catalogue.rule_for).
    return (
        scoped(LearningPoint.objects.visible_to(seat), seat.partnership)
        .select_related(*SOURCE_RELATIONS)
        .prefetch_related("partnership__clock_settings")
    )


def _point(seat: Seat, pk: int) -> LearningPoint:
    return get_scoped_or_404(_learning(seat), seat.partnership, pk=pk)


# --- Similar earlier recommendations ----------------------------------------------------------


@dataclass(frozen=True)
class SimilarShown:
    """An earlier recommendation like the one being written, with what became of it."""

    point: LearningPoint
    score: float
    status: LearningStatus | None
    outcome: str

    @property
    def percent(self) -> int:
        return round(self.score * 100)

    @property
    def colour(self) -> str:
        return STATUS_COLOURS.get(self.status, "grey") if self.status else "grey"

    @property
    def year_label(self) -> str:
        return reporting_year_label(self.point.year)


def _similar(
    partnership: Partnership, text: str, *, exclude_pk: int | None = None, agreed_by: date | None = None
) -> list[SimilarShown]:
    """The most similar earlier recommendations, each with its status and its actions' outcome.
    ``agreed_by`` keeps only those agreed on or before that day (on a recommendation's own page,
    the ones it repeats)."""
    found = similar_recommendations(partnership, text, exclude_pk=exclude_pk, limit=20)
    if agreed_by is not None:
        found = [item for item in found if item.point.made_on <= agreed_by]
    found = found[:5]
    statuses = statuses_for(item.point for item in found)
    return [
        SimilarShown(
            point=item.point,
            score=item.score,
            status=statuses[item.point.pk][0],
            outcome=actions_outcome(statuses[item.point.pk][1]),
        )
        for item in found
    ]


# --- Adding and editing learning --------------------------------------------------------------


def _learning_form(request: SeatedRequest, point: LearningPoint) -> HttpResponse:
    """Add or edit a learning point. The secondary button shows the most similar earlier
    recommendations beside the form, as typed, and saves nothing."""
    seat = request.seat
    similar: list[SimilarShown] | None = None
    checked_text = ""
    if request.method == "POST" and "check_similar" in request.POST:
        form = LearningPointForm(instance=point, partnership=seat.partnership)
        form.initial.update(typed_values(form, request.POST))
        checked_text = request.POST.get("text", "").strip()
        similar = _similar(seat.partnership, checked_text, exclude_pk=point.pk) if checked_text else []
    else:
        form = LearningPointForm(request.POST or None, instance=point, partnership=seat.partnership)
        if request.method == "POST" and form.is_valid():
            is_new = point.pk is None
            try:
                saved = learning_point_save(
                    point=form.instance,
                    themes=form.cleaned_data["themes"],
                    agencies=form.cleaned_data["agencies"],
                    by=request.user,
                )
            except ValidationError as error:
                errors_onto(form, error)
            else:
                what = f"{saved.get_kind_display()} {saved.number}".strip()
                due = (
                    f" Its impact check is due by {saved.impact_check_due:%-d %B %Y}." if saved.impact_check_due else ""
                )
                messages.success(request, f"{what} {'added' if is_new else 'updated'}.{due}")
                return redirect(saved)
    return render(
        request,
        "reviews/learning_form.html",
        {
            "form": form,
            "point": point,
            "source": point.source,
            "similar": similar,
            "checked_text": checked_text,
            "impact_after": rule_for(seat.partnership, IMPACT_CHECK_RULE).length_text,
        },
    )


@partnership_view(ROOM, "manage")
def rapid_review_learning_add(request: SeatedRequest, pk: int) -> HttpResponse:
    seat = request.seat
    review = get_scoped_or_404(
        RapidReview.objects.visible_to(seat).select_related("incident", "partnership"), seat.partnership, pk=pk
    )
    return _learning_form(request, LearningPoint(partnership=seat.partnership, rapid_review=review))


@partnership_view(ROOM, "manage")
def lcspr_learning_add(request: SeatedRequest, pk: int) -> HttpResponse:
    seat = request.seat
    review = get_scoped_or_404(Lcspr.objects.visible_to(seat).select_related("partnership"), seat.partnership, pk=pk)
    return _learning_form(request, LearningPoint(partnership=seat.partnership, lcspr=review))


@partnership_view(ROOM, "manage")
def national_review_learning_add(request: SeatedRequest, pk: int) -> HttpResponse:
    seat = request.seat
    review = get_scoped_or_404(
        NationalReview.objects.visible_to(seat).select_related("partnership"), seat.partnership, pk=pk
    )
    return _learning_form(request, LearningPoint(partnership=seat.partnership, national_review=review))


@partnership_view(ROOM, "manage")
def learning_edit(request: SeatedRequest, pk: int) -> HttpResponse:
    return _learning_form(request, _point(request.seat, pk))


# --- The list, one learning point, and the themes ---------------------------------------------


@dataclass
class LearningRow:
    point: LearningPoint
    status: LearningStatus | None
    actions: int
    today: date

    @cached_property
    def clock(self) -> Clock | None:
        """The impact check, worked out only for the rows a page shows."""
        return next(iter(self.point.clocks()), None)

    @property
    def clock_status(self) -> ClockStatus | None:
        return self.clock.status(self.today) if self.clock else None

    @property
    def colour(self) -> str:
        return STATUS_COLOURS.get(self.status, "grey") if self.status else "grey"


def _year_choices(points: QuerySet[LearningPoint]) -> list[tuple[int, str]]:
    years = {reporting_year_starting(day) for day in points.values_list("made_on", flat=True)}
    return [(year, reporting_year_label(year)) for year in sorted(years, reverse=True)]


def _filtered(points: QuerySet[LearningPoint], data: dict[str, Any]) -> QuerySet[LearningPoint]:
    if data.get("kind"):
        points = points.filter(kind=data["kind"])
    if data.get("theme"):
        points = points.filter(themes=data["theme"])
    if data.get("agency"):
        points = points.filter(agencies=data["agency"])
    if data.get("source"):
        points = points.filter(**{f"{data['source']}__isnull": False})
    if data.get("year"):
        year = data["year"]
        points = points.filter(
            made_on__gte=date(year, REPORTING_YEAR_START_MONTH, 1),
            made_on__lt=date(year + 1, REPORTING_YEAR_START_MONTH, 1),
        )
    return points


@partnership_view(ROOM, "view")
def learning_list(request: SeatedRequest) -> HttpResponse:
    seat = request.seat
    today = timezone.localdate()
    everything = _learning(seat)
    form = LearningFilterForm(request.GET or None, partnership=seat.partnership, years=_year_choices(everything))
    data: dict[str, Any] = form.cleaned_data if form.is_valid() else {}
    points = list(_filtered(everything, data))
    statuses = statuses_for(points)
    rows = []
    for point in points:
        status, actions = statuses[point.pk]
        if data.get("status") and status != data["status"]:
            continue
        rows.append(LearningRow(point, status, len(actions), today))
    page = Paginator(rows, LEARNING_PER_PAGE).get_page(request.GET.get("page"))
    # Themes and agencies only for the rows shown: a partnership's years of learning are filtered
    # by status (which needs every row) but shown fifty at a time.
    prefetch_related_objects([row.point for row in page.object_list], "themes", "agencies")
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "reviews/learning_list.html",
        {
            "form": form,
            "page": page,
            "rows": page.object_list,
            "filtered": any(data.values()),
            "query": query.urlencode(),
            "today": today,
            "impact_after": rule_for(seat.partnership, IMPACT_CHECK_RULE).length_text,
        },
    )


@partnership_view(ROOM, "view")
def learning_detail(request: SeatedRequest, pk: int) -> HttpResponse:
    seat = request.seat
    point = _point(seat, pk)
    today = timezone.localdate()
    status = point.status()
    return render(
        request,
        "reviews/learning_detail.html",
        {
            "point": point,
            "status": status,
            "status_colour": STATUS_COLOURS.get(status, "grey") if status else "grey",
            "actions": point.actions().select_related("owner_agency", "owner", "partnership"),
            "clocks": point.clocks(),
            "today": today,
            "similar": _similar(seat.partnership, point.text, exclude_pk=point.pk, agreed_by=point.made_on),
            "products": point.products.order_by("-delivered_on", "-pk"),
            "history": entries_for(point),
            "can_manage": seat.can(ROOM, "manage"),
            "action_problem": can_have_actions_problem(point),
            "impact_problem": impact_check_problem(point),
        },
    )


@partnership_view(ROOM, "view")
def learning_themes(request: SeatedRequest) -> HttpResponse:
    """Which themes, and which agencies, the reviews keep coming back to, year by year."""
    seat = request.seat
    themes = theme_recurrence(seat.partnership)
    agencies = agency_recurrence(seat.partnership)
    years = years_covered(themes, agencies)

    def table(rows: list[Any]) -> list[dict[str, Any]]:
        return [{"row": row, "cells": [(year, row.counts.get(year, 0)) for year in years]} for row in rows]

    return render(
        request,
        "reviews/learning_themes.html",
        {
            "themes": table(themes),
            "agencies": table(agencies),
            "years": [(year, reporting_year_label(year)) for year in years],
            "recurring": sum(1 for row in themes if row.recurring),
        },
    )


# --- From a recommendation to actions and impact ----------------------------------------------


def _shortened(text: str) -> str:
    return textwrap.shorten(text, width=ACTION_TITLE_LENGTH, placeholder="…")


@partnership_view(ROOM, "manage")
def learning_action(request: SeatedRequest, pk: int) -> HttpResponse:
    """Create an action in the shared tracker from a recommendation."""
    seat = request.seat
    point = _point(seat, pk)
    problem = can_have_actions_problem(point)
    title = _shortened(point.text)
    first_agency = point.agencies.order_by("name").first()
    initial = {
        "title": title,
        "owner_agency": first_agency.pk if first_agency else None,
        # The whole recommendation travels with the action where its title had to be shortened.
        "description": point.text if title != " ".join(point.text.split()) else "",
    }
    form = LearningActionForm(request.POST or None, partnership=seat.partnership, initial=initial)
    if request.method == "POST" and not problem and form.is_valid():
        try:
            action = learning_action_create(learning_point=point, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            errors_onto(form, error)
        else:
            messages.success(
                request, f"Action “{action}” created in the action tracker, owned by {action.owner_agency}."
            )
            return redirect(point)
    return render(
        request,
        "reviews/learning_action.html",
        {"form": None if problem else form, "point": point, "problem": problem},
    )


@partnership_view(ROOM, "manage")
def learning_impact(request: SeatedRequest, pk: int) -> HttpResponse:
    """Record the recommendation's impact check (for example a re-audit)."""
    seat = request.seat
    point = _point(seat, pk)
    problem = impact_check_problem(point)
    initial = {
        "impact_checked_on": point.impact_checked_on or timezone.localdate(),
        "impact_method": point.impact_method,
        "impact_outcome": point.impact_outcome,
        "impact_summary": point.impact_summary,
    }
    form = LearningImpactForm(request.POST or None, initial=initial)
    if request.method == "POST" and not problem and form.is_valid():
        data = form.cleaned_data
        try:
            point = learning_impact_record(
                learning_point=point,
                checked_on=data["impact_checked_on"],
                method=data["impact_method"],
                outcome=data["impact_outcome"],
                summary=data["impact_summary"],
                by=request.user,
                late_reason=data["impact_late_reason"],
            )
        except ValidationError as error:
            errors_onto(form, error)
        else:
            status = point.status()
            messages.success(request, f"Impact check recorded: {status.label.lower() if status else 'saved'}.")
            return redirect(point)
    return render(
        request,
        "reviews/learning_impact.html",
        {
            "form": None if problem else form,
            "point": point,
            "problem": problem,
            "impact_after": rule_for(seat.partnership, IMPACT_CHECK_RULE).length_text,
        },
    )
