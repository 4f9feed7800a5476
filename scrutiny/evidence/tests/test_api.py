"""The evidence API: the same seats, visibility, forms and checks as the pages."""

from __future__ import annotations

import pytest
from django.test import Client

from scrutiny.accounts.models import PersonalToken
from scrutiny.evidence.models import EvidenceItem, EvidenceVersion
from scrutiny.evidence.tests import samples
from scrutiny.evidence.tests.conftest import stored_files
from scrutiny.evidence.tests.samples import upload

pytestmark = pytest.mark.django_db

BASE = "/api/v1/partnerships/riverbank/evidence"


def test_the_list_shows_tag_codes_and_filters_by_them(cast, client_for, make_link, make_file, tags):
    make_link("Tagged F3", requirements=[tags.f3], themes=[tags.neglect])
    make_file("Untagged file")
    client = client_for(cast.viewer)
    body = client.get(BASE).json()
    assert body["count"] == EvidenceItem.objects.filter(partnership=cast.riverbank).count()
    tagged = next(row for row in body["items"] if row["title"] == "Tagged F3")
    assert tagged["requirements"] == ["wt2023-scrutiny-functions:F3"]
    assert tagged["themes"] == ["neglect"]
    rows = client.get(BASE, {"requirement": "wt2023-scrutiny-functions:F3"}).json()["items"]
    assert [r["title"] for r in rows] == ["Tagged F3"]
    rows = client.get(BASE, {"kind": "file", "q": "untagged"}).json()["items"]
    assert [r["title"] for r in rows] == ["Untagged file"]
    response = client.get(BASE, {"requirement": "local:LR-91-nope"})
    assert response.status_code == 400
    assert "not available to this partnership" in response.json()["detail"]


def test_the_detail_has_versions_tag_codes_and_links(cast, client_for, make_file, tags):
    item = make_file()
    item.requirements.set([tags.step1])
    body = client_for(cast.viewer).get(f"{BASE}/{item.pk}").json()
    assert body["requirements"] == ["six-steps:STEP-1"]
    assert body["latest_version"] == 1
    [version] = body["versions"]
    assert version["sha256"] == item.versions.get().sha256
    assert version["download_url"] == f"{BASE}/{item.pk}/versions/1/download"
    assert body["links"] == []


def test_a_link_is_created_by_json_through_the_same_checks(cast, client_for, tags):
    client = client_for(cast.scrutineer)
    response = client.post(
        BASE,
        {
            "kind": "link",
            "title": "Published arrangements",
            "url": "https://riverbank.example.org/arrangements",
            "requirements": ["wt2023-scrutiny-functions:F3", "local:LR-91"],
            "themes": ["neglect", "priority-test-ours"],
            "dated": "2025-04-01",
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["requirements"] == ["local:LR-91", "wt2023-scrutiny-functions:F3"]
    assert body["themes"] == ["neglect", "priority-test-ours"]
    assert EvidenceItem.objects.get(pk=body["id"]).added_by == cast.scrutineer


@pytest.mark.parametrize(
    ("payload", "reason"),
    [
        ({"kind": "link", "title": "Bad", "url": "javascript:alert(1)"}, "url:"),
        ({"kind": "link", "title": "", "url": "https://x.example.org"}, "title: Enter a title for the evidence"),
        (
            {"kind": "link", "title": "Bad", "url": "https://x.example.org", "themes": ["priority-test-theirs"]},
            "themes",
        ),
        (
            {"kind": "record", "title": "Bad", "record_type": "partnerships.membership", "record_id": 999999},
            "record_id",
        ),
        ({"kind": "record", "title": "Bad", "record_type": "nothing.here", "record_id": 1}, "record_type"),
    ],
)
def test_bad_json_evidence_is_answered_400_with_a_reason_and_nothing_is_created(
    cast, client_for, tags, payload, reason
):
    before = EvidenceItem.objects.count()
    response = client_for(cast.manager).post(BASE, payload, content_type="application/json")
    assert response.status_code == 400
    assert reason in response.json()["detail"]
    assert EvidenceItem.objects.count() == before


def test_a_wrong_date_format_is_refused_with_a_reason(cast, client_for):
    response = client_for(cast.manager).post(
        BASE,
        {"kind": "link", "title": "X", "url": "https://x.example.org", "dated": "30/13/2025"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "dated" in response.json()["detail"]


def test_a_record_is_referenced_by_json(cast, client_for):
    membership = cast.riverbank.memberships.first()
    response = client_for(cast.manager).post(
        BASE,
        {
            "kind": "record",
            "title": "Chair's role",
            "record_type": "partnerships.membership",
            "record_id": membership.pk,
        },
        content_type="application/json",
    )
    assert response.status_code == 201
    assert response.json()["record_type"] == "partnerships.membership"
    assert response.json()["record_id"] == membership.pk


def test_a_file_is_uploaded_and_versioned_by_multipart_and_downloaded_with_a_token(cast, client_for, media):
    client = client_for(cast.manager)
    response = client.post(
        f"{BASE}/files",
        {"title": "Data pack", "file": upload("pack.csv", samples.CSV), "themes": "neglect", "dated": "2025-10-31"},
    )
    assert response.status_code == 201, response.content
    item_id = response.json()["id"]
    assert response.json()["themes"] == ["neglect"]
    response = client.post(f"{BASE}/{item_id}/versions", {"file": upload("pack-v2.csv", samples.CSV), "note": "v2"})
    assert response.status_code == 201
    assert response.json()["number"] == 2
    _, raw = PersonalToken.issue(user=cast.viewer, name="script")
    download = Client().get(f"{BASE}/{item_id}/versions/1/download", headers={"Authorization": f"Bearer {raw}"})
    assert download.status_code == 200
    assert download["Content-Disposition"] == 'attachment; filename="pack.csv"'
    assert download["X-Content-Type-Options"] == "nosniff"
    assert b"".join(download.streaming_content) == samples.CSV  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("minutes.pdf", samples.EXE, "“minutes.pdf” is not really a .pdf file"),
        ("page.html", samples.HTML, "“page.html” is not a type of file Scrutiny accepts"),
    ],
)
def test_a_bad_upload_is_answered_400_with_a_reason_and_nothing_is_stored(
    cast, client_for, media, name, content, reason
):
    response = client_for(cast.manager).post(f"{BASE}/files", {"title": "Bad", "file": upload(name, content)})
    assert response.status_code == 400
    assert reason in response.json()["detail"]
    assert not EvidenceItem.objects.filter(title="Bad").exists()
    assert stored_files(media) == []


def test_an_oversize_new_version_is_answered_400(cast, client_for, make_file, media, settings):
    item = make_file()
    settings.EVIDENCE_MAX_UPLOAD_MB = 1
    response = client_for(cast.manager).post(
        f"{BASE}/{item.pk}/versions", {"file": upload("big.pdf", samples.PDF + b"0" * 2 * 1024 * 1024)}
    )
    assert response.status_code == 400
    assert "a file can be at most 1 MB" in response.json()["detail"]
    assert EvidenceVersion.objects.filter(item=item).count() == 1
    assert len(stored_files(media)) == 1


def test_superseding_by_api_is_for_managers_and_needs_a_reason(cast, client_for, make_file):
    old, new = make_file("Old"), make_file("New")
    assert (
        client_for(cast.chair)
        .post(f"{BASE}/{old.pk}/supersede", {"reason": "x"}, content_type="application/json")
        .status_code
        == 403
    )
    response = client_for(cast.manager).post(
        f"{BASE}/{old.pk}/supersede", {"reason": ""}, content_type="application/json"
    )
    assert response.status_code == 400
    response = client_for(cast.manager).post(
        f"{BASE}/{old.pk}/supersede",
        {"reason": "Newer pack", "superseded_by_id": new.pk},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["superseded"] is True
    assert response.json()["superseded_by_id"] == new.pk
    assert old.title not in [r["title"] for r in client_for(cast.manager).get(BASE).json()["items"]]
    assert old.title in [
        r["title"] for r in client_for(cast.manager).get(BASE, {"include_superseded": True}).json()["items"]
    ]


def test_an_update_changes_only_what_is_given_and_refuses_foreign_tags(cast, client_for, make_link, tags):
    item = make_link(requirements=[tags.f3])
    client = client_for(cast.manager)
    response = client.patch(f"{BASE}/{item.pk}", {"title": "Arrangements (2025)"}, content_type="application/json")
    assert response.status_code == 200
    assert response.json()["requirements"] == ["wt2023-scrutiny-functions:F3"]
    response = client.patch(f"{BASE}/{item.pk}", {"requirements": ["local:LR-92"]}, content_type="application/json")
    assert response.status_code == 400
    item.refresh_from_db()
    assert item.title == "Arrangements (2025)"


def test_another_partnership_or_agency_is_not_found_through_the_api(cast, client_for, make_file, agencies):
    theirs = make_file(partnership=cast.hillcrest, by=cast.outsider)
    police = make_file("Police audit", agency=agencies.police)
    manager = client_for(cast.manager)
    assert manager.get(f"{BASE}/{theirs.pk}").status_code == 404
    assert manager.get(f"{BASE}/{theirs.pk}/versions/1/download").status_code == 404
    assert client_for(cast.outsider).get(BASE).status_code == 404
    contributor = client_for(cast.contributor)
    assert contributor.get(f"{BASE}/{police.pk}").status_code == 404
    assert contributor.get(f"{BASE}/{police.pk}/versions/1/download").status_code == 404
    assert "Police audit" not in [r["title"] for r in contributor.get(BASE).json()["items"]]
    assert Client().get(BASE).status_code == 401


def test_a_refusal_names_each_field_as_every_endpoint_does(cast, client_for):
    response = client_for(cast.manager).post(
        BASE, {"kind": "link", "title": "", "url": "ftp://x.example.org"}, content_type="application/json"
    )
    assert response.status_code == 400
    body = response.json()
    assert set(body["errors"]) == {"title", "url"}
    assert "title: Enter a title for the evidence" in body["detail"]


def test_a_link_takes_no_new_version_through_the_api(cast, client_for, make_link):
    link = make_link()
    response = client_for(cast.manager).post(f"{BASE}/{link.pk}/versions", {"file": upload("v2.pdf")})
    assert response.status_code == 400
    assert response.json()["detail"] == "Only uploaded files have versions."
    assert not link.versions.exists()
