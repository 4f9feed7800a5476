"""The JSON API: the same seats and matrix as the pages, tokens that carry exactly their owner's
memberships, and errors that are JSON with a reason."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.utils import timezone

from scrutiny.accounts.models import PersonalToken
from scrutiny.api.document import DOCUMENT, current_document

pytestmark = pytest.mark.django_db


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_a_token_answers_as_its_owner(cast):
    _, raw = PersonalToken.issue(user=cast.police_dsp, name="script")
    me = Client().get("/api/v1/me", headers=_bearer(raw)).json()
    assert me["email"] == cast.police_dsp.email
    assert {m["partnership"] for m in me["memberships"]} == {"riverbank", "hillcrest"}
    slugs = {p["slug"] for p in Client().get("/api/v1/partnerships", headers=_bearer(raw)).json()}
    assert slugs == {"riverbank", "hillcrest"}


def test_a_token_of_one_partnership_cannot_read_another(cast):
    _, raw = PersonalToken.issue(user=cast.manager, name="script")
    response = Client().get("/api/v1/partnerships/hillcrest/agencies", headers=_bearer(raw))
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_a_revoked_or_made_up_token_is_refused(cast):
    token, raw = PersonalToken.issue(user=cast.manager, name="script")
    token.revoked_at = timezone.now()
    token.save()
    for value in (raw, "scr_made-up"):
        response = Client().get("/api/v1/me", headers=_bearer(value))
        assert response.status_code == 401
        assert "detail" in response.json()


def test_an_expired_token_is_refused(cast):
    token, raw = PersonalToken.issue(user=cast.manager, name="script", valid_days=1)
    token.expires_at = timezone.now()
    token.save()
    assert Client().get("/api/v1/me", headers=_bearer(raw)).status_code == 401


def test_the_openapi_document_is_for_signed_in_people(cast, client_for):
    assert Client().get("/api/v1/openapi.json").status_code == 401
    document = client_for(cast.viewer).get("/api/v1/openapi.json").json()
    assert document["openapi"].startswith("3.")
    assert "/api/v1/partnerships/{slug}/agencies" in document["paths"]
    _, raw = PersonalToken.issue(user=cast.viewer, name="script")
    assert Client().get("/api/v1/openapi.json", headers=_bearer(raw)).status_code == 200


def test_the_clock_answers_due_dates(cast, client_for):
    client = client_for(cast.viewer)
    due = client.get("/api/v1/clock/rules/rapid-review/due?start=2025-12-15").json()
    assert due["due"] == "2026-01-08"
    added = client.get("/api/v1/clock/workdays/add?start=2025-12-19&days=5").json()
    assert added["result"] == "2025-12-30"
    between = client.get("/api/v1/clock/workdays/between?start=2025-12-15&end=2026-01-08").json()
    assert between["working_days"] == 15
    rules = client.get("/api/v1/clock/rules").json()
    assert {"id": "lcspr-report-to-panel", "verified": False}.items() <= next(
        r for r in rules if r["id"] == "lcspr-report-to-panel"
    ).items()


@pytest.mark.parametrize(
    ("path", "status", "says"),
    [
        ("/api/v1/clock/workdays/add?start=2025-02-30&days=5", 422, "query.start"),
        ("/api/v1/clock/workdays/add?start=2025-12-19&days=-3", 400, "zero or more"),
        ("/api/v1/clock/workdays/add?start=2045-01-02&days=3", 400, "outside the bank-holiday data"),
        ("/api/v1/clock/rules/no-such-rule/due?start=2025-12-15", 404, "no-such-rule"),
        ("/api/v1/clock/rules/rapid-review/due", 422, "query.start"),
        ("/api/v1/partnerships/no-such-partnership", 404, "Not found"),
        ("/api/v1/no/such/path", 404, "Not found"),
    ],
)
def test_bad_requests_get_a_json_reason_never_a_server_error(cast, client_for, path, status, says):
    response = client_for(cast.viewer).get(path)
    assert response.status_code == status
    assert says in response.json()["detail"]


def test_anonymous_callers_are_told_how_to_authenticate():
    response = Client().get("/api/v1/me")
    assert response.status_code == 401
    assert "Bearer" in response.json()["detail"]


def test_a_person_can_make_and_revoke_their_own_token_but_not_anothers(cast, client_for):
    client = client_for(cast.viewer)
    page = client.post("/account/tokens/", {"name": "My script"}).content.decode()
    token = PersonalToken.objects.get(user=cast.viewer, name="My script")
    assert token.hint in page
    other, _ = PersonalToken.issue(user=cast.manager, name="theirs")
    assert client.post(f"/account/tokens/{other.pk}/revoke/").status_code == 404
    client.post(f"/account/tokens/{token.pk}/revoke/")
    token.refresh_from_db()
    other.refresh_from_db()
    assert token.revoked_at is not None
    assert other.revoked_at is None


def test_the_api_is_the_document_committed_in_docs():
    """A change to the API is a reviewed change to docs/openapi.json: run
    ``uv run scrutiny manage openapi --write``, read the difference, and commit it."""
    committed = json.loads(DOCUMENT.read_text(encoding="utf-8"))
    now = json.loads(current_document())
    changed = sorted(set(committed["paths"]) ^ set(now["paths"]))
    assert not changed, f"paths added or removed since docs/openapi.json: {changed}"
    changed = sorted(path for path in now["paths"] if now["paths"][path] != committed["paths"][path])
    assert not changed, f"paths changed since docs/openapi.json: {changed}"
    assert now == committed, "the schemas or the API's description changed since docs/openapi.json"
