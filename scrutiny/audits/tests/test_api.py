"""The audits room in the API: the same scoping, matrix and row rules as the pages, and bad input
answered 400 with the reason and nothing changed."""

from __future__ import annotations

import pytest

from scrutiny.audits import returns as workflow
from scrutiny.audits.models import AuditReturn, AuditRound, ModeratedScore
from scrutiny.partnerships.models import Agency

pytestmark = pytest.mark.django_db

API = "/api/v1/partnerships/riverbank/audits"


def _started(cast, audit_round: AuditRound, school: Agency) -> AuditReturn:
    return workflow.return_start(
        audit_round=audit_round, agency=school, started_by=cast.contributor, carry_forward=False
    )


def test_the_agency_answers_and_submits_its_return_and_bad_input_is_refused(cast, client_for, audit_round, school):
    _started(cast, audit_round, school)
    client = client_for(cast.contributor)
    url = f"{API}/rounds/{audit_round.pk}/returns/{school.pk}"
    bad = client.put(f"{url}/answers/1", {"self_score": 7, "narrative": "x"}, content_type="application/json")
    assert bad.status_code == 400
    assert "not on this round's scale" in bad.json()["detail"]
    assert client.get(url).json()["answers"][0]["self_score"] is None
    assert client.put(f"{url}/answers/99", {"narrative": "x"}, content_type="application/json").status_code == 404
    for ref in [str(n) for n in range(1, 12)]:
        ok = client.put(f"{url}/answers/{ref}", {"self_score": 2, "narrative": "Met"}, content_type="application/json")
        assert ok.status_code == 200
    submitted = client.post(f"{url}/submit")
    assert submitted.status_code == 200
    assert submitted.json()["status"] == "submitted"
    again = client.post(f"{url}/submit")
    assert again.status_code == 400
    assert "already been submitted" in again.json()["detail"]


def test_submitting_an_incomplete_return_lists_what_is_missing(cast, client_for, audit_round, school):
    _started(cast, audit_round, school)
    answer = client_for(cast.contributor).post(f"{API}/rounds/{audit_round.pk}/returns/{school.pk}/submit")
    assert answer.status_code == 400
    assert "Standard 1 needs a score and a narrative" in answer.json()["detail"]


def test_moderation_needs_a_reason_for_a_change_and_keeps_the_self_score(cast, client_for, audit_round, school):
    audit_return = _started(cast, audit_round, school)
    for answer in audit_return.answers.all():
        workflow.answer_save(answer=answer, self_score=3, narrative="Met", evidence="")
    workflow.return_submit(audit_return=audit_return, submitted_by=cast.contributor)
    manager = client_for(cast.manager)
    url = f"{API}/rounds/{audit_round.pk}/returns/{school.pk}/moderation"
    bad = manager.put(url, [{"standard_ref": "1", "score": 1}], content_type="application/json")
    assert bad.status_code == 400
    assert "say why" in bad.json()["detail"]
    unknown = manager.put(url, [{"standard_ref": "12", "score": 1}], content_type="application/json")
    assert unknown.status_code == 400
    assert not ModeratedScore.objects.exists()
    ok = manager.put(url, [{"standard_ref": "1", "score": 1, "reason": "No evidence"}], content_type="application/json")
    first = ok.json()["answers"][0]
    assert (first["self_score"], first["moderated_score"], first["moderated_reason"]) == (3, 1, "No evidence")
    assert client_for(cast.contributor).put(url, [], content_type="application/json").status_code == 403
    board = manager.get(f"{API}/rounds/{audit_round.pk}").json()
    row = next(r for r in board["agencies"] if r["agency_id"] == school.pk)
    assert row["self_minus_moderated"] == 2.0


def test_another_agencys_return_and_another_partnership_are_not_found(cast, client_for, audit_round, school):
    from scrutiny.audits.tests.conftest import POLICE
    from scrutiny.partnerships.models import Agency

    police = Agency.objects.get(name=POLICE)
    workflow.return_start(audit_round=audit_round, agency=police, started_by=cast.police_dsp, carry_forward=False)
    assert client_for(cast.contributor).get(f"{API}/rounds/{audit_round.pk}/returns/{police.pk}").status_code == 404
    assert client_for(cast.contributor).get(f"{API}/rounds/{audit_round.pk}").json()["agencies"] is None
    outsider = client_for(cast.outsider)
    assert outsider.get(f"{API}/rounds").status_code == 404
    assert outsider.get(f"/api/v1/partnerships/hillcrest/audits/rounds/{audit_round.pk}").status_code == 404


def test_case_file_audits_are_listed_with_counts_by_agreed_grade_only(cast, client_for):
    from datetime import timedelta

    from django.utils import timezone

    from scrutiny.audits.models import CaseFileAudit, StandardsFramework

    audit = CaseFileAudit.objects.create(
        partnership=cast.riverbank,
        title="Neglect",
        tool=StandardsFramework.objects.get(key="case-file-audit"),
        planned_for=timezone.localdate(),
        deadline=timezone.localdate() + timedelta(days=10),
    )
    found = client_for(cast.scrutineer).get(f"{API}/case-files").json()
    assert found[0]["id"] == audit.pk
    assert found[0]["cases_by_agreed_grade"]["D1"]["Good"] == 0
    assert client_for(cast.contributor).get(f"{API}/case-files").json() == []
