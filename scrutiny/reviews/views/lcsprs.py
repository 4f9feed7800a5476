"""Local child safeguarding practice reviews: commissioned from a rapid review's decision,
monitored at milestones for timeliness and quality (regulation 14), sent to the Panel and the
Secretary of State before publication, published within 6 months of the decision and kept
available for a year (statutory.md §5.3, clocks C6-C8); and exported, redacted, for publication.

The business manager runs them; everyone who reads the room reads them.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from scrutiny.clocks.catalogue import rule_for
from scrutiny.forms_govuk import errors_onto
from scrutiny.partnerships.access import Seat, SeatedRequest, partnership_view
from scrutiny.partnerships.history import HistoryEntry, entries_for
from scrutiny.partnerships.models import REPORTING_YEAR_START_MONTH, reporting_year_label, reporting_year_starting
from scrutiny.partnerships.scoping import get_scoped_or_404, scoped
from scrutiny.privacy import IDENTIFYING_DETAILS_REMINDER
from scrutiny.reviews.exporting import (
    CHECK_BEFORE_PUBLICATION,
    DOCX_MIME_TYPE,
    publication_docx,
    publication_version,
)
from scrutiny.reviews.following_up import statuses_for
from scrutiny.reviews.forms.lcsprs import LcsprForm, LcsprPublicationForm, MilestoneForm, commissioning_reviews
from scrutiny.reviews.models import ROOM, STATUS_COLOURS, Lcspr, LcsprMilestone
from scrutiny.reviews.recording import lcspr_save, milestone_save

FILTERS = {"all": "All", "in_progress": "In progress", "published": "Published"}


def _lcsprs(seat: Seat) -> QuerySet[Lcspr]:
    return scoped(Lcspr.objects.visible_to(seat), seat.partnership).select_related(
        "partnership", "rapid_review__incident"
    )


def _lcspr(seat: Seat, pk: int) -> Lcspr:
    return get_scoped_or_404(_lcsprs(seat), seat.partnership, pk=pk)


def _filter_links(year: int | None, show: str, years: list[int]) -> dict[str, list[dict[str, object]]]:
    """The year and stage filters as links that keep the other filter."""

    def href(year: int | None, show: str) -> str:
        query = {key: value for key, value in (("year", year), ("show", show)) if value and value != "all"}
        return f"?{urlencode(query)}" if query else "?"

    return {
        "years": [{"label": "All years", "href": href(None, show), "current": year is None}]
        + [{"label": reporting_year_label(y), "href": href(y, show), "current": y == year} for y in years],
        "stages": [{"label": label, "href": href(year, key), "current": key == show} for key, label in FILTERS.items()],
    }


@partnership_view(ROOM, "view")
def lcspr_list(request: SeatedRequest) -> HttpResponse:
    seat = request.seat
    today = timezone.localdate()
    lcsprs = _lcsprs(seat)
    decided = lcsprs.values_list("decided_on", flat=True)
    years = sorted({reporting_year_starting(day) for day in decided}, reverse=True)
    raw = request.GET.get("year", "")
    year = int(raw) if raw.isdigit() and int(raw) in years else None
    if year is not None:
        lcsprs = lcsprs.filter(
            decided_on__gte=date(year, REPORTING_YEAR_START_MONTH, 1),
            decided_on__lt=date(year + 1, REPORTING_YEAR_START_MONTH, 1),
        )
    show = request.GET.get("show", "all")
    if show == "in_progress":
        lcsprs = lcsprs.filter(published_on__isnull=True, withdrawn_on__isnull=True)
    elif show == "published":
        lcsprs = lcsprs.filter(published_on__isnull=False)
    else:
        show = "all"
    return render(
        request,
        "reviews/lcspr_list.html",
        {
            "rows": [{"lcspr": lcspr, "clock": lcspr.clocks()[0]} for lcspr in lcsprs],
            "today": today,
            "show": show,
            "year_label": reporting_year_label(year) if year is not None else "",
            "filters": _filter_links(year, show, years),
            "can_manage": seat.can(ROOM, "manage"),
        },
    )


@partnership_view(ROOM, "manage")
def lcspr_add(request: SeatedRequest) -> HttpResponse:
    """Commission a review. Opened from a rapid review (``?rapid_review=<pk>``) it starts from that
    review's decision."""
    seat = request.seat
    initial: dict[str, object] = {}
    chosen = request.GET.get("rapid_review", "")
    if chosen.isdigit() and (review := commissioning_reviews(seat.partnership).filter(pk=chosen).first()):
        initial = {"rapid_review": review.pk, "decided_on": review.decided_on}
    instance = Lcspr(partnership=seat.partnership, created_by=seat.user)
    form = LcsprForm(request.POST or None, instance=instance, partnership=seat.partnership, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            lcspr = lcspr_save(lcspr=form.instance, by=request.user)
        except ValidationError as error:
            errors_onto(form, error)
        else:
            due = lcspr.clocks()[0].due
            messages.success(request, f"Review commissioned; it is due to be published by {due:%-d %B %Y}.")
            return redirect("lcspr_detail", slug=seat.partnership.slug, pk=lcspr.pk)
    return render(
        request,
        "reviews/lcspr_form.html",
        {
            "form": form,
            "heading": "Commission a local child safeguarding practice review",
            "lcspr": None,
            "reminder": IDENTIFYING_DETAILS_REMINDER,
            "publication_rule": rule_for(seat.partnership, "lcspr-publication"),
        },
    )


@partnership_view(ROOM, "manage")
def lcspr_edit(request: SeatedRequest, pk: int) -> HttpResponse:
    seat = request.seat
    lcspr = _lcspr(seat, pk)
    # Named before the form is checked: a refused form has already copied what was typed onto it.
    heading = f"Change {lcspr.title}"
    form = LcsprForm(request.POST or None, instance=lcspr, partnership=seat.partnership)
    if request.method == "POST" and form.is_valid():
        try:
            lcspr_save(lcspr=form.instance, by=request.user)
        except ValidationError as error:
            errors_onto(form, error)
        else:
            messages.success(request, "The review has been saved.")
            return redirect("lcspr_detail", slug=seat.partnership.slug, pk=lcspr.pk)
    return render(
        request,
        "reviews/lcspr_form.html",
        {
            "form": form,
            "heading": heading,
            "lcspr": lcspr,
            "reminder": IDENTIFYING_DETAILS_REMINDER,
            "publication_rule": rule_for(seat.partnership, "lcspr-publication"),
        },
    )


@partnership_view(ROOM, "manage")
def lcspr_publication(request: SeatedRequest, pk: int) -> HttpResponse:
    """The final report to the Panel and the Secretary of State, and publication."""
    seat = request.seat
    lcspr = _lcspr(seat, pk)
    today = timezone.localdate()
    heading, clocks = lcspr.title, lcspr.clocks()
    form = LcsprPublicationForm(request.POST or None, instance=lcspr)
    if request.method == "POST" and form.is_valid():
        try:
            lcspr_save(lcspr=form.instance, by=request.user)
        except ValidationError as error:
            errors_onto(form, error)
        else:
            messages.success(request, "Publication details saved.")
            return redirect("lcspr_detail", slug=seat.partnership.slug, pk=lcspr.pk)
    return render(
        request,
        "reviews/lcspr_publication.html",
        {
            "form": form,
            "lcspr": lcspr,
            "heading": heading,
            "clocks": clocks,
            "today": today,
            "reminder": IDENTIFYING_DETAILS_REMINDER,
        },
    )


def _milestone_rows(milestones: list[LcsprMilestone], today: date) -> list[dict[str, object]]:
    rows = []
    for milestone in milestones:
        if milestone.is_late():
            tag = ("Met late", "orange")
        elif milestone.met_on is not None:
            tag = ("Met on time", "green")
        elif milestone.is_overdue(today):
            tag = ("Overdue", "red")
        else:
            tag = ("Not yet due", "blue")
        rows.append({"milestone": milestone, "tag": tag[0], "colour": tag[1]})
    return rows


def _history(lcspr: Lcspr, milestones: list[LcsprMilestone]) -> list[HistoryEntry]:
    """The review's History tab, with its milestones' changes named as such."""
    entries = entries_for(lcspr)
    for milestone in milestones:
        entries += [replace(e, what=f"{e.what}: milestone “{milestone.title}”") for e in entries_for(milestone)]
    return sorted(entries, key=lambda entry: entry.when, reverse=True)


@partnership_view(ROOM, "view")
def lcspr_detail(request: SeatedRequest, pk: int) -> HttpResponse:
    seat = request.seat
    lcspr = _lcspr(seat, pk)
    today = timezone.localdate()
    milestones = list(lcspr.milestones.all())
    points = list(lcspr.learning_points.order_by("kind", "number", "pk"))
    statuses = statuses_for(points)
    learning = [
        {"point": point, "status": status, "colour": STATUS_COLOURS[status] if status else ""}
        for point in points
        for status in [statuses[point.pk][0]]
    ]
    keep_until = lcspr.keep_available_until
    return render(
        request,
        "reviews/lcspr_detail.html",
        {
            "lcspr": lcspr,
            "today": today,
            "clocks": lcspr.clocks(),
            "keep_until": keep_until,
            "keep_rule": rule_for(seat.partnership, "lcspr-kept-available"),
            "taken_down_early": bool(keep_until and lcspr.withdrawn_on and lcspr.withdrawn_on < keep_until),
            "milestones": _milestone_rows(milestones, today),
            "learning": learning,
            "can_manage": seat.can(ROOM, "manage"),
            "history": _history(lcspr, milestones),
        },
    )


@partnership_view(ROOM, "manage")
def lcspr_milestone_add(request: SeatedRequest, pk: int) -> HttpResponse:
    seat = request.seat
    lcspr = _lcspr(seat, pk)
    form = MilestoneForm(request.POST or None, instance=LcsprMilestone(lcspr=lcspr))
    if request.method == "POST" and form.is_valid():
        try:
            milestone = milestone_save(milestone=form.instance, by=request.user)
        except ValidationError as error:
            errors_onto(form, error)
        else:
            messages.success(request, f"Milestone “{milestone.title}” added.")
            return redirect("lcspr_detail", slug=seat.partnership.slug, pk=lcspr.pk)
    return render(
        request,
        "reviews/milestone_form.html",
        {"form": form, "lcspr": lcspr, "heading": "Add a milestone", "reminder": IDENTIFYING_DETAILS_REMINDER},
    )


@partnership_view(ROOM, "manage")
def milestone_edit(request: SeatedRequest, pk: int) -> HttpResponse:
    """Record whether a milestone was met, when, and the quality of the work."""
    seat = request.seat
    milestone = get_scoped_or_404(LcsprMilestone.objects.select_related("lcspr__partnership"), seat.partnership, pk=pk)
    heading = f"Milestone: {milestone.title}"
    form = MilestoneForm(request.POST or None, instance=milestone)
    if request.method == "POST" and form.is_valid():
        try:
            milestone_save(milestone=form.instance, by=request.user)
        except ValidationError as error:
            errors_onto(form, error)
        else:
            messages.success(request, "Milestone saved.")
            return redirect("lcspr_detail", slug=seat.partnership.slug, pk=milestone.lcspr_id)
    return render(
        request,
        "reviews/milestone_form.html",
        {"form": form, "lcspr": milestone.lcspr, "heading": heading, "reminder": IDENTIFYING_DETAILS_REMINDER},
    )


@partnership_view(ROOM, "view")
def lcspr_export(request: SeatedRequest, pk: int) -> HttpResponse:
    """The redacted publication version, as a printable page."""
    lcspr = _lcspr(request.seat, pk)
    return render(
        request,
        "reviews/lcspr_export.html",
        {
            "lcspr": lcspr,
            "version": publication_version(lcspr),
            "check_before_publication": CHECK_BEFORE_PUBLICATION,
        },
    )


@partnership_view(ROOM, "view")
def lcspr_export_docx(request: SeatedRequest, pk: int) -> HttpResponse:
    """The same publication version as a Word document, to finish and publish."""
    version = publication_version(_lcspr(request.seat, pk))
    response = HttpResponse(publication_docx(version), content_type=DOCX_MIME_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{version.filename}"'
    # A draft that may still hold details a person has yet to take out: not for shared caches.
    response["Cache-Control"] = "private, no-store"
    return response
