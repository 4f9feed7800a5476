"""A new upload is a new version and old versions stay downloadable; out-of-date evidence is
marked superseded, never deleted."""

from __future__ import annotations

from typing import Any

import pytest
from django import forms
from django.urls import get_resolver

from scrutiny.evidence import urls as evidence_urls
from scrutiny.evidence.models import EvidenceItem
from scrutiny.evidence.picking import EvidencePickForm
from scrutiny.evidence.tests import samples
from scrutiny.evidence.tests.samples import upload
from scrutiny.partnerships.access import seat_for
from scrutiny.partnerships.models import Agency

pytestmark = pytest.mark.django_db


def test_a_new_upload_is_a_new_version_and_the_old_one_stays_downloadable(cast, client_for, make_file):
    item = make_file(name="minutes-draft.pdf")
    client = client_for(cast.manager)
    response = client.post(
        f"/p/riverbank/evidence/{item.pk}/versions/add/",
        {"file": upload("minutes-approved.txt", samples.TXT), "note": "Approved at the board"},
    )
    assert response.status_code == 302
    assert [v.number for v in item.versions.order_by("number")] == [1, 2]
    first = client.get(f"/p/riverbank/evidence/{item.pk}/versions/1/download/")
    second = client.get(f"/p/riverbank/evidence/{item.pk}/versions/2/download/")
    assert b"".join(first.streaming_content) == samples.PDF
    assert b"".join(second.streaming_content) == samples.TXT
    assert second["Content-Type"] == "text/plain"
    assert client.get(f"/p/riverbank/evidence/{item.pk}/versions/3/download/").status_code == 404
    page = client.get(f"/p/riverbank/evidence/{item.pk}/").content.decode()
    assert "minutes-draft.pdf" in page
    assert "minutes-approved.txt" in page
    assert "Approved at the board" in page
    assert 'Download<span class="govuk-visually-hidden"> version 1 of' in page


def test_a_bad_new_version_is_refused_and_the_item_keeps_its_versions(cast, client_for, make_file, media):
    item = make_file()
    files_before = sorted(p for p in media.rglob("*") if p.is_file())
    response = client_for(cast.manager).post(
        f"/p/riverbank/evidence/{item.pk}/versions/add/", {"file": upload("virus.pdf", samples.EXE)}
    )
    assert response.status_code == 200
    assert "“virus.pdf” is not really a .pdf file" in response.content.decode()
    assert item.versions.count() == 1
    assert sorted(p for p in media.rglob("*") if p.is_file()) == files_before


def test_a_link_has_no_versions(cast, client_for, make_link):
    link = make_link()
    assert client_for(cast.manager).get(f"/p/riverbank/evidence/{link.pk}/versions/add/").status_code == 404


def test_superseded_evidence_stays_visible_with_its_reason_and_replacement(cast, client_for, make_file):
    old = make_file("Threshold document 2023")
    new = make_file("Threshold document 2025")
    client = client_for(cast.scrutineer)
    response = client.post(
        f"/p/riverbank/evidence/{old.pk}/supersede/",
        {"reason": "Replaced by the 2025 threshold document", "superseded_by": new.pk},
    )
    assert response.status_code == 302
    old.refresh_from_db()
    assert old.is_superseded
    assert old.superseded_by == new
    page = client.get(f"/p/riverbank/evidence/{old.pk}/").content.decode()
    assert "Superseded" in page
    assert "Replaced by the 2025 threshold document" in page
    assert f'href="/p/riverbank/evidence/{new.pk}/"' in page
    # Its file can still be downloaded.
    assert client.get(f"/p/riverbank/evidence/{old.pk}/versions/1/download/").status_code == 200
    # The list leaves it out unless asked.
    assert "Threshold document 2023" not in client.get("/p/riverbank/evidence/").content.decode()
    listed = client.get("/p/riverbank/evidence/?superseded=on").content.decode()
    assert "Threshold document 2023" in listed
    assert 'govuk-tag--grey">Superseded' in listed
    # The replacement shows what it replaces.
    assert "Threshold document 2023" in client.get(f"/p/riverbank/evidence/{new.pk}/").content.decode()


def test_superseding_needs_a_reason(cast, client_for, make_file):
    item = make_file()
    response = client_for(cast.manager).post(f"/p/riverbank/evidence/{item.pk}/supersede/", {"reason": ""})
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    item.refresh_from_db()
    assert not item.is_superseded


def test_superseded_evidence_is_left_out_of_pickers_unless_asked(cast, make_file):
    current = make_file("Current data pack")
    old = make_file("Old data pack")
    old.superseded_at = old.added_at
    old.superseded_reason = "Replaced"
    old.save()
    target = Agency.objects.get(name="Riverbank Borough Council (demo)")
    seat = seat_for(cast.scrutineer, cast.riverbank)
    assert seat is not None

    def choices(**options: Any) -> set[Any]:
        field = EvidencePickForm(seat=seat, target=target, purpose="supports", **options).fields["evidence"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        return set(field.queryset or [])

    assert current in choices()
    assert old not in choices()
    assert old in choices(include_superseded=True)


def test_there_is_no_way_to_delete_evidence(cast, client_for, make_file):
    names = [str(p.name) for p in evidence_urls.urlpatterns]
    assert not [n for n in names if "delete" in n or "remove" in n]
    assert not [n for n in get_resolver().reverse_dict if isinstance(n, str) and n.startswith("evidence_delete")]
    item = make_file()
    client = client_for(cast.manager)
    assert client.delete(f"/p/riverbank/evidence/{item.pk}/").status_code in {403, 405}
    assert EvidenceItem.objects.filter(pk=item.pk).exists()
