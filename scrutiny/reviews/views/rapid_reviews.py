"""Rapid reviews against the 15-working-day clock, and the agencies' contributions to them.

The business manager runs the review: writes its four parts, asks agencies, and records when it
went to the Panel and what the Panel said. Each agency writes its own contribution (and sees no
other agency's); each statutory partner body's lead or delegated partner signs it off.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from scrutiny.clocks.holidays import OutsideHolidayData
from scrutiny.clocks.tracking import Clock
from scrutiny.clocks.workdays import working_days_between
from scrutiny.forms_govuk import errors_onto
from scrutiny.partnerships.access import Seat, SeatedRequest, partnership_view
from scrutiny.partnerships.history import entries_for
from scrutiny.partnerships.models import Agency, Partnership, reporting_year_label, reporting_year_starting
from scrutiny.partnerships.scoping import get_scoped_or_404, only_their_agency, scoped
from scrutiny.privacy import IDENTIFYING_DETAILS_REMINDER
from scrutiny.reviews import rapid_reviewing as workflow
from scrutiny.reviews.forms.rapid_reviews import (
    ContributionForm,
    ContributionRequestForm,
    PanelResponseForm,
    RapidReviewForm,
    SendForm,
    SignOffForm,
)
from scrutiny.reviews.models import (
    ROOM,
    STATUS_COLOURS,
    AgencyContribution,
    ContributionStatus,
    LearningPoint,
    RapidReview,
)
from scrutiny.reviews.rapid_reviewing import (
    Progress,
    bodies_spoken_for,
    contribution_write_problem,
    not_a_signer,
    progress,
    rapid_review_change_problem,
)


def partner_body_ids(partnership: Partnership) -> set[int]:
    """The partnership's statutory partner bodies, each of which signs every rapid review off.
    They depend on the partnership only, so a list works them out once."""
    return set(RapidReview(partnership=partnership).partner_bodies().values_list("pk", flat=True))


def with_progress(reviews: QuerySet[RapidReview], partnership: Partnership) -> list[tuple[RapidReview, Progress]]:
    bodies = partner_body_ids(partnership)
    loaded = reviews.select_related("incident", "partnership").prefetch_related("contributions", "sign_offs")
    return [(review, progress(review, bodies)) for review in loaded]


@dataclass(frozen=True)
class DaysLeft:
    """The rapid review's working days left, as the business manager counts them."""

    days: int
    due: date

    @property
    def text(self) -> str:
        if self.days > 0:
            return f"{self.days} working day{'s' if self.days != 1 else ''} left"
        if self.days == 0:
            return "Due today"
        return f"{-self.days} working day{'s' if self.days != -1 else ''} overdue"

    @property
    def tag_colour(self) -> str:
        if self.days < 0:
            return "red"
        return "yellow" if self.days <= 3 else "blue"


def days_left(clock: Clock, today: date) -> DaysLeft | None:
    """Working days from today to the clock's deadline; None once it is met (or not countable)."""
    if clock.met_on is not None or clock.due is None:
        return None
    try:
        return DaysLeft(working_days_between(today, clock.due), clock.due)
    except OutsideHolidayData:
        return None


@dataclass(frozen=True)
class Step:
    label: str
    done: bool
    detail: str = ""


def send_checklist(
    review: RapidReview, contributions: list[AgencyContribution], partner_bodies: list[Agency]
) -> list[Step]:
    """What must be in place before the review goes to the Panel, each ticked or not."""
    missing = set(review.parts_missing())
    submitted = [c for c in contributions if c.is_submitted]
    signed = {s.partner_body_id: s for s in review.sign_offs.all()}
    steps = [
        Step("The facts", "the facts" not in missing),
        Step("Whether immediate action is needed", "whether immediate action is needed" not in missing),
        Step("The potential improvements", "the potential improvements" not in missing),
        Step(
            "The decision on a local child safeguarding practice review, with its rationale",
            "the decision on a local child safeguarding practice review" not in missing,
        ),
        Step(
            "Agency contributions",
            len(submitted) == len(contributions),
            f"{len(submitted)} of {len(contributions)} submitted" if contributions else "No agency has been asked yet",
        ),
    ]
    for body in partner_bodies:
        sign_off = signed.get(body.pk)
        steps.append(
            Step(
                f"Signed off for {body.name}",
                sign_off is not None,
                f"{sign_off.signed_on:%-d %B %Y} by {sign_off.signed_by}" if sign_off else "Awaiting sign-off",
            )
        )
    return steps


def _review(seat: Seat, pk: int) -> RapidReview:
    return get_scoped_or_404(
        RapidReview.objects.visible_to(seat).select_related("incident", "partnership"), seat.partnership, pk=pk
    )


def _viewable_review(request: SeatedRequest, pk: int) -> RapidReview:
    return _review(request.seat, pk)


FILTERS = {"open": "Not yet sent", "sent": "Sent to the Panel", "all": "All"}


@partnership_view(ROOM, "view")
def rapid_review_list(request: SeatedRequest) -> HttpResponse:
    seat = request.seat
    today = timezone.localdate()
    show = request.GET.get("show", "all")
    reviews = scoped(RapidReview.objects.visible_to(seat), seat.partnership)
    if show == "open":
        reviews = reviews.filter(sent_to_panel_on__isnull=True)
    elif show == "sent":
        reviews = reviews.filter(sent_to_panel_on__isnull=False)
    else:
        show = "all"
    rows: list[dict[str, Any]] = [
        {"review": review, "progress": stage, "clock": review.clocks()[0]}
        for review, stage in with_progress(reviews, seat.partnership)
    ]
    # ?year= (from the on-time figure beside a duty): the reporting year in which each review
    # fell due, as the figure counts it.
    raw = request.GET.get("year", "")
    year = int(raw) if raw.isdigit() else None
    if year is not None:
        # A review whose notification date is not recorded has no deadline yet, so no year.
        rows = [row for row in rows if (due := row["clock"].due) is not None and reporting_year_starting(due) == year]
    return render(
        request,
        "reviews/rapid_review_list.html",
        {
            "rows": rows,
            "today": today,
            "show": show,
            "filters": FILTERS,
            "year_label": reporting_year_label(year) if year is not None else "",
        },
    )


@partnership_view(ROOM, "view")
def rapid_review_detail(request: SeatedRequest, pk: int) -> HttpResponse:
    seat = request.seat
    review = _viewable_review(request, pk)
    today = timezone.localdate()
    contributions = list(review.contributions.select_related("agency", "submitted_by"))
    partner_bodies = list(review.partner_bodies().order_by("name"))
    clocks = review.clocks()
    sign_offs = list(review.sign_offs.select_related("partner_body", "signed_by"))
    signed = {s.partner_body_id for s in sign_offs}
    can_sign = bool({body.pk for body in bodies_spoken_for(seat, review)} - signed) and not review.is_sent
    learning = list(review.learning_points.order_by("kind", "number", "pk"))
    return render(
        request,
        "reviews/rapid_review_detail.html",
        {
            "review": review,
            "incident": review.incident,
            "today": today,
            "clocks": clocks,
            "days_left": days_left(clocks[0], today),
            "checklist": send_checklist(review, contributions, partner_bodies),
            "send_problem": "" if review.is_sent else review.send_problem(),
            "contributions": contributions,
            "sign_offs": sign_offs,
            "still_to_sign": [body for body in partner_bodies if body.pk not in signed],
            "learning": [_learning_row(point) for point in learning],
            "can_manage": seat.can(ROOM, "manage"),
            "can_sign": can_sign,
            "history": entries_for(review),
        },
    )


def _learning_row(point: LearningPoint) -> dict[str, object]:
    status = point.status()
    return {"point": point, "status": status, "colour": STATUS_COLOURS[status] if status else ""}


@partnership_view(ROOM, "manage")
def rapid_review_edit(request: SeatedRequest, pk: int) -> HttpResponse:
    """The four parts of the review and the decision on an LCSPR. What was sent to the Panel is
    kept as it was sent."""
    review = _viewable_review(request, pk)
    if problem := rapid_review_change_problem(review):
        return render(request, "reviews/rapid_review_form.html", {"review": review, "form": None, "problem": problem})
    form = RapidReviewForm(request.POST or None, instance=review)
    if request.method == "POST" and form.is_valid():
        try:
            workflow.rapid_review_change(rapid_review=form.instance, by=request.user)
        except ValidationError as error:
            errors_onto(form, error)
        else:
            messages.success(request, "The rapid review has been saved.")
            return redirect("rapid_review_detail", slug=review.partnership.slug, pk=review.pk)
    sign_offs = list(review.sign_offs.select_related("partner_body"))
    return render(
        request,
        "reviews/rapid_review_form.html",
        {"review": review, "form": form, "sign_offs": sign_offs, "reminder": IDENTIFYING_DETAILS_REMINDER},
    )


@partnership_view(ROOM, "manage")
def rapid_review_request(request: SeatedRequest, pk: int) -> HttpResponse:
    """Ask more agencies for a contribution."""
    review = _viewable_review(request, pk)
    form = ContributionRequestForm(
        request.POST or None, rapid_review=review, initial={"due_on": review.contributions_due}
    )
    if request.method == "POST" and form.is_valid():
        try:
            made = workflow.contributions_request(
                rapid_review=review,
                agencies=form.cleaned_data["agencies"],
                due_on=form.cleaned_data["due_on"],
                by=request.user,
            )
        except ValidationError as error:
            errors_onto(form, error)
        else:
            names = ", ".join(str(c.agency.name) for c in made)
            messages.success(
                request, f"Contributions asked of {names}." if made else "Those agencies had already been asked."
            )
            return redirect("rapid_review_detail", slug=review.partnership.slug, pk=review.pk)
    asked = review.contributions.select_related("agency")
    return render(request, "reviews/rapid_review_request.html", {"review": review, "form": form, "asked": asked})


@partnership_view(ROOM, "contribute", row_rules=True)
def rapid_review_sign_off(request: SeatedRequest, pk: int) -> HttpResponse:
    """A lead or delegated partner signs the review off for their body. Anyone else is told why
    not, and sees nothing of the review."""
    seat = request.seat
    # Any review of the partnership: whoever cannot sign is told why (and shown nothing of it),
    # whether or not their role reads the room.
    review = get_scoped_or_404(RapidReview.objects.select_related("incident", "partnership"), seat.partnership, pk=pk)
    mine = bodies_spoken_for(seat, review)
    if not mine:
        context = {"review": review, "problem": not_a_signer(review), "show_review": False, "form": None}
        return render(request, "reviews/rapid_review_sign_off.html", context, status=403)
    signed = {s.partner_body_id: s for s in review.sign_offs.select_related("signed_by")}
    to_sign = [body for body in mine if body.pk not in signed]
    problem = ""
    if review.is_sent:
        problem = f"The rapid review was sent to the Panel on {review.sent_to_panel_on:%-d %B %Y}."
    elif not to_sign:
        problem = " ".join(
            f"{body.name} signed it off on {signed[body.pk].signed_on:%-d %B %Y} ({signed[body.pk].signed_by})."
            for body in mine
        )
    elif missing := review.parts_missing():
        problem = (
            f"There is nothing complete to sign yet: the business manager still has to record {', '.join(missing)}."
        )
    form = SignOffForm(request.POST or None, rapid_review=review, bodies=to_sign or mine)
    if request.method == "POST" and not problem and form.is_valid():
        try:
            sign_off = workflow.rapid_review_sign_off(
                rapid_review=review,
                partner_body=form.cleaned_data["partner_body"],
                by=request.user,
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as error:
            hidden = isinstance(form.fields["partner_body"].widget, forms.HiddenInput)
            if hidden and hasattr(error, "error_dict") and "partner_body" in error.error_dict:
                form.add_error(None, error.message_dict["partner_body"])
            else:
                errors_onto(form, error)
        else:
            messages.success(request, f"Signed off for {sign_off.partner_body.name}.")
            return redirect("rapid_review_detail", slug=review.partnership.slug, pk=review.pk)
    return render(
        request,
        "reviews/rapid_review_sign_off.html",
        {
            "review": review,
            "incident": review.incident,
            "problem": problem,
            "show_review": True,
            "form": None if problem else form,
            "signing_for": to_sign[0] if len(to_sign) == 1 else None,
        },
    )


@partnership_view(ROOM, "manage")
def rapid_review_send(request: SeatedRequest, pk: int) -> HttpResponse:
    """Record the date the completed, signed-off review was sent to the Panel."""
    review = _viewable_review(request, pk)
    clock = review.clocks()[0]
    due_text = (
        f"{clock.due:%-d %B %Y} ({clock.rule.length_text} after the notification was sent to the Panel)"
        if clock.due is not None
        else f"the deadline ({clock.rule.length_text} after the notification is sent to the Panel)"
    )
    problem = ""
    if review.is_sent:
        problem = f"The rapid review is already recorded as sent to the Panel on {review.sent_to_panel_on:%-d %B %Y}."
    else:
        problem = review.send_problem()
    form = SendForm(request.POST or None, due_text=due_text, initial={"sent_on": timezone.localdate()})
    if request.method == "POST":
        if problem:
            form.is_valid()
            form.add_error(None, problem)
        elif form.is_valid():
            try:
                workflow.rapid_review_send(
                    rapid_review=review,
                    sent_on=form.cleaned_data["sent_on"],
                    late_reason=form.cleaned_data["late_reason"],
                    by=request.user,
                )
            except ValidationError as error:
                errors_onto(form, _on_send_form(error))
            else:
                messages.success(request, f"Recorded as sent to the Panel on {review.sent_to_panel_on:%-d %B %Y}.")
                return redirect("rapid_review_detail", slug=review.partnership.slug, pk=review.pk)
    return render(
        request,
        "reviews/rapid_review_send.html",
        {"review": review, "form": form, "problem": problem, "clock": clock, "today": timezone.localdate()},
    )


def _on_send_form(error: ValidationError) -> ValidationError:
    """The model names the send date ``sent_to_panel_on``; the form calls it ``sent_on``."""
    if not hasattr(error, "error_dict"):
        return error
    renamed = {
        ("sent_on" if field == "sent_to_panel_on" else field): found for field, found in error.message_dict.items()
    }
    return ValidationError(renamed)


@partnership_view(ROOM, "manage")
def rapid_review_panel(request: SeatedRequest, pk: int) -> HttpResponse:
    """Record the Panel's response to the review."""
    review = _viewable_review(request, pk)
    problem = "" if review.is_sent else "Record when the review was sent to the Panel before the Panel's response."
    initial = {
        "panel_response": review.panel_response,
        "panel_response_on": review.panel_response_on or timezone.localdate(),
        "panel_response_note": review.panel_response_note,
    }
    form = PanelResponseForm(request.POST or None, initial=initial)
    if request.method == "POST" and not problem and form.is_valid():
        try:
            workflow.rapid_review_record_panel_response(
                rapid_review=review,
                response=form.cleaned_data["panel_response"],
                responded_on=form.cleaned_data["panel_response_on"],
                note=form.cleaned_data["panel_response_note"],
                by=request.user,
            )
        except ValidationError as error:
            errors_onto(form, error)
        else:
            messages.success(request, "The Panel's response has been recorded.")
            return redirect("rapid_review_detail", slug=review.partnership.slug, pk=review.pk)
    return render(request, "reviews/rapid_review_panel.html", {"review": review, "form": form, "problem": problem})


# --- Agencies' contributions ------------------------------------------------------------------

CONTRIBUTION_FILTERS = {
    "all": "All",
    ContributionStatus.REQUESTED.value: "Not started",
    ContributionStatus.DRAFT.value: "Being written",
    ContributionStatus.SUBMITTED.value: "Submitted",
    "overdue": "Overdue",
}


def _contributions(seat: Seat) -> QuerySet[AgencyContribution]:
    return scoped(AgencyContribution.objects.visible_to(seat), seat.partnership).select_related(
        "agency", "rapid_review__incident", "submitted_by"
    )


@partnership_view(ROOM, "contribute")
def contribution_list(request: SeatedRequest) -> HttpResponse:
    """An agency's way in: the contributions its people are asked to write. Those who may view the
    room see every agency's, by status."""
    seat = request.seat
    today = timezone.localdate()
    show = request.GET.get("show", "all")
    if show not in CONTRIBUTION_FILTERS:
        show = "all"
    visible = _contributions(seat).order_by("due_on", "rapid_review__incident__reference", "agency__name")
    for_you = [c for c in only_their_agency(visible, seat) if c.can_write(seat)]
    listed = visible
    if show == "overdue":
        listed = visible.exclude(status=ContributionStatus.SUBMITTED).filter(due_on__lt=today)
    elif show != "all":
        listed = visible.filter(status=show)
    return render(
        request,
        "reviews/contribution_list.html",
        {
            "for_you": for_you,
            "contributions": listed,
            "show": show,
            "filters": CONTRIBUTION_FILTERS,
            "today": today,
            "sees_all": seat.can(ROOM, "view"),
        },
    )


@partnership_view(ROOM, "contribute")
def contribution_detail(request: SeatedRequest, pk: int) -> HttpResponse:
    seat = request.seat
    contribution = get_scoped_or_404(_contributions(seat), seat.partnership, pk=pk)
    return render(
        request,
        "reviews/contribution_detail.html",
        {
            "contribution": contribution,
            "incident": contribution.rapid_review.incident,
            "today": timezone.localdate(),
            "can_write": contribution.can_write(seat),
            "sees_review": seat.can(ROOM, "view"),
            "history": entries_for(contribution),
        },
    )


@partnership_view(ROOM, "contribute", row_rules=True)
def contribution_edit(request: SeatedRequest, pk: int) -> HttpResponse:
    """The agency's own people write and submit its contribution; once submitted it is read-only.
    Anyone who may read it but not write it is told why (403 on a change)."""
    seat = request.seat
    contribution = get_scoped_or_404(_contributions(seat), seat.partnership, pk=pk)
    problem = contribution_write_problem(contribution, request.user)
    initial = {
        "involvement": contribution.involvement,
        "analysis": contribution.analysis,
        "actions_taken": contribution.actions_taken,
    }
    form = ContributionForm(request.POST or None, initial=initial)
    context = {
        "contribution": contribution,
        "incident": contribution.rapid_review.incident,
        "today": timezone.localdate(),
        "problem": problem,
        "form": None if problem else form,
        "reminder": IDENTIFYING_DETAILS_REMINDER,
        "sees_review": seat.can(ROOM, "view"),
    }
    if request.method == "POST":
        if problem:
            return render(request, "reviews/contribution_form.html", context, status=403)
        if form.is_valid():
            submit = request.POST.get("action") == "submit"
            try:
                workflow.contribution_save(
                    contribution=contribution, submit=submit, by=request.user, **form.cleaned_data
                )
            except ValidationError as error:
                errors_onto(form, error)
            else:
                if submit:
                    messages.success(request, f"{contribution.agency.name}'s contribution has been submitted.")
                else:
                    messages.success(request, "Draft saved. You can come back to it before you submit it.")
                return redirect("contribution_detail", slug=seat.partnership.slug, pk=contribution.pk)
    return render(request, "reviews/contribution_form.html", context)
