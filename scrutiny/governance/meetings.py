"""Workflows across a meeting's records: recording attendance, approving minutes, logging
decisions, and who is expected at a meeting and reads what was observed of it. The pages and the
API both go through them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from scrutiny.governance.models import (
    AgendaItem,
    Agreement,
    Attendance,
    AttendanceStatus,
    Decision,
    ExpectedMember,
    Meeting,
    MeetingStatus,
    MinutesStatus,
    Seniority,
    SurveyAnswer,
)
from scrutiny.partnerships.access import Seat


def members_expected(meeting: Meeting) -> list[ExpectedMember]:
    """The series' active members, and anyone already recorded for this meeting (a member who has
    since left still has their attendance shown)."""
    recorded = Attendance.objects.filter(meeting=meeting).values_list("member", flat=True)
    members = ExpectedMember.objects.filter(series=meeting.series).select_related("agency", "person")
    return list(members.filter(active=True) | members.filter(pk__in=recorded))


def attendance_record(meeting: Meeting, rows: dict[int, tuple[str, str, str]]) -> list[Attendance]:
    """Record each member's attendance (status, deputy's job title, deputy's seniority), all or
    nothing. A member of another series, an unknown status or a deputy without a job title is
    refused with the reason, and nothing changes. Recording attendance marks a planned meeting
    held."""
    members = {member.pk: member for member in ExpectedMember.objects.filter(series=meeting.series)}
    problems = []
    for member_id, (status, deputy_role, seniority) in rows.items():
        if member_id not in members:
            problems.append(f"member {member_id} is not a member of {meeting.series.name}")
        elif status not in AttendanceStatus.values:
            problems.append(f"{members[member_id]}: {status!r} is not one of {', '.join(AttendanceStatus.values)}")
        elif status == AttendanceStatus.DEPUTY and not deputy_role.strip():
            problems.append(f"{members[member_id]}: give the deputy's job title")
        elif seniority and seniority not in Seniority.values:
            problems.append(f"{members[member_id]}: {seniority!r} is not one of {', '.join(Seniority.values)}")
    if meeting.status == MeetingStatus.CANCELLED:
        problems.append("the meeting was cancelled, so nobody attended it")
    if problems:
        raise ValidationError(problems)
    saved = []
    with transaction.atomic():
        for member_id, (status, deputy_role, seniority) in rows.items():
            is_deputy = status == AttendanceStatus.DEPUTY
            row, _created = Attendance.objects.update_or_create(
                meeting=meeting,
                member=members[member_id],
                defaults={
                    "status": status,
                    "deputy_role": deputy_role.strip() if is_deputy else "",
                    "deputy_seniority": seniority if is_deputy else "",
                },
            )
            saved.append(row)
        if meeting.status == MeetingStatus.PLANNED:
            meeting.status = MeetingStatus.HELD
            meeting.save(update_fields=["status"])
    return saved


def minutes_save(meeting: Meeting, text: str, *, approve: bool, user: object, today: date) -> Meeting:
    """Save the minutes as a draft, or approve them. Approved minutes are the record: changing them
    afterwards makes them a draft again, to be approved again."""
    if approve and not text.strip():
        raise ValidationError({"minutes": "Write the minutes before approving them."})
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError({"minutes": "The meeting was cancelled, so it has no minutes."})
    meeting.minutes = text
    if approve:
        meeting.minutes_status = MinutesStatus.APPROVED
        meeting.minutes_approved_on = today
        meeting.minutes_approved_by = user  # type: ignore[assignment]
    else:
        meeting.minutes_status = MinutesStatus.DRAFT if text.strip() else MinutesStatus.NONE
        meeting.minutes_approved_on = None
        meeting.minutes_approved_by = None
    meeting.save()
    return meeting


def decision_record(*, meeting: Meeting, text: str, agenda_item: AgendaItem | None = None) -> Decision:
    """Add a decision the meeting took to its decisions log, about one of its agenda items or
    about none."""
    if not text.strip():
        raise ValidationError({"text": "Write down what the meeting decided."})
    if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
        raise ValidationError({"agenda_item": "Choose an item of this meeting's agenda."})
    return Decision.objects.create(meeting=meeting, text=text.strip(), agenda_item=agenda_item)


def reads_observations(seat: Seat) -> bool:
    """The scrutineer's observations of a meeting are the scrutineer's work: those who read the
    assurance room read them; the others (an agency contributor) do not."""
    return seat.can("assurance", "view")


def may_answer_survey(meeting: Meeting, user: Any) -> bool:
    """The survey is for the members who were at the meeting: a seat holder recorded as attending."""
    return (
        meeting.status == MeetingStatus.HELD
        and meeting.attendance.filter(member__person=user, status=AttendanceStatus.ATTENDED).exists()
    )


@dataclass
class SurveySummary:
    """How many members answered, and for each question how many agreed (agree or strongly)."""

    answers: int
    questions: list[tuple[str, int, int]]  # (question, agreed, disagreed)
    comments: list[str]


def survey_summary(meeting: Meeting) -> SurveySummary:
    answers = list(meeting.survey_answers.all())
    questions = []
    for name in ("purposeful", "challenge_welcomed", "decided"):
        label = str(getattr(SurveyAnswer._meta.get_field(name), "verbose_name", name))
        agreed = sum(1 for answer in answers if getattr(answer, name) >= Agreement.AGREE)
        questions.append((label, agreed, len(answers) - agreed))
    return SurveySummary(len(answers), questions, [answer.comment for answer in answers if answer.comment.strip()])
