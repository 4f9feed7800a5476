"""The challenge log through /api/v1/."""

from __future__ import annotations

from datetime import date

import pytest

from scrutiny.assurance.models import Challenge
from scrutiny.assurance.tests import factories as make

pytestmark = pytest.mark.django_db

API = "/api/v1/partnerships/riverbank/assurance/challenges"


def test_a_challenge_is_raised_and_answered_through_the_api(cast, client_for):
    police = make.agency("Capital Police South Area")
    raised = client_for(cast.scrutineer).post(
        API,
        {"addressed_to_id": police.pk, "question": "Custody?", "raised_on": "2025-12-19"},
        content_type="application/json",
    )
    assert raised.status_code == 201, raised.content
    assert raised.json()["response_due"] == "2026-01-07"
    answered = client_for(cast.police_dsp).patch(
        f"{API}/{raised.json()['id']}", {"response": "Done"}, content_type="application/json"
    )
    assert answered.status_code == 200
    assert answered.json()["responded_on"] is not None


def test_a_challenge_raised_on_a_date_in_the_wrong_format_is_refused_through_the_api(cast, client_for):
    response = client_for(cast.scrutineer).post(
        API,
        {"addressed_to_id": make.agency("Capital Police South Area").pk, "question": "Q", "raised_on": "19 Dec"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "raised_on: Enter the date as YYYY-MM-DD" in response.json()["detail"]
    assert not Challenge.objects.exists()


def test_a_contributor_lists_only_challenges_addressed_to_their_agency(cast, client_for):
    ours = make.challenge(cast.riverbank, make.agency("Oakfield Academies Trust"))
    make.challenge(cast.riverbank, make.agency("Capital Police South Area"))
    client = client_for(cast.contributor)
    assert [c["id"] for c in client.get(f"{API}/addressed-to-us").json()] == [ours.pk]
    assert client.get(API).status_code == 403


def test_another_agency_cannot_answer_through_the_api(cast, client_for):
    challenge = make.challenge(cast.riverbank, make.agency("Capital Police South Area"), raised_on=date(2026, 1, 5))
    response = client_for(cast.lead_partner).patch(
        f"{API}/{challenge.pk}", {"response": "x"}, content_type="application/json"
    )
    assert response.status_code == 400
    challenge.refresh_from_db()
    assert challenge.response == ""


def test_a_challenge_of_another_partnership_is_not_found_in_the_api(cast, client_for):
    theirs = make.challenge(cast.hillcrest, make.agency("Capital Police South Area"))
    assert client_for(cast.police_dsp).get(f"{API}/{theirs.pk}").status_code == 404


def test_the_scrutineer_records_the_outcome_through_the_api_and_a_bad_outcome_is_refused(cast, client_for):
    challenge = make.challenge(cast.riverbank, make.agency("Capital Police South Area"), raised_by=cast.scrutineer)
    client = client_for(cast.scrutineer)
    bad = client.patch(f"{API}/{challenge.pk}", {"outcome": "sorted"}, content_type="application/json")
    assert bad.status_code == 400
    assert "resolved, escalated or unresolved" in bad.json()["detail"]
    done = client.patch(f"{API}/{challenge.pk}", {"outcome": "resolved"}, content_type="application/json")
    assert done.json()["outcome"] == "resolved"
