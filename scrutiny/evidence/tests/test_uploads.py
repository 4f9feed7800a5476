"""Uploads: only allow-listed types, checked by extension and by contents; a size limit; a stored
name that is never the uploaded one; nothing stored when a file is refused."""

from __future__ import annotations

import hashlib
import io

import pytest
from django.core.exceptions import ValidationError

from scrutiny.evidence.files import check_upload, sniff_file_type
from scrutiny.evidence.models import EvidenceItem, EvidenceKind, EvidenceVersion
from scrutiny.evidence.services import evidence_add_version
from scrutiny.evidence.tests import samples
from scrutiny.evidence.tests.conftest import stored_files
from scrutiny.evidence.tests.samples import upload

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("name", "content"), list(samples.ACCEPTED.items()))
def test_every_allowed_type_is_accepted_when_its_contents_match(name, content):
    checked = check_upload(upload(name, content, content_type="application/octet-stream"))
    assert checked.original_name == name
    assert checked.sha256 == hashlib.sha256(content).hexdigest()
    # The content type is the detected one, not what the browser claimed.
    assert checked.content_type != "application/octet-stream"


@pytest.mark.parametrize(
    ("content", "found"),
    [
        (samples.PDF, "pdf"),
        (samples.DOCX, "docx"),
        (samples.XLSX, "xlsx"),
        (samples.PPTX, "pptx"),
        (samples.ODT, "odt"),
        (samples.ODS, "ods"),
        (samples.PNG, "png"),
        (samples.JPEG, "jpeg"),
        (samples.CSV, "text"),
        ("Compte rendu du conseil, réunion d'été\n".encode("cp1252"), "text"),
        (samples.EXE, None),
        (samples.HTML, None),
        (samples.ZIP, None),
        (b"", None),
    ],
)
def test_the_contents_decide_the_type(content, found):
    assert sniff_file_type(io.BytesIO(content)) == found


def test_a_member_uploads_a_pdf_and_it_is_kept_under_a_name_of_our_own(cast, client_for, media):
    response = client_for(cast.manager).post(
        "/p/riverbank/evidence/add/",
        {"title": "Board minutes, June 2025", "file": upload("../../Board minutes.pdf"), "dated": "2025-06-30"},
    )
    item = EvidenceItem.objects.get(title="Board minutes, June 2025")
    assert response.status_code == 302
    assert response["Location"] == f"/p/riverbank/evidence/{item.pk}/"
    version = item.versions.get()
    assert item.kind == EvidenceKind.FILE
    assert version.number == 1
    assert version.original_name == "Board minutes.pdf"
    assert version.content_type == "application/pdf"
    assert version.sha256 == hashlib.sha256(samples.PDF).hexdigest()
    assert version.size == len(samples.PDF)
    # Stored under MEDIA_ROOT/evidence, by partnership and item, never by the uploaded name.
    stored_name = str(version.file.name)
    assert stored_name.startswith(f"p{cast.riverbank.pk}/{item.pk}/v1-")
    assert "minutes" not in stored_name.lower()
    [stored] = stored_files(media)
    assert stored.is_relative_to(media / "evidence")
    assert stored.read_bytes() == samples.PDF


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("minutes.pdf", samples.EXE, "“minutes.pdf” is not really a .pdf file"),
        ("page.html", samples.HTML, "“page.html” is not a type of file Scrutiny accepts"),
        ("notes.txt", samples.HTML, "“notes.txt” is not really a .txt file"),
        ("report.docx", samples.ZIP, "“report.docx” is not really a .docx file"),
        ("setup.exe", samples.EXE, "“setup.exe” is not a type of file Scrutiny accepts"),
        ("no-extension", samples.PDF, "“no-extension” is not a type of file Scrutiny accepts"),
    ],
)
def test_a_file_of_the_wrong_type_is_refused_naming_it_and_nothing_is_stored(
    cast, client_for, media, name, content, message
):
    before = EvidenceItem.objects.count()
    response = client_for(cast.manager).post(
        "/p/riverbank/evidence/add/", {"title": "Suspicious file", "file": upload(name, content)}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in body
    assert message in body
    assert "PDF, Word (DOCX), Excel (XLSX)" in body
    # What the person typed is kept.
    assert 'value="Suspicious file"' in body
    assert EvidenceItem.objects.count() == before
    assert not EvidenceVersion.objects.exists()
    assert stored_files(media) == []


def test_a_file_over_the_size_limit_is_refused_and_nothing_is_stored(cast, client_for, media, settings):
    settings.EVIDENCE_MAX_UPLOAD_MB = 1
    big = samples.PDF + b"0" * (1024 * 1024)
    response = client_for(cast.manager).post(
        "/p/riverbank/evidence/add/", {"title": "Huge pack", "file": upload("pack.pdf", big)}
    )
    assert response.status_code == 200
    assert "“pack.pdf” is 1.0 MB: a file can be at most 1 MB." in response.content.decode()
    assert not EvidenceItem.objects.filter(title="Huge pack").exists()
    assert stored_files(media) == []


def test_an_empty_file_is_refused(cast):
    with pytest.raises(ValidationError, match="is empty"):
        check_upload(upload("empty.txt", b""))


def test_the_upload_page_states_the_limit_from_the_setting(cast, client_for, settings):
    settings.EVIDENCE_MAX_UPLOAD_MB = 7
    page = client_for(cast.manager).get("/p/riverbank/evidence/add/").content.decode()
    assert "up to 7 MB" in page
    assert 'enctype="multipart/form-data"' in page


def test_a_link_must_be_http_or_https(cast, client_for):
    response = client_for(cast.manager).post(
        "/p/riverbank/evidence/add/?kind=link", {"title": "Arrangements", "url": "javascript:alert(1)"}
    )
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert not EvidenceItem.objects.filter(title="Arrangements").exists()
    response = client_for(cast.manager).post(
        "/p/riverbank/evidence/add/?kind=link", {"title": "Arrangements", "url": "ftp://riverbank.example.org/a"}
    )
    assert not EvidenceItem.objects.filter(title="Arrangements").exists()
    response = client_for(cast.manager).post(
        "/p/riverbank/evidence/add/?kind=link",
        {"title": "Arrangements", "url": "https://riverbank.example.org/arrangements"},
    )
    assert response.status_code == 302
    assert EvidenceItem.objects.get(title="Arrangements").kind == EvidenceKind.LINK


def test_a_version_whose_row_cannot_be_saved_leaves_no_file(cast, make_file, media, monkeypatch):
    item = make_file()
    before = stored_files(media)

    def refuse(*args, **kwargs):
        raise RuntimeError("database unavailable")

    monkeypatch.setattr(EvidenceVersion, "save", refuse)
    with pytest.raises(RuntimeError):
        evidence_add_version(item=item, upload=upload("v2.pdf"), uploaded_by=cast.manager)
    assert stored_files(media) == before
