"""The yearly report room: assembling a draft from the record, the completeness check, sign-off by
each lead partner, publication with frozen files, corrections, clocks, the public pages, the API,
and who may do what (including another partnership's and another agency's people)."""

from __future__ import annotations

import io
import json
import re
import zlib
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from docx import Document as WordDocument

from scrutiny.assurance.models import AssuranceStatement, StatementResponse
from scrutiny.clocks.workdays import add_months
from scrutiny.figures.registry import due_for
from scrutiny.partnerships.access import Seat, seat_for
from scrutiny.partnerships.models import Agency, reporting_year_starting
from scrutiny.reports import workflow
from scrutiny.reports.completeness import blocking, problems
from scrutiny.reports.models import FileFormat, ReportSignOff, ReportSource, ReportStatus, YearlyReport
from scrutiny.reports.registrations import report_clocks
from scrutiny.reports.sections import SCRUTINY, section_keys
from scrutiny.voice.models import Feedback

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
LAST_YEAR = reporting_year_starting(TODAY) - 1
LSPS = ("lsp.council.riverbank@demo.example.org", "lsp.icb@demo.example.org", "lsp.police@demo.example.org")


def seat(user: Any, partnership: Any) -> Seat:
    found = seat_for(user, partnership)
    assert found is not None
    return found


def start(cast: Any, year: int = LAST_YEAR) -> YearlyReport:
    return workflow.report_start(
        partnership=cast.riverbank, year=year, seat=seat(cast.manager, cast.riverbank), today=TODAY
    )


def complete(cast: Any, report: YearlyReport) -> YearlyReport:
    """Words in every section, the summary, and evidence of outcomes where the guidance wants it."""
    manager, scrutineer = seat(cast.manager, cast.riverbank), seat(cast.scrutineer, cast.riverbank)
    for section in report.sections.all():
        writer = scrutineer if section.key == SCRUTINY else manager
        workflow.section_save(section=section, seat=writer, text=f"What happened: {section.key}.")
        if section.spec.outcomes and section.key != SCRUTINY:
            workflow.source_add(
                section=section,
                seat=manager,
                source=ReportSource(label=f"Re-audit for {section.key}", value="14 of 20", is_outcome=True),
            )
    workflow.details_save(
        report=report, seat=manager, plain_summary="We kept children safer.", scrutiny_placement="inside"
    )
    return YearlyReport.objects.get(pk=report.pk)


def sign_all(cast: Any, report: YearlyReport, on: date | None = None) -> None:
    from scrutiny.accounts.models import User

    for email in LSPS:
        lead = seat(User.objects.get(email=email), cast.riverbank)
        for body in workflow.signing_bodies(lead):
            workflow.sign_off(report=report, seat=lead, body=body, on=on or TODAY)


def _inflated(pdf: bytes) -> list[bytes]:
    """The PDF's compressed streams, opened, so its tags and metadata can be read."""
    found = []
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            found.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    return found


def published(cast: Any) -> YearlyReport:
    report = complete(cast, start(cast))
    sign_all(cast, report)
    return workflow.publish(report=report, seat=seat(cast.manager, cast.riverbank), on=TODAY)


# --- Assembling ------------------------------------------------------------------------------------


def test_a_draft_has_every_section_and_the_scrutineers_evaluation_from_the_statement(cast):
    statement = AssuranceStatement.objects.create(
        partnership=cast.riverbank, year=LAST_YEAR, summary="Arrangements are effective but slow to learn."
    )
    council = Agency.objects.get(name="Riverbank Borough Council (demo)")
    StatementResponse.objects.create(
        statement=statement, agency=council, text="We accept the findings.", responded_on=TODAY
    )
    report = start(cast)
    assert sorted(s.key for s in report.sections.all()) == sorted(section_keys())
    scrutiny = report.sections.get(key=SCRUTINY)
    assert scrutiny.text.startswith("Arrangements are effective but slow to learn.")
    response = scrutiny.sources.get(kind="response")
    assert response.text == "We accept the findings."
    assert response.url == f"/p/riverbank/assurance/statement/?year={LAST_YEAR}"


def test_figures_about_children_are_suppressed_in_the_draft_as_they_will_be_published(cast):
    first = timezone.make_aware(datetime(LAST_YEAR, 6, 1, 12))
    for _ in range(3):
        Feedback.objects.create(partnership=cast.riverbank, audience="child", what_is_good="Good")
    Feedback.objects.filter(partnership=cast.riverbank).update(received_at=first)
    report = start(cast)
    received = report.sections.get(key="voice").sources.get(label__startswith="Pieces of feedback")
    assert received.value == "c"
    assert "Small numbers withheld" in received.note


def test_the_same_year_cannot_be_started_twice_nor_a_year_not_yet_begun(cast):
    start(cast)
    with pytest.raises(ValidationError, match="already a draft"):
        start(cast)
    with pytest.raises(ValidationError, match="Choose a reporting year"):
        start(cast, year=reporting_year_starting(TODAY) + 1)
    assert YearlyReport.objects.filter(partnership=cast.riverbank).count() == 1


def test_only_the_business_manager_starts_a_report(cast):
    with pytest.raises(PermissionDenied):
        workflow.report_start(
            partnership=cast.riverbank, year=LAST_YEAR, seat=seat(cast.scrutineer, cast.riverbank), today=TODAY
        )


def test_refreshing_reads_the_rooms_again_and_keeps_words_and_sources_added_by_hand(cast):
    report = complete(cast, start(cast))
    before = report.sections.get(key="impact").text
    Feedback.objects.create(partnership=cast.riverbank, audience="child", what_is_good="Good")
    withdrawn = workflow.refresh(report=report, seat=seat(cast.manager, cast.riverbank), today=TODAY)
    assert withdrawn == 0
    impact = report.sections.get(key="impact")
    assert impact.text == before
    assert impact.sources.filter(added_by_hand=True, label="Re-audit for impact").exists()


# --- Completeness and sign-off --------------------------------------------------------------------


def test_the_completeness_check_lists_empty_sections_and_activity_only_sections(cast):
    report = start(cast)
    messages = [p.message for p in problems(report)]
    assert "The summary for children and families is empty." in messages
    assert any(m.startswith("Funding: the section is empty") for m in messages)
    activity_only = [p for p in problems(report) if "rests only on counts of activity" in p.message]
    assert {p.section_key for p in activity_only} >= {"training", "quality"}
    assert all(not p.blocking for p in activity_only)
    report = complete(cast, report)
    assert blocking(report) == []
    assert not [p for p in problems(report) if "counts of activity" in p.message]


def test_a_lead_partner_cannot_sign_an_incomplete_report_and_nothing_is_stored(cast):
    report = start(cast)
    lead = seat(cast.lead_partner, cast.riverbank)
    council = workflow.signing_bodies(lead)[0]
    with pytest.raises(ValidationError) as refused:
        workflow.sign_off(report=report, seat=lead, body=council, on=TODAY)
    assert "not complete enough to sign off" in refused.value.messages[0]
    assert "Funding: the section is empty." in refused.value.messages
    assert not ReportSignOff.objects.exists()


def test_only_a_bodys_lead_partner_signs_for_it(cast):
    report = complete(cast, start(cast))
    police = Agency.objects.get(name="Capital Police South Area (demo)")
    for someone in (cast.lead_partner, cast.police_dsp, cast.manager):
        with pytest.raises(PermissionDenied, match="Only the lead safeguarding partner"):
            workflow.sign_off(report=report, seat=seat(someone, cast.riverbank), body=police, on=TODAY)
    assert not ReportSignOff.objects.exists()


def test_changing_the_words_after_sign_off_withdraws_it_and_history_keeps_it(cast):
    report = complete(cast, start(cast))
    lead = seat(cast.lead_partner, cast.riverbank)
    workflow.sign_off(report=report, seat=lead, body=workflow.signing_bodies(lead)[0], on=TODAY)
    section = report.sections.get(key="funding")
    withdrawn = workflow.section_save(section=section, seat=seat(cast.manager, cast.riverbank), text="New words.")
    assert withdrawn == 1
    assert not report.sign_offs.exists()
    assert ReportSignOff.history.filter(report_id=report.pk, history_type="-").count() == 1
    # Saving the same words again changes nothing and withdraws nothing.
    assert workflow.section_save(section=section, seat=seat(cast.manager, cast.riverbank), text="New words.") == 0


def test_the_scrutineer_writes_the_evaluation_and_the_business_manager_the_rest(cast):
    report = start(cast)
    manager, scrutineer = seat(cast.manager, cast.riverbank), seat(cast.scrutineer, cast.riverbank)
    with pytest.raises(PermissionDenied, match="independent scrutineer"):
        workflow.section_save(section=report.sections.get(key=SCRUTINY), seat=manager, text="Mine now")
    with pytest.raises(PermissionDenied, match="business manager"):
        workflow.section_save(section=report.sections.get(key="funding"), seat=scrutineer, text="Mine now")
    assert report.sections.get(key="funding").text == ""


# --- Publication, frozen files and corrections ---------------------------------------------------


def test_publishing_without_every_sign_off_is_refused_with_the_bodies_still_to_sign(cast):
    report = complete(cast, start(cast))
    lead = seat(cast.lead_partner, cast.riverbank)
    workflow.sign_off(report=report, seat=lead, body=workflow.signing_bodies(lead)[0], on=TODAY)
    with pytest.raises(ValidationError) as refused:
        workflow.publish(report=report, seat=seat(cast.manager, cast.riverbank), on=TODAY)
    text = " ".join(refused.value.messages)
    assert "South Thames Health Board (demo)" in text
    assert "Capital Police South Area (demo)" in text
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT
    assert report.published_on is None
    assert not report.files.exists()


def test_publishing_freezes_an_accessible_web_page_a_tagged_pdf_and_a_word_file(cast):
    report = published(cast)
    formats = set(report.files.values_list("format", flat=True))
    assert formats == {FileFormat.HTML, FileFormat.PDF, FileFormat.DOCX}
    pdf = report.files.get(format=FileFormat.PDF).as_bytes()
    assert pdf.startswith(b"%PDF")
    inflated = pdf + b"".join(_inflated(pdf))
    assert b"pdfuaid" in inflated  # declared PDF/UA-1 in its metadata
    assert b"/StructTreeRoot" in inflated  # tagged
    assert b"/Lang" in inflated
    word = WordDocument(io.BytesIO(report.files.get(format=FileFormat.DOCX).as_bytes()))
    styles = [p.style.name for p in word.paragraphs if p.style and p.style.name.startswith(("Heading", "Title"))]
    assert styles[0] == "Title"
    assert "Heading 1" in styles
    headings = [p.text for p in word.paragraphs if p.style and p.style.name == "Heading 1"]
    assert "In short, for children and families" in headings
    assert "Sources" in headings
    page = report.files.get(format=FileFormat.HTML).as_bytes().decode()
    assert 'id="note-1"' in page
    assert "Signed off by the lead safeguarding partners" in page


def test_a_published_version_cannot_be_edited_and_says_how_to_correct_it(cast):
    report = published(cast)
    section = report.sections.get(key="funding")
    with pytest.raises(ValidationError, match="Make a correction instead"):
        workflow.section_save(section=section, seat=seat(cast.manager, cast.riverbank), text="Changed")
    section.refresh_from_db()
    assert section.text == "What happened: funding."


def test_the_public_page_serves_the_frozen_version_not_todays_record(cast, client):
    report = published(cast)
    # Someone changes the record in the database after publication: the public page must not move.
    report.sections.filter(key="funding").update(text="Rewritten afterwards")
    page = client.get(f"/reports/riverbank/{report.year}/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "What happened: funding." in body
    assert "Rewritten afterwards" not in body
    assert f"/reports/riverbank/{report.year}/v1/report.pdf" in body
    pdf = client.get(f"/reports/riverbank/{report.year}/v1/report.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    word = client.get(f"/reports/riverbank/{report.year}/v1/report.docx")
    assert word["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in word["Content-Disposition"]


def test_a_draft_is_never_public(cast, client):
    report = start(cast)
    assert client.get(f"/reports/riverbank/{report.year}/").status_code == 404
    assert client.get(f"/reports/riverbank/{report.year}/v1/report.pdf").status_code == 404
    assert "No yearly report has been published" in client.get("/reports/riverbank/").content.decode()


def test_a_correction_is_a_new_version_with_its_reason_and_the_old_one_stays_readable(cast, client):
    first = published(cast)
    manager = seat(cast.manager, cast.riverbank)
    with pytest.raises(ValidationError, match="Say what is being corrected"):
        workflow.correct(report=first, seat=manager, reason="  ")
    second = workflow.correct(report=first, seat=manager, reason="The funding figures were for the wrong year.")
    assert second.version == 2
    assert second.corrects == first
    assert second.sections.get(key="funding").text == "What happened: funding."
    assert second.sections.get(key="impact").sources.filter(added_by_hand=True).count() == 1
    workflow.section_save(section=second.sections.get(key="funding"), seat=manager, text="Corrected funding.")
    with pytest.raises(ValidationError, match="still needs signing off"):
        workflow.publish(report=second, seat=manager, on=TODAY)
    sign_all(cast, second)
    workflow.publish(report=second, seat=manager, on=TODAY)
    first.refresh_from_db()
    assert first.status == ReportStatus.SUPERSEDED
    assert first.replaced_on == TODAY
    current = client.get(f"/reports/riverbank/{first.year}/").content.decode()
    assert "Corrected funding." in current
    assert "The funding figures were for the wrong year." in current
    old = client.get(f"/reports/riverbank/{first.year}/v1/").content.decode()
    assert "This version was replaced on" in old
    assert "What happened: funding." in old


def test_the_scrutineers_evaluation_can_be_published_as_a_separate_document(cast, client):
    report = complete(cast, start(cast))
    workflow.details_save(
        report=report, seat=seat(cast.manager, cast.riverbank), plain_summary="Safer.", scrutiny_placement="separate"
    )
    sign_all(cast, report)
    report = workflow.publish(report=report, seat=seat(cast.manager, cast.riverbank), on=TODAY)
    page = client.get(f"/reports/riverbank/{report.year}/").content.decode()
    assert f"/reports/riverbank/{report.year}/v1/scrutiny/" in page
    assert "What happened: scrutiny." not in page
    separate = client.get(f"/reports/riverbank/{report.year}/v1/scrutiny/")
    assert separate.status_code == 200
    assert "What happened: scrutiny." in separate.content.decode()
    assert client.get(f"/reports/riverbank/{report.year}/v1/scrutiny.pdf")["Content-Type"] == "application/pdf"


# --- Clocks and reminders ---------------------------------------------------------------------------


def test_copies_to_the_panel_and_foundations_are_due_seven_days_after_publication(cast):
    report = published(cast)
    copies = [c for c in report_clocks(cast.riverbank) if c.rule_id == "yearly-report-copies"]
    assert {c.label for c in copies} == {"Copy to the Panel", "Copy to Foundations"}
    assert all(c.due == TODAY + timedelta(days=7) for c in copies)
    interval = next(c for c in report_clocks(cast.riverbank) if c.rule_id == "yearly-report-interval")
    assert interval.due == add_months(TODAY, 12)  # the next report within 12 months of this one
    due = due_for(seat(cast.manager, cast.riverbank), TODAY)
    titles = [item.title for item in due.due_soon + due.later]
    assert f"Copy to the Panel: {report}" in titles
    workflow.copies_record(
        report=report, seat=seat(cast.manager, cast.riverbank), panel_on=TODAY, foundations_on=TODAY, today=TODAY
    )
    due = due_for(seat(cast.manager, cast.riverbank), TODAY)
    assert not [i for i in due.due_soon + due.later if i.title.startswith("Copy to")]


def test_a_copy_cannot_be_dated_before_publication_or_in_the_future(cast):
    report = published(cast)
    manager = seat(cast.manager, cast.riverbank)
    with pytest.raises(ValidationError) as refused:
        workflow.copies_record(
            report=report,
            seat=manager,
            panel_on=TODAY - timedelta(days=1),
            foundations_on=TODAY + timedelta(days=1),
            today=TODAY,
        )
    assert "before the report was published" in str(refused.value)
    assert "cannot be in the future" in str(refused.value)
    report.refresh_from_db()
    assert report.panel_copy_sent_on is None


def test_each_lead_partner_is_reminded_to_sign_the_draft(cast):
    report = start(cast)
    due = due_for(seat(cast.lead_partner, cast.riverbank), TODAY)
    titles = [i.title for i in due.overdue + due.due_soon + due.later]
    assert f"Sign off {report} for Riverbank Borough Council (demo)" in titles
    assert not [t for t in titles if "South Thames" in t]


# --- Pages, and who may open them -------------------------------------------------------------------


def test_the_business_manager_edits_a_section_and_the_form_keeps_words_when_refused(cast, client_for):
    report = published(cast)
    client = client_for(cast.manager)
    url = f"/p/riverbank/reports/{report.pk}/sections/funding/"
    answer = client.post(url, {"text": "An edit after publication"})
    assert answer.status_code == 200
    body = answer.content.decode()
    assert "is published and cannot be changed" in body
    assert "An edit after publication" in body


def test_a_source_address_must_be_in_this_partnership_or_public(cast, client_for):
    report = start(cast)
    client = client_for(cast.manager)
    url = f"/p/riverbank/reports/{report.pk}/sections/funding/sources/add/"
    answer = client.post(url, {"label": "Budget", "url": "/p/hillcrest/actions/1/"})
    assert answer.status_code == 200
    assert "Use an address in this partnership" in answer.content.decode()
    assert not ReportSource.objects.filter(label="Budget").exists()
    answer = client.post(url, {"label": "Budget", "url": "https://example.org/budget", "value": "£120,000"})
    assert answer.status_code == 302
    budget = ReportSource.objects.get(label="Budget")
    assert budget.added_by_hand
    assert budget.value == "£120,000"
    # A small count typed by hand is withheld as the rooms' figures are.
    client.post(url, {"label": "Children re-audited", "value": "4 of 9 (44%)"})
    reaudit = ReportSource.objects.get(label="Children re-audited")
    assert reaudit.value == "c of c"
    assert reaudit.note.startswith("Small numbers withheld")


def test_who_may_open_the_room(cast, client_for):
    report = start(cast)
    detail = f"/p/riverbank/reports/{report.pk}/"
    assert client_for(cast.viewer).get(detail).status_code == 200
    assert client_for(cast.lead_partner).get(detail).status_code == 200
    assert client_for(cast.contributor).get(detail).status_code == 403  # agency contributors: own slice only
    assert client_for(cast.outsider).get(detail).status_code == 404  # another partnership's business manager
    assert client_for(cast.viewer).post(f"/p/riverbank/reports/{report.pk}/refresh/").status_code == 403
    assert client_for(cast.police_dsp).get(f"/p/riverbank/reports/{report.pk}/sign/").status_code == 403


def test_another_partnerships_report_is_not_found_from_this_partnership(cast, client_for):
    theirs = workflow.report_start(
        partnership=cast.hillcrest, year=LAST_YEAR, seat=seat(cast.outsider, cast.hillcrest), today=TODAY
    )
    client = client_for(cast.manager)
    assert client.get(f"/p/riverbank/reports/{theirs.pk}/").status_code == 404
    assert client.get(f"/p/riverbank/reports/{theirs.pk}/sections/funding/").status_code == 404
    assert client.get(f"/api/v1/partnerships/riverbank/reports/{theirs.pk}").status_code == 404
    assert client.get(f"/p/hillcrest/reports/{theirs.pk}/").status_code == 404  # not a member there


# --- The API ----------------------------------------------------------------------------------------


def test_the_api_reads_a_report_and_refuses_publication_with_the_reason(cast, client_for):
    report = start(cast)
    client = client_for(cast.manager)
    listed = client.get("/api/v1/partnerships/riverbank/reports").json()
    assert [r["id"] for r in listed] == [report.pk]
    detail = client.get(f"/api/v1/partnerships/riverbank/reports/{report.pk}").json()
    assert [s["key"] for s in detail["sections"]] == section_keys()
    assert any(p["blocking"] for p in detail["completeness"])
    refused = client.post(
        f"/api/v1/partnerships/riverbank/reports/{report.pk}/publish", "{}", content_type="application/json"
    )
    assert refused.status_code == 400
    assert "still needs signing off" in refused.json()["detail"]
    tomorrow = json.dumps({"published_on": str(TODAY + timedelta(days=1))})
    future = client.post(
        f"/api/v1/partnerships/riverbank/reports/{report.pk}/publish", tomorrow, content_type="application/json"
    )
    assert future.status_code == 400
    assert "cannot be in the future" in future.json()["detail"]
    assert list(future.json()["errors"]) == ["published_on"]
    written = client.put(
        f"/api/v1/partnerships/riverbank/reports/{report.pk}/sections/funding",
        json.dumps({"text": "The partners each paid a third."}),
        content_type="application/json",
    )
    assert written.status_code == 200
    assert (
        next(s for s in written.json()["sections"] if s["key"] == "funding")["text"]
        == "The partners each paid a third."
    )


def test_the_api_refuses_to_edit_a_published_version(cast, client_for):
    report = published(cast)
    answer = client_for(cast.manager).put(
        f"/api/v1/partnerships/riverbank/reports/{report.pk}/sections/funding",
        json.dumps({"text": "Changed"}),
        content_type="application/json",
    )
    assert answer.status_code == 400
    assert "Make a correction instead" in answer.json()["detail"]


def test_a_lead_partner_signs_off_through_the_api(cast, client_for):
    report = complete(cast, start(cast))
    council = Agency.objects.get(name="Riverbank Borough Council (demo)")
    police = Agency.objects.get(name="Capital Police South Area (demo)")
    client = client_for(cast.lead_partner)
    url = f"/api/v1/partnerships/riverbank/reports/{report.pk}/sign-off"
    refused = client.post(url, json.dumps({"partner_body_id": police.pk}), content_type="application/json")
    assert refused.status_code == 403
    signed = client.post(url, json.dumps({"partner_body_id": council.pk}), content_type="application/json")
    assert signed.status_code == 200
    assert [s["signed"] for s in signed.json()["sign_offs"] if s["partner_body_id"] == council.pk] == [True]
    body = json.dumps({"partner_body_id": council.pk})
    assert client_for(cast.manager).post(url, body, content_type="application/json").status_code == 403


def test_the_api_refuses_a_sign_off_for_an_agency_that_does_not_exist_naming_the_field(cast, client_for):
    report = complete(cast, start(cast))
    answer = client_for(cast.lead_partner).post(
        f"/api/v1/partnerships/riverbank/reports/{report.pk}/sign-off",
        json.dumps({"partner_body_id": 999999}),
        content_type="application/json",
    )
    assert answer.status_code == 400
    assert answer.json() == {
        "detail": "partner_body_id: there is no agency 999999.",
        "errors": {"partner_body_id": ["there is no agency 999999."]},
    }
    assert not report.sign_offs.exists()


def test_the_page_and_the_api_refuse_a_section_to_the_person_who_does_not_write_it(cast, client_for):
    report = start(cast)
    scrutineer = client_for(cast.scrutineer)
    page = scrutineer.post(f"/p/riverbank/reports/{report.pk}/sections/funding/", {"text": "Mine now"})
    assert page.status_code == 403
    answer = scrutineer.put(
        f"/api/v1/partnerships/riverbank/reports/{report.pk}/sections/funding",
        json.dumps({"text": "Mine now"}),
        content_type="application/json",
    )
    assert answer.status_code == 403
    assert answer.json()["detail"] == "This section is written by the business manager."
    assert report.sections.get(key="funding").text == ""
