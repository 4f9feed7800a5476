"""Assessments through /api/v1/."""

from __future__ import annotations

import pytest

from scrutiny.assurance.models import Assessment
from scrutiny.assurance.tests import factories as make

pytestmark = pytest.mark.django_db

API = "/api/v1/partnerships/riverbank/assurance/assessments"


def test_a_year_is_started_and_a_judgement_recorded_with_evidence_through_the_api(cast, client_for):
    client = client_for(cast.scrutineer)
    started = client.post(API, {"year": 2025}, content_type="application/json")
    assert started.json()["created"] > 10
    first = client.get(f"{API}?year=2025").json()[0]
    assert first["framework_version"]
    item = make.evidence(cast.riverbank)
    judged = client.patch(
        f"{API}/{first['id']}",
        {"status": "done", "judgement": "met", "rationale": "Published and current", "evidence_ids": [item.pk]},
        content_type="application/json",
    )
    assert judged.status_code == 200, judged.content
    assert (judged.json()["judgement"], judged.json()["evidence_ids"]) == ("met", [item.pk])


def test_a_done_assessment_without_a_rationale_is_refused_through_the_api(cast, client_for):
    client = client_for(cast.scrutineer)
    client.post(API, {"year": 2025}, content_type="application/json")
    first = Assessment.objects.filter(partnership=cast.riverbank).first()
    assert first is not None
    response = client.patch(
        f"{API}/{first.pk}", {"status": "done", "judgement": "met"}, content_type="application/json"
    )
    assert response.status_code == 400
    assert "rationale" in response.json()["detail"]
    first.refresh_from_db()
    assert first.status == "not_started"


def test_a_viewer_cannot_judge_and_another_partnership_is_not_found_through_the_api(cast, client_for):
    client_for(cast.scrutineer).post(
        "/api/v1/partnerships/hillcrest/assurance/assessments", {"year": 2025}, content_type="application/json"
    )
    theirs = Assessment.objects.filter(partnership=cast.hillcrest).first()
    assert theirs is not None
    assert client_for(cast.scrutineer).get(f"{API}/{theirs.pk}").status_code == 404
    assert client_for(cast.viewer).post(API, {"year": 2025}, content_type="application/json").status_code == 403
