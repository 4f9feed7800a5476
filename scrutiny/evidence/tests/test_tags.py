"""Tags: requirements of the current shipped frameworks and the partnership's own, themes of the
shipped taxonomy and the partnership's own priorities; never another partnership's."""

from __future__ import annotations

import pytest

from scrutiny.evidence.models import EvidenceItem
from scrutiny.evidence.tests.samples import upload

pytestmark = pytest.mark.django_db


def test_evidence_is_tagged_with_functions_steps_local_requirements_themes_and_priorities(cast, client_for, tags):
    response = client_for(cast.scrutineer).post(
        "/p/riverbank/evidence/add/",
        {
            "title": "Youth forum summary",
            "file": upload("forum.pdf"),
            "requirements": [tags.f4.pk, tags.step1.pk, tags.our_local.pk],
            "themes": [tags.neglect.pk, tags.our_priority.pk],
        },
    )
    assert response.status_code == 302
    item = EvidenceItem.objects.get(title="Youth forum summary")
    assert {r.code for r in item.requirements.select_related("framework")} == {
        "wt2023-scrutiny-functions:F4",
        "six-steps:STEP-1",
        "local:LR-91",
    }
    assert set(item.themes.all()) == {tags.neglect, tags.our_priority}


def test_the_add_page_offers_only_this_partnerships_own_requirements_and_priorities(cast, client_for, tags):
    page = client_for(cast.manager).get("/p/riverbank/evidence/add/").content.decode()
    assert "Riverbank&#x27;s own requirement" in page
    assert "Our test priority" in page
    assert "Hillcrest&#x27;s own requirement" not in page
    assert "Their test priority" not in page
    assert f'value="{tags.f3.pk}"' in page


@pytest.mark.parametrize("field", ["requirements", "themes"])
def test_another_partnerships_requirement_or_priority_is_refused(cast, client_for, tags, field, media):
    theirs = tags.their_local if field == "requirements" else tags.their_priority
    response = client_for(cast.manager).post(
        "/p/riverbank/evidence/add/", {"title": "Sneaky tags", "file": upload(), field: [theirs.pk]}
    )
    assert response.status_code == 200
    assert f"Select a valid choice. {theirs.pk} is not one of the available choices." in response.content.decode()
    assert not EvidenceItem.objects.filter(title="Sneaky tags").exists()
    assert not [p for p in media.rglob("*") if p.is_file()]


def test_editing_cannot_add_another_partnerships_tags_and_changes_nothing(cast, client_for, tags, make_link):
    item = make_link(requirements=[tags.f3])
    response = client_for(cast.manager).post(
        f"/p/riverbank/evidence/{item.pk}/edit/",
        {"title": "Renamed", "url": item.url, "requirements": [tags.f3.pk, tags.their_local.pk]},
    )
    assert response.status_code == 200
    item.refresh_from_db()
    assert item.title == "Published arrangements"
    assert list(item.requirements.all()) == [tags.f3]


def test_the_list_filters_by_requirement_and_theme(cast, client_for, tags, make_link):
    make_link("Tagged F3", requirements=[tags.f3])
    make_link("Tagged neglect", themes=[tags.neglect])
    client = client_for(cast.viewer)
    by_requirement = client.get(f"/p/riverbank/evidence/?requirement={tags.f3.pk}").content.decode()
    assert "Tagged F3" in by_requirement
    assert "Tagged neglect" not in by_requirement
    by_theme = client.get(f"/p/riverbank/evidence/?theme={tags.neglect.pk}").content.decode()
    assert "Tagged neglect" in by_theme
    assert "Tagged F3" not in by_theme
    assert 'F3<span class="govuk-visually-hidden"> of ' in by_requirement
