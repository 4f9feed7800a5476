"""The governance room's pages: meeting series with their members and quoracy rule, and each
meeting with its attendance, quoracy and minutes."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from scrutiny.governance.forms import AttendanceForm, ExpectedMemberForm, MeetingForm, MeetingSeriesForm
from scrutiny.governance.meetings import attendance_record, members_expected, minutes_save
from scrutiny.governance.models import ROOM, ExpectedMember, Meeting, MeetingSeries, MeetingStatus
from scrutiny.partnerships.access import Seat, partnership_view
from scrutiny.partnerships.history import entries_for
from scrutiny.partnerships.scoping import get_scoped_or_404


def _seat(request: HttpRequest) -> Seat:
    seat: Seat = request.seat  # type: ignore[attr-defined]
    return seat


def _series(seat: Seat) -> Any:
    return MeetingSeries.objects.visible_to(seat)


def _meetings(seat: Seat) -> Any:
    return Meeting.objects.visible_to(seat).select_related("series")


@partnership_view(ROOM, "view")
def governance_home(request: HttpRequest) -> HttpResponse:
    """Meetings to come and meetings held, with whether each was quorate, and the series."""
    seat = _seat(request)
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
        },
    )


def _series_form(request: HttpRequest, series: MeetingSeries | None) -> HttpResponse:
    seat = _seat(request)
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
def series_add(request: HttpRequest) -> HttpResponse:
    return _series_form(request, None)


@partnership_view(ROOM, "manage")
def series_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _series_form(request, get_scoped_or_404(MeetingSeries.objects.all(), _seat(request).partnership, pk=pk))


@partnership_view(ROOM, "view")
def series_detail(request: HttpRequest, pk: int) -> HttpResponse:
    seat = _seat(request)
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


def _member_form(request: HttpRequest, series: MeetingSeries, member: ExpectedMember | None) -> HttpResponse:
    form = ExpectedMemberForm(request.POST or None, instance=member, series=series)
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        messages.success(request, f"{saved} saved.")
        return redirect("series_detail", slug=series.partnership.slug, pk=series.pk)
    return render(request, "governance/member_form.html", {"form": form, "series": series, "member": member})


@partnership_view(ROOM, "manage")
def member_add(request: HttpRequest, pk: int) -> HttpResponse:
    series = get_scoped_or_404(MeetingSeries.objects.all(), _seat(request).partnership, pk=pk)
    return _member_form(request, series, None)


@partnership_view(ROOM, "manage")
def member_edit(request: HttpRequest, pk: int, member: int) -> HttpResponse:
    series = get_scoped_or_404(MeetingSeries.objects.all(), _seat(request).partnership, pk=pk)
    return _member_form(request, series, get_scoped_or_404(series.members.all(), series.partnership, pk=member))


def _meeting_form(request: HttpRequest, meeting: Meeting | None) -> HttpResponse:
    seat = _seat(request)
    initial = {"series": request.GET.get("series")} if meeting is None and request.GET.get("series") else None
    form = MeetingForm(request.POST or None, instance=meeting, partnership=seat.partnership, initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        messages.success(request, f"{saved} saved.")
        return redirect("meeting_detail", slug=seat.partnership.slug, pk=saved.pk)
    return render(request, "governance/meeting_form.html", {"form": form, "meeting": meeting})


@partnership_view(ROOM, "manage")
def meeting_add(request: HttpRequest) -> HttpResponse:
    return _meeting_form(request, None)


@partnership_view(ROOM, "manage")
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _meeting_form(request, get_scoped_or_404(Meeting.objects.all(), _seat(request).partnership, pk=pk))


@partnership_view(ROOM, "view")
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    seat = _seat(request)
    meeting = get_scoped_or_404(_meetings(seat), seat.partnership, pk=pk)
    attendance = list(meeting.attendance.select_related("member__agency"))
    return render(
        request,
        "governance/meeting_detail.html",
        {
            "meeting": meeting,
            "attendance": attendance,
            "quoracy": meeting.quoracy(),
            "can_manage": seat.can(ROOM, "manage"),
            "history": entries_for(meeting),
        },
    )


@partnership_view(ROOM, "manage")
def meeting_attendance(request: HttpRequest, pk: int) -> HttpResponse:
    seat = _seat(request)
    meeting = get_scoped_or_404(Meeting.objects.select_related("series"), seat.partnership, pk=pk)
    form = AttendanceForm(request.POST or None, meeting=meeting, members=members_expected(meeting))
    if request.method == "POST" and form.is_valid():
        try:
            attendance_record(meeting, form.rows())
        except ValidationError as problem:
            for message in problem.messages:
                form.add_error(None, message)
        else:
            messages.success(request, f"Attendance recorded. {meeting.quoracy().reason}")
            return redirect("meeting_detail", slug=seat.partnership.slug, pk=meeting.pk)
    return render(request, "governance/meeting_attendance.html", {"form": form, "meeting": meeting})


@partnership_view(ROOM, "manage")
def meeting_minutes(request: HttpRequest, pk: int) -> HttpResponse:
    seat = _seat(request)
    meeting = get_scoped_or_404(Meeting.objects.select_related("series"), seat.partnership, pk=pk)
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
