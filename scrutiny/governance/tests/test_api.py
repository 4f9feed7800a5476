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
