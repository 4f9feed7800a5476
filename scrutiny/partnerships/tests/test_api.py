"""The partnerships room in the API: the person calling and their roles, their partnerships with the
areas each covers, and a partnership's agencies and people, answered through the same seats and
matrix as the pages (another partnership's data is not found)."""

from __future__ import annotations

import pytest
from django.utils import timezone

from scrutiny.partnerships.models import Agency

pytestmark = pytest.mark.django_db


def test_partnerships_list_their_area_codes(cast, client_for):
    rows = client_for(cast.manager).get("/api/v1/partnerships").json()
    assert rows == [
        {
            "slug": "riverbank",
            "name": cast.riverbank.name,
            "is_demo": True,
            "reporting_year": cast.riverbank.current_reporting_year(timezone.localdate()),
            "area_codes": ["E09000004", "E23000001", "E54000030"],
            "your_roles": ["business_manager"],
        }
    ]


def test_an_agency_of_another_partnership_is_not_found(cast, client_for):
    theirs = Agency.objects.get(name="Hillcrest Borough Council (demo)")
    response = client_for(cast.manager).get(f"/api/v1/partnerships/riverbank/agencies/{theirs.pk}")
    assert response.status_code == 404


def test_agencies_are_listed_for_every_member(cast, client_for):
    names = [a["name"] for a in client_for(cast.contributor).get("/api/v1/partnerships/riverbank/agencies").json()]
    assert "Riverbank Borough Council (demo)" in names
    assert "Hillcrest Borough Council (demo)" not in names


def test_an_agency_contributor_cannot_list_the_partnerships_people(cast, client_for):
    response = client_for(cast.contributor).get("/api/v1/partnerships/riverbank/memberships")
    assert response.status_code == 403
    assert "does not allow" in response.json()["detail"]


def test_memberships_show_who_holds_which_role(cast, client_for):
    rows = client_for(cast.scrutineer).get("/api/v1/partnerships/riverbank/memberships").json()
    assert {"email": cast.police_dsp.email, "role": "delegated_partner"}.items() <= next(
        r for r in rows if r["email"] == cast.police_dsp.email
    ).items()


def test_another_partnerships_areas_and_people_are_not_found(cast, client_for):
    client = client_for(cast.manager)
    for path in ("", "/areas", "/agencies", "/memberships"):
        response = client.get(f"/api/v1/partnerships/hillcrest{path}")
        assert response.status_code == 404, path
        assert response.json() == {"detail": "Not found."}
