"""Uploading a return through the website: checked, imported by the task worker, shown with its
progress and every problem, and deleted afterwards whatever happened."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from scrutiny.performance.models import ReturnImport, ReturnUpload, UploadStatus
from scrutiny.performance.tests.cin_files import E, child_xml, cin_xml
from scrutiny.performance.uploads import waiting_room

pytestmark = pytest.mark.django_db

BASE = "/p/riverbank/performance"


@pytest.fixture(autouse=True)
def run_tasks_at_once(settings, tmp_path):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    settings.VAR_DIR = tmp_path / "var"


def _xml(text: str, name: str = "cin.xml") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode(), content_type="application/xml")


def test_the_business_manager_uploads_a_cin_census_and_it_is_imported(
    cast, client_for, django_capture_on_commit_callbacks
):
    client = client_for(cast.manager)
    assert "Import a return" in client.get(f"{BASE}/imports/upload/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"{BASE}/imports/upload/",
            {"kind": "cin", "return_files": _xml(cin_xml({"K1": [E("2024-06-01")]}))},
        )
    upload = ReturnUpload.objects.get()
    assert response.url == f"{BASE}/uploads/{upload.pk}/"
    assert upload.status == UploadStatus.DONE
    assert upload.result == ReturnImport.objects.get()
    assert upload.result.imported_by == cast.manager
    page = client.get(response.url).content.decode()
    assert "See what was computed" in page
    assert "The uploaded files have been deleted." in page
    assert not any(waiting_room().iterdir())


def test_a_bad_file_lists_every_problem_and_stores_nothing(cast, client_for, django_capture_on_commit_callbacks):
    bad = cin_xml(
        [child_xml("CHILD-ID-ONE", [E("2024-06-01", source="ZZ")]), child_xml("CHILD-ID-TWO", [E("2024-13-01")])]
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(cast.manager).post(f"{BASE}/imports/upload/", {"kind": "cin", "return_files": _xml(bad)})
    upload = ReturnUpload.objects.get()
    assert upload.status == UploadStatus.FAILED
    assert upload.problem_total == 2
    page = client_for(cast.manager).get(response.url).content.decode()
    assert "Not imported: 2 problems" in page
    assert "ReferralSource" in page
    assert "CINreferralDate" in page
    assert "CHILD-ID-ONE" not in page  # problems name a child by position, never by its ID
    assert not ReturnImport.objects.exists()
    assert not any(waiting_room().iterdir())


def test_the_form_keeps_the_choice_and_says_what_is_wrong(cast, client_for):
    client = client_for(cast.manager)
    wrong_type = client.post(
        f"{BASE}/imports/upload/", {"kind": "cin", "return_files": _xml("CHILD\n1\n", name="cin.csv")}
    ).content.decode()
    assert "cin.csv is not a .xml file: a CIN census comes as .xml." in wrong_type
    assert 'value="cin" checked' in wrong_type
    no_year = client.post(
        f"{BASE}/imports/upload/", {"kind": "ssda903", "return_files": _xml("CHILD\n", name="episodes.csv")}
    ).content.decode()
    assert "Enter the reporting year the SSDA903 files are for" in no_year
    nothing = client.post(f"{BASE}/imports/upload/", {"kind": "cin"}).content.decode()
    assert "govuk-error-summary" in nothing
    assert not ReturnUpload.objects.exists()


def test_a_waiting_upload_shows_its_progress_and_refreshes(cast, client_for):
    upload = ReturnUpload.objects.create(
        partnership=cast.riverbank, kind="cin", names=["big.xml"], folder="x", status=UploadStatus.RUNNING, progress=40
    )
    page = client_for(cast.manager).get(f"{BASE}/uploads/{upload.pk}/").content.decode()
    assert '<meta http-equiv="refresh" content="3">' in page
    assert "40% of the file read." in page


def test_only_the_business_manager_uploads_and_only_their_partnership(cast, client_for):
    upload = ReturnUpload.objects.create(partnership=cast.riverbank, kind="cin", names=["a.xml"], folder="x")
    assert client_for(cast.viewer).get(f"{BASE}/imports/upload/").status_code == 403
    assert client_for(cast.scrutineer).get(f"{BASE}/uploads/{upload.pk}/").status_code == 403
    assert client_for(cast.outsider).get(f"/p/hillcrest/performance/uploads/{upload.pk}/").status_code == 404


def test_a_return_is_uploaded_through_the_api_and_followed_to_its_import(
    cast, client_for, django_capture_on_commit_callbacks
):
    api = "/api/v1/partnerships/riverbank/performance"
    manager = client_for(cast.manager)
    with django_capture_on_commit_callbacks(execute=True):
        answer = manager.post(f"{api}/uploads", {"kind": "cin", "files": _xml(cin_xml({"K1": [E("2024-06-01")]}))})
    assert answer.status_code == 202, answer.json()
    followed = manager.get(f"{api}/uploads/{answer.json()['id']}").json()
    assert (followed["status"], followed["progress"]) == ("done", 100)
    assert followed["import_id"] == ReturnImport.objects.get().pk

    missing_year = manager.post(f"{api}/uploads", {"kind": "ssda903", "files": _xml("CHILD\n", name="header.csv")})
    assert missing_year.status_code == 400
    assert missing_year.json()["detail"] == "year: Enter the reporting year the SSDA903 files are for, for example 2025"
    wrong_type = manager.post(f"{api}/uploads", {"kind": "annex_a", "files": _xml("<a/>", name="annex.xml")})
    assert wrong_type.json()["detail"] == "files: annex.xml is not a .xlsx file: an Ofsted Annex A comes as .xlsx."
    assert wrong_type.json()["errors"] == {
        "files": ["annex.xml is not a .xlsx file: an Ofsted Annex A comes as .xlsx."]
    }
    assert client_for(cast.scrutineer).get(f"{api}/uploads/{answer.json()['id']}").status_code == 403
    assert client_for(cast.outsider).get(f"{api}/uploads/{answer.json()['id']}").status_code == 404
