"""The agency engagement scorecard: counts from meetings, audits, actions and challenges, in one
reporting year, for each agency; shown to the partnership and offered to the assurance room."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone

from scrutiny.actions.models import Action
from scrutiny.assurance.tests import factories
from scrutiny.audits import returns as workflow
from scrutiny.audits.tests.conftest import make_round
from scrutiny.engagement.scorecard import AgencyEngagement, Tally, scorecard
from scrutiny.figures.provided import figures_for
from scrutiny.governance.meetings import attendance_record
from scrutiny.governance.models import ExpectedMember, Meeting, MeetingSeries
from scrutiny.partnerships.models import Agency, AgencyKind, reporting_year_starting

pytestmark = pytest.mark.django_db


def _agency(cast, kind: str) -> Agency:
    found = Agency.objects.filter(partnership_links__partnership=cast.riverbank, kind=kind).order_by("name").first()
    assert found is not None
    return found


def _row(rows: list[AgencyEngagement], agency: Agency) -> AgencyEngagement:
    return next(row for row in rows if row.agency == agency)


def test_a_tally_with_nothing_due_says_so_rather_than_100_percent():
    assert str(Tally()) == "None due"
    tally = Tally()
    tally.add(True)
    tally.add(False)
    assert str(tally) == "1 of 2 (50%)"


def test_attendance_and_seniority_come_from_the_meetings_held(cast):
    today = timezone.localdate()
    police, council = _agency(cast, AgencyKind.POLICE), _agency(cast, AgencyKind.LOCAL_AUTHORITY)
    series = MeetingSeries.objects.create(
        partnership=cast.riverbank, name="Executive", quorum_agencies=1, quorum_statutory_partners=False
    )
    police_seat = ExpectedMember.objects.create(series=series, agency=police, job_title="Supt", seniority="senior")
    council_seat = ExpectedMember.objects.create(series=series, agency=council, job_title="DCS", seniority="executive")
    for days, police_status in [(30, ("deputy", "Inspector", "operational")), (60, ("apologies", "", ""))]:
        meeting = Meeting.objects.create(
            series=series,
            starts_at=timezone.make_aware(datetime.combine(today - timedelta(days=days), datetime.min.time())),
        )
        attendance_record(meeting, {police_seat.pk: police_status, council_seat.pk: ("attended", "", "")})
    rows = scorecard(cast.riverbank, reporting_year_starting(today - timedelta(days=30)), today)
    police_row, council_row = _row(rows, police), _row(rows, council)
    if reporting_year_starting(today - timedelta(days=60)) == reporting_year_starting(today - timedelta(days=30)):
        assert (police_row.attendance.done, police_row.attendance.due) == (1, 2)
        assert (police_row.senior.done, police_row.senior.due) == (0, 1)  # the deputy was operational
        assert (council_row.senior.done, council_row.senior.due) == (2, 2)


def test_returns_actions_and_challenges_count_on_time_or_not(cast):
    today = timezone.localdate()
    year = reporting_year_starting(today)
    school = _agency(cast, AgencyKind.EDUCATION)
    police = _agency(cast, AgencyKind.POLICE)
    audit_round = make_round(cast.riverbank, deadline=today - timedelta(days=1))
    audit_return = workflow.return_start(
        audit_round=audit_round, agency=school, started_by=cast.contributor, carry_forward=False
    )
    for answer in audit_return.answers.all():
        workflow.answer_save(answer=answer, self_score=2, narrative="Met", evidence="")
    workflow.return_submit(audit_return=audit_return, submitted_by=cast.contributor)  # today: a day late
    Action.objects.create(
        partnership=cast.riverbank,
        title="Train staff",
        owner_agency=school,
        due_date=today - timedelta(days=2),
        created_by=cast.manager,
        created_at=timezone.now() - timedelta(days=20),
        completed_on=today - timedelta(days=3),
        status="completed",
    )
    challenge = factories.challenge(cast.riverbank, police, raised_on=max(date(year, 4, 1), today - timedelta(days=40)))
    rows = scorecard(cast.riverbank, year, today)
    school_row, police_row = _row(rows, school), _row(rows, police)
    assert str(school_row.audit_returns) == "0 of 1 (0%)"
    assert str(school_row.actions) == "1 of 1 (100%)"
    assert str(police_row.audit_returns) == "0 of 1 (0%)"  # never started
    if challenge.response_due <= today:
        assert str(police_row.challenges) == "0 of 1 (0%)"


def test_the_scorecard_feeds_the_assurance_rooms_judgements(cast):
    today = timezone.localdate()
    make_round(cast.riverbank, deadline=today - timedelta(days=1))
    found = figures_for(cast.riverbank, reporting_year_starting(today), ["founding-duties:D5", "six-steps:STEP-2"])
    assert set(found) == {"founding-duties:D5", "six-steps:STEP-2"}
    assert "returns on time" in found["founding-duties:D5"][0].label
    assert "0 of 4 (0%)" in found["founding-duties:D5"][0].value


def test_the_page_is_for_the_partnership_not_its_agencies_or_another_partnership(cast, client_for):
    assert client_for(cast.manager).get("/p/riverbank/engagement/").status_code == 200
    assert client_for(cast.scrutineer).get("/p/riverbank/engagement/?year=not-a-year").status_code == 200
    assert client_for(cast.contributor).get("/p/riverbank/engagement/").status_code == 403
    assert client_for(cast.outsider).get("/p/riverbank/engagement/").status_code == 404
