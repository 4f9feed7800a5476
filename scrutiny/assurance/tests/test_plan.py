"""The scrutiny plan: activities by method, with the functions, steps and priorities they cover,
and a coverage view that shows every function and step with no activity yet."""

from __future__ import annotations

from typing import Any

import pytest

from scrutiny.assurance.models import ActivityStatus, Method, ScrutinyActivity
from scrutiny.assurance.planning import coverage
from scrutiny.assurance.tests import factories as make
from scrutiny.frameworks.catalogue import requirement_by_code

pytestmark = pytest.mark.django_db

BASE = "/p/riverbank/assurance/plan"


def _activity(partnership: Any, *codes: str, title: str = "Audit of neglect cases", **extra: Any) -> ScrutinyActivity:
    activity = ScrutinyActivity.objects.create(
        partnership=partnership, year=2025, title=title, method=extra.pop("method", Method.MULTI_AGENCY_AUDIT), **extra
    )
    activity.covers.set([requirement_by_code(code) for code in codes])
    return activity


def test_the_scrutineer_adds_an_activity_covering_functions_steps_and_priorities(cast, client_for):
    f3 = requirement_by_code("wt2023-scrutiny-functions:F3")
    step = requirement_by_code("six-steps:STEP-1")
    neglect = make.theme("neglect", "Neglect")
    item = make.evidence(cast.riverbank, "Focus group notes")
    response = client_for(cast.scrutineer).post(
        f"{BASE}/add/",
        {
            "year": "2025",
            "title": "Focus group with health visitors",
            "method": "focus_group",
            "covers": [f3.pk, step.pk],
            "priorities": [neglect.pk],
            "planned_start": "2025-09-15",
            "planned_end": "2025-09-15",
            "status": "done",
            "outputs": "Notes and a short report",
            "evidence": [item.pk],
        },
    )
    assert response.status_code == 302
    activity = ScrutinyActivity.objects.get()
    assert set(activity.covers.all()) == {f3, step}
    assert list(activity.priorities.all()) == [neglect]
    assert activity.partnership == cast.riverbank


def test_an_activity_with_a_date_in_the_wrong_format_is_refused(cast, client_for):
    response = client_for(cast.scrutineer).post(
        f"{BASE}/add/",
        {"year": "2025", "title": "X", "method": "data_review", "status": "planned", "planned_start": "15 September"},
    )
    assert "Enter the date as YYYY-MM-DD" in response.content.decode()
    assert not ScrutinyActivity.objects.exists()


def test_an_activity_cannot_end_before_it_starts(cast, client_for):
    response = client_for(cast.scrutineer).post(
        f"{BASE}/add/",
        {
            "year": "2025",
            "title": "X",
            "method": "data_review",
            "status": "planned",
            "planned_start": "2025-09-15",
            "planned_end": "2025-09-01",
        },
    )
    assert "cannot be before the planned start" in response.content.decode()
    assert not ScrutinyActivity.objects.exists()


def test_coverage_shows_every_function_and_step_and_those_with_no_activity(cast, client_for):
    _activity(cast.riverbank, "wt2023-scrutiny-functions:F3", "six-steps:STEP-2")
    _activity(cast.riverbank, "wt2023-scrutiny-functions:F1", title="Cancelled", status=ActivityStatus.CANCELLED)
    _activity(cast.hillcrest, "wt2023-scrutiny-functions:F2", title="Theirs")
    rows = coverage(cast.riverbank, 2025)
    assert len(rows) == 13  # seven functions and six steps
    covered = {r.requirement.ref for r in rows if not r.uncovered}
    assert covered == {"F3", "STEP-2"}
    page = client_for(cast.viewer).get(f"{BASE}/coverage/?year=2025").content.decode()
    assert "11 functions or steps with no activity" in page
    assert "Theirs" not in page


def test_an_activity_of_another_partnership_is_not_found(cast, client_for):
    theirs = _activity(cast.hillcrest, "wt2023-scrutiny-functions:F2")
    assert client_for(cast.scrutineer).get(f"{BASE}/{theirs.pk}/").status_code == 404
    assert client_for(cast.scrutineer).post(f"{BASE}/{theirs.pk}/edit/", {"title": "x"}).status_code == 404


def test_a_viewer_reads_the_plan_but_cannot_change_it_and_a_contributor_cannot_read_it(cast, client_for):
    activity = _activity(cast.riverbank, "wt2023-scrutiny-functions:F3")
    viewer = client_for(cast.viewer)
    assert viewer.get(f"{BASE}/?year=2025").status_code == 200
    assert viewer.post(f"{BASE}/{activity.pk}/edit/", {"title": "Changed"}).status_code == 403
    activity.refresh_from_db()
    assert activity.title == "Audit of neglect cases"
    assert client_for(cast.contributor).get(f"{BASE}/").status_code == 403


def test_a_change_to_an_activity_is_kept_in_its_history(cast, client_for):
    activity = _activity(cast.riverbank, "wt2023-scrutiny-functions:F3")
    client_for(cast.scrutineer).post(
        f"{BASE}/{activity.pk}/edit/",
        {
            "year": "2025",
            "title": "Audit of neglect cases",
            "method": "multi_agency_audit",
            "status": "in_progress",
            "covers": [requirement_by_code("wt2023-scrutiny-functions:F3").pk],
        },
    )
    page = client_for(cast.viewer).get(f"{BASE}/{activity.pk}/").content.decode()
    assert "Planned → In progress" in page


def test_the_plan_costs_the_same_however_many_activities(cast, client_for, django_assert_max_num_queries):
    for n in range(6):
        _activity(cast.riverbank, "wt2023-scrutiny-functions:F3", "six-steps:STEP-1", title=f"Activity {n}")
    client = client_for(cast.viewer)
    with django_assert_max_num_queries(12):
        response = client.get(f"{BASE}/?year=2025")
    assert response.content.decode().count("Activity ") >= 6
    with django_assert_max_num_queries(14):
        client.get(f"{BASE}/coverage/?year=2025")
