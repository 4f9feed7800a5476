"""Meeting series, attendance and quoracy, minutes, and who may see and change them."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from scrutiny.governance.meetings import attendance_record, minutes_save
from scrutiny.governance.models import Attendance, ExpectedMember, Meeting, MeetingSeries, MeetingStatus
from scrutiny.governance.tests.conftest import agency_of
from scrutiny.partnerships.models import AgencyKind

pytestmark = pytest.mark.django_db

BASE = "/p/riverbank/meetings"


def _seat(series: MeetingSeries, title: str) -> ExpectedMember:
    return series.members.get(job_title=title)


def _all(series: MeetingSeries, status: str) -> dict[int, tuple[str, str, str]]:
    return {member.pk: (status, "", "") for member in series.members.all()}


def test_a_meeting_with_each_statutory_partner_and_enough_agencies_is_quorate(series, meeting):
    attendance_record(meeting, _all(series, "attended"))
    quoracy = meeting.quoracy()
    assert quoracy.quorate
    assert len(quoracy.agencies) == 4
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD


def test_a_missing_statutory_partner_makes_it_inquorate_and_says_which(series, meeting):
    rows = _all(series, "attended")
    rows[_seat(series, "Detective Superintendent").pk] = ("apologies", "", "")
    attendance_record(meeting, rows)
    quoracy = meeting.quoracy()
    assert not quoracy.quorate
    assert quoracy.reason == "3 of the 3 agencies needed were represented; not represented: Police."


def test_deputies_count_only_where_the_rule_says_and_advisers_never(series, meeting):
    rows = _all(series, "apologies")
    for title in ("Director of Children's Services", "Chief Nurse", "Detective Superintendent"):
        rows[_seat(series, title).pk] = ("deputy", "Deputy", "senior")
    rows[_seat(series, "Business manager").pk] = ("attended", "", "")
    attendance_record(meeting, rows)
    assert meeting.quoracy().quorate
    series.deputies_count = False
    series.save()
    meeting.refresh_from_db()
    quoracy = meeting.quoracy()
    assert not quoracy.quorate
    assert quoracy.agencies == []  # the business manager advises; the deputies do not count here


def test_attendance_for_someone_not_in_the_series_is_refused_and_nothing_changes(cast, series, meeting):
    other = MeetingSeries.objects.create(partnership=cast.riverbank, name="Quality assurance subgroup")
    stranger = ExpectedMember.objects.create(series=other, agency=agency_of(cast, AgencyKind.POLICE), job_title="DI")
    rows = _all(series, "attended")
    rows[stranger.pk] = ("attended", "", "")
    with pytest.raises(ValidationError) as caught:
        attendance_record(meeting, rows)
    assert f"member {stranger.pk} is not a member of Executive" in caught.value.messages
    assert not Attendance.objects.exists()
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.PLANNED


def test_the_business_manager_sets_up_a_series_and_records_a_meeting(cast, client_for):
    client = client_for(cast.manager)
    made = client.post(
        f"{BASE}/series/add/",
        {
            "name": "Lead partners",
            "kind": "lead_partners",
            "terms_of_reference": "Sets priorities.",
            "quorum_agencies": "3",
            "quorum_statutory_partners": "on",
            "deputies_count": "on",
            "active": "on",
        },
    )
    series = MeetingSeries.objects.get(name="Lead partners")
    assert made.url == f"{BASE}/series/{series.pk}/"
    police = agency_of(cast, AgencyKind.POLICE)
    added = client.post(
        f"{BASE}/series/{series.pk}/members/add/",
        {
            "agency": police.pk,
            "job_title": "Chief Constable",
            "role": "member",
            "seniority": "executive",
            "active": "on",
        },
    )
    assert added.status_code == 302
    member = series.members.get()
    starts = (timezone.localtime() - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    created = client.post(
        f"{BASE}/add/", {"series": series.pk, "starts_at": starts, "location": "Civic centre", "status": "planned"}
    )
    meeting = Meeting.objects.get(series=series)
    assert created.url == f"{BASE}/{meeting.pk}/"
    form = client.get(f"{BASE}/{meeting.pk}/attendance/").content.decode()
    assert "Chief Constable, " + police.name in form
    missing_deputy = client.post(f"{BASE}/{meeting.pk}/attendance/", {f"status_{member.pk}": "deputy"})
    assert "Give the job title of the deputy for the Chief Constable" in missing_deputy.content.decode()
    assert not Attendance.objects.exists()
    saved = client.post(
        f"{BASE}/{meeting.pk}/attendance/",
        {f"status_{member.pk}": "deputy", f"deputy_role_{member.pk}": "Chief Superintendent",
         f"deputy_seniority_{member.pk}": "senior"},
    )  # fmt: skip
    assert saved.status_code == 302
    page = client.get(f"{BASE}/{meeting.pk}/").content.decode()
    assert "Sent a deputy: Chief Superintendent (senior manager)" in page
    assert "Not quorate" in page  # one agency of the three needed


def test_the_form_keeps_what_was_typed_and_says_what_is_wrong(cast, client_for, series):
    client = client_for(cast.manager)
    answer = client.post(
        f"{BASE}/add/",
        {"series": series.pk, "starts_at": "2026-03-02T10:00", "ends_at": "2026-03-02T09:00", "location": "Hall 7",
         "status": "cancelled"},
    )  # fmt: skip
    text = answer.content.decode()
    assert "The meeting must end after it starts." in text
    assert "Say why the meeting was cancelled." in text
    assert 'value="Hall 7"' in text
    assert not Meeting.objects.exists()
    duplicate = client.post(f"{BASE}/series/add/", {"name": "executive", "kind": "other", "quorum_agencies": "2"})
    assert "already has a meeting series with this name" in duplicate.content.decode()


def test_minutes_go_from_draft_to_approved_and_back_to_draft_when_changed(cast, meeting):
    with pytest.raises(ValidationError, match="Write the minutes before approving them"):
        minutes_save(meeting, "  ", approve=True, user=cast.manager, today=datetime(2026, 3, 3).date())
    minutes_save(meeting, "Agreed the plan.", approve=False, user=cast.manager, today=datetime(2026, 3, 3).date())
    assert meeting.minutes_status == "draft"
    minutes_save(meeting, "Agreed the plan.", approve=True, user=cast.manager, today=datetime(2026, 3, 10).date())
    assert (meeting.minutes_status, meeting.minutes_approved_by) == ("approved", cast.manager)
    minutes_save(
        meeting, "Agreed the plan, as amended.", approve=False, user=cast.manager, today=datetime(2026, 3, 11).date()
    )
    meeting.refresh_from_db()
    assert (meeting.minutes_status, meeting.minutes_approved_on) == ("draft", None)
    assert meeting.history.count() == 4


def test_who_may_see_and_change_meetings(cast, client_for, series, meeting):
    other = MeetingSeries.objects.create(partnership=cast.riverbank, name="Child death overview")
    hidden = Meeting.objects.create(series=other, starts_at=timezone.now())
    viewer = client_for(cast.viewer)
    assert viewer.get(f"{BASE}/{meeting.pk}/").status_code == 200
    assert viewer.get(f"{BASE}/{meeting.pk}/attendance/").status_code == 403
    assert client_for(cast.scrutineer).get(f"{BASE}/{meeting.pk}/minutes/").status_code == 403
    # The agency contributor sits on the executive, not on the other series.
    contributor = client_for(cast.contributor)
    assert contributor.get(f"{BASE}/{meeting.pk}/").status_code == 200
    assert contributor.get(f"{BASE}/{hidden.pk}/").status_code == 404
    assert "Child death overview" not in contributor.get(f"{BASE}/").content.decode()
    # Another partnership's people see nothing of Riverbank's meetings, at either address.
    outsider = client_for(cast.outsider)
    assert outsider.get(f"{BASE}/{meeting.pk}/").status_code == 404
    assert outsider.get(f"/p/hillcrest/meetings/{meeting.pk}/").status_code == 404
    assert outsider.get(f"/p/hillcrest/meetings/series/{series.pk}/members/add/").status_code == 404


def test_agenda_papers_decisions_and_actions_are_recorded_with_the_meeting(cast, client_for, series, meeting):
    from scrutiny.actions.models import Action
    from scrutiny.evidence.services import evidence_add_link

    attendance_record(meeting, _all(series, "attended"))
    paper = evidence_add_link(
        partnership=cast.riverbank,
        title="Quarterly performance report",
        url="https://example.org/q2",
        added_by=cast.manager,
    )
    client = client_for(cast.manager)
    added = client.post(
        f"{BASE}/{meeting.pk}/agenda/add/",
        {"order": "1", "title": "Performance", "presenter": "Head of Performance", "papers": [paper.pk]},
    )
    assert added.status_code == 302
    item = meeting.agenda.get()
    assert list(item.papers.all()) == [paper]
    empty = client.post(f"{BASE}/{meeting.pk}/decisions/add/", {"text": "  "})
    assert "Write down what the meeting decided." in empty.content.decode()
    client.post(f"{BASE}/{meeting.pk}/decisions/add/", {"text": "Adopt the neglect strategy.", "agenda_item": item.pk})
    police = agency_of(cast, AgencyKind.POLICE)
    client.post(
        f"{BASE}/{meeting.pk}/actions/add/",
        {"title": "Report on missing children", "owner_agency": police.pk, "due_date": "2026-12-31"},
    )
    action = Action.objects.get(title="Report on missing children")
    assert (action.source, action.source_room) == (meeting, "governance")
    page = client.get(f"{BASE}/{meeting.pk}/").content.decode()
    assert "Quarterly performance report" in page
    assert "Adopt the neglect strategy." in page
    assert "Report on missing children" in page
    # Papers of another partnership cannot be attached.
    foreign = client.post(f"{BASE}/{meeting.pk}/agenda/{item.pk}/", {"order": "1", "title": "x", "papers": [999999]})
    assert "Select a valid choice" in foreign.content.decode()


def test_members_who_attended_answer_the_survey_and_others_may_not(cast, client_for, series, meeting):
    rows = _all(series, "attended")
    attendance_record(meeting, rows)
    contributor = client_for(cast.contributor)  # holds the education seat
    answer = {"purposeful": "4", "challenge_welcomed": "2", "decided": "3", "comment": "Too long on item 2."}
    assert contributor.post(f"{BASE}/{meeting.pk}/survey/", answer).status_code == 302
    contributor.post(f"{BASE}/{meeting.pk}/survey/", {**answer, "challenge_welcomed": "3"})  # a second thought
    assert meeting.survey_answers.get().challenge_welcomed == 3
    assert client_for(cast.viewer).get(f"{BASE}/{meeting.pk}/survey/").status_code == 403  # not a member
    page = client_for(cast.manager).get(f"{BASE}/{meeting.pk}/").content.decode()
    assert "1 member answered" in page
    assert "Too long on item 2." in page
    bad = contributor.post(f"{BASE}/{meeting.pk}/survey/", {**answer, "decided": "7"})
    assert "Select a valid choice" in bad.content.decode()
    # A member recorded as absent is not asked.
    rows[_seat(series, "Head teacher representative").pk] = ("apologies", "", "")
    attendance_record(meeting, rows)
    assert contributor.get(f"{BASE}/{meeting.pk}/survey/").status_code == 403


def test_the_scrutineer_records_an_observation_that_agencies_do_not_see(cast, client_for, series, meeting):
    attendance_record(meeting, _all(series, "attended"))
    scrutineer = client_for(cast.scrutineer)
    saved = scrutineer.post(
        f"{BASE}/{meeting.pk}/observations/add/",
        {"strengths": "Clear chairing.", "challenge_seen": "Health challenged the police on strategy meetings."},
    )
    assert saved.status_code == 302
    assert "Clear chairing." in client_for(cast.viewer).get(f"{BASE}/{meeting.pk}/").content.decode()
    assert "Clear chairing." not in client_for(cast.contributor).get(f"{BASE}/{meeting.pk}/").content.decode()
    assert client_for(cast.manager).get(f"{BASE}/{meeting.pk}/observations/add/").status_code == 403


def test_meetings_reach_calendar_apps_through_the_secret_address(cast, client_for, series, meeting):
    from scrutiny.clocks.models import CalendarFeed

    cancelled = Meeting.objects.create(
        series=series, starts_at=timezone.now() + timedelta(days=20), status="cancelled", cancelled_reason="Snow"
    )
    page = client_for(cast.contributor).get(f"{BASE}/").content.decode()
    feed = CalendarFeed.objects.get(user=cast.contributor, partnership=cast.riverbank)
    assert f"/calendar/{feed.token}/meetings.ics" in page
    body = client_for(None).get(f"/calendar/{feed.token}/meetings.ics")
    assert body["Content-Type"] == "text/calendar; charset=utf-8"
    text = body.content.decode()
    assert f"UID:meeting-{meeting.pk}@scrutiny" in text
    assert f"UID:meeting-{cancelled.pk}@scrutiny" in text
    assert "STATUS:CANCELLED" in text
    assert "SUMMARY:Executive" in text
    # A series the contributor has no seat in stays out of their calendar.
    other = MeetingSeries.objects.create(partnership=cast.riverbank, name="Child death overview")
    Meeting.objects.create(series=other, starts_at=timezone.now())
    assert "Child death overview" not in client_for(None).get(f"/calendar/{feed.token}/meetings.ics").content.decode()
    # Renewing the address on the deadlines page stops the old one.
    old = feed.token
    feed.renew()
    assert client_for(None).get(f"/calendar/{old}/meetings.ics").status_code == 404
    assert client_for(None).get(f"/calendar/{feed.token}/meetings.ics").status_code == 200
