"""Locally defined measures and the agencies' returns: rounds, entry, templates, timeliness, and
who may see and write what."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from scrutiny.figures.registry import due_providers
from scrutiny.partnerships.access import seat_for
from scrutiny.partnerships.models import Agency
from scrutiny.performance.agency_returns import round_open, safe_cell, timeliness
from scrutiny.performance.models import AgencySubmission, LocalMeasure, MeasureValue, ReturnRound

pytestmark = pytest.mark.django_db

BASE = "/p/riverbank/performance"


def _agency(name: str) -> Agency:
    return Agency.objects.get(name__startswith=name)


@pytest.fixture
def measures(cast):
    schools = _agency("Oakfield")
    health = _agency("Riverbank Community Health")

    def measure(code: str, title: str, owner: Agency, unit: str = "count") -> LocalMeasure:
        return LocalMeasure.objects.create(
            partnership=cast.riverbank,
            code=code,
            title=title,
            definition=f"{title} in the quarter",
            owner=owner,
            frequency="quarterly",
            unit=unit,
        )

    return {
        "exclusions": measure("education.suspensions", "Suspensions", schools),
        "ehe": measure("education.ehe_children", "Children in elective home education", schools),
        "visits": measure("health.hv_new_birth_visit_14d_pct", "New birth visits within 14 days", health, "percent"),
    }


@pytest.fixture
def opened(cast, measures):
    return round_open(
        partnership=cast.riverbank,
        frequency="quarterly",
        period_start=date(2026, 7, 1),
        period_end=date(2026, 9, 30),
        due_on=date(2026, 10, 20),
    )


def test_opening_a_round_asks_each_agency_that_supplies_a_measure(opened):
    assert sorted(s.agency.name for s in opened.submissions.all()) == [
        "Oakfield Academies Trust (demo)",
        "Riverbank Community Health Trust (demo)",
    ]
    assert str(opened) == "Quarterly return, 1 July 2026 to 30 September 2026"


def test_a_round_with_bad_dates_or_nobody_to_ask_is_refused(cast, measures, opened):
    with pytest.raises(ValidationError, match="end on or after"):
        round_open(partnership=cast.riverbank, frequency="quarterly", period_start=date(2026, 10, 1),
                   period_end=date(2026, 9, 1), due_on=date(2026, 11, 1))  # fmt: skip
    with pytest.raises(ValidationError, match="No active measure is collected at this frequency"):
        round_open(partnership=cast.riverbank, frequency="monthly", period_start=date(2026, 10, 1),
                   period_end=date(2026, 10, 31), due_on=date(2026, 11, 15))  # fmt: skip
    with pytest.raises(ValidationError, match="already open"):
        round_open(partnership=cast.riverbank, frequency="quarterly", period_start=date(2026, 7, 1),
                   period_end=date(2026, 9, 30), due_on=date(2026, 10, 20))  # fmt: skip
    assert ReturnRound.objects.count() == 1


def test_the_agency_contributor_enters_and_submits_their_agencys_figures(cast, client_for, measures, opened):
    mine = opened.submissions.get(agency__name__startswith="Oakfield")
    client = client_for(cast.contributor)
    listing = client.get(f"{BASE}/returns/").content.decode()
    assert "Quarterly return, 1 July 2026 to 30 September 2026" in listing
    assert "Riverbank Community Health" not in listing
    url = f"{BASE}/returns/{mine.pk}/"
    ex, ehe = measures["exclusions"].pk, measures["ehe"].pk
    # Submitting with a figure missing is refused and keeps what was typed.
    refused = client.post(url, {f"m{ex}-value": "41", "submit": "1"}).content.decode()
    assert "Enter a figure for every measure before submitting: Children in elective home education." in refused
    assert 'value="41"' in refused
    assert not MeasureValue.objects.exists()
    response = client.post(url, {f"m{ex}-value": "41", f"m{ehe}-value": "118", f"m{ehe}-note": "Up 6.", "submit": "1"})
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.submitted_by == cast.contributor
    assert {v.measure.code: v.value for v in mine.values.all()} == {
        "education.suspensions": 41,
        "education.ehe_children": 118,
    }


def test_bad_figures_are_refused_with_the_measure_named(cast, client_for, measures, opened):
    theirs = opened.submissions.get(agency__name__startswith="Riverbank Community Health")
    visits = measures["visits"].pk
    client = client_for(cast.manager)
    page = client.post(
        f"{BASE}/returns/{theirs.pk}/", {f"m{visits}-numerator": "90", f"m{visits}-denominator": "80", "save": "1"}
    ).content.decode()
    assert "New birth visits within 14 days: the numerator (90) is larger than the denominator (80)." in page
    page = client.post(f"{BASE}/returns/{theirs.pk}/", {f"m{visits}-value": "lots", "save": "1"}).content.decode()
    assert "New birth visits within 14 days, value: &#x27;lots&#x27; is not a number." in page
    client.post(
        f"{BASE}/returns/{theirs.pk}/", {f"m{visits}-numerator": "72", f"m{visits}-denominator": "80", "save": "1"}
    )
    value = MeasureValue.objects.get()
    assert (value.value, value.numerator, value.denominator) == (Decimal(90), 72, 80)
    theirs.refresh_from_db()
    assert theirs.submitted_at is None


def test_the_template_downloads_and_uploads_as_csv_and_excel(cast, client_for, measures, opened):
    mine = opened.submissions.get(agency__name__startswith="Oakfield")
    client = client_for(cast.contributor)
    rows = list(csv.reader(io.StringIO(client.get(f"{BASE}/returns/{mine.pk}/template.csv").content.decode())))
    assert rows[0] == ["code", "measure", "unit", "value", "numerator", "denominator", "note"]
    assert [row[0] for row in rows[1:]] == ["education.ehe_children", "education.suspensions"]
    book = load_workbook(io.BytesIO(client.get(f"{BASE}/returns/{mine.pk}/template.xlsx").content))
    assert book.worksheets[0]["A2"].value == "education.ehe_children"
    filled = (
        "code,measure,unit,value,numerator,denominator,note\n"
        "education.ehe_children,x,Count,120,,,\neducation.suspensions,x,Count,39,,,\n"
    )
    upload = io.BytesIO(filled.encode())
    upload.name = "return.csv"
    assert client.post(f"{BASE}/returns/{mine.pk}/", {"upload": "1", "template": upload}).status_code == 302
    assert sorted(v.value or 0 for v in MeasureValue.objects.all()) == [39, 120]


def test_a_spreadsheet_formula_is_refused_not_run(cast, client_for, measures, opened):
    mine = opened.submissions.get(agency__name__startswith="Oakfield")
    book = Workbook()
    sheet = book.active
    sheet.append(["code", "measure", "unit", "value", "numerator", "denominator", "note"])
    sheet.append(["education.suspensions", "x", "Count", '=HYPERLINK("http://evil")', None, None, None])
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    out.name = "return.xlsx"
    page = client_for(cast.contributor).post(f"{BASE}/returns/{mine.pk}/", {"upload": "1", "template": out})
    assert "row 2, column 4: holds a formula; enter the figure itself." in page.content.decode()
    assert not MeasureValue.objects.exists()
    assert safe_cell("=SUM(A1)") == "'=SUM(A1)"
    assert safe_cell("Suspensions") == "Suspensions"


def test_timeliness_counts_on_time_late_and_overdue(cast, measures, opened):
    schools = opened.submissions.order_by("agency__name").first()
    schools.submitted_at = timezone.make_aware(datetime(2026, 10, 21, 9, 0))
    schools.save()
    rows = {
        row.agency.name: row
        for row in timeliness(cast.riverbank, date(2026, 4, 1), date(2027, 3, 31), date(2026, 11, 26))
    }
    oakfield = rows["Oakfield Academies Trust (demo)"]
    assert (oakfield.asked, oakfield.on_time, oakfield.late, oakfield.outstanding) == (1, 0, 1, 0)
    assert rows["Riverbank Community Health Trust (demo)"].outstanding == 1


def test_owed_returns_appear_on_the_home_page_of_those_who_owe_them(cast, measures, opened):
    provider = due_providers()["performance"]
    contributor = seat_for(cast.contributor, cast.riverbank)
    manager = seat_for(cast.manager, cast.riverbank)
    assert contributor is not None
    assert manager is not None
    titles = [item.title for item in provider(contributor, date(2026, 11, 26))]
    assert titles == ["Oakfield Academies Trust (demo): Quarterly return, 1 July 2026 to 30 September 2026"]
    assert len(list(provider(manager, date(2026, 11, 26)))) == 2


def test_contributors_see_only_their_agencys_returns_and_outsiders_nothing(cast, client_for, measures, opened):
    theirs = opened.submissions.get(agency__name__startswith="Riverbank Community Health")
    contributor = client_for(cast.contributor)
    assert contributor.get(f"{BASE}/returns/{theirs.pk}/").status_code == 404
    assert contributor.post(f"{BASE}/returns/{theirs.pk}/", {"save": "1"}).status_code == 404
    assert contributor.get(f"{BASE}/returns/{theirs.pk}/template.csv").status_code == 404
    assert contributor.get(f"{BASE}/rounds/{opened.pk}/").status_code == 403
    viewer = client_for(cast.viewer)
    page = viewer.get(f"{BASE}/returns/{theirs.pk}/").content.decode()
    assert "Submit return" not in page
    assert viewer.post(f"{BASE}/returns/{theirs.pk}/", {"save": "1"}).status_code == 403
    outsider = client_for(cast.outsider)
    assert outsider.get(f"/p/hillcrest/performance/returns/{theirs.pk}/").status_code == 404
    assert outsider.get(f"/p/hillcrest/performance/rounds/{opened.pk}/").status_code == 404


def test_the_business_manager_defines_measures_and_opens_rounds_through_the_pages(cast, client_for, measures):
    client = client_for(cast.manager)
    added = client.post(
        f"{BASE}/measures/add/",
        {"code": "police.missing_children", "title": "Children reported missing", "definition": "Distinct children",
         "unit": "count", "polarity": "neither", "owner": _agency("Riverbank Community Health").pk,
         "frequency": "monthly", "active": "on"},
    )  # fmt: skip
    assert added.status_code == 302
    duplicate = client.post(
        f"{BASE}/measures/add/",
        {"code": "police.missing_children", "title": "Again", "definition": "x", "unit": "count",
         "polarity": "neither", "owner": _agency("Oakfield").pk, "frequency": "monthly"},
    ).content.decode()  # fmt: skip
    assert "The partnership already has a measure with this code." in duplicate
    national = client.post(
        f"{BASE}/measures/add/",
        {"code": "cin.referrals_per_10k", "title": "x", "definition": "x", "unit": "count",
         "polarity": "neither", "owner": _agency("Oakfield").pk, "frequency": "monthly"},
    ).content.decode()  # fmt: skip
    assert "national indicator" in national
    today = timezone.localdate()
    bad = client.post(
        f"{BASE}/rounds/add/",
        {
            "frequency": "monthly",
            "period_start": today.isoformat(),
            "period_end": (today + timedelta(days=30)).isoformat(),
            "due_on": today.isoformat(),
        },
    ).content.decode()
    assert "The deadline must be on or after the last day of the period." in bad
    opened = client.post(
        f"{BASE}/rounds/add/",
        {"frequency": "monthly", "period_start": "2026-10-01", "period_end": "2026-10-31", "due_on": "2026-11-15"},
    )
    assert opened.status_code == 302
    assert AgencySubmission.objects.filter(round__frequency="monthly").count() == 1
    assert client_for(cast.viewer).get(f"{BASE}/measures/add/").status_code == 403


def test_a_measures_page_reads_its_submitted_figures_as_a_chart(cast, client_for, measures):
    suspensions = measures["exclusions"]
    for n, figure in enumerate([40, 44, 38, 41]):
        start = date(2025, 4 + 3 * n, 1) if n < 3 else date(2026, 1, 1)
        end = date(start.year + (start.month + 2) // 13, (start.month + 2 - 1) % 12 + 1, 28)
        opened = round_open(
            partnership=cast.riverbank, frequency="quarterly", period_start=start, period_end=end, due_on=end
        )
        submission = opened.submissions.get(agency=suspensions.owner)
        MeasureValue.objects.create(submission=submission, measure=suspensions, value=figure)
        submission.submitted_at = timezone.now()
        submission.save()
    client = client_for(cast.viewer)
    page = client.get(f"{BASE}/measures/{suspensions.pk}/").content.decode()
    assert "4 points from" in page
    assert "Common cause" in page
    chart = client.get(f"{BASE}/measures/{suspensions.pk}/chart.svg")
    assert chart["Content-Type"] == "image/svg+xml"
    assert client_for(cast.outsider).get(f"/p/hillcrest/performance/measures/{suspensions.pk}/").status_code == 404
    assert client_for(cast.contributor).get(f"{BASE}/measures/{suspensions.pk}/").status_code == 403


API = "/api/v1/partnerships/riverbank/performance"


def test_the_api_lists_returns_and_lets_the_agency_submit_its_own(cast, client_for, measures, opened):
    mine = opened.submissions.get(agency__name__startswith="Oakfield")
    theirs = opened.submissions.get(agency__name__startswith="Riverbank Community Health")
    contributor = client_for(cast.contributor)
    listed = contributor.get(f"{API}/returns").json()
    assert [row["id"] for row in listed["items"]] == [mine.pk]
    ex, ehe = measures["exclusions"].pk, measures["ehe"].pk
    bad = contributor.put(
        f"{API}/returns/{mine.pk}",
        {"values": [{"measure_id": ex, "value": "-3"}], "submit": True},
        content_type="application/json",
    )
    assert bad.status_code == 400
    assert "a figure cannot be below 0" in bad.json()["detail"]
    done = contributor.put(
        f"{API}/returns/{mine.pk}",
        {"values": [{"measure_id": ex, "value": "41"}, {"measure_id": ehe, "value": "118"}], "submit": True},
        content_type="application/json",
    )
    assert done.status_code == 200
    assert done.json()["status"] in {"Submitted on time", "Submitted late"}
    assert contributor.get(f"{API}/returns/{theirs.pk}").status_code == 404
    assert (
        contributor.put(f"{API}/returns/{theirs.pk}", {"values": []}, content_type="application/json").status_code
        == 404
    )
    scrutineer = client_for(cast.scrutineer)
    assert scrutineer.get(f"{API}/returns/{theirs.pk}").status_code == 200
    assert (
        scrutineer.put(f"{API}/returns/{theirs.pk}", {"values": []}, content_type="application/json").status_code == 403
    )
    assert [m["code"] for m in client_for(cast.viewer).get(f"{API}/measures").json()] == sorted(
        m.code for m in measures.values()
    )
    assert client_for(cast.outsider).get(f"{API}/returns").status_code == 404


def test_the_business_manager_defines_measures_and_opens_rounds_through_the_api(cast, client_for):
    manager = client_for(cast.manager)
    schools = _agency("Oakfield")
    body = {
        "code": "education.suspensions",
        "title": "Suspensions",
        "definition": "Suspensions of pupils living in the area, in the quarter",
        "owner_agency_id": schools.pk,
        "frequency": "quarterly",
    }
    made = manager.post(f"{API}/measures", body, content_type="application/json")
    assert made.status_code == 201, made.json()
    measure_id = made.json()["id"]
    assert manager.post(f"{API}/measures", body, content_type="application/json").json() == {
        "detail": "code: The partnership already has a measure with this code.",
        "errors": {"code": ["The partnership already has a measure with this code."]},
    }
    national = manager.post(
        f"{API}/measures", {**body, "code": "cin.referrals_per_10k"}, content_type="application/json"
    )
    assert national.status_code == 400
    assert "national indicator" in national.json()["detail"]
    elsewhere = Agency.objects.exclude(partnership_links__partnership=cast.riverbank).first()
    assert elsewhere is not None
    foreign = manager.post(
        f"{API}/measures", {**body, "code": "x.y", "owner_agency_id": elsewhere.pk}, content_type="application/json"
    )
    assert foreign.status_code == 400
    assert foreign.json()["detail"].startswith("owner_agency_id:")
    edited = manager.put(
        f"{API}/measures/{measure_id}", {**body, "title": "Suspensions (all pupils)"}, content_type="application/json"
    )
    assert edited.json()["title"] == "Suspensions (all pupils)"
    assert LocalMeasure.objects.get(pk=measure_id).history.count() == 2

    period = {"frequency": "quarterly", "period_start": "2026-07-01", "period_end": "2026-09-30"}
    late_deadline = manager.post(f"{API}/rounds", {**period, "due_on": "2026-09-01"}, content_type="application/json")
    assert late_deadline.status_code == 400
    assert "due_on: The deadline must be on or after the last day of the period." in late_deadline.json()["detail"]
    opened = manager.post(f"{API}/rounds", {**period, "due_on": "2026-10-21"}, content_type="application/json")
    assert opened.status_code == 201
    assert (opened.json()["submissions"], opened.json()["submitted"]) == (1, 0)
    assert client_for(cast.viewer).get(f"{API}/rounds").json()["items"][0]["period_start"] == "2026-07-01"

    # Only the business manager writes; another partnership's manager sees nothing here.
    assert client_for(cast.scrutineer).post(f"{API}/measures", body, content_type="application/json").status_code == 403
    full = {**period, "due_on": "2026-10-21"}
    assert client_for(cast.contributor).post(f"{API}/rounds", full, content_type="application/json").status_code == 403
    assert client_for(cast.outsider).get(f"{API}/measures/{measure_id}").status_code == 404
    assert (
        client_for(cast.outsider).get(f"/api/v1/partnerships/hillcrest/performance/measures/{measure_id}").status_code
        == 404
    )
