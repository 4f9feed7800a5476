"""The scrutiny plan through /api/v1/."""

from __future__ import annotations

import pytest

from scrutiny.assurance.models import ScrutinyActivity
from scrutiny.frameworks.catalogue import requirement_by_code

pytestmark = pytest.mark.django_db

API = "/api/v1/partnerships/riverbank/assurance/plan"


def test_an_activity_is_planned_and_shows_in_coverage_through_the_api(cast, client_for):
    f4 = requirement_by_code("wt2023-scrutiny-functions:F4")
    client = client_for(cast.scrutineer)
    made = client.post(
        API,
        {
            "year": 2025,
            "title": "Observe the board",
            "method": "board_observation",
            "covers_ids": [f4.pk],
            "planned_start": "2025-11-20",
        },
        content_type="application/json",
    )
    assert made.status_code == 201, made.content
    assert made.json()["covers_codes"] == ["wt2023-scrutiny-functions:F4"]
    rows = client.get(f"{API}/coverage?year=2025").json()
    assert {r["code"] for r in rows if r["covered"]} == {"wt2023-scrutiny-functions:F4"}
    done = client.patch(f"{API}/{made.json()['id']}", {"status": "done"}, content_type="application/json")
    assert done.json()["status"] == "done"
    assert done.json()["covers_codes"] == ["wt2023-scrutiny-functions:F4"]


def test_an_activity_with_a_bad_date_is_refused_through_the_api(cast, client_for):
    response = client_for(cast.scrutineer).post(
        API,
        {"year": 2025, "title": "X", "method": "data_review", "planned_start": "20/11/2025"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "planned_start: Enter the date as YYYY-MM-DD" in response.json()["detail"]
    assert not ScrutinyActivity.objects.exists()


def test_a_viewer_cannot_plan_and_another_partnerships_activity_is_not_found(cast, client_for):
    theirs = ScrutinyActivity.objects.create(partnership=cast.hillcrest, year=2025, title="T", method="other")
    assert client_for(cast.scrutineer).get(f"{API}/{theirs.pk}").status_code == 404
    response = client_for(cast.viewer).post(
        API, {"year": 2025, "title": "X", "method": "data_review"}, content_type="application/json"
    )
    assert response.status_code == 403
