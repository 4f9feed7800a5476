"""The frameworks room in the JSON API: the same frameworks, requirements and themes as the pages,
with another partnership's local records not found."""

from __future__ import annotations

import pytest
from django.test import Client

from scrutiny.accounts.models import PersonalToken
from scrutiny.frameworks.catalogue import requirement_by_code
from scrutiny.frameworks.models import Framework, Requirement

pytestmark = pytest.mark.django_db

BASE = "/api/v1/partnerships/riverbank/frameworks"


def test_the_frameworks_of_a_partnership_are_the_current_shipped_ones_and_its_own(demo, client_for):
    rows = client_for(demo.contributor).get(BASE).json()
    assert [r["key"] for r in rows] == [
        "statutory-duties",
        "wt2023-scrutiny-functions",
        "six-steps",
        "founding-duties",
        "local",
    ]
    local = rows[-1]
    assert local["is_local"] is True
    assert local["requirement_count"] == 2
    six_steps = rows[2]
    assert (six_steps["version"], six_steps["is_current"], six_steps["unverified_count"]) == ("2", True, 3)


def test_a_frameworks_requirements_carry_code_source_verified_and_serves(demo, client_for):
    founding = Framework.objects.get(key="founding-duties", is_current=True)
    rows = client_for(demo.viewer).get(f"{BASE}/{founding.pk}/requirements").json()
    d1 = next(r for r in rows if r["ref"] == "D1")
    assert d1["code"] == "founding-duties:D1"
    assert d1["serves"] == ["wt2023-scrutiny-functions:F3", "six-steps:STEP-1"]
    assert d1["source"] == "Bexley independent scrutiny page"
    assert d1["verified"] is True
    steps = Framework.objects.get(key="six-steps", is_current=True)
    step5 = next(
        r for r in client_for(demo.viewer).get(f"{BASE}/{steps.pk}/requirements").json() if r["ref"] == "STEP-5"
    )
    assert step5["verified"] is False


def test_parts_of_a_requirement_name_their_parent(demo, client_for):
    statutory = Framework.objects.get(key="statutory-duties", is_current=True)
    rows = client_for(demo.viewer).get(f"{BASE}/{statutory.pk}/requirements").json()
    assert next(r for r in rows if r["ref"] == "SD-01.5")["parent"] == "SD-01"


def test_one_requirement_and_one_framework_are_read_by_id(demo, client_for):
    f3 = requirement_by_code("wt2023-scrutiny-functions:F3")
    client = client_for(demo.viewer)
    assert client.get(f"{BASE}/requirements/{f3.pk}").json()["code"] == "wt2023-scrutiny-functions:F3"
    assert client.get(f"{BASE}/{f3.framework_id}").json()["key"] == "wt2023-scrutiny-functions"


def test_the_themes_are_the_taxonomy_and_the_partnerships_own_priorities(demo, client_for):
    rows = client_for(demo.viewer).get(f"{BASE}/themes").json()
    labels = {r["label"] for r in rows}
    assert "Criminal exploitation" in labels
    assert "Voice of children and families" in labels  # Riverbank's
    assert "Early help through schools" not in labels  # Hillcrest's priority
    priorities = [r for r in rows if r["is_priority"]]
    assert {r["group"] for r in priorities} == {"priority"}
    assert len(priorities) == 4


def test_retired_priorities_are_left_out_unless_asked_for(demo, client_for):
    client = client_for(demo.manager)
    voice = demo.riverbank.themes.get(label="Voice of children and families")
    voice.retired = True
    voice.save()
    assert voice.code not in {r["code"] for r in client.get(f"{BASE}/themes").json()}
    assert voice.code in {r["code"] for r in client.get(f"{BASE}/themes?include_retired=true").json()}


def test_another_partnerships_local_framework_and_requirement_are_not_found(demo, client_for):
    theirs = Requirement.objects.get(framework__partnership=demo.hillcrest, ref="LR-01")
    client = client_for(demo.scrutineer)  # a member of both, asking through Riverbank
    assert client.get(f"{BASE}/requirements/{theirs.pk}").status_code == 404
    assert client.get(f"{BASE}/{theirs.framework_id}").status_code == 404
    assert client.get(f"{BASE}/{theirs.framework_id}/requirements").status_code == 404
    assert theirs.framework_id not in {r["id"] for r in client.get(BASE).json()}


def test_someone_outside_the_partnership_gets_not_found(demo):
    _, raw = PersonalToken.issue(user=demo.outsider, name="script")
    response = Client().get(BASE, headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_older_versions_are_listed_when_asked_for(demo, client_for, rewrite, data_copy):
    from scrutiny.frameworks.loading import load_shipped

    def bump(content):
        content["version"] = "3"
        content["description"] += " Revised."

    rewrite("six-steps.yaml", bump)
    load_shipped(data_copy)
    client = client_for(demo.viewer)
    assert [r["version"] for r in client.get(BASE).json() if r["key"] == "six-steps"] == ["3"]
    older = [
        (r["version"], r["is_current"])
        for r in client.get(f"{BASE}?include_older=true").json()
        if r["key"] == "six-steps"
    ]
    assert sorted(older) == [("2", False), ("3", True)]


def test_a_framework_id_that_is_not_a_number_is_bad_input(demo, client_for):
    response = client_for(demo.viewer).get(f"{BASE}/six/requirements")
    assert response.status_code == 422
    assert "framework_id" in response.json()["detail"]


def test_a_frameworks_requirements_cost_a_fixed_number_of_queries(demo, client_for, django_assert_max_num_queries):
    client = client_for(demo.viewer)
    statutory = Framework.objects.get(key="statutory-duties", is_current=True)
    with django_assert_max_num_queries(10):
        assert client.get(f"{BASE}/{statutory.pk}/requirements").status_code == 200
