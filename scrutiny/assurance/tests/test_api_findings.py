"""Findings and recommendations through /api/v1/: evidence IDs on create and update, issuing as a
change of status, and the same refusals as the pages."""

from __future__ import annotations

import pytest

from scrutiny.assurance.models import Finding, FindingStatus, RecommendationResponse, RecommendationStatus
from scrutiny.assurance.tests import factories as make

pytestmark = pytest.mark.django_db

API = "/api/v1/partnerships/riverbank/assurance"


def test_a_finding_is_created_with_its_evidence_ids_and_issued_by_a_status_change(cast, client_for):
    item = make.evidence(cast.riverbank)
    client = client_for(cast.scrutineer)
    created = client.post(
        f"{API}/findings",
        {
            "year": 2025,
            "title": "Strong front door",
            "what_was_found": "Decisions within 24 hours.",
            "kind": "strength",
            "evidence_ids": [item.pk],
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["evidence_ids"] == [item.pk]
    assert body["status"] == "draft"
    issued = client.patch(f"{API}/findings/{body['id']}", {"status": "issued"}, content_type="application/json")
    assert issued.status_code == 200
    assert issued.json()["status"] == "issued"
    assert Finding.objects.get().history.count() >= 2


def test_a_finding_issued_with_no_evidence_is_refused_and_nothing_changes(cast, client_for):
    finding = make.finding(cast.riverbank)
    response = client_for(cast.scrutineer).patch(
        f"{API}/findings/{finding.pk}", {"status": "issued", "title": "Changed"}, content_type="application/json"
    )
    assert response.status_code == 400
    assert "cannot be issued without evidence" in response.json()["detail"]
    finding.refresh_from_db()
    assert (finding.status, finding.title) == (FindingStatus.DRAFT, "Thresholds are applied inconsistently")


def test_evidence_ids_of_another_partnership_are_refused(cast, client_for):
    theirs = make.evidence(cast.hillcrest)
    response = client_for(cast.scrutineer).post(
        f"{API}/findings",
        {"year": 2025, "title": "T", "what_was_found": "W", "kind": "strength", "evidence_ids": [theirs.pk]},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "evidence" in response.json()["detail"]
    assert not Finding.objects.exists()


def test_a_finding_of_another_partnership_is_not_found_in_the_api(cast, client_for):
    theirs = make.finding(cast.hillcrest)
    assert client_for(cast.manager).get(f"{API}/findings/{theirs.pk}").status_code == 404


def test_a_viewer_cannot_write_findings_through_the_api(cast, client_for):
    response = client_for(cast.viewer).post(
        f"{API}/findings",
        {"year": 2025, "title": "T", "what_was_found": "W", "kind": "strength"},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert not Finding.objects.exists()


def test_a_recommendation_made_on_a_date_in_the_wrong_format_is_refused(cast, client_for):
    finding = make.finding(cast.riverbank, supported=True)
    response = client_for(cast.scrutineer).post(
        f"{API}/findings/{finding.pk}/recommendations",
        {"text": "Do it", "addressed_to_ids": [make.agency("Riverbank Borough Council").pk], "made_on": "1 May 2025"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "YYYY-MM-DD" in response.json()["detail"]


def test_a_contributor_lists_and_answers_only_recommendations_addressed_to_their_agency(cast, client_for):
    school = make.agency("Oakfield Academies Trust")
    ours = make.recommendation(cast.riverbank, school)
    other = make.recommendation(cast.riverbank, make.agency("Riverbank Borough Council"))
    client = client_for(cast.contributor)
    listed = client.get(f"{API}/recommendations/addressed-to-us").json()
    assert [r["id"] for r in listed] == [ours.pk]
    assert client.get(f"{API}/recommendations").status_code == 403
    refused = client.post(
        f"{API}/recommendations/{other.pk}/responses",
        {"agency_id": school.pk, "decision": "accepted"},
        content_type="application/json",
    )
    assert refused.status_code == 404
    answered = client.post(
        f"{API}/recommendations/{ours.pk}/responses",
        {"agency_id": school.pk, "decision": "partly", "reasons": "Cost"},
        content_type="application/json",
    )
    assert answered.status_code == 201
    assert RecommendationResponse.objects.get().recommendation == ours


def test_a_response_after_closure_is_refused_in_the_api(cast, client_for):
    council = make.agency("Riverbank Borough Council")
    rec = make.recommendation(cast.riverbank, council, status=RecommendationStatus.CLOSED)
    response = client_for(cast.lead_partner).post(
        f"{API}/recommendations/{rec.pk}/responses",
        {"agency_id": council.pk, "decision": "accepted"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "closed" in response.json()["detail"]
    assert not RecommendationResponse.objects.exists()
