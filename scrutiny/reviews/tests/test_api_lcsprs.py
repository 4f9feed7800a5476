"""LCSPRs, their milestones and the national Panel's reviews through /api/v1/: clocks on every
review, the model's messages for dates in the wrong order, and nothing of another partnership."""

from __future__ import annotations

from datetime import date

import pytest

from scrutiny.reviews.models import Lcspr, LcsprMilestone, NationalReview
from scrutiny.reviews.tests import factories as make

pytestmark = pytest.mark.django_db

API = "/api/v1/partnerships/riverbank/reviews"
JSON = "application/json"

PUBLISHED = {
    "final_report_on": "2025-12-01",
    "planned_publication_on": "2025-12-15",
    "sent_to_panel_on": "2025-12-03",
    "published_on": "2025-12-15",
    "publication_url": "https://riverbank.example.org/reviews/child-q",
}


def test_the_decision_to_start_an_lcspr_is_recorded_with_its_clocks(cast, client_for):
    review = make.rapid_review(cast.riverbank)
    response = client_for(cast.manager).post(
        f"{API}/lcsprs",
        {
            "title": "Child Q: a local child safeguarding practice review",
            "decided_on": "2025-07-01",
            "rapid_review_id": review.pk,
        },
        content_type=JSON,
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["rapid_review_id"] == review.pk
    assert body["stage"] == "Commissioned"
    assert body["milestones"] == []
    clocks = {clock["rule"]: clock for clock in body["clocks"]}
    assert clocks["lcspr-publication"]["due"] == "2026-01-01"
    # Counted back from the planned publication date, which is not set yet.
    assert clocks["lcspr-report-to-panel"]["status"] == "not_started"
    assert clocks["lcspr-report-to-panel"]["verified"] is False


def test_an_lcspr_of_another_partnerships_rapid_review_is_refused(cast, client_for):
    theirs = make.rapid_review(cast.hillcrest, "HC-2025-01")
    response = client_for(cast.manager).post(
        f"{API}/lcsprs",
        {"title": "Child Q", "decided_on": "2025-07-01", "rapid_review_id": theirs.pk},
        content_type=JSON,
    )
    assert response.status_code == 400
    assert response.json()["detail"].startswith("rapid_review_id:")
    assert not Lcspr.objects.exists()


def test_an_lcspr_is_published_with_its_address_and_kept_available_for_a_year(cast, client_for):
    lcspr = make.lcspr(cast.riverbank)
    client = client_for(cast.manager)
    without_address = client.patch(f"{API}/lcsprs/{lcspr.pk}", {**PUBLISHED, "publication_url": ""}, content_type=JSON)
    assert without_address.status_code == 400
    assert "publication_url: Give the address where the review is published." in without_address.json()["detail"]
    published = client.patch(f"{API}/lcsprs/{lcspr.pk}", PUBLISHED, content_type=JSON)
    assert published.status_code == 200, published.content
    body = published.json()
    assert body["stage"] == "Published"
    assert body["keep_available_until"] == "2026-12-15"
    assert {c["rule"]: c["status"] for c in body["clocks"]} == {
        "lcspr-publication": "met_on_time",
        "lcspr-report-to-panel": "met_on_time",
    }


def test_publication_dates_in_the_wrong_order_are_refused_and_nothing_changes(cast, client_for):
    lcspr = make.lcspr(cast.riverbank)
    response = client_for(cast.manager).patch(
        f"{API}/lcsprs/{lcspr.pk}",
        {**PUBLISHED, "sent_to_panel_on": "2025-12-20", "reviewer": "Dr Morgan"},
        content_type=JSON,
    )
    assert response.status_code == 400
    detail = response.json()["detail"]
    assert "published_on: The date of publication (15 December 2025) cannot be before the report was sent" in detail
    lcspr.refresh_from_db()
    assert (lcspr.published_on, lcspr.reviewer) == (None, "")


def test_a_late_publication_needs_its_reason(cast, client_for):
    lcspr = make.lcspr(cast.riverbank)
    late = {
        **PUBLISHED,
        "final_report_on": "2026-01-20",
        "sent_to_panel_on": "2026-01-21",
        "planned_publication_on": "2026-02-02",
        "published_on": "2026-02-02",
    }
    client = client_for(cast.manager)
    refused = client.patch(f"{API}/lcsprs/{lcspr.pk}", late, content_type=JSON)
    assert refused.status_code == 400
    assert "publication_late_reason: This was done on 2 February 2026" in refused.json()["detail"]
    reason = "The family asked for more time to contribute."
    done = client.patch(f"{API}/lcsprs/{lcspr.pk}", {**late, "publication_late_reason": reason}, content_type=JSON)
    assert done.status_code == 200
    assert done.json()["clocks"][0]["status"] == "met_late"
    assert done.json()["clocks"][0]["late_reason"] == reason


def test_a_null_for_a_date_that_cannot_be_empty_is_refused(cast, client_for):
    lcspr = make.lcspr(cast.riverbank)
    response = client_for(cast.manager).patch(f"{API}/lcsprs/{lcspr.pk}", {"decided_on": None}, content_type=JSON)
    assert response.status_code == 400
    assert response.json()["detail"] == "decided_on: cannot be null."


def test_milestones_are_added_met_and_judged_for_quality(cast, client_for):
    lcspr = make.lcspr(cast.riverbank)
    client = client_for(cast.manager)
    path = f"{API}/lcsprs/{lcspr.pk}/milestones"
    added = client.post(path, {"title": "Draft report", "due_on": "2025-10-31"}, content_type=JSON)
    assert added.status_code == 201, added.content
    milestone = added.json()
    assert (milestone["overdue"], milestone["late"]) == (True, False)
    concerns = client.patch(
        f"{path}/{milestone['id']}", {"met_on": "2025-11-14", "quality": "concerns"}, content_type=JSON
    )
    assert concerns.status_code == 400
    assert concerns.json()["detail"] == "note: Say what the concerns about quality are."
    met = client.patch(
        f"{path}/{milestone['id']}",
        {"met_on": "2025-11-14", "quality": "concerns", "note": "Two agencies' accounts are missing."},
        content_type=JSON,
    )
    assert met.status_code == 200
    assert (met.json()["late"], met.json()["overdue"]) == (True, False)
    assert client.get(path).json()[0]["quality"] == "concerns"
    assert client.get(f"{API}/lcsprs/{lcspr.pk}").json()["milestones"][0]["id"] == milestone["id"]


def test_a_milestone_before_the_decision_is_refused(cast, client_for):
    lcspr = make.lcspr(cast.riverbank)
    response = client_for(cast.manager).post(
        f"{API}/lcsprs/{lcspr.pk}/milestones", {"title": "Terms agreed", "due_on": "2025-06-01"}, content_type=JSON
    )
    assert response.status_code == 400
    assert "due_on: A milestone cannot be due before the decision" in response.json()["detail"]
    assert not LcsprMilestone.objects.exists()


def test_a_milestone_is_found_only_under_its_own_lcspr(cast, client_for):
    first = make.lcspr(cast.riverbank)
    second = make.lcspr(cast.riverbank, "Child S: a local child safeguarding practice review")
    milestone = LcsprMilestone.objects.create(lcspr=first, title="Draft", due_on=date(2025, 10, 1))
    client = client_for(cast.scrutineer)
    assert client.get(f"{API}/lcsprs/{first.pk}/milestones/{milestone.pk}").status_code == 200
    assert client.get(f"{API}/lcsprs/{second.pk}/milestones/{milestone.pk}").status_code == 404


def test_a_national_review_is_recorded_and_considered(cast, client_for):
    client = client_for(cast.manager)
    created = client.post(
        f"{API}/national-reviews",
        {"title": "Safeguarding children with disabilities", "published_on": "2024-10-01"},
        content_type=JSON,
    )
    assert created.status_code == 201, created.content
    path = f"{API}/national-reviews/{created.json()['id']}"
    early = client.patch(path, {"considered_on": "2024-09-01"}, content_type=JSON)
    assert early.status_code == 400
    assert (
        "considered_on: The partnership cannot have considered the review before it was published."
        in early.json()["detail"]
    )
    considered = client.patch(path, {"considered_on": "2024-11-14", "response": "Accepted."}, content_type=JSON)
    assert considered.json()["response"] == "Accepted."
    assert [r["title"] for r in client_for(cast.viewer).get(f"{API}/national-reviews").json()] == [
        "Safeguarding children with disabilities"
    ]


def test_reviews_of_another_partnership_are_not_found_and_roles_are_kept(cast, client_for):
    lcspr = make.lcspr(cast.hillcrest)
    national = make.national_review(cast.hillcrest)
    client = client_for(cast.manager)
    assert client.get(f"{API}/lcsprs/{lcspr.pk}").status_code == 404
    assert client.patch(f"{API}/lcsprs/{lcspr.pk}", {"reviewer": "x"}, content_type=JSON).status_code == 404
    assert client.get(f"{API}/lcsprs/{lcspr.pk}/milestones").status_code == 404
    assert client.get(f"{API}/national-reviews/{national.pk}").status_code == 404
    assert (
        client_for(cast.viewer)
        .post(f"{API}/lcsprs", {"title": "T", "decided_on": "2025-07-01"}, content_type=JSON)
        .status_code
        == 403
    )
    assert client_for(cast.contributor).get(f"{API}/lcsprs").status_code == 403
    assert client_for(cast.outsider).get(f"{API}/national-reviews").status_code == 404
    assert Lcspr.objects.filter(partnership=cast.riverbank).count() == 0
    assert NationalReview.objects.get().partnership == cast.hillcrest
