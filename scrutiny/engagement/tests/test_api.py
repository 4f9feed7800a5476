"""The engagement scorecard in the API: for partnership-wide roles, and a year out of range
answered 400 with the reason."""

from __future__ import annotations

import pytest

from scrutiny.audits.tests.conftest import make_round

pytestmark = pytest.mark.django_db

API = "/api/v1/partnerships/riverbank/engagement"


def test_the_engagement_scorecard_is_for_partnership_wide_roles(cast, client_for):
    make_round(cast.riverbank)
    found = client_for(cast.manager).get(API).json()
    assert found["agencies"][0]["measures"][0]["measure"] == "Meeting seats filled"
    assert client_for(cast.contributor).get(API).status_code == 403
    bad = client_for(cast.manager).get(f"{API}?year=1990")
    assert bad.status_code == 400
    assert "reporting year" in bad.json()["detail"]
    assert bad.json()["errors"] == {"year": [bad.json()["detail"].removeprefix("year: ")]}


def test_another_partnership_sees_no_scorecard_here(cast, client_for):
    assert client_for(cast.outsider).get(API).status_code == 404
    assert client_for(None).get(API).status_code == 401
