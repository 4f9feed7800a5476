"""The governance room's pages: meeting series with their members and quoracy rule, and each
meeting with its attendance, quoracy and minutes."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from scrutiny.actions.forms import ActionForm
from scrutiny.actions.models import Action
from scrutiny.clocks.feeds import calendar_response, feed_seat
from scrutiny.clocks.models import CalendarFeed
from scrutiny.forms_govuk import errors_onto
from scrutiny.governance.calendar import meetings_calendar
from scrutiny.governance.forms import (
    AgendaItemForm,
    AttendanceForm,
    DecisionForm,
    ExpectedMemberForm,
    MeetingForm,
    MeetingSeriesForm,
    ObservationForm,
    SurveyAnswerForm,
)
from scrutiny.governance.meetings import (
    attendance_record,
    decision_record,
    may_answer_survey,
    members_expected,
    minutes_save,
    reads_observations,
    survey_summary,
)
from scrutiny.governance.models import (
    ROOM,
    AgendaItem,
    ExpectedMember,
    Meeting,
    MeetingSeries,
    MeetingStatus,
    SurveyAnswer,
)
from scrutiny.partnerships.access import Seat, SeatedRequest, partnership_view, public_view
from scrutiny.partnerships.history import entries_for
from scrutiny.partnerships.scoping import get_scoped_or_404


def _series(seat: Seat) -> Any:
    return MeetingSeries.objects.visible_to(seat)


def _meetings(seat: Seat) -> Any:
    return Meeting.objects.visible_to(seat).select_related("series")


def _feed(seat: Seat) -> CalendarFeed:
    """The person's secret calendar address for this partnership (shared with the deadlines feed)."""
    feed, _ = CalendarFeed.objects.get_or_create(user=seat.user, partnership=seat.partnership)
    return feed


@partnership_view(ROOM, "view")
def governance_home(request: SeatedRequest) -> HttpResponse:
    """Meetings to come and meetings held, with whether each was quorate, and the series."""
    seat = request.seat
    now = timezone.now()
    meetings = _meetings(seat).prefetch_related("attendance__member__agency")
    upcoming = list(meetings.filter(starts_at__gte=now, status=MeetingStatus.PLANNED).order_by("starts_at")[:10])
    past = list(meetings.filter(starts_at__lt=now)[:12])
    return render(
        request,
        "governance/home.html",
        {
            "upcoming": upcoming,
            "past": [(meeting, meeting.quoracy()) for meeting in past],
            "series": _series(seat).prefetch_related("members"),
            "can_manage": seat.can(ROOM, "manage"),
            "feed_url": request.build_absolute_uri(reverse("meetings_feed", kwargs={"token": _feed(seat).token})),
        },
    )


def _series_form(request: SeatedRequest, series: MeetingSeries | None) -> HttpResponse:
    seat = request.seat
    form = MeetingSeriesForm(request.POST or None, instance=series, partnership=seat.partnership)
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        messages.success(request, f"{saved.name} saved.")
        return redirect("series_detail", slug=seat.partnership.slug, pk=saved.pk)
    return render(
        request,
        "governance/series_form.html",
        {"form": form, "series": series, "history": entries_for(series) if series else []},
    )


@partnership_view(ROOM, "manage")
def series_add(request: SeatedRequest) -> HttpResponse:
    return _series_form(request, None)


@partnership_view(ROOM, "manage")
def series_edit(request: SeatedRequest, pk: int) -> HttpResponse:
    return _series_form(request, get_scoped_or_404(MeetingSeries.objects.all(), request.seat.partnership, pk=pk))


@partnership_view(ROOM, "view")
def series_detail(request: SeatedRequest, pk: int) -> HttpResponse:
    seat = request.seat
    series = get_scoped_or_404(_series(seat), seat.partnership, pk=pk)
    members = series.members.select_related("agency", "person")
    meetings = series.meetings.prefetch_related("attendance__member__agency")[:12]
    return render(
        request,
        "governance/series_detail.html",
        {
            "series": series,
            "members": members,
            "meetings": [(meeting, meeting.quoracy()) for meeting in meetings],
            "can_manage": seat.can(ROOM, "manage"),
            "history": entries_for(series),
        },
    )


def _member_form(request: SeatedRequest, series: MeetingSeries, member: ExpectedMember | None) -> HttpResponse:
    form = ExpectedMemberForm(request.POST or None, instance=member, series=series)
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        messages.success(request, f"{saved} saved.")
        return redirect("series_detail", slug=series.partnership.slug, pk=series.pk)
    return render(request, "governance/member_form.html", {"form": form, "series": series, "member": member})


@partnership_view(ROOM, "manage")
def member_add(request: SeatedRequest, pk: int) -> HttpResponse:
    series = get_scoped_or_404(MeetingSeries.objects.all(), request.seat.partnership, pk=pk)
    return _member_form(request, series, None)


@partnership_view(ROOM, "manage")
def member_edit(request: SeatedRequest, pk: int, member: int) -> HttpResponse:
    series = get_scoped_or_404(MeetingSeries.objects.all(), request.seat.partnership, pk=pk)
    return _member_form(request, series, get_scoped_or_404(series.members.all(), series.partnership, pk=member))


def _meeting_form(request: SeatedRequest, meeting: Meeting | None) -> HttpResponse:
    seat = request.seat
    initial = {"series": request.GET.get("series")} if meeting is None and request.GET.get("series") else None
    form = MeetingForm(request.POST or None, instance=meeting, partnership=seat.partnership, initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        messages.success(request, f"{saved} saved.")
        return redirect("meeting_detail", slug=seat.partnership.slug, pk=saved.pk)
    return render(request, "governance/meeting_form.html", {"form": form, "meeting": meeting})


@partnership_view(ROOM, "manage")
def meeting_add(request: SeatedRequest) -> HttpResponse:
    return _meeting_form(request, None)


@partnership_view(ROOM, "manage")
def meeting_edit(request: SeatedRequest, pk: int) -> HttpResponse:
    return _meeting_form(request, get_scoped_or_404(Meeting.objects.all(), request.seat.partnership, pk=pk))


@partnership_view(ROOM, "view")
def meeting_detail(request: SeatedRequest, pk: int) -> HttpResponse:
    seat = request.seat
    meeting = get_scoped_or_404(_meetings(seat).prefetch_related("attendance__member__agency"), seat.partnership, pk=pk)
    attendance = list(meeting.attendance.all())
    return render(
        request,
        "governance/meeting_detail.html",
        {
            "meeting": meeting,
            "attendance": attendance,
            "quoracy": meeting.quoracy(),
            "agenda": meeting.agenda.prefetch_related("papers"),
            "decisions": meeting.decisions.select_related("agenda_item"),
            "actions": Action.objects.from_source(meeting).select_related("owner_agency"),
            "survey": survey_summary(meeting),
            "may_answer": may_answer_survey(meeting, seat.user),
            "observations": meeting.observations.select_related("observer") if reads_observations(seat) else [],
            "can_observe": seat.can("assurance", "manage"),
            "can_manage": seat.can(ROOM, "manage"),
            "history": entries_for(meeting),
        },
    )


@partnership_view(ROOM, "manage")
def meeting_attendance(request: SeatedRequest, pk: int) -> HttpResponse:
    seat = request.seat
    meeting = _meeting_for(request, pk)
    form = AttendanceForm(request.POST or None, meeting=meeting, members=members_expected(meeting))
    if request.method == "POST" and form.is_valid():
        try:
            attendance_record(meeting, form.rows())
        except ValidationError as problem:
            errors_onto(form, problem)
        else:
            messages.success(request, f"Attendance recorded. {meeting.quoracy().reason}")
            return redirect("meeting_detail", slug=seat.partnership.slug, pk=meeting.pk)
    return render(request, "governance/meeting_attendance.html", {"form": form, "meeting": meeting})


@partnership_view(ROOM, "manage")
def meeting_minutes(request: SeatedRequest, pk: int) -> HttpResponse:
    seat = request.seat
    meeting = _meeting_for(request, pk)
    text = request.POST.get("minutes", meeting.minutes) if request.method == "POST" else meeting.minutes
    error = ""
    if request.method == "POST":
        try:
            minutes_save(meeting, text, approve="approve" in request.POST, user=seat.user, today=timezone.localdate())
        except ValidationError as problem:
            error = " ".join(problem.messages)
        else:
            messages.success(request, f"Minutes {meeting.get_minutes_status_display().lower()}.")
            return redirect("meeting_detail", slug=seat.partnership.slug, pk=meeting.pk)
    return render(request, "governance/meeting_minutes.html", {"meeting": meeting, "text": text, "error": error})


def _meeting_for(request: SeatedRequest, pk: int) -> Meeting:
    return get_scoped_or_404(Meeting.objects.select_related("series__partnership"), request.seat.partnership, pk=pk)


def _agenda_form(request: SeatedRequest, meeting: Meeting, item: AgendaItem | None) -> HttpResponse:
    initial = {"order": meeting.agenda.count() + 1} if item is None else None
    form = AgendaItemForm(request.POST or None, instance=item, meeting=meeting, initial=initial)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Agenda item saved.")
        return redirect(meeting)
    return render(request, "governance/agenda_form.html", {"form": form, "meeting": meeting, "item": item})


@partnership_view(ROOM, "manage")
def agenda_add(request: SeatedRequest, pk: int) -> HttpResponse:
    return _agenda_form(request, _meeting_for(request, pk), None)


@partnership_view(ROOM, "manage")
def agenda_edit(request: SeatedRequest, pk: int, item: int) -> HttpResponse:
    meeting = _meeting_for(request, pk)
    return _agenda_form(request, meeting, get_scoped_or_404(meeting.agenda.all(), meeting.partnership, pk=item))


@partnership_view(ROOM, "manage")
def decision_add(request: SeatedRequest, pk: int) -> HttpResponse:
    meeting = _meeting_for(request, pk)
    form = DecisionForm(request.POST or None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            decision_record(
                meeting=meeting, text=form.cleaned_data["text"], agenda_item=form.cleaned_data["agenda_item"]
            )
        except ValidationError as problem:
            errors_onto(form, problem)
        else:
            messages.success(request, "Decision added to the log.")
            return redirect(meeting)
    return render(request, "governance/decision_form.html", {"form": form, "meeting": meeting})


@partnership_view(ROOM, "manage")
def meeting_action_add(request: SeatedRequest, pk: int) -> HttpResponse:
    """An action the meeting agreed, into the partnership's one action tracker."""
    seat = request.seat
    meeting = _meeting_for(request, pk)
    form = ActionForm(request.POST or None, partnership=seat.partnership)
    if request.method == "POST" and form.is_valid():
        action = form.create_action(source=meeting, source_label=str(meeting), source_room=ROOM, created_by=seat.user)
        messages.success(request, f"Action “{action}” added to the action tracker, owned by {action.owner_agency}.")
        return redirect(meeting)
    return render(request, "governance/meeting_action_form.html", {"form": form, "meeting": meeting})


@partnership_view(ROOM, "contribute", row_rules=True)
def survey_answer(request: SeatedRequest, pk: int) -> HttpResponse:
    """A member who attended says how the meeting went. Only they may; answering again replaces
    their earlier answer."""
    seat = request.seat
    meeting = get_scoped_or_404(_meetings(seat), seat.partnership, pk=pk)
    if not may_answer_survey(meeting, seat.user):
        raise PermissionDenied("Only members who attended the meeting answer its survey.")
    earlier = SurveyAnswer.objects.filter(meeting=meeting, respondent=seat.user).first()
    form = SurveyAnswerForm(request.POST or None, instance=earlier)
    if request.method == "POST" and form.is_valid():
        answer = form.save(commit=False)
        answer.meeting, answer.respondent = meeting, seat.user
        answer.save()
        messages.success(request, "Thank you: your view of the meeting is recorded.")
        return redirect(meeting)
    return render(request, "governance/survey_form.html", {"form": form, "meeting": meeting})


@partnership_view("assurance", "manage")
def observation_add(request: SeatedRequest, pk: int) -> HttpResponse:
    """The scrutineer's observation of a meeting (the scrutineer's own work, so the assurance
    room's permission)."""
    seat = request.seat
    meeting = _meeting_for(request, pk)
    form = ObservationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        observation = form.save(commit=False)
        observation.meeting, observation.observer = meeting, seat.user
        observation.save()
        messages.success(request, "Observation recorded.")
        return redirect(meeting)
    return render(request, "governance/observation_form.html", {"form": form, "meeting": meeting})


#: Meetings held this long ago still appear in the calendar feed.
FEED_LOOKBACK = timedelta(days=92)


# Calendar apps cannot sign in: the secret token of the person's calendar address is the key, and
# the feed answers only what their seat may see today.
@public_view(answers=frozenset({200, 404}))
def meetings_feed(request: HttpRequest, token: str) -> HttpResponse:
    feed, seat = feed_seat(token, ROOM)
    meetings = _meetings(seat).filter(starts_at__gte=timezone.now() - FEED_LOOKBACK).order_by("starts_at")
    body = meetings_calendar(
        meetings.select_related("series__partnership"),
        partnership_name=feed.partnership.name,
        absolute=request.build_absolute_uri,
        now=timezone.now(),
    )
    return calendar_response(body, f"meetings-{feed.partnership.slug}.ics")
