"""The governance room in the API: meeting series with their seats and quoracy rule, meetings
with attendance, quoracy, agenda, decisions and minutes status, and recording attendance. The
same seats, matrix and scoping as the pages: an agency contributor reads the series they sit on."""

from datetime import datetime
from typing import Any

from ninja import Router, Schema, Status
from ninja.pagination import paginate

from scrutiny.governance import meetings as workflow
from scrutiny.governance.models import ROOM, Meeting, MeetingSeries
from scrutiny.partnerships.access import SeatedRequest, partnership_endpoint
from scrutiny.partnerships.scoping import get_scoped_or_404
from scrutiny.web.api import ERRORS, ErrorOut

router = Router(tags=["governance"])
BASE = "/partnerships/{slug}/governance"
BAD_INPUT: dict[int, Any] = {**ERRORS, 400: ErrorOut, 422: ErrorOut}


class SeatOut(Schema):
    id: int
    agency_id: int
    agency: str
    job_title: str
    role: str
    seniority: str
    person_id: int | None
    active: bool


class SeriesOut(Schema):
    id: int
    name: str
    kind: str
    terms_of_reference: str
    quorum_agencies: int
    quorum_statutory_partners: bool
    deputies_count: bool
    quorum_rule: str
    active: bool
    seats: list[SeatOut]


class AttendanceOut(Schema):
    seat_id: int
    agency: str
    job_title: str
    status: str
    deputy_role: str
    deputy_seniority: str


class QuoracyOut(Schema):
    recorded: bool
    quorate: bool
    agencies: list[str]
    missing_partners: list[str]
    reason: str


class MeetingOut(Schema):
    id: int
    series_id: int
    series: str
    starts_at: datetime
    ends_at: datetime | None
    location: str
    status: str
    minutes_status: str
    quoracy: QuoracyOut
    attendance: list[AttendanceOut]
    agenda: list[str]
    decisions: list[str]


class AttendanceIn(Schema):
    seat_id: int
    status: str
    deputy_role: str = ""
    deputy_seniority: str = ""


def _series_out(series: MeetingSeries) -> SeriesOut:
    return SeriesOut(
        id=series.pk,
        name=series.name,
        kind=series.kind,
        terms_of_reference=series.terms_of_reference,
        quorum_agencies=series.quorum_agencies,
        quorum_statutory_partners=series.quorum_statutory_partners,
        deputies_count=series.deputies_count,
        quorum_rule=series.quorum_rule(),
        active=series.active,
        seats=[
            SeatOut(
                id=member.pk,
                agency_id=member.agency_id,
                agency=member.agency.name,
                job_title=member.job_title,
                role=member.role,
                seniority=member.seniority,
                person_id=member.person_id,
                active=member.active,
            )
            for member in series.members.select_related("agency")
        ],
    )


def _meeting_out(meeting: Meeting) -> MeetingOut:
    quoracy = meeting.quoracy()
    return MeetingOut(
        id=meeting.pk,
        series_id=meeting.series_id,
        series=meeting.series.name,
        starts_at=meeting.starts_at,
        ends_at=meeting.ends_at,
        location=meeting.location,
        status=meeting.status,
        minutes_status=meeting.minutes_status,
        quoracy=QuoracyOut(
            recorded=quoracy.recorded,
            quorate=quoracy.quorate,
            agencies=quoracy.agencies,
            missing_partners=quoracy.missing_partners,
            reason=quoracy.reason,
        ),
        attendance=[
            AttendanceOut(
                seat_id=row.member_id,
                agency=row.member.agency.name,
                job_title=row.member.job_title,
                status=row.status,
                deputy_role=row.deputy_role,
                deputy_seniority=row.deputy_seniority,
            )
            for row in meeting.attendance.all()
        ],
        agenda=[str(item) for item in meeting.agenda.all()],
        decisions=[decision.text for decision in meeting.decisions.all()],
    )


@router.get(
    f"{BASE}/series",
    response={200: list[SeriesOut], **ERRORS},
    url_name="governance_series",
)
@partnership_endpoint(ROOM, "view")
def series_list(request: SeatedRequest, slug: str) -> list[SeriesOut]:
    """The meeting series this person may read, with their seats and quoracy rule."""
    return [_series_out(series) for series in MeetingSeries.objects.visible_to(request.seat)]


@router.get(
    f"{BASE}/meetings",
    response={200: list[MeetingOut], **ERRORS},
    url_name="governance_meetings",
)
@paginate
@partnership_endpoint(ROOM, "view")
def meeting_list(request: SeatedRequest, slug: str) -> list[MeetingOut]:
    """Meetings, newest first, with attendance and quoracy. Paginated (limit, offset)."""
    meetings = (
        Meeting.objects.visible_to(request.seat)
        .select_related("series")
        .prefetch_related("attendance__member__agency", "agenda", "decisions")
    )
    return [_meeting_out(meeting) for meeting in meetings]


@router.get(
    f"{BASE}/meetings/{{meeting_id}}",
    response={200: MeetingOut, **ERRORS},
    url_name="governance_meeting",
)
@partnership_endpoint(ROOM, "view")
def meeting_detail(request: SeatedRequest, slug: str, meeting_id: int) -> MeetingOut:
    seat = request.seat
    meetings = Meeting.objects.visible_to(seat).prefetch_related("attendance__member__agency")
    return _meeting_out(get_scoped_or_404(meetings, seat.partnership, pk=meeting_id))


@router.put(
    f"{BASE}/meetings/{{meeting_id}}/attendance",
    response={200: MeetingOut, **BAD_INPUT},
    url_name="governance_meeting_attendance",
)
@partnership_endpoint(ROOM, "manage")
def meeting_attendance(request: SeatedRequest, slug: str, meeting_id: int, payload: list[AttendanceIn]) -> MeetingOut:
    """Record attendance, seat by seat (business manager). A seat of another series, an unknown
    status or a deputy with no job title is answered 400 with the reason, and nothing changes."""
    seat = request.seat
    meeting = get_scoped_or_404(Meeting.objects.all(), seat.partnership, pk=meeting_id)
    workflow.attendance_record(
        meeting, {item.seat_id: (item.status, item.deputy_role, item.deputy_seniority) for item in payload}
    )
    return _meeting_out(meeting)


class SurveyQuestionOut(Schema):
    question: str
    agreed: int
    disagreed: int


class ObservationOut(Schema):
    observer: str
    strengths: str
    improvements: str
    challenge_seen: str
    recorded_at: datetime


class MeetingReviewOut(Schema):
    answers: int
    questions: list[SurveyQuestionOut]
    comments: list[str]
    observations: list[ObservationOut] | None


class DecisionIn(Schema):
    text: str


@router.get(
    f"{BASE}/meetings/{{meeting_id}}/review",
    response={200: MeetingReviewOut, **ERRORS},
    url_name="governance_review",
)
@partnership_endpoint(ROOM, "view")
def meeting_review(request: SeatedRequest, slug: str, meeting_id: int) -> MeetingReviewOut:
    """How members rated the meeting (counts only, no one's own answers) and, for those who read
    the scrutineer's work, the scrutineer's observations of it."""
    seat = request.seat
    meeting = get_scoped_or_404(Meeting.objects.visible_to(seat), seat.partnership, pk=meeting_id)
    summary = workflow.survey_summary(meeting)
    return MeetingReviewOut(
        answers=summary.answers,
        questions=[SurveyQuestionOut(question=q, agreed=a, disagreed=d) for q, a, d in summary.questions],
        comments=summary.comments,
        observations=[
            ObservationOut(
                observer=str(o.observer),
                strengths=o.strengths,
                improvements=o.improvements,
                challenge_seen=o.challenge_seen,
                recorded_at=o.recorded_at,
            )
            for o in meeting.observations.select_related("observer")
        ]
        if workflow.reads_observations(seat)
        else None,
    )


@router.post(
    f"{BASE}/meetings/{{meeting_id}}/decisions",
    response={201: MeetingOut, **BAD_INPUT},
    url_name="governance_decision_add",
)
@partnership_endpoint(ROOM, "manage")
def decision_add(request: SeatedRequest, slug: str, meeting_id: int, payload: DecisionIn) -> Status[MeetingOut]:
    """Add a decision to the meeting's log (business manager); an empty decision is answered 400."""
    seat = request.seat
    meeting = get_scoped_or_404(Meeting.objects.all(), seat.partnership, pk=meeting_id)
    workflow.decision_record(meeting=meeting, text=payload.text)
    return Status(201, _meeting_out(meeting))
