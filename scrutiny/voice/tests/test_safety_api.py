"""The safety route through the API: what a submission's record holds, acknowledging a concern,
and the partnership's own safety words, tried from a plain HTTP client with a personal token (and
with a browser session, CSRF enforced)."""

from __future__ import annotations

import json
from urllib.parse import quote

import pytest
from django.test import Client

from scrutiny.accounts.models import PersonalToken
from scrutiny.voice.intake import mark_concern
from scrutiny.voice.models import DesignatedContact, Feedback, SafetyTerm
from scrutiny.voice.safety import assess
from scrutiny.voice.vocabulary import shipped

pytestmark = pytest.mark.django_db

BASE = "/api/v1/partnerships/riverbank/voice"


def _token(user) -> dict[str, str]:
    _, raw = PersonalToken.issue(user=user, name="script")
    return {"Authorization": f"Bearer {raw}"}


def _concern(cast) -> Feedback:
    words = "my mums boyfriend hits her and im scared"
    feedback = Feedback(partnership=cast.riverbank, audience="child", what_could_be_better=words)
    mark_concern(feedback, assess(partnership=cast.riverbank, feels_safe="", texts=[words]))
    feedback.save()
    return feedback


def test_a_submission_carries_the_words_that_matched_and_can_be_acknowledged_once(cast, always_reading):
    feedback = _concern(cast)
    headers = _token(cast.scrutineer)
    rows = Client().get(f"{BASE}/feedback", headers=headers).json()["items"]
    assert rows[0]["safety_matches"]
    assert rows[0]["vocabulary_version"]
    assert rows[0]["acknowledged_at"] is None
    done = Client().post(f"{BASE}/feedback/{feedback.pk}/acknowledge", headers=headers)
    assert done.status_code == 200
    assert done.json()["acknowledged_by"] == str(cast.scrutineer)
    again = Client().post(f"{BASE}/feedback/{feedback.pk}/acknowledge", headers=headers)
    assert again.status_code == 400
    assert "already acknowledged" in again.json()["detail"]


def test_those_who_do_not_read_submissions_cannot_acknowledge_and_others_do_not_see_it(cast, always_reading):
    feedback = _concern(cast)
    url = f"{BASE}/feedback/{feedback.pk}/acknowledge"
    assert Client().post(url, headers=_token(cast.viewer)).status_code == 403
    assert Client().post(url, headers=_token(cast.contributor)).status_code == 403
    assert Client().post(url, headers=_token(cast.outsider)).status_code == 404
    hillcrest = f"/api/v1/partnerships/hillcrest/voice/feedback/{feedback.pk}/acknowledge"
    assert Client().post(hillcrest, headers=_token(cast.outsider)).status_code == 404
    assert Client().post(url).status_code == 401
    assert Feedback.objects.get(pk=feedback.pk).acknowledged_at is None


def test_a_session_must_send_its_csrf_token_to_acknowledge(cast, always_reading):
    feedback = _concern(cast)
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(cast.manager)
    assert browser.post(f"{BASE}/feedback/{feedback.pk}/acknowledge").status_code == 403
    assert Feedback.objects.get(pk=feedback.pk).acknowledged_at is None


def test_the_partnerships_own_words_through_the_api(cast):
    headers = _token(cast.manager)
    added = Client().post(
        f"{BASE}/safety-words",
        json.dumps({"phrase": "blue flats", "category": "exploitation"}),
        content_type="application/json",
        headers=headers,
    )
    assert added.status_code == 201
    entry = added.json()["id"]
    listed = Client().get(f"{BASE}/safety-words", headers=headers).json()
    assert [w["phrase"] for w in listed["partnership_words"]] == ["blue flats"]
    assert listed["shipped_entries"] > 100
    refused = Client().post(
        f"{BASE}/safety-words",
        json.dumps({"phrase": "the", "category": "exploitation"}),
        content_type="application/json",
        headers=headers,
    )
    assert refused.status_code == 400
    assert "too common" in refused.json()["detail"]
    assert list(refused.json()["errors"]) == ["phrase"]
    first_shipped = quote(shipped().entries[0].id, safe="")
    refused_removal = Client().delete(f"{BASE}/safety-words/{first_shipped}", headers=headers)
    assert refused_removal.status_code == 400
    assert "cannot be removed" in refused_removal.json()["detail"]
    assert Client().delete(f"{BASE}/safety-words/{entry}", headers=_token(cast.viewer)).status_code == 403
    assert Client().delete(f"{BASE}/safety-words/{entry}", headers=_token(cast.outsider)).status_code == 404
    assert Client().delete(f"{BASE}/safety-words/{entry}", headers=headers).status_code == 204
    assert not SafetyTerm.objects.exists()


def test_a_designated_contact_of_any_role_adds_words_through_the_api(cast):
    DesignatedContact.objects.create(partnership=cast.riverbank, person=cast.lead_partner, order=1)
    added = Client().post(
        f"{BASE}/safety-words",
        json.dumps({"phrase": "on the run", "category": "missing"}),
        content_type="application/json",
        headers=_token(cast.lead_partner),
    )
    assert added.status_code == 201
