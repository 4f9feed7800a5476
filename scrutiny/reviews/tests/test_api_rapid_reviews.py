"""Rapid reviews and the agencies' contributions through /api/v1/: the same workflows and refusals
as the pages, the partners' sign-offs, and each agency writing only its own contribution."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from scrutiny.reviews.models import AgencyContribution, ContributionStatus, RapidReview, RapidReviewSignOff
from scrutiny.reviews.rapid_reviewing import rapid_review_sign_off
from scrutiny.reviews.tests import factories as make

pytestmark = pytest.mark.django_db

API = "/api/v1/partnerships/riverbank/reviews"
JSON = "application/json"

PARTS = {
    "facts": "A baby was injured at home.",
    "immediate_action_needed": True,
    "immediate_actions": "A safety plan is in place.",
    "improvements": "Agencies did not share what they knew.",
    "lcspr_decision": "not_commission",
    "criteria": ["criterion_recurrent_themes"],
    "decision_rationale": "The learning is clear from the rapid review.",
    "decided_on": "2025-06-20",
}


def _written(cast) -> RapidReview:
    """A rapid review of the factory's incident (aware 2 June 2025), its four parts written."""
    review = make.rapid_review(cast.riverbank)
    review.facts = "A baby was injured at home."
    review.immediate_action_needed = True
    review.immediate_actions = "A safety plan is in place."
    review.improvements = "Agencies did not share what they knew."
    review.lcspr_decision = "not_commission"
    review.criterion_recurrent_themes = True
    review.decision_rationale = "The learning is clear from the rapid review."
    review.decided_on = date(2025, 6, 20)
    review.full_clean()
    review.save()
    return review


def _signed(cast, review: RapidReview) -> None:
    for body, user in (("Riverbank Borough", cast.lead_partner), ("South Thames", cast.health_dsp)):
        rapid_review_sign_off(rapid_review=review, partner_body=make.agency(body), by=user, signed_on=date(2025, 6, 20))


# --- Starting and writing ---------------------------------------------------------------------------


def test_a_rapid_review_is_started_asking_the_incidents_agencies_with_its_clock(cast, client_for):
    aware = timezone.localdate() - timedelta(days=3)
    incident = make.incident(cast.riverbank, aware_on=aware, notified_on=aware, partners_informed_on=None)
    incident.agencies.set([make.agency("Oakfield"), make.agency("Capital Police")])
    due = (timezone.localdate() + timedelta(days=5)).isoformat()
    response = client_for(cast.manager).post(
        f"{API}/rapid-reviews", {"incident_id": incident.pk, "contributions_due": due}, content_type=JSON
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["reference"] == "RB-2025-01"
    assert sorted(c["agency"] for c in body["contributions"]) == [
        "Capital Police South Area (demo)",
        "Oakfield Academies Trust (demo)",
    ]
    assert all(c["status"] == "requested" for c in body["contributions"])
    (clock,) = body["clocks"]
    assert clock["rule"] == "rapid-review"
    assert clock["start"] == aware.isoformat()
    assert clock["status"] in ("due", "due_soon")
    assert "Before it is sent, record the facts" in body["send_problem"]


def test_a_second_rapid_review_or_one_for_another_partnerships_incident_is_refused(cast, client_for):
    review = make.rapid_review(cast.riverbank)
    theirs = make.incident(cast.hillcrest, "HC-2025-01")
    client = client_for(cast.manager)
    again = client.post(f"{API}/rapid-reviews", {"incident_id": review.incident_id}, content_type=JSON)
    assert again.status_code == 400
    assert "has already been started" in again.json()["detail"]
    other = client.post(f"{API}/rapid-reviews", {"incident_id": theirs.pk}, content_type=JSON)
    assert other.status_code == 400
    assert other.json()["detail"].startswith("incident_id:")
    assert RapidReview.objects.count() == 1


def test_the_four_parts_are_written_and_a_decision_without_its_rationale_changes_nothing(cast, client_for):
    review = make.rapid_review(cast.riverbank)
    client = client_for(cast.manager)
    refused = client.patch(
        f"{API}/rapid-reviews/{review.pk}",
        {**PARTS, "decision_rationale": ""},
        content_type=JSON,
    )
    assert refused.status_code == 400
    assert "decision_rationale: Record the rationale for the decision" in refused.json()["detail"]
    review.refresh_from_db()
    assert review.facts == ""
    written = client.patch(f"{API}/rapid-reviews/{review.pk}", PARTS, content_type=JSON)
    assert written.status_code == 200, written.content
    assert written.json()["criteria"] == ["criterion_recurrent_themes"]
    assert written.json()["lcspr_decision"] == "not_commission"
    assert RapidReview.objects.get().history.first().history_user == cast.manager


def test_an_unknown_criterion_is_refused_with_the_criteria_that_exist(cast, client_for):
    review = make.rapid_review(cast.riverbank)
    response = client_for(cast.manager).patch(
        f"{API}/rapid-reviews/{review.pk}", {"criteria": ["criterion_z"]}, content_type=JSON
    )
    assert response.status_code == 400
    assert "criteria: criterion_z is not a criterion" in response.json()["detail"]


def test_a_rapid_review_sent_to_the_panel_is_kept_as_it_was_sent(cast, client_for):
    review = _written(cast)
    _signed(cast, review)
    rapid_review_sign_off(
        rapid_review=review, partner_body=make.agency("Capital Police"), by=cast.police_dsp, signed_on=date(2025, 6, 20)
    )
    client = client_for(cast.manager)
    sent = client.post(f"{API}/rapid-reviews/{review.pk}/send", {"sent_on": "2025-06-23"}, content_type=JSON)
    assert sent.status_code == 200
    response = client.patch(f"{API}/rapid-reviews/{review.pk}", {"facts": "Changed"}, content_type=JSON)
    assert response.status_code == 400
    assert "kept as it was sent" in response.json()["detail"]


# --- Sign-off, sending and the Panel's response ------------------------------------------------------


def test_the_lead_partner_signs_off_for_their_body_and_a_second_time_is_refused(cast, client_for):
    review = _written(cast)
    client = client_for(cast.lead_partner)
    signed = client.post(f"{API}/rapid-reviews/{review.pk}/sign-offs", {"comment": "Agreed."}, content_type=JSON)
    assert signed.status_code == 201, signed.content
    assert signed.json()["partner_body"] == "Riverbank Borough Council (demo)"
    again = client.post(f"{API}/rapid-reviews/{review.pk}/sign-offs", {}, content_type=JSON)
    assert again.status_code == 400
    assert "has already signed this rapid review off" in again.json()["detail"]
    listed = client_for(cast.viewer).get(f"{API}/rapid-reviews/{review.pk}/sign-offs").json()
    assert [s["partner_body"] for s in listed] == ["Riverbank Borough Council (demo)"]


def test_a_sign_off_before_the_four_parts_are_written_is_refused(cast, client_for):
    review = make.rapid_review(cast.riverbank)
    response = client_for(cast.health_dsp).post(f"{API}/rapid-reviews/{review.pk}/sign-offs", {}, content_type=JSON)
    assert response.status_code == 400
    assert "There is nothing complete to sign yet" in response.json()["detail"]
    assert not RapidReviewSignOff.objects.exists()


def test_a_sign_off_by_someone_who_is_not_a_partner_is_forbidden_and_for_another_body_refused(cast, client_for):
    review = _written(cast)
    scrutineer = client_for(cast.scrutineer).post(f"{API}/rapid-reviews/{review.pk}/sign-offs", {}, content_type=JSON)
    assert scrutineer.status_code == 403
    council = make.agency("Riverbank Borough")
    for_another = client_for(cast.police_dsp).post(
        f"{API}/rapid-reviews/{review.pk}/sign-offs", {"partner_body_id": council.pk}, content_type=JSON
    )
    assert for_another.status_code == 400
    assert for_another.json()["detail"].startswith("partner_body_id: Only a")
    school = make.agency("Oakfield")
    not_a_partner = client_for(cast.police_dsp).post(
        f"{API}/rapid-reviews/{review.pk}/sign-offs", {"partner_body_id": school.pk}, content_type=JSON
    )
    assert not_a_partner.status_code == 400
    assert "is not a statutory safeguarding partner" in not_a_partner.json()["detail"]
    assert (
        client_for(cast.viewer).post(f"{API}/rapid-reviews/{review.pk}/sign-offs", {}, content_type=JSON).status_code
        == 403
    )
    assert not RapidReviewSignOff.objects.exists()


def test_a_rapid_review_is_sent_only_when_signed_off_and_late_only_with_its_reason(cast, client_for):
    review = _written(cast)
    client = client_for(cast.manager)
    path = f"{API}/rapid-reviews/{review.pk}/send"
    _signed(cast, review)
    unsigned = client.post(path, {"sent_on": "2025-06-23"}, content_type=JSON)
    assert unsigned.status_code == 400
    assert "needs signing off by Capital Police South Area (demo)" in unsigned.json()["detail"]
    assert client.get(path).json()["send_problem"] == unsigned.json()["detail"]
    rapid_review_sign_off(
        rapid_review=review, partner_body=make.agency("Capital Police"), by=cast.police_dsp, signed_on=date(2025, 6, 20)
    )
    late = client.post(path, {"sent_on": "2025-07-01"}, content_type=JSON)
    assert late.status_code == 400
    # Notified on 5 June 2025: due 26 June, 15 working days later.
    assert "late_reason: This was done on 1 July 2025, after the deadline of 26 June 2025" in late.json()["detail"]
    review.refresh_from_db()
    assert review.sent_to_panel_on is None
    sent = client.post(
        path, {"sent_on": "2025-07-01", "late_reason": "Waiting for the police report."}, content_type=JSON
    )
    assert sent.status_code == 200, sent.content
    assert sent.json()["clock"]["status"] == "met_late"
    assert sent.json()["clock"]["late_reason"] == "Waiting for the police report."
    assert client.get(path).json()["sent_to_panel_on"] == "2025-07-01"


def test_the_panel_response_is_recorded_only_after_sending(cast, client_for):
    review = _written(cast)
    client = client_for(cast.manager)
    path = f"{API}/rapid-reviews/{review.pk}/panel-response"
    early = client.post(path, {"response": "agrees", "responded_on": "2025-07-10"}, content_type=JSON)
    assert early.status_code == 400
    assert "Record when the review was sent to the Panel" in early.json()["detail"]
    review.sent_to_panel_on = date(2025, 6, 23)
    review.save()
    unknown = client.post(path, {"response": "maybe", "responded_on": "2025-07-10"}, content_type=JSON)
    assert unknown.status_code == 400
    assert unknown.json()["detail"] == "response: Choose what the Panel said."
    recorded = client.post(
        path, {"response": "agrees", "responded_on": "2025-07-10", "note": "Agreed."}, content_type=JSON
    )
    assert recorded.status_code == 200, recorded.content
    assert client.get(path).json() == {
        "panel_response": "agrees",
        "panel_response_on": "2025-07-10",
        "panel_response_note": "Agreed.",
    }


# --- Contributions -------------------------------------------------------------------------------------


def test_an_agency_contributor_sees_and_submits_only_their_own_agencys_contribution(cast, client_for):
    review = make.rapid_review(cast.riverbank)
    ours = make.contribution(review, "Oakfield")
    theirs = make.contribution(review, "Capital Police")
    client = client_for(cast.contributor)
    assert [c["id"] for c in client.get(f"{API}/contributions").json()] == [ours.pk]
    assert client.get(f"{API}/contributions/{theirs.pk}").status_code == 404
    assert client.put(f"{API}/contributions/{theirs.pk}", {"involvement": "x"}, content_type=JSON).status_code == 404
    submitted = client.put(
        f"{API}/contributions/{ours.pk}",
        {"involvement": "The school saw the child daily.", "analysis": "Absence was followed up.", "submit": True},
        content_type=JSON,
    )
    assert submitted.status_code == 200, submitted.content
    assert submitted.json()["status"] == "submitted"
    assert submitted.json()["can_write"] is False
    (clock,) = submitted.json()["clocks"]
    assert clock["rule"] == "rapid-review-agency-contribution"
    assert clock["due"] == review.contributions_due.isoformat()
    assert clock["met_on"] == timezone.localdate().isoformat()
    assert client.get(f"{API}/rapid-reviews/{review.pk}").status_code == 403


def test_a_contribution_submitted_without_its_analysis_or_after_submission_is_refused(cast, client_for):
    review = make.rapid_review(cast.riverbank)
    ours = make.contribution(review, "Oakfield")
    client = client_for(cast.contributor)
    path = f"{API}/contributions/{ours.pk}"
    incomplete = client.put(path, {"involvement": "Seen daily.", "submit": True}, content_type=JSON)
    assert incomplete.status_code == 400
    assert incomplete.json()["detail"].startswith("involvement: Write the agency's involvement")
    ours.refresh_from_db()
    assert (ours.status, ours.involvement) == (ContributionStatus.REQUESTED, "")
    draft = client.put(path, {"involvement": "Seen daily."}, content_type=JSON)
    assert draft.json()["status"] == "draft"
    client.put(path, {"involvement": "Seen daily.", "analysis": "Went well.", "submit": True}, content_type=JSON)
    after = client.put(path, {"involvement": "Changed"}, content_type=JSON)
    assert after.status_code == 400
    assert "it can no longer be changed" in after.json()["detail"]


def test_someone_who_reads_a_contribution_but_is_not_of_the_agency_cannot_write_it(cast, client_for):
    review = make.rapid_review(cast.riverbank)
    ours = make.contribution(review, "Oakfield")
    client = client_for(cast.lead_partner)
    assert client.get(f"{API}/contributions/{ours.pk}").json()["can_write"] is False
    response = client.put(f"{API}/contributions/{ours.pk}", {"involvement": "x"}, content_type=JSON)
    assert response.status_code == 403
    assert AgencyContribution.objects.get().involvement == ""
    assert client_for(cast.viewer).get(f"{API}/contributions").status_code == 403


def test_room_viewers_read_each_reviews_contributions_summary(cast, client_for):
    review = make.rapid_review(cast.riverbank)
    make.contribution(review, "Oakfield")
    make.contribution(review, "Capital Police")
    body = client_for(cast.viewer).get(f"{API}/rapid-reviews/{review.pk}").json()
    assert [c["agency"] for c in body["contributions"]] == [
        "Capital Police South Area (demo)",
        "Oakfield Academies Trust (demo)",
    ]
    assert body["contributions_asked"] == 2
    assert len(client_for(cast.scrutineer).get(f"{API}/contributions?rapid_review_id={review.pk}").json()) == 2


def test_another_partnerships_rapid_review_and_contribution_are_not_found(cast, client_for):
    theirs = make.rapid_review(cast.hillcrest, "HC-2025-01")
    contribution = make.contribution(theirs, "Hillcrest Schools")
    client = client_for(cast.manager)
    assert client.get(f"{API}/rapid-reviews/{theirs.pk}").status_code == 404
    assert client.get(f"{API}/rapid-reviews/{theirs.pk}/sign-offs").status_code == 404
    assert (
        client.post(f"{API}/rapid-reviews/{theirs.pk}/send", {"sent_on": "2025-06-23"}, content_type=JSON).status_code
        == 404
    )
    assert client.get(f"{API}/contributions/{contribution.pk}").status_code == 404
    assert (
        client_for(cast.police_dsp)
        .post(f"{API}/rapid-reviews/{theirs.pk}/sign-offs", {}, content_type=JSON)
        .status_code
        == 404
    )
    assert client_for(cast.outsider).get(f"{API}/rapid-reviews").status_code == 404
