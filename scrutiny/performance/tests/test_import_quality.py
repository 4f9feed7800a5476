"""The data-quality summary of a CIN census import: stored with it, shown beside its figures on the
pages, the API and the command line, offered to the assurance room; and a file with too many
children with problems refused whole."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from scrutiny.figures.provided import figures_for
from scrutiny.performance.importing import import_cin
from scrutiny.performance.models import IndicatorValue, ReturnImport
from scrutiny.performance.returns.problems import ReturnRejected
from scrutiny.performance.tests.cin_files import CPP, E, cin_xml, write

pytestmark = pytest.mark.django_db

BROKEN_PLAN = [E("2024-05-01", plans=[CPP("2024-06-01", "2024-05-01")])]


def _file(tmp_path, clean: int, broken: int, name: str = "cin.xml"):
    children = {f"K{n}": [E("2024-05-01")] for n in range(clean)}
    children |= {f"BROKEN-CHILD-{n}": BROKEN_PLAN for n in range(broken)}
    return write(tmp_path, cin_xml(children), name)


def test_an_import_keeps_its_data_quality_summary_and_each_problem(cast, tmp_path):
    record = import_cin(cast.riverbank, _file(tmp_path, 39, 1), None).record
    record.refresh_from_db()
    assert record.quality == {
        "children": 40,
        "children_with_problems": 1,
        "by_rule": {"plan_ends_before_it_starts": 1},
    }
    assert record.children_with_problems_pct == 2.5
    assert record.problems == [
        {
            "file": "cin.xml",
            "line": 42,
            "record": "child 40",
            "element": "CPPendDate",
            "reason": "the child protection plan ends (01/05/2024) before it starts (01/06/2024)",
        }
    ]
    value = IndicatorValue.objects.get(source=record, code="cp.plans_at31_per_10k")
    assert (value.status, value.numerator) == ("computed", 0)
    assert "1 record left out as impossible by the data-quality checks" in value.note


def test_a_file_with_more_than_the_threshold_of_children_with_problems_is_refused_whole(cast, tmp_path, settings):
    good = import_cin(cast.riverbank, _file(tmp_path, 10, 0, "good.xml"), None).record
    with pytest.raises(ReturnRejected) as caught:
        import_cin(cast.riverbank, _file(tmp_path, 18, 2), None)  # 10% > 5%
    lead = caught.value.problems[0]
    assert "2 of 20 children (10.0%) have records that cannot be true" in lead.reason
    assert "more than 5% is refused whole" in lead.reason
    assert caught.value.problems[1].element == "CPPendDate"
    assert caught.value.total == 3
    assert list(ReturnImport.objects.all()) == [good]  # nothing stored, the current import kept
    settings.SCRUTINY_CIN_MAX_CHILDREN_WITH_PROBLEMS_PERCENT = 10
    assert import_cin(cast.riverbank, _file(tmp_path, 18, 2), None).record.quality["children_with_problems"] == 2


def test_the_pages_show_the_summary_beside_the_figures_and_each_problem_on_the_import(cast, client_for, tmp_path):
    record = import_cin(cast.riverbank, _file(tmp_path, 39, 1), cast.manager).record
    client = client_for(cast.viewer)
    home = client.get("/p/riverbank/performance/").content.decode()
    assert "Data quality: CIN census 2024-25" in home
    assert "1 of 40 children (2.5%) had a record that cannot be true" in home
    assert "Child protection plans that end before they start" in home
    assert f"/p/riverbank/performance/imports/{record.pk}/" in home
    detail = client.get(f"/p/riverbank/performance/imports/{record.pk}/").content.decode()
    assert "the child protection plan ends (01/05/2024) before it starts (01/06/2024)" in detail
    assert "Children on a child protection plan at 31 March per 10,000 children;" in detail  # left out of
    assert "BROKEN-CHILD" not in detail  # never the child's identifier


def test_the_api_import_detail_gives_the_summary_and_the_problems(cast, client_for, tmp_path):
    record = import_cin(cast.riverbank, _file(tmp_path, 39, 1), None).record
    found = client_for(cast.viewer).get(f"/api/v1/partnerships/riverbank/performance/imports/{record.pk}").json()
    assert found["quality"]["children_with_problems"] == 1
    assert found["quality"]["refused_above_pct"] == 5
    rule = found["quality"]["rules"][0]
    assert (rule["rule"], rule["records"]) == ("plan_ends_before_it_starts", 1)
    assert "cp.plans_at31_per_10k" in rule["left_out_of"]
    assert "cin.referrals_per_10k" not in rule["left_out_of"]
    assert found["problems"][0]["line"] == 42
    assert found["problem_total"] == 1


def test_the_command_prints_the_summary_and_each_problem(cast, tmp_path):
    out = io.StringIO()
    call_command("import", "cin", str(_file(tmp_path, 39, 1)), "--partnership", "riverbank", stdout=out)
    text = out.getvalue()
    assert "Data quality: 1 of 40 children (2.5%) have records that cannot be true" in text
    assert "Child protection plans that end before they start: 1 (left out of cp.plans_at31_per_10k" in text
    assert "cin.xml, line 42, child 40, CPPendDate: the child protection plan ends" in text


def test_the_duty_that_performance_management_is_in_place_gets_the_data_quality_figure(cast, tmp_path):
    import_cin(cast.riverbank, _file(tmp_path, 39, 1), None)
    for code in ("founding-duties:D6", "statutory-duties:SD-01.9"):
        found = {figure.label: figure for figure in figures_for(cast.riverbank, 2024, [code])[code]}
        quality = found["Data-quality checks of the CIN census"]
        assert quality.value == "1 of 40 children (2.5%) with a record that cannot be true, left out"
        assert quality.url == "/p/riverbank/performance/?year=2025"
    assert "founding-duties:D6" not in figures_for(cast.hillcrest, 2024, ["founding-duties:D6"])


def test_an_upload_with_problems_is_imported_and_says_so(
    cast, client_for, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    settings.VAR_DIR = tmp_path / "var"
    client = client_for(cast.manager)
    text = _file(tmp_path, 39, 1).read_bytes()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/p/riverbank/performance/imports/upload/",
            {"kind": "cin", "return_files": SimpleUploadedFile("cin.xml", text, content_type="application/xml")},
        )
    page = client.get(response.url).content.decode()
    assert "1 of 40 children had a record that cannot be true" in page


def test_an_upload_over_the_threshold_lists_the_problems_and_stores_nothing(
    cast, client_for, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    settings.VAR_DIR = tmp_path / "var"
    client = client_for(cast.manager)
    text = _file(tmp_path, 9, 1).read_bytes()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/p/riverbank/performance/imports/upload/",
            {"kind": "cin", "return_files": SimpleUploadedFile("cin.xml", text, content_type="application/xml")},
        )
    page = client.get(response.url).content.decode()
    assert "Not imported: 2 problems" in page
    assert "1 of 10 children (10.0%) have records that cannot be true" in page
    assert "the child protection plan ends (01/05/2024) before it starts (01/06/2024)" in page
    assert not ReturnImport.objects.exists()
