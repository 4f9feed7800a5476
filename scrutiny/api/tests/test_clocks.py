"""The partnership's clock lengths through the API, from a plain HTTP client with a personal token
(and with a browser session, CSRF enforced)."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.test import Client

from scrutiny.accounts.models import PersonalToken
from scrutiny.clocks.models import ClockSetting
from scrutiny.reviews.tests import factories

pytestmark = pytest.mark.django_db

BASE = "/api/v1/partnerships/riverbank/clocks"
CONTRIBUTION = "rapid-review-agency-contribution"


def _token(user) -> dict[str, str]:
    _, raw = PersonalToken.issue(user=user, name="script")
    return {"Authorization": f"Bearer {raw}"}


def _put(headers: dict[str, str], rule_id: str = CONTRIBUTION, url: str = BASE, **body: object):
    payload = {"length": 8, "reason": "Agreed at the executive.", **body}
    return Client().put(f"{url}/{rule_id}", json.dumps(payload), content_type="application/json", headers=headers)


def test_everyone_reads_the_partnerships_clocks_with_whether_each_is_its_own(cast):
    listed = Client().get(BASE, headers=_token(cast.viewer)).json()
    by_id = {rule["id"]: rule for rule in listed}
    assert by_id["rapid-review"]["settable"] is False
    assert by_id[CONTRIBUTION]["settable"] is True
    assert by_id[CONTRIBUTION]["set_by_partnership"] is False
    assert by_id[CONTRIBUTION]["length"] == by_id[CONTRIBUTION]["service_length"] == 10
    assert Client().get(BASE, headers=_token(cast.contributor)).status_code == 200


def test_the_business_manager_sets_and_removes_a_length_and_the_deadlines_follow(cast):
    headers = _token(cast.manager)
    done = _put(headers)
    assert done.status_code == 200
    body = done.json()
    assert (body["length"], body["unit"], body["set_by_partnership"], body["service_length"]) == (
        8,
        "working_days",
        True,
        10,
    )
    assert body["reason"] == "Agreed at the executive."
    assert body["set_by"] == str(cast.manager)
    review = factories.rapid_review(cast.riverbank)
    factories.contribution(review)
    contribution = Client().get(
        f"/api/v1/partnerships/riverbank/reviews/contributions?rapid_review_id={review.pk}", headers=headers
    )
    assert contribution.json()[0]["clocks"][0]["set_by_partnership"] is True
    removed = Client().delete(f"{BASE}/{CONTRIBUTION}?reason=Back+to+10", headers=headers)
    assert removed.status_code == 204
    again = Client().get(f"{BASE}/{CONTRIBUTION}", headers=headers).json()
    assert (again["length"], again["set_by_partnership"], again["reason"]) == (10, False, "")
    assert ClockSetting.history.first().history_change_reason == "Back to 10"


def test_a_refusal_names_the_field_and_says_why(cast):
    headers = _token(cast.manager)
    confirmed = _put(headers, "rapid-review")
    assert confirmed.status_code == 400
    assert confirmed.json()["detail"].startswith("rule_id: ")
    assert "confirmed against the guidance" in confirmed.json()["detail"]
    too_long = _put(headers, length=30, unit="months")
    assert too_long.status_code == 400
    assert "length: Give a whole number of months from 1 to 24." in too_long.json()["detail"]
    no_reason = _put(headers, reason=" ")
    assert "reason: " in no_reason.json()["detail"]
    assert _put(headers, "no-such-clock").status_code == 400
    assert Client().delete(f"{BASE}/{CONTRIBUTION}", headers=headers).status_code == 400  # nothing set
    assert Client().get(f"{BASE}/no-such-clock", headers=headers).status_code == 404
    assert not ClockSetting.objects.exists()


def test_only_the_business_manager_changes_and_another_partnership_is_not_found(cast):
    for user in (cast.scrutineer, cast.chair, cast.viewer, cast.contributor):
        assert _put(_token(user)).status_code == 403
    _put(_token(cast.manager))
    outsider = _token(cast.outsider)  # Hillcrest's business manager
    assert Client().get(BASE, headers=outsider).status_code == 404
    assert _put(outsider, length=3).status_code == 404
    assert Client().delete(f"{BASE}/{CONTRIBUTION}", headers=outsider).status_code == 404
    assert ClockSetting.objects.get().length == 8
    assert Client().put(f"{BASE}/{CONTRIBUTION}", "{}", content_type="application/json").status_code == 401
    # Their own partnership's clock is theirs alone.
    assert _put(outsider, url="/api/v1/partnerships/hillcrest/clocks", length=12).status_code == 200
    theirs = Client().get(f"/api/v1/partnerships/hillcrest/clocks/{CONTRIBUTION}", headers=outsider).json()
    ours = Client().get(f"{BASE}/{CONTRIBUTION}", headers=_token(cast.viewer)).json()
    assert (theirs["length"], ours["length"]) == (12, 8)


def test_a_session_must_send_its_csrf_token_to_change_a_length(cast):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(cast.manager)
    body = json.dumps({"length": 8, "reason": "Agreed."})
    assert browser.put(f"{BASE}/{CONTRIBUTION}", body, content_type="application/json").status_code == 403
    assert browser.delete(f"{BASE}/{CONTRIBUTION}").status_code == 403
    assert not ClockSetting.objects.exists()
    assert browser.get(BASE).status_code == 200


def test_the_service_catalogue_stays_the_services(cast):
    _put(_token(cast.manager))
    rules = Client().get("/api/v1/clock/rules", headers=_token(cast.manager)).json()
    assert next(rule for rule in rules if rule["id"] == CONTRIBUTION)["length"] == 10
    due = Client().get(f"/api/v1/clock/rules/{CONTRIBUTION}/due?start=2025-06-05", headers=_token(cast.manager))
    assert due.json()["due"] == date(2025, 6, 19).isoformat()
