"""Disagreements through /api/v1/."""

from __future__ import annotations

import pytest

from scrutiny.assurance.models import Disagreement
from scrutiny.assurance.tests import factories as make

pytestmark = pytest.mark.django_db

API = "/api/v1/partnerships/riverbank/assurance"


def test_a_disagreement_is_recorded_escalated_and_advised_on_through_the_api(cast, client_for):
    council, police = make.agency("Riverbank Borough Council"), make.agency("Capital Police South Area")
    made = client_for(cast.lead_partner).post(
        f"{API}/disagreements",
        {"title": "Hub", "issue": "Funding", "party_ids": [council.pk, police.pk], "raised_on": "2025-10-06"},
        content_type="application/json",
    )
    assert made.status_code == 201, made.content
    pk = made.json()["id"]
    escalated = client_for(cast.police_dsp).post(
        f"{API}/disagreements/{pk}/stages", {"entered_on": "2025-10-20"}, content_type="application/json"
    )
    assert escalated.status_code == 201
    assert escalated.json()["current_stage"]["order"] == 2
    assert [h["stage_id"] for h in escalated.json()["stage_history"]][-1] == escalated.json()["current_stage"]["id"]
    refused = client_for(cast.police_dsp).patch(
        f"{API}/disagreements/{pk}",
        {"scrutineer_advice": "x", "advice_given_on": "2025-10-21"},
        content_type="application/json",
    )
    assert refused.status_code == 403
    advised = client_for(cast.scrutineer).patch(
        f"{API}/disagreements/{pk}",
        {"scrutineer_advice": "Share it", "advice_given_on": "2025-10-21"},
        content_type="application/json",
    )
    assert advised.json()["scrutineer_advice"] == "Share it"


def test_a_disagreement_with_one_party_or_a_bad_date_is_refused_through_the_api(cast, client_for):
    council = make.agency("Riverbank Borough Council")
    client = client_for(cast.scrutineer)
    one = client.post(
        f"{API}/disagreements",
        {"title": "T", "issue": "I", "party_ids": [council.pk], "raised_on": "2025-10-06"},
        content_type="application/json",
    )
    assert one.status_code == 400
    assert "at least two parties" in one.json()["detail"]
    bad = client.post(
        f"{API}/disagreements",
        {
            "title": "T",
            "issue": "I",
            "party_ids": [council.pk, make.agency("Capital Police South Area").pk],
            "raised_on": "6/10/2025",
        },
        content_type="application/json",
    )
    assert bad.status_code == 400
    assert not Disagreement.objects.exists()


def test_a_disagreement_of_another_partnership_is_not_found_in_the_api(cast, client_for):
    theirs = make.disagreement(
        cast.hillcrest, make.agency("Hillcrest Borough Council"), make.agency("Capital Police South Area")
    )
    assert client_for(cast.police_dsp).get(f"{API}/disagreements/{theirs.pk}").status_code == 404
    escalate = client_for(cast.police_dsp).post(
        f"{API}/disagreements/{theirs.pk}/stages", {"entered_on": "2025-10-20"}, content_type="application/json"
    )
    assert escalate.status_code == 404


def test_a_party_resolves_a_disagreement_through_the_api_with_a_valid_date(cast, client_for):
    d = make.disagreement(
        cast.riverbank, make.agency("Riverbank Borough Council"), make.agency("Capital Police South Area")
    )
    client = client_for(cast.lead_partner)
    bad = client.patch(
        f"{API}/disagreements/{d.pk}", {"resolution": "Agreed", "resolved_on": "soon"}, content_type="application/json"
    )
    assert bad.status_code == 400
    d.refresh_from_db()
    assert d.resolved_on is None
    done = client.patch(
        f"{API}/disagreements/{d.pk}",
        {"resolution": "Agreed", "resolved_on": "2025-11-14"},
        content_type="application/json",
    )
    assert done.json()["resolved_on"] == "2025-11-14"
