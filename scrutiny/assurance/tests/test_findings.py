"""The scrutineer records findings with evidence, makes recommendations, and the bodies addressed
respond formally by a due date."""

from __future__ import annotations

from datetime import date

import pytest

from scrutiny.assurance.models import (
    AssuranceSettings,
    Finding,
    FindingStatus,
    Recommendation,
    RecommendationResponse,
    RecommendationStatus,
    ResponseUnit,
)
from scrutiny.assurance.models.findings import finding_issue_problem
from scrutiny.assurance.tests import factories as make
from scrutiny.assurance.tracking import actions_for

pytestmark = pytest.mark.django_db

BASE = "/p/riverbank/assurance"


def test_the_scrutineer_records_a_finding_as_a_draft_with_its_evidence(cast, client_for):
    item = make.evidence(cast.riverbank)
    school = make.agency("Oakfield Academies Trust")
    response = client_for(cast.scrutineer).post(
        f"{BASE}/findings/add/",
        {
            "year": "2025",
            "title": "Schools' referrals are stepped down without feedback",
            "what_was_found": "In 7 of 10 cases audited the school heard nothing back.",
            "kind": "improvement",
            "confidence": "high",
            "agencies": [school.pk],
            "evidence": [item.pk],
        },
    )
    assert response.status_code == 302
    finding = Finding.objects.get(title__startswith="Schools' referrals")
    assert finding.partnership == cast.riverbank
    assert finding.status == FindingStatus.DRAFT
    assert list(finding.agencies.all()) == [school]
    assert [link.evidence for link in finding.supporting_links()] == [item]


def test_a_finding_cannot_be_issued_without_evidence(cast, client_for):
    finding = make.finding(cast.riverbank)
    assert "without evidence" in finding_issue_problem(finding)
    response = client_for(cast.scrutineer).post(f"{BASE}/findings/{finding.pk}/issue/", follow=True)
    assert "A finding cannot be issued without evidence" in response.content.decode()
    finding.refresh_from_db()
    assert finding.status == FindingStatus.DRAFT


def test_issuing_a_supported_finding_is_a_status_change_kept_in_its_history(cast, client_for):
    finding = make.finding(cast.riverbank, supported=True)
    assert finding_issue_problem(finding) == ""
    client_for(cast.scrutineer).post(f"{BASE}/findings/{finding.pk}/issue/")
    finding.refresh_from_db()
    assert finding.status == FindingStatus.ISSUED
    assert finding.issued_on is not None
    assert [h.status for h in finding.history.order_by("history_date")][-2:] == ["draft", "issued"]
    page = client_for(cast.viewer).get(f"{BASE}/findings/{finding.pk}/").content.decode()
    assert "Draft → Issued" in page or "draft → issued" in page


def test_a_finding_of_another_partnership_is_not_found(cast, client_for):
    theirs = make.finding(cast.hillcrest, supported=True)
    client = client_for(cast.manager)
    assert client.get(f"{BASE}/findings/{theirs.pk}/").status_code == 404
    assert client_for(cast.scrutineer).post(f"{BASE}/findings/{theirs.pk}/issue/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == FindingStatus.DRAFT


def test_a_viewer_reads_findings_but_cannot_record_or_issue_one(cast, client_for):
    finding = make.finding(cast.riverbank, supported=True)
    viewer = client_for(cast.viewer)
    assert viewer.get(f"{BASE}/findings/?year=2025").status_code == 200
    assert "Record a finding" not in viewer.get(f"{BASE}/findings/?year=2025").content.decode()
    assert viewer.post(f"{BASE}/findings/add/", {"title": "X"}).status_code == 403
    assert viewer.post(f"{BASE}/findings/{finding.pk}/issue/").status_code == 403
    finding.refresh_from_db()
    assert finding.status == FindingStatus.DRAFT


def test_an_agency_contributor_cannot_read_findings(cast, client_for):
    finding = make.finding(cast.riverbank, supported=True)
    contributor = client_for(cast.contributor)
    assert contributor.get(f"{BASE}/findings/").status_code == 403
    assert contributor.get(f"{BASE}/findings/{finding.pk}/").status_code == 403


def test_a_finding_with_a_missing_title_is_refused_and_what_was_typed_is_kept(cast, client_for):
    response = client_for(cast.scrutineer).post(
        f"{BASE}/findings/add/", {"year": "2025", "title": "", "what_was_found": "Kept text", "kind": "strength"}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in body
    assert "Kept text" in body
    assert not Finding.objects.exists()


def test_the_findings_list_costs_the_same_however_many_findings(cast, client_for, django_assert_max_num_queries):
    for n in range(6):
        f = make.finding(cast.riverbank, title=f"Finding {n}")
        f.agencies.set([make.agency("Oakfield Academies Trust"), make.agency("Riverbank Borough Council")])
    client = client_for(cast.viewer)
    with django_assert_max_num_queries(12):
        response = client.get(f"{BASE}/findings/?year=2025")
    assert response.content.decode().count("Finding ") >= 6


def test_a_recommendation_is_due_for_response_two_months_after_it_is_made(cast, client_for):
    finding = make.finding(cast.riverbank, supported=True)
    council = make.agency("Riverbank Borough Council")
    response = client_for(cast.scrutineer).post(
        f"{BASE}/findings/{finding.pk}/recommend/",
        {"text": "Publish a shared threshold document.", "addressed_to": [council.pk], "made_on": "2025-12-31"},
    )
    assert response.status_code == 302
    rec = Recommendation.objects.get()
    assert rec.response_due == date(2026, 2, 28)  # 31 Dec + 2 months, clamped to the month's end
    assert rec.status == RecommendationStatus.AWAITING_RESPONSE


def test_a_partnership_may_set_the_response_time_in_calendar_days(cast, client_for):
    AssuranceSettings.objects.create(
        partnership=cast.riverbank,
        recommendation_response_length=28,
        recommendation_response_unit=ResponseUnit.CALENDAR_DAYS,
    )
    finding = make.finding(cast.riverbank, supported=True)
    client_for(cast.scrutineer).post(
        f"{BASE}/findings/{finding.pk}/recommend/",
        {
            "text": "Review the front door.",
            "addressed_to": [make.agency("Riverbank Borough Council").pk],
            "made_on": "2026-01-05",
        },
    )
    assert Recommendation.objects.get().response_due == date(2026, 2, 2)


def test_a_date_in_the_wrong_format_is_refused_with_a_clear_message(cast, client_for):
    finding = make.finding(cast.riverbank, supported=True)
    response = client_for(cast.scrutineer).post(
        f"{BASE}/findings/{finding.pk}/recommend/",
        {
            "text": "Review the front door.",
            "addressed_to": [make.agency("Riverbank Borough Council").pk],
            "made_on": "31/12/2025",
        },
    )
    assert "Enter the date as YYYY-MM-DD" in response.content.decode()
    assert not Recommendation.objects.exists()


def test_the_body_addressed_responds_and_the_recommendation_moves_to_responded(cast, client_for):
    council = make.agency("Riverbank Borough Council")
    rec = make.recommendation(cast.riverbank, council)
    response = client_for(cast.lead_partner).post(
        f"{BASE}/recommendations/{rec.pk}/respond/", {"agency": council.pk, "decision": "accepted", "reasons": ""}
    )
    assert response.status_code == 302
    answer = RecommendationResponse.objects.get()
    assert (answer.agency, answer.decision, answer.responded_by) == (council, "accepted", cast.lead_partner)
    rec.refresh_from_db()
    assert rec.status == RecommendationStatus.RESPONDED


def test_a_response_that_does_not_accept_must_give_reasons(cast, client_for):
    council = make.agency("Riverbank Borough Council")
    rec = make.recommendation(cast.riverbank, council)
    response = client_for(cast.lead_partner).post(
        f"{BASE}/recommendations/{rec.pk}/respond/", {"agency": council.pk, "decision": "not_accepted", "reasons": " "}
    )
    assert "Give the reasons" in response.content.decode()
    assert not RecommendationResponse.objects.exists()


def test_a_response_after_closure_is_refused(cast, client_for):
    council = make.agency("Riverbank Borough Council")
    rec = make.recommendation(cast.riverbank, council, status=RecommendationStatus.CLOSED)
    response = client_for(cast.lead_partner).post(
        f"{BASE}/recommendations/{rec.pk}/respond/",
        {"agency": council.pk, "decision": "accepted", "reasons": ""},
        follow=True,
    )
    assert "This recommendation is closed" in response.content.decode()
    assert not RecommendationResponse.objects.exists()


def test_a_contributor_sees_and_answers_only_what_is_addressed_to_their_agency(cast, client_for):
    school = make.agency("Oakfield Academies Trust")
    ours = make.recommendation(cast.riverbank, school)
    other = make.recommendation(cast.riverbank, make.agency("Riverbank Borough Council"))
    contributor = client_for(cast.contributor)
    inbox = contributor.get(f"{BASE}/recommendations/addressed-to-us/")
    assert inbox.status_code == 200
    assert f"/recommendations/{ours.pk}/respond/" in inbox.content.decode()
    assert f"/recommendations/{other.pk}/" not in inbox.content.decode()
    assert contributor.get(f"{BASE}/recommendations/").status_code == 403
    assert contributor.get(f"{BASE}/recommendations/{ours.pk}/").status_code == 403
    assert contributor.get(f"{BASE}/recommendations/{other.pk}/respond/").status_code == 404
    refused = contributor.post(
        f"{BASE}/recommendations/{other.pk}/respond/", {"agency": school.pk, "decision": "accepted"}
    )
    assert refused.status_code == 404
    contributor.post(f"{BASE}/recommendations/{ours.pk}/respond/", {"agency": school.pk, "decision": "accepted"})
    assert list(RecommendationResponse.objects.values_list("recommendation", flat=True)) == [ours.pk]


def test_a_body_cannot_answer_for_another(cast, client_for):
    council = make.agency("Riverbank Borough Council")
    police = make.agency("Capital Police South Area")
    rec = make.recommendation(cast.riverbank, council, police)
    response = client_for(cast.lead_partner).post(
        f"{BASE}/recommendations/{rec.pk}/respond/", {"agency": police.pk, "decision": "accepted"}
    )
    assert response.status_code == 200
    assert not RecommendationResponse.objects.exists()


def test_a_partner_not_addressed_reads_the_recommendation_but_cannot_respond(cast, client_for):
    council = make.agency("Riverbank Borough Council")
    rec = make.recommendation(cast.riverbank, council)
    police = client_for(cast.police_dsp)
    page = police.get(f"{BASE}/recommendations/{rec.pk}/respond/").content.decode()
    assert "Only the people of the bodies it is addressed to respond" in page
    refused = police.post(f"{BASE}/recommendations/{rec.pk}/respond/", {"agency": council.pk, "decision": "accepted"})
    assert refused.status_code == 403
    assert not RecommendationResponse.objects.exists()


def test_a_viewer_cannot_respond(cast, client_for):
    rec = make.recommendation(cast.riverbank, make.agency("Riverbank Borough Council"))
    assert client_for(cast.viewer).post(f"{BASE}/recommendations/{rec.pk}/respond/", {}).status_code == 403


def test_an_awaited_response_is_due_for_the_body_on_its_home_page(cast, client_for):
    rec = make.recommendation(cast.riverbank, make.agency("Riverbank Borough Council"))
    home = client_for(cast.lead_partner).get("/p/riverbank/").content.decode()
    assert f"/assurance/recommendations/{rec.pk}/respond/" in home


def test_progress_is_tracked_through_an_action_sourced_from_the_recommendation(cast, client_for):
    council = make.agency("Riverbank Borough Council")
    rec = make.recommendation(cast.riverbank, council)
    client = client_for(cast.lead_partner)
    response = client.post(
        f"{BASE}/recommendations/{rec.pk}/action/",
        {"title": "Publish the threshold document", "owner_agency": council.pk, "due_date": "2099-01-31"},
    )
    assert response.status_code == 302
    [action] = actions_for(rec)
    assert (action.source, action.source_room, action.owner_agency) == (rec, "assurance", council)
    page = client.get(f"{BASE}/recommendations/{rec.pk}/").content.decode()
    assert "Publish the threshold document" in page
    assert "Not started" in page


def test_a_body_not_addressed_cannot_create_an_action_for_the_recommendation(cast, client_for):
    rec = make.recommendation(cast.riverbank, make.agency("Riverbank Borough Council"))
    police = make.agency("Capital Police South Area")
    response = client_for(cast.police_dsp).post(
        f"{BASE}/recommendations/{rec.pk}/action/", {"title": "X", "owner_agency": police.pk, "due_date": "2099-01-31"}
    )
    assert response.status_code == 403


def test_the_recommendations_list_costs_the_same_however_many(cast, client_for, django_assert_max_num_queries):
    council, police = make.agency("Riverbank Borough Council"), make.agency("Capital Police South Area")
    for _ in range(5):
        make.recommendation(cast.riverbank, council, police)
    client = client_for(cast.viewer)
    with django_assert_max_num_queries(12):
        response = client.get(f"{BASE}/recommendations/")
    assert response.content.decode().count("Agree a shared threshold document") == 5


def test_an_issued_finding_cannot_lose_all_its_evidence(cast, client_for):
    finding = make.finding(cast.riverbank, supported=True)
    client = client_for(cast.scrutineer)
    client.post(f"{BASE}/findings/{finding.pk}/issue/")
    response = client.post(
        f"{BASE}/findings/{finding.pk}/edit/",
        {"year": "2025", "title": finding.title, "what_was_found": "x", "kind": "concern", "confidence": "low"},
    )
    assert "must keep at least one piece of supporting evidence" in response.content.decode()
    assert finding.supporting_links().count() == 1
    finding.refresh_from_db()
    assert finding.kind == "improvement"


def test_findings_appear_in_the_partnerships_log(cast, client_for):
    make.finding(cast.riverbank, title="Logged finding")
    page = client_for(cast.manager).get("/p/riverbank/history/").content.decode()
    assert "Finding: Logged finding" in page
