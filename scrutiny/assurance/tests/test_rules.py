"""The assurance room's rules (scrutiny.assurance.rules), each tested once here; the pages' and
the API's tests show each side refusing through them."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from scrutiny.assurance import rules
from scrutiny.assurance.models import AssuranceStatement, Finding, FindingStatus, Innovation
from scrutiny.assurance.services import finding_issue, finding_save
from scrutiny.assurance.tests import factories as make
from scrutiny.partnerships.access import Seat, seat_for

pytestmark = pytest.mark.django_db


def _seat(user: Any, partnership: Any) -> Seat:
    seat = seat_for(user, partnership)
    assert seat is not None
    return seat


def _issued(partnership: Any) -> Finding:
    return finding_issue(finding=make.finding(partnership, supported=True), on=date(2026, 1, 10))


def _fields(finding: Finding, **changes: Any) -> dict[str, Any]:
    return {
        "year": finding.year,
        "title": finding.title,
        "what_was_found": finding.what_was_found,
        "kind": finding.kind,
        "confidence": finding.confidence,
        **changes,
    }


def test_a_reporting_year_is_named_by_the_year_it_starts(cast):
    rules.reporting_year(2025)
    with pytest.raises(ValidationError) as refused:
        rules.reporting_year(1850)
    assert "for example 2025 for 2025-26" in refused.value.message_dict["year"][0]


def test_an_issued_finding_keeps_its_evidence(cast):
    finding = _issued(cast.riverbank)
    with pytest.raises(ValidationError) as refused:
        rules.issued_finding_keeps_its_evidence(finding, [])
    assert "must keep at least one piece of supporting evidence" in refused.value.message_dict["evidence"][0]
    rules.issued_finding_keeps_its_evidence(finding, [make.evidence(cast.riverbank)])
    rules.issued_finding_keeps_its_evidence(make.finding(cast.riverbank), [])  # a draft may have none yet


def test_an_issued_finding_does_not_return_to_draft(cast):
    finding = _issued(cast.riverbank)
    with pytest.raises(ValidationError) as refused:
        rules.no_return_to_draft(finding, FindingStatus.DRAFT)
    assert refused.value.message_dict["status"] == ["An issued finding cannot return to draft."]
    rules.no_return_to_draft(finding, FindingStatus.ISSUED)
    rules.no_return_to_draft(make.finding(cast.riverbank), FindingStatus.DRAFT)


def test_a_finding_is_a_draft_or_issued_and_nothing_else(cast):
    rules.finding_status_is_draft_or_issued(FindingStatus.ISSUED)
    with pytest.raises(ValidationError) as refused:
        rules.finding_status_is_draft_or_issued("withdrawn")
    assert "draft or issued" in refused.value.message_dict["status"][0]


def test_saving_a_finding_goes_through_its_rules_and_changes_nothing_when_one_refuses(cast):
    finding = _issued(cast.riverbank)
    with pytest.raises(ValidationError):
        finding_save(
            partnership=cast.riverbank, by=cast.scrutineer, finding=finding, **_fields(finding, title="Changed")
        )
    with pytest.raises(ValidationError):
        finding_save(
            partnership=cast.riverbank,
            by=cast.scrutineer,
            finding=finding,
            status=FindingStatus.DRAFT,
            evidence=[link.evidence for link in finding.supporting_links()],
            **_fields(finding, title="Changed"),
        )
    finding.refresh_from_db()
    assert (finding.status, finding.title) == (FindingStatus.ISSUED, "Thresholds are applied inconsistently")
    assert finding.supporting_links().count() == 1


def test_only_an_addressed_body_responds_to_a_recommendation(cast):
    with pytest.raises(PermissionDenied):
        rules.only_an_addressed_body_responds([])
    rules.only_an_addressed_body_responds([make.agency("Riverbank Borough Council")])


def test_only_the_parties_the_scrutineer_and_the_business_manager_move_a_disagreement_on(cast):
    council, police = make.agency("Riverbank Borough Council"), make.agency("Capital Police South Area")
    disagreement = make.disagreement(cast.riverbank, council, police)
    for user in (cast.scrutineer, cast.manager, cast.police_dsp):
        rules.only_the_parties_move_it_on(disagreement, _seat(user, cast.riverbank))
    with pytest.raises(PermissionDenied):
        rules.only_the_parties_move_it_on(disagreement, _seat(cast.contributor, cast.riverbank))


def test_only_the_owner_agency_the_scrutineer_and_the_business_manager_change_an_initiative(cast):
    innovation = Innovation.objects.create(
        partnership=cast.riverbank, title="Mentors", owner_agency=make.agency("Oakfield Academies Trust"), problem="P"
    )
    for user in (cast.contributor, cast.scrutineer, cast.manager):
        rules.only_who_may_change_the_innovation(innovation, _seat(user, cast.riverbank))
    with pytest.raises(PermissionDenied):
        rules.only_who_may_change_the_innovation(innovation, _seat(cast.lead_partner, cast.riverbank))


def test_only_partner_bodies_respond_to_the_statement(cast):
    with pytest.raises(PermissionDenied):
        rules.only_partner_bodies_respond_to_the_statement([])
    rules.only_partner_bodies_respond_to_the_statement([make.agency("Riverbank Borough Council")])


def test_the_statement_is_responded_to_once_published(cast):
    statement = AssuranceStatement.objects.create(partnership=cast.riverbank, year=2025, summary="S")
    for unpublished in (None, statement):
        with pytest.raises(ValidationError) as refused:
            rules.statement_is_published(unpublished)
        assert "has not been published yet" in refused.value.messages[0]
    statement.status = "published"
    rules.statement_is_published(statement)
