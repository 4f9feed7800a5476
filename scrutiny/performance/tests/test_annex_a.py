"""Importing an Ofsted Annex A workbook: the timeliness measures it allows, as local
approximations; LA-edited headers accepted; bad cells listed and nothing stored; hostile
workbooks refused before they are opened."""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook

from scrutiny.performance.catalogue import catalogue
from scrutiny.performance.figures import AreaChoiceError, year_figures
from scrutiny.performance.importing import import_annex_a
from scrutiny.performance.models import ImportStatus, IndicatorValue, ReturnImport, ReturnUpload, UploadStatus
from scrutiny.performance.returns.annex_a import list_number, words
from scrutiny.performance.returns.problems import ReturnRejected
from scrutiny.performance.rules import counting_rules
from scrutiny.performance.synthetic_annex_a import build_annex_a

pytestmark = pytest.mark.django_db

EXTRACT = date(2025, 3, 31)
ID = ["Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age"]


def workbook(tmp_path: Path, sheets: dict[str, list[list[object]]], name: str = "annex.xlsx") -> Path:
    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    path = tmp_path / name
    book.save(path)
    return path


def values(record: ReturnImport) -> dict[str, IndicatorValue]:
    return {value.code: value for value in record.values.all()}


def _child(age: int = 10) -> list[object]:
    return ["A1", "Female", "Refused", None, age]


def test_a_synthetic_workbook_computes_every_measure_for_the_year_of_its_extract_date(cast, tmp_path):
    path = build_annex_a(tmp_path / "annex.xlsx", EXTRACT, rows=60)
    imported = import_annex_a(cast.riverbank, path, cast.manager, extract_date=EXTRACT)
    record = imported.record
    assert (record.kind, record.year, record.area.old_la_code) == ("annex_a", 2025, "303")
    assert record.records == 60 * 6 + 30 * 2  # list 6 feeds no measure, so is not read
    found = values(record)
    # One figure for each Annex A measure in the catalogue, no more and no fewer.
    assert set(found) == {code for code, item in catalogue().items() if item.kind == "annex_a"}
    assert all(value.status == "computed" for value in found.values()), [v.reason for v in found.values()]
    assert found["annex_a.contacts"].value == 60
    assert "not comparable with DfE's published figures" in found["annex_a.assessments_45wd_pct"].note
    # Only totals are kept: the Child Unique IDs are nowhere in the database.
    stored = " ".join(f"{v.code} {v.note} {v.reason}" for v in IndicatorValue.objects.all())
    assert " A0" not in stored
    assert "Child Unique" not in stored


def test_measures_count_what_the_statutory_timescales_say(cast, tmp_path):
    path = workbook(
        tmp_path,
        {
            "List 4": [
                [
                    *ID,
                    "Continuous Assessment Start Date",
                    "Child Seen During Continuous Assessment",
                    "Continuous Assessment Date of Authorisation",
                ],
                # From 2 January 2025, 6 March is the 45th working day and 7 March the 46th.
                [*_child(), date(2025, 1, 2), "Yes", date(2025, 3, 6)],
                [*_child(), date(2025, 1, 2), "No", date(2025, 3, 7)],
                [*_child(), date(2025, 3, 1), "Y", None],  # open: not counted for timeliness
            ],
            "List 5": [
                [
                    *ID,
                    "Strategy discussion initiating Section 47 Enquiry Start Date",
                    "Date of Initial Child Protection Conference",
                ],
                [*_child(), date(2025, 2, 3), date(2025, 2, 24)],  # 15 working days
                [*_child(), date(2025, 2, 3), date(2025, 2, 25)],  # 16
                [*_child(), date(2025, 2, 3), None],
            ],
            "List 8": [
                [
                    *ID,
                    "Date Started to be Looked After",
                    "Date of Latest Statutory Review",
                    "Date of Last Social Work Visit",
                    "Date of Last Health Assessment",
                    "Date of Last Dental Check",
                    "Number of Placements in the Last 12 months",
                    "Date Ceased to be Looked After",
                ],
                [
                    *_child(3),
                    date(2023, 1, 1),
                    date(2024, 10, 1),
                    date(2025, 3, 1),
                    date(2024, 9, 1),
                    date(2024, 6, 1),
                    3,
                    None,
                ],  # under 5: health assessment over 6 months old is late
                [
                    *_child(12),
                    date(2023, 1, 1),
                    date(2024, 9, 1),
                    date(2025, 1, 1),
                    date(2024, 9, 1),
                    date(2023, 6, 1),
                    1,
                    None,
                ],  # review due 1 March 2025: overdue; visit 89 days ago
                [*_child(12), date(2023, 1, 1), None, None, None, None, 5, date(2024, 12, 1)],  # left care
            ],
        },
    )
    found = values(import_annex_a(cast.riverbank, path, None, extract_date=EXTRACT).record)

    def share(code: str) -> tuple[int | None, int | None]:
        return found[code].numerator, found[code].denominator

    assert share("annex_a.assessments_45wd_pct") == (1, 2)
    assert share("annex_a.assessment_child_seen_pct") == (2, 3)
    assert share("annex_a.icpc_15wd_pct") == (1, 2)
    assert share("annex_a.cla_reviews_in_time_pct") == (1, 2)
    assert share("annex_a.cla_visits_in_time_pct") == (1, 2)
    assert share("annex_a.cla_health_assessment_in_time_pct") == (1, 2)
    assert share("annex_a.cla_dental_check_in_time_pct") == (1, 2)
    assert share("annex_a.cla_placements_3plus_pct") == (1, 2)
    missing = found["annex_a.contacts"]
    assert (missing.status, missing.reason) == ("not computed", "List 1 (Contacts) is not in the workbook.")


def test_a_partnership_may_set_its_own_visit_standard(cast, tmp_path, settings):
    rows: list[list[object]] = [
        [
            *ID,
            "Child Protection Plan Start Date",
            "Child Protection Plan End Date",
            "Date of the Last Statutory Visit",
            "Date of latest review conference",
        ],
        [*_child(), date(2024, 6, 1), None, date(2025, 3, 10), date(2025, 1, 10)],  # 15 working days ago
    ]
    path = workbook(tmp_path, {"List 7": rows})
    first = values(import_annex_a(cast.riverbank, path, None, extract_date=EXTRACT).record)
    assert first["annex_a.cp_visits_in_time_pct"].value == 0.0
    assert "within the last 10 working days" in first["annex_a.cp_visits_in_time_pct"].note
    settings.SCRUTINY_INDICATOR_RULES = '{"annex_a_cp_visit_working_days": 15}'
    counting_rules.cache_clear()
    try:
        second = values(import_annex_a(cast.riverbank, path, None, extract_date=EXTRACT).record)
    finally:
        counting_rules.cache_clear()
    assert second["annex_a.cp_visits_in_time_pct"].value == 100.0
    assert second["annex_a.cp_reviews_in_time_pct"].value == 100.0


def test_headers_and_sheet_names_as_las_edit_them_are_accepted(cast, tmp_path):
    path = workbook(
        tmp_path,
        {
            "Cover": [["This workbook holds Annex A lists for the inspection"]],
            "L3 referrals": [
                ["Annex A: referrals"],
                [],
                ["CHILD UNIQUE ID", "date of referral", "Referral NFA", "No. of referrals in last 12 months"],
                ["A1", "01/06/2024", "yes", 1],
                ["A2", "2024-07-01", "N", "2"],
            ],
            "Care leavers": [
                ["Child Unique ID", "Latest pathway-plan review date", "LA in touch?", "Suitability of accommodation"],
                ["A3", datetime(2025, 1, 5), "YES", "Suitable"],
                ["A4", 45_200, "NREQ", "Unsuitable"],  # an Excel date number in a general cell
            ],
        },
    )
    imported = import_annex_a(cast.riverbank, path, None)
    found = values(imported.record)
    assert found["annex_a.referrals_nfa_pct"].value == 50.0
    assert found["annex_a.rereferrals_12m_pct"].value == 50.0
    assert (found["annex_a.leavers_in_touch_pct"].numerator, found["annex_a.leavers_in_touch_pct"].denominator) == (
        1,
        1,
    )
    assert found["annex_a.leavers_suitable_accommodation_pct"].value == 50.0
    tolerated = " ".join(imported.record.tolerated)
    assert "dates written as text or numbers (List 3 (Referrals))" in tolerated
    assert (
        "List 3 (Referrals), sheet 'L3 referrals': “No. of referrals in last 12 months” read as "
        "“Number of Referrals in Last 12 Months”" in tolerated
    )
    assert "“LA in touch?”" not in tolerated  # the same words as Ofsted's header: nothing to check
    assert "No extract date was given: the latest date in the lists, 05/01/2025, stands for it." in tolerated
    assert imported.record.year == 2025


def test_sheets_are_found_by_number_or_words():
    assert [list_number(name) for name in ("List 4", "L8", "4. Assessments", "list10", "Sheet1")] == [4, 8, 4, 10, None]
    assert [list_number(name) for name in ("Care leavers", "Children in care", "Early help", "CP")] == [9, 8, 2, None]
    assert words("LA children's social care support?") == words("LA children’s social care support?")  # noqa: RUF001
    assert words("LA children’s social care support?") == ["la", "childrens", "social", "care", "support"]  # noqa: RUF001


def test_a_missing_column_leaves_its_measures_not_computed_with_the_reason(cast, tmp_path):
    path = workbook(tmp_path, {"List 4": [[*ID, "Continuous Assessment Start Date"], [*_child(), date(2025, 1, 2)]]})
    found = values(import_annex_a(cast.riverbank, path, None, extract_date=EXTRACT).record)
    assert found["annex_a.assessments_45wd_pct"].reason == (
        "List 4 (Assessments) has no column for “Continuous Assessment Date of Authorisation”."
    )


def test_bad_cells_are_all_listed_and_nothing_is_stored(cast, tmp_path):
    good = import_annex_a(cast.riverbank, build_annex_a(tmp_path / "good.xlsx", EXTRACT, rows=10), None)
    path = workbook(
        tmp_path,
        {
            "List 4": [
                [
                    *ID,
                    "Continuous Assessment Start Date",
                    "Child Seen During Continuous Assessment",
                    "Continuous Assessment Date of Authorisation",
                ],
                [*_child(), "next Tuesday", "Yes", date(2025, 3, 7)],
                [*_child(), date(2025, 3, 1), "Perhaps", date(2025, 2, 1)],
                [*_child(), date(2025, 3, 1), '=IF(A1,"Yes","No")', None],
            ]
        },
        name="bad.xlsx",
    )
    with pytest.raises(ReturnRejected) as caught:
        import_annex_a(cast.riverbank, path, None, extract_date=EXTRACT)
    problems = [str(problem) for problem in caught.value.problems]
    assert problems == [
        "bad.xlsx, List 4, row 2, column 'Continuous Assessment Start Date': 'next Tuesday' is not a date "
        "(use a date cell, or dd/mm/yyyy)",
        "bad.xlsx, List 4, row 3, column 'Child Seen During Continuous Assessment': 'Perhaps' is not Yes or No",
        "bad.xlsx, List 4, row 3, column 'Continuous Assessment Date of Authorisation': 01/02/2025 is before the "
        "start, 01/03/2025.",
        "bad.xlsx, List 4, row 4, column 'Child Seen During Continuous Assessment': holds a formula; Scrutiny reads "
        "values only. Paste the values in its place.",
    ]
    assert list(ReturnImport.objects.all()) == [good.record]
    assert good.record.status == ImportStatus.CURRENT


def test_dates_after_the_extract_date_are_refused(cast, tmp_path):
    path = workbook(tmp_path, {"List 1": [[*ID, "Date of Contact"], [*_child(), date(2025, 4, 2)]]})
    with pytest.raises(ReturnRejected) as caught:
        import_annex_a(cast.riverbank, path, None, extract_date=EXTRACT)
    assert "02/04/2025 is after the extract date, 31/03/2025." in str(caught.value.problems[0])


def test_hostile_workbooks_are_refused_before_they_are_opened(cast, tmp_path):
    not_a_workbook = tmp_path / "annex.xlsx"
    not_a_workbook.write_text("Child Unique ID,Date of Contact\n")
    with pytest.raises(ReturnRejected, match="not an Excel workbook"):
        import_annex_a(cast.riverbank, not_a_workbook, None)

    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", "<a>" + "0" * 50_000_000 + "</a>")
    with pytest.raises(ReturnRejected, match="too large or too compressed"):
        import_annex_a(cast.riverbank, bomb, None)

    laughs = tmp_path / "laughs.xlsx"
    source = io.BytesIO(build_annex_a(tmp_path / "base.xlsx", EXTRACT, rows=2).read_bytes())
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(laughs, "w") as archive:
        for item in original.infolist():
            data = original.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                body = data.split(b"?>", 1)[1] if data.startswith(b"<?xml") else data
                data = b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">]>' + body
            archive.writestr(item, data)
    with pytest.raises(ReturnRejected, match="declares a DOCTYPE or entities"):
        import_annex_a(cast.riverbank, laughs, None)
    assert not ReturnImport.objects.exists()


def test_only_a_covered_la_may_be_imported(cast, tmp_path):
    path = build_annex_a(tmp_path / "annex.xlsx", EXTRACT, rows=5)
    with pytest.raises(AreaChoiceError, match=r"Riverbank .* does not cover local authority 358"):
        import_annex_a(cast.riverbank, path, None, la="358")
    with pytest.raises(AreaChoiceError):
        import_annex_a(cast.hillcrest, path, None, la="303")
    assert not ReturnImport.objects.exists()


def test_the_command_imports_and_reports(cast, tmp_path):
    path = build_annex_a(tmp_path / "annex.xlsx", EXTRACT, rows=20)
    out = io.StringIO()
    call_command(
        "import", "annex-a", str(path), "--partnership", "riverbank", "--extract-date", "2025-03-31", stdout=out
    )
    text = out.getvalue()
    assert "Imported annex.xlsx: Ofsted Annex A 2024-25 for Bexley" in text
    assert "17 measures computed." in text
    figures = year_figures(cast.riverbank, ReturnImport.objects.get().area, 2025)
    assert figures["annex_a.contacts"]["value"] == 20
    assert figures["cin.referrals_per_10k"]["reason"] == "No CIN census is imported for Bexley for this year."
    with pytest.raises(CommandError, match="is not a date: write it as YYYY-MM-DD"):
        call_command("import", "annex-a", str(path), "--partnership", "riverbank", "--extract-date", "31/03/2025")


def test_the_business_manager_uploads_an_annex_a_workbook(
    cast, client_for, django_capture_on_commit_callbacks, settings, tmp_path
):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    settings.VAR_DIR = tmp_path / "var"
    content = build_annex_a(tmp_path / "annex.xlsx", EXTRACT, rows=20).read_bytes()
    client = client_for(cast.manager)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/p/riverbank/performance/imports/upload/",
            {
                "kind": "annex_a",
                "extract_date": "31/03/2025",
                "return_files": SimpleUploadedFile("annex.xlsx", content),
            },
        )
    upload = ReturnUpload.objects.get()
    assert response.status_code == 302
    assert (upload.status, upload.extract_date) == (UploadStatus.DONE, EXTRACT)
    assert upload.result is not None
    assert upload.result.kind == "annex_a"
    page = client.get("/p/riverbank/performance/?year=2025").content.decode()
    assert "Ofsted Annex A: local approximations" in page
    wrong = client.post(
        "/p/riverbank/performance/imports/upload/",
        {"kind": "cin", "extract_date": "31/03/2025", "return_files": SimpleUploadedFile("c.xml", b"<a/>")},
    ).content.decode()
    assert "An extract date is for an Annex A workbook only" in wrong
    assert "31/03/2025" in wrong


def test_pages_show_annex_a_measures_as_local_approximations(cast, client_for, tmp_path):
    path = build_annex_a(tmp_path / "annex.xlsx", EXTRACT, rows=20)
    record = import_annex_a(cast.riverbank, path, cast.manager, extract_date=EXTRACT).record
    client = client_for(cast.viewer)
    detail = client.get("/p/riverbank/performance/indicators/annex_a.assessments_45wd_pct/").content.decode()
    assert "Assessments completed within 45 working days (Annex A list 4)" in detail
    assert "not comparable with DfE benchmarks" in detail
    assert "Approximates cin.assessments_45wd_pct" in detail
    imported = client.get(f"/p/riverbank/performance/imports/{record.pk}/").content.decode()
    assert "Ofsted Annex A" in imported
    assert "No extract date was given" not in imported
    assert client_for(cast.outsider).get(f"/p/riverbank/performance/imports/{record.pk}/").status_code in {403, 404}
    assert client_for(cast.outsider).get(f"/p/hillcrest/performance/imports/{record.pk}/").status_code == 404


def test_published_figures_withhold_small_counts_by_the_indicators_unit(cast, tmp_path):
    from scrutiny.figures.suppression import NOTHING
    from scrutiny.performance.figures import published

    computed = {"status": "computed", "reason": None}
    assert published("annex_a.contacts", {**computed, "value": 4, "numerator": 4, "denominator": None}).text == "c"
    assert published("annex_a.contacts", {**computed, "value": 40, "numerator": 40, "denominator": None}).text == "40"
    share = {**computed, "value": 93.8, "numerator": 45, "denominator": 48}
    assert published("annex_a.assessments_45wd_pct", share).text == "c"  # 3 children were late
    rate = {**computed, "value": 0.7, "numerator": 4, "denominator": 58_724}
    assert published("cin.referrals_per_10k", rate).text == "c"
    days = {**computed, "value": 400, "numerator": 1600, "denominator": 4}
    assert published("cla.adoption_entry_to_placed_days", days).text == "c"
    assert published("cin.referrals_per_10k", {"status": "not computed", "value": None}).text == NOTHING
