"""The governance room in the API: the same scoping and matrix as the pages."""

from __future__ import annotations

import pytest

from scrutiny.governance.models import Attendance

pytestmark = pytest.mark.django_db

API = "/api/v1/partnerships/riverbank/governance"


def test_series_and_meetings_are_listed_with_quoracy(cast, client_for, series, meeting):
    found = client_for(cast.viewer).get(f"{API}/series").json()
    assert [row["name"] for row in found] == ["Executive"]
    assert len(found[0]["seats"]) == 5
    assert found[0]["quorum_rule"].startswith("At least 3 agencies")
    meetings = client_for(cast.viewer).get(f"{API}/meetings").json()
    assert meetings["count"] == 1
    assert meetings["items"][0]["quoracy"]["reason"] == "Attendance has not been recorded."


def test_the_business_manager_records_attendance_and_bad_rows_change_nothing(cast, client_for, series, meeting):
    manager = client_for(cast.manager)
    seats = [member.pk for member in series.members.all()]
    rows = [{"seat_id": pk, "status": "attended"} for pk in seats]
    bad = manager.put(
        f"{API}/meetings/{meeting.pk}/attendance",
        [*rows[:-1], {"seat_id": seats[-1], "status": "deputy"}],
        content_type="application/json",
    )
    assert bad.status_code == 400
    assert "give the deputy's job title" in bad.json()["detail"]
    assert not Attendance.objects.exists()
    wrong_seniority = [
        *rows[:-1],
        {"seat_id": seats[-1], "status": "deputy", "deputy_role": "DI", "deputy_seniority": "boss"},
    ]
    assert (
        manager.put(
            f"{API}/meetings/{meeting.pk}/attendance", wrong_seniority, content_type="application/json"
        ).status_code
        == 400
    )
    good = manager.put(f"{API}/meetings/{meeting.pk}/attendance", rows, content_type="application/json")
    assert good.status_code == 200
    assert good.json()["quoracy"]["quorate"] is True
    assert (
        client_for(cast.scrutineer)
        .put(f"{API}/meetings/{meeting.pk}/attendance", rows, content_type="application/json")
        .status_code
        == 403
    )


def test_another_partnership_and_a_contributor_without_a_seat_see_nothing(cast, client_for, series, meeting):
    assert client_for(cast.outsider).get(f"{API}/meetings/{meeting.pk}").status_code == 404
    assert (
        client_for(cast.outsider).get(f"/api/v1/partnerships/hillcrest/governance/meetings/{meeting.pk}").status_code
        == 404
    )
    series.members.update(person=None)
    assert client_for(cast.contributor).get(f"{API}/meetings/{meeting.pk}").status_code == 404
    assert client_for(cast.contributor).get(f"{API}/series").json() == []


def test_the_meetings_review_gives_survey_counts_and_observations_only_to_those_who_read_them(
    cast, client_for, series, meeting
):
    from scrutiny.governance.models import Observation

    Observation.objects.create(meeting=meeting, observer=cast.scrutineer, strengths="Well chaired")
    review = client_for(cast.viewer).get(f"{API}/meetings/{meeting.pk}/review").json()
    assert review["answers"] == 0
    assert review["observations"][0]["strengths"] == "Well chaired"
    contributor = client_for(cast.contributor).get(f"{API}/meetings/{meeting.pk}/review").json()
    assert contributor["observations"] is None
    assert client_for(cast.outsider).get(f"{API}/meetings/{meeting.pk}/review").status_code == 404


def test_the_business_manager_adds_a_decision_and_an_empty_one_is_refused(cast, client_for, series, meeting):
    manager = client_for(cast.manager)
    empty = manager.post(f"{API}/meetings/{meeting.pk}/decisions", {"text": " "}, content_type="application/json")
    assert empty.status_code == 400
    assert not meeting.decisions.exists()
    made = manager.post(
        f"{API}/meetings/{meeting.pk}/decisions", {"text": "Adopt the plan"}, content_type="application/json"
    )
    assert made.status_code == 201
    assert made.json()["decisions"] == ["Adopt the plan"]
    assert (
        client_for(cast.viewer)
        .post(f"{API}/meetings/{meeting.pk}/decisions", {"text": "x"}, content_type="application/json")
        .status_code
        == 403
    )
