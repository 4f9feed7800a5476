"""Who may see, download, add and change evidence: the matrix, the partnership (404 for another's)
and the agency slice of agency contributors."""

from __future__ import annotations

from typing import Any

import pytest

from scrutiny.evidence.models import EvidenceItem
from scrutiny.evidence.tests import samples
from scrutiny.evidence.tests.samples import upload

pytestmark = pytest.mark.django_db


def _download(item: Any, number: int = 1, slug: str = "riverbank") -> str:
    return f"/p/{slug}/evidence/{item.pk}/versions/{number}/download/"


def test_a_member_downloads_a_file_as_an_attachment_with_its_original_name(cast, client_for, make_file):
    item = make_file(name="Board minutes.pdf")
    response = client_for(cast.viewer).get(_download(item))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == samples.PDF
    assert response["Content-Disposition"] == 'attachment; filename="Board minutes.pdf"'
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_an_original_name_with_quotes_or_accents_is_safely_encoded(cast, client_for, make_file):
    item = make_file(name='Procès-verbal "final".pdf')
    disposition = client_for(cast.manager).get(_download(item))["Content-Disposition"]
    assert disposition == "attachment; filename*=utf-8''Proc%C3%A8s-verbal%20%22final%22.pdf"
    item = make_file(name='Report "v2".pdf')
    disposition = client_for(cast.manager).get(_download(item))["Content-Disposition"]
    assert disposition == 'attachment; filename="Report \\"v2\\".pdf"'


def test_an_anonymous_visitor_is_sent_to_sign_in(cast, client_for, make_file):
    response = client_for(None).get(_download(make_file()))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_another_partnerships_member_gets_not_found(cast, client_for, make_file):
    item = make_file()
    outsider = client_for(cast.outsider)
    assert outsider.get(_download(item)).status_code == 404
    assert outsider.get(_download(item, slug="hillcrest")).status_code == 404
    assert outsider.get(f"/p/hillcrest/evidence/{item.pk}/").status_code == 404


def test_another_partnerships_evidence_is_not_found_at_every_evidence_address(cast, client_for, make_file):
    """Riverbank's business manager may do everything in Riverbank, and still finds nothing of
    Hillcrest's through Riverbank's addresses."""
    theirs = make_file(partnership=cast.hillcrest, by=cast.outsider)
    client = client_for(cast.manager)
    for suffix in ("", "edit/", "versions/add/", "supersede/", "versions/1/download/"):
        assert client.get(f"/p/riverbank/evidence/{theirs.pk}/{suffix}").status_code == 404, suffix
    assert client.post(f"/p/riverbank/evidence/{theirs.pk}/supersede/", {"reason": "x"}).status_code == 404
    theirs.refresh_from_db()
    assert not theirs.is_superseded
    assert theirs.title not in client.get("/p/riverbank/evidence/").content.decode()


def test_an_agency_contributor_cannot_download_another_agencys_file(cast, client_for, make_file, agencies):
    police_file = make_file("Police audit", agency=agencies.police)
    shared_file = make_file("Whole-partnership data pack")
    contributor = client_for(cast.contributor)
    assert contributor.get(_download(police_file)).status_code == 404
    assert contributor.get(f"/p/riverbank/evidence/{police_file.pk}/").status_code == 404
    # Evidence of no agency belongs to the partnership as a whole, not to their slice.
    assert contributor.get(_download(shared_file)).status_code == 404


def test_an_agency_contributor_sees_their_agencys_evidence_and_what_they_added(cast, client_for, make_file, agencies):
    school_file = make_file("Oakfield s175 return", agency=agencies.school)
    own = make_file("Added by the contributor", by=cast.contributor, agency=agencies.school)
    make_file("Police audit", agency=agencies.police)
    contributor = client_for(cast.contributor)
    assert contributor.get(_download(school_file)).status_code == 200
    page = contributor.get("/p/riverbank/evidence/").content.decode()
    assert "Oakfield s175 return" in page
    assert own.title in page
    assert "Police audit" not in page
    # Everyone else sees the whole library.
    assert "Police audit" in client_for(cast.viewer).get("/p/riverbank/evidence/").content.decode()


def test_evidence_an_agency_contributor_adds_is_their_agencys(cast, client_for, agencies, media):
    response = client_for(cast.contributor).post(
        "/p/riverbank/evidence/add/",
        {"title": "Oakfield safeguarding audit", "file": upload(), "agency": agencies.police.pk},
    )
    assert response.status_code == 302
    item = EvidenceItem.objects.get(title="Oakfield safeguarding audit")
    assert item.agency == agencies.school
    assert item.added_by == cast.contributor


def test_the_add_page_tells_an_agency_contributor_whose_evidence_it_will_be(cast, client_for):
    page = client_for(cast.contributor).get("/p/riverbank/evidence/add/").content.decode()
    assert "recorded as Oakfield Academies Trust (demo)'s" in page
    assert 'name="agency"' not in page


def test_a_viewer_may_read_but_not_add(cast, client_for, make_file, media):
    item = make_file()
    viewer = client_for(cast.viewer)
    assert viewer.get("/p/riverbank/evidence/").status_code == 200
    assert viewer.get(f"/p/riverbank/evidence/{item.pk}/").status_code == 200
    assert "Upload a file" not in viewer.get("/p/riverbank/evidence/").content.decode()
    response = viewer.post("/p/riverbank/evidence/add/", {"title": "Not allowed", "file": upload()})
    assert response.status_code == 403
    assert not EvidenceItem.objects.filter(title="Not allowed").exists()
    assert viewer.post(f"/p/riverbank/evidence/{item.pk}/versions/add/", {"file": upload()}).status_code == 403
    assert item.versions.count() == 1


def test_a_partner_adds_versions_and_changes_only_evidence_they_added(cast, client_for, make_file):
    theirs = make_file("Added by the manager")
    mine = make_file("Added by the chair", by=cast.chair)
    chair = client_for(cast.chair)
    assert chair.get(f"/p/riverbank/evidence/{theirs.pk}/versions/add/").status_code == 403
    assert chair.post(f"/p/riverbank/evidence/{theirs.pk}/edit/", {"title": "Renamed"}).status_code == 403
    assert chair.post(f"/p/riverbank/evidence/{mine.pk}/versions/add/", {"file": upload()}).status_code == 302
    assert chair.post(f"/p/riverbank/evidence/{mine.pk}/edit/", {"title": "Chair's renamed"}).status_code == 302
    theirs.refresh_from_db()
    mine.refresh_from_db()
    assert theirs.title == "Added by the manager"
    assert theirs.versions.count() == 1
    assert mine.title == "Chair's renamed"
    assert mine.versions.count() == 2
    # A partner cannot mark anything superseded; the scrutineer and business manager can.
    assert chair.get(f"/p/riverbank/evidence/{mine.pk}/supersede/").status_code == 403
    assert client_for(cast.scrutineer).get(f"/p/riverbank/evidence/{mine.pk}/supersede/").status_code == 200


def test_a_manager_changes_any_evidence(cast, client_for, make_file, agencies):
    item = make_file("Added by the chair", by=cast.chair)
    response = client_for(cast.scrutineer).post(
        f"/p/riverbank/evidence/{item.pk}/edit/",
        {"title": "Board minutes (approved)", "agency": agencies.council.pk, "dated": "2025-06-30"},
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.title == "Board minutes (approved)"
    assert item.agency == agencies.council
    assert item.dated.isoformat() == "2025-06-30"


def test_a_date_in_the_wrong_format_is_refused_and_nothing_changes(cast, client_for, make_file):
    item = make_file()
    response = client_for(cast.manager).post(
        f"/p/riverbank/evidence/{item.pk}/edit/", {"title": "Changed", "dated": "30th of June"}
    )
    assert response.status_code == 200
    assert "Enter a valid date." in response.content.decode()
    item.refresh_from_db()
    assert item.title == "Board minutes, June 2025"
