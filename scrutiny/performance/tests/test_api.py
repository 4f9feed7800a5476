"""The performance room through the API: the same figures as the command line, the same seats."""

from __future__ import annotations

import pytest

from scrutiny.performance.catalogue import catalogue, computed_codes
from scrutiny.performance.importing import import_cin
from scrutiny.performance.tests.cin_files import E, cin_xml, write

pytestmark = pytest.mark.django_db

API = "/api/v1/partnerships/riverbank/performance"


@pytest.fixture
def imported(cast, tmp_path):
    return import_cin(
        cast.riverbank, write(tmp_path, cin_xml({"K1": [E("2024-06-01")], "K2": [E("2024-06-02", nfa="1")]})), None
    ).record


def test_the_catalogue_lists_every_indicator(cast, client_for):
    found = client_for(cast.viewer).get(f"{API}/indicators").json()
    assert [row["code"] for row in found] == list(catalogue())
    assert found[0]["polarity"] == "neither"


def test_a_years_figures_match_the_command_line_shape(cast, client_for, imported):
    found = client_for(cast.police_dsp).get(f"{API}/figures?year=2025").json()
    assert (found["partnership"], found["year"], found["la"]) == ("riverbank", 2025, "303")
    assert set(found["indicators"]) == set(computed_codes())
    nfa = found["indicators"]["cin.referrals_nfa_pct"]
    assert (nfa["value"], nfa["numerator"], nfa["denominator"], nfa["status"]) == (50.0, 1, 2, "computed")


def test_an_indicators_years_carry_their_import(cast, client_for, imported):
    found = client_for(cast.viewer).get(f"{API}/indicators/cin.referrals_per_10k").json()
    assert found["years"][0]["year"] == 2025
    assert found["years"][0]["import_id"] == imported.pk
    assert client_for(cast.viewer).get(f"{API}/indicators/cin.nonsense").status_code == 404


def test_bad_input_is_answered_400_with_the_reason(cast, client_for, imported):
    client = client_for(cast.viewer)
    wrong_la = client.get(f"{API}/figures?year=2025&la=358")
    assert wrong_la.status_code == 400
    assert wrong_la.json()["detail"].startswith("la: Riverbank")
    assert client.get(f"{API}/figures").status_code == 422
    assert client.get(f"{API}/figures?year=twenty").status_code == 422


def test_imports_are_listed_and_paginated(cast, client_for, imported):
    found = client_for(cast.viewer).get(f"{API}/imports?limit=1").json()
    assert found["count"] == 1
    assert found["items"][0]["sha256"] == imported.sha256
    one = client_for(cast.viewer).get(f"{API}/imports/{imported.pk}").json()
    assert (one["kind"], one["year"], one["la"], one["status"]) == ("cin", 2025, "303", "current")


def test_an_agency_contributor_and_another_partnership_are_refused(cast, client_for, imported):
    assert client_for(cast.contributor).get(f"{API}/figures?year=2025").status_code == 403
    outsider = client_for(cast.outsider)
    assert outsider.get(f"{API}/imports").status_code == 404
    assert outsider.get(f"/api/v1/partnerships/hillcrest/performance/imports/{imported.pk}").status_code == 404
    assert client_for(None).get(f"{API}/indicators").status_code == 401
