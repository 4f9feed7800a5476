"""The working-day clock for anyone signed in (due dates of statutory clocks, and plain
arithmetic); each partnership's deadlines page; and the calendar feed of those deadlines."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from scrutiny.clocks.catalogue import all_rules, get_rule
from scrutiny.clocks.deadlines import clocks_for, open_clocks_for
from scrutiny.clocks.feeds import calendar_response, deadlines_calendar, feed_seat
from scrutiny.clocks.forms import DueDateForm, WorkingDaysForm
from scrutiny.clocks.holidays import OutsideHolidayData, first_year, last_year
from scrutiny.clocks.models import CalendarFeed
from scrutiny.clocks.tracking import Clock, ClockStatus
from scrutiny.clocks.workdays import add_working_days, working_days_between
from scrutiny.partnerships.access import Seat, partnership_view, post_only, public_view, signed_in_view


@signed_in_view
def clock(request: HttpRequest) -> HttpResponse:
    # Two small calculators on one page; each GET form names itself so they keep their own input.
    due_form = DueDateForm(request.GET if "due-rule" in request.GET else None, prefix="due")
    days_form = WorkingDaysForm(request.GET if "days-days" in request.GET else None, prefix="days")
    due_result = days_result = None
    if due_form.is_bound and due_form.is_valid():
        rule = get_rule(due_form.cleaned_data["rule"])
        try:
            start = due_form.cleaned_data["start"]
            due_result = {"rule": rule, "date": rule.due(start), "explanation": rule.explain(start)}
        except OutsideHolidayData as error:
            due_form.add_error("start", str(error))
    if days_form.is_bound and days_form.is_valid():
        try:
            days_result = add_working_days(days_form.cleaned_data["start"], days_form.cleaned_data["days"])
        except OutsideHolidayData as error:
            days_form.add_error("start", str(error))
    return render(
        request,
        "clocks/clock.html",
        {
            "rules": all_rules(),
            "due_form": due_form,
            "days_form": days_form,
            "due_result": due_result,
            "days_result": days_result,
            "first_year": first_year(),
            "last_year": last_year(),
        },
    )


# --- The partnership's deadlines and their calendar feed --------------------------------------

#: The status filter of the deadlines page: its values, their labels, and the statuses each shows.
STATUS_FILTERS: dict[str, tuple[str, frozenset[ClockStatus]]] = {
    "open": ("All open deadlines", frozenset({ClockStatus.DUE, ClockStatus.DUE_SOON, ClockStatus.MISSED})),
    "missed": ("Missed", frozenset({ClockStatus.MISSED})),
    "due_soon": ("Due soon", frozenset({ClockStatus.DUE_SOON})),
}
#: How far back the page reaches for deadlines met, when asked to show them.
MET_WITHIN_DAYS = 90


@dataclass(frozen=True)
class DeadlineRow:
    clock: Clock
    status: ClockStatus
    due: date
    #: "3 working days left", "2 working days overdue", "Met on 2 June 2025".
    timing: str


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def timing(clock: Clock, status: ClockStatus, due: date, today: date) -> str:
    """How long is left, or how late it is, in working days (statutory.md §7.1)."""
    try:
        if clock.met_on is not None:
            late = working_days_between(due, clock.met_on)
            met = f"Met on {clock.met_on:%-d %B %Y}"
            return f"{met}, {_plural(late, 'working day')} late" if late > 0 else met
        if status is ClockStatus.MISSED:
            overdue = working_days_between(due, today)
            return f"{_plural(overdue, 'working day')} overdue" if overdue > 0 else f"Overdue since {due:%-d %B %Y}"
        if due == today:
            return "Due today"
        return f"{_plural(working_days_between(today, due), 'working day')} left"
    except OutsideHolidayData:
        # Working days cannot be counted outside the bank-holiday data; the due date still shows.
        return ""


def deadline_rows(clocks: list[Clock], today: date, *, show: str, include_met: bool) -> list[DeadlineRow]:
    """The clocks the filters ask for, soonest deadline first."""
    statuses = STATUS_FILTERS[show][1]
    met_since = today - timedelta(days=MET_WITHIN_DAYS)
    rows = []
    for clock in clocks:
        due = clock.due
        if due is None:
            continue
        status = clock.status(today)
        recently_met = include_met and clock.met_on is not None and met_since <= clock.met_on <= today
        if status in statuses or recently_met:
            rows.append(DeadlineRow(clock, status, due, timing(clock, status, due, today)))
    return sorted(rows, key=lambda row: (row.due, row.clock.record, row.clock.label))


def _feed_of(seat: Seat) -> CalendarFeed:
    feed, _ = CalendarFeed.objects.get_or_create(user=seat.user, partnership=seat.partnership)
    return feed


@partnership_view("deadlines", "view")
def deadlines(request: HttpRequest) -> HttpResponse:
    """Every open statutory clock across the partnership's rooms that this person may see."""
    seat: Seat = request.seat  # type: ignore[attr-defined]
    today = timezone.localdate()
    show = request.GET.get("status", "open")
    if show not in STATUS_FILTERS:
        show = "open"
    include_met = request.GET.get("met") == "yes"
    rows = deadline_rows(clocks_for(seat), today, show=show, include_met=include_met)
    feed = _feed_of(seat)
    return render(
        request,
        "clocks/deadlines.html",
        {
            "rows": rows,
            "today": today,
            "show": show,
            "include_met": include_met,
            "status_filters": {key: label for key, (label, _) in STATUS_FILTERS.items()},
            "met_within_days": MET_WITHIN_DAYS,
            "feed_url": request.build_absolute_uri(reverse("calendar_feed", kwargs={"token": feed.token})),
        },
    )


@partnership_view("deadlines", "view")
@post_only
def deadlines_feed_renew(request: HttpRequest) -> HttpResponse:
    """Replace the person's secret calendar address; the old one stops working at once."""
    seat: Seat = request.seat  # type: ignore[attr-defined]
    _feed_of(seat).renew()
    messages.success(
        request,
        "Your calendar address has been replaced. The old address no longer works: "
        "subscribe your calendar to the new one.",
    )
    return redirect("deadlines", slug=seat.partnership.slug)


# Calendar apps cannot sign in: the secret token is the key. The feed still answers only what the
# person's seat allows today, so a member who leaves or is deactivated stops being served.
@public_view(answers=frozenset({200, 404}))
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    feed, seat = feed_seat(token, "deadlines")
    body = deadlines_calendar(
        open_clocks_for(seat, timezone.localdate()),
        partnership_name=feed.partnership.name,
        absolute=request.build_absolute_uri,
        now=timezone.now(),
    )
    return calendar_response(body, f"deadlines-{feed.partnership.slug}.ics")
