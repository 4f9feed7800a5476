"""Multi-agency case file audits: the sample by pseudonymised reference only, each agency's part,
moderation, findings by domain and agency, learning into actions, practitioners' feedback, and who
may see what."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from scrutiny.audits import case_auditing
from scrutiny.audits.models import (
    AuditedCase,
    CaseAgencyPart,
    CaseAuditStatus,
    CaseFileAudit,
    Grade,
    PartStatus,
    StandardsFramework,
)
from scrutiny.audits.tests.conftest import agency_of
from scrutiny.partnerships.models import AgencyKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def audit(cast) -> CaseFileAudit:
    today = timezone.localdate()
    made = CaseFileAudit.objects.create(
        partnership=cast.riverbank,
        title="Neglect: children on plans",
        tool=StandardsFramework.objects.get(key="case-file-audit"),
        planned_for=today.replace(day=1),
        deadline=today + timedelta(days=21),
    )
    made.agencies.set(
        [agency_of(cast.riverbank, AgencyKind.LOCAL_AUTHORITY), agency_of(cast.riverbank, AgencyKind.EDUCATION)]
    )
    return made


def _base(audit: CaseFileAudit) -> str:
    return f"/p/{audit.partnership.slug}/audits/case-files/{audit.pk}/"


def test_a_case_is_added_by_pseudonymised_reference_with_a_part_for_each_agency(cast, client_for, audit):
    client_for(cast.manager).post(_base(audit) + "cases/add/", {"reference": "NEG-2026-01", "context": "On a plan"})
    case = AuditedCase.objects.get()
    assert case.parts.count() == 2


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"reference": "1234567890"}, "six or more digits"),
        ({"reference": "Jane Smith"}, "only letters, digits and hyphens"),
        ({"reference": "NEG-1", "context": "DOB 03/04/2019"}, "date of birth"),
    ],
)
def test_identifying_details_are_refused_where_a_case_is_entered_and_nothing_is_saved(
    cast, client_for, audit, fields, message
):
    response = client_for(cast.manager).post(_base(audit) + "cases/add/", fields)
    page = response.content.decode()
    assert response.status_code == 200
    assert message in page
    assert "Do not enter names, dates of birth" in page  # the warning where text is entered
    assert not AuditedCase.objects.exists()


def test_each_agency_grades_its_own_part_and_not_anothers(cast, client_for, audit):
    case = case_auditing.case_add(audit=audit, reference="NEG-2026-01")
    case_auditing.audit_advance(audit)
    school = agency_of(cast.riverbank, AgencyKind.EDUCATION)
    own = case.parts.get(agency=school)
    other = case.parts.exclude(agency=school).get()
    domains = list(audit.tool.standards.all())
    contributor = client_for(cast.contributor)
    assert contributor.get(_base(audit) + f"cases/{case.pk}/parts/{other.pk}/").status_code == 403
    data = {f"grade_{d.pk}": str(Grade.GOOD) for d in domains[:-1]}
    # One domain left ungraded: submitting is refused and names it; the grades typed stay.
    response = contributor.post(_base(audit) + f"cases/{case.pk}/parts/{own.pk}/", {**data, "submit": "1"})
    assert "still to grade: D6" in response.content.decode()
    own.refresh_from_db()
    assert own.status == PartStatus.IN_PROGRESS
    assert not own.grades.exists()
    data[f"grade_{domains[-1].pk}"] = str(Grade.REQUIRES_IMPROVEMENT)
    contributor.post(_base(audit) + f"cases/{case.pk}/parts/{own.pk}/", {**data, "submit": "1"})
    own.refresh_from_db()
    assert own.status == PartStatus.SUBMITTED
    assert own.grades.count() == 6


def test_a_note_with_an_nhs_number_is_refused_in_a_part(cast, client_for, audit):
    case = case_auditing.case_add(audit=audit, reference="NEG-2026-01")
    case_auditing.audit_advance(audit)
    part = case.parts.get(agency=agency_of(cast.riverbank, AgencyKind.EDUCATION))
    domain = audit.tool.standards.first()
    response = client_for(cast.contributor).post(
        _base(audit) + f"cases/{case.pk}/parts/{part.pk}/", {f"notes_{domain.pk}": "NHS 943 476 5919 seen"}
    )
    assert "looks like an NHS number" in response.content.decode()
    assert not part.grades.exists()


def test_moderation_agrees_grades_and_the_findings_aggregate_by_domain_and_agency(cast, audit):
    domains = list(audit.tool.standards.all())
    cases = [case_auditing.case_add(audit=audit, reference=f"NEG-{n}") for n in (1, 2)]
    case_auditing.audit_advance(audit)
    council = agency_of(cast.riverbank, AgencyKind.LOCAL_AUTHORITY)
    for case, grade in zip(cases, (Grade.GOOD, Grade.INADEQUATE), strict=True):
        part = case.parts.get(agency=council)
        case_auditing.part_save(
            part=part, grades=dict.fromkeys(domains, grade), notes={}, overall="", auditor=cast.manager, submit=True
        )
        case_auditing.case_moderate(case=case, grades=dict.fromkeys(domains, grade), notes="", learning="Drift")
    found = case_auditing.findings(audit)
    first = domains[0].pk
    assert found.by_domain[first][Grade.GOOD] == 1
    assert found.by_domain[first][Grade.INADEQUATE] == 1
    assert found.by_agency[council][first] == 2.0
    school = agency_of(cast.riverbank, AgencyKind.EDUCATION)
    assert found.by_agency[school][first] is None
    assert (found.cases, found.moderated) == (2, 2)
    case_auditing.audit_advance(audit)
    case_auditing.audit_advance(audit)
    assert audit.status == CaseAuditStatus.COMPLETE


def test_an_audit_cannot_complete_with_a_case_not_moderated(cast, audit):
    case_auditing.case_add(audit=audit, reference="NEG-1")
    case_auditing.audit_advance(audit)
    case_auditing.audit_advance(audit)
    with pytest.raises(ValidationError, match="still to do: NEG-1"):
        case_auditing.audit_advance(audit)


def test_learning_becomes_an_action_and_practitioners_give_feedback(cast, client_for, audit):
    from scrutiny.actions.models import Action

    school = agency_of(cast.riverbank, AgencyKind.EDUCATION)
    client_for(cast.manager).post(
        _base(audit) + "actions/add/",
        {
            "title": "Neglect toolkit training",
            "owner_agency": school.pk,
            "due_date": (timezone.localdate() + timedelta(days=60)).isoformat(),
        },
    )
    assert Action.objects.get(title="Neglect toolkit training").source_room == "audits"
    contributor = client_for(cast.contributor)
    contributor.post(_base(audit) + "feedback/add/", {"agency": school.pk, "usefulness": "4", "comment": "Helpful"})
    assert audit.feedback.get().usefulness == 4
    page = client_for(cast.manager).get(_base(audit)).content.decode()
    assert "Neglect toolkit training" in page
    assert "Very useful" in page


def test_agency_contributors_see_only_audits_their_agency_is_in_and_their_own_parts(cast, client_for, audit):
    case = case_auditing.case_add(audit=audit, reference="NEG-1")
    page = client_for(cast.contributor).get(_base(audit)).content.decode()
    school = agency_of(cast.riverbank, AgencyKind.EDUCATION)
    council = agency_of(cast.riverbank, AgencyKind.LOCAL_AUTHORITY)
    own, other = case.parts.get(agency=school), case.parts.get(agency=council)
    assert f"parts/{own.pk}/" in page
    assert f"parts/{other.pk}/" not in page
    assert "Findings by domain" not in page
    audit.agencies.remove(school)
    CaseAgencyPart.objects.filter(case=case, agency=school).delete()
    assert client_for(cast.contributor).get(_base(audit)).status_code == 404


def test_another_partnerships_case_file_audit_is_not_found(cast, client_for, audit):
    case = case_auditing.case_add(audit=audit, reference="NEG-1")
    outsider = client_for(cast.outsider)
    assert outsider.get(_base(audit)).status_code == 404
    assert outsider.get(f"/p/hillcrest/audits/case-files/{audit.pk}/").status_code == 404
    assert outsider.get(f"/p/hillcrest/audits/case-files/{audit.pk}/cases/{case.pk}/moderate/").status_code == 404
