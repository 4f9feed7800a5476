"""The independence register and the yearly assurance statement, assembled from issued findings by
function and step, for the lead partners to read and respond to."""

from __future__ import annotations

from datetime import date

import pytest

from scrutiny.assurance.models import AssuranceStatement, ScrutineerAppointment, StatementResponse
from scrutiny.assurance.services import finding_issue
from scrutiny.assurance.statements import assemble
from scrutiny.assurance.tests import factories as make
from scrutiny.frameworks.catalogue import requirement_by_code
from scrutiny.partnerships.models import Membership
from scrutiny.partnerships.roles import Role

pytestmark = pytest.mark.django_db

BASE = "/p/riverbank/assurance"


def test_the_business_manager_records_the_scrutineers_appointment(cast, client_for):
    response = client_for(cast.manager).post(
        f"{BASE}/independence/add/",
        {
            "person": cast.scrutineer.pk,
            "appointed_on": "2024-04-01",
            "term_end": "2027-03-31",
            "funded_by": "The three partners equally",
            "declared_conflicts": "None",
        },
    )
    assert response.status_code == 302
    appointment = ScrutineerAppointment.objects.get()
    assert (appointment.partnership, appointment.person) == (cast.riverbank, cast.scrutineer)


def test_an_appointment_whose_term_ends_before_it_starts_is_refused(cast, client_for):
    response = client_for(cast.manager).post(
        f"{BASE}/independence/add/",
        {"person": cast.scrutineer.pk, "appointed_on": "2024-04-01", "term_end": "2023-03-31", "funded_by": "LA"},
    )
    assert "The term must end after the appointment date" in response.content.decode()
    assert not ScrutineerAppointment.objects.exists()


def test_a_scrutineer_who_also_chairs_is_shown_as_an_independence_risk(cast, client_for):
    Membership.objects.create(user=cast.scrutineer, partnership=cast.riverbank, role=Role.CHAIR)
    page = client_for(cast.viewer).get(f"{BASE}/independence/").content.decode()
    assert "Independence risk" in page
    assert str(cast.scrutineer) in page


def test_a_viewer_reads_the_register_but_cannot_change_it(cast, client_for):
    viewer = client_for(cast.viewer)
    assert viewer.get(f"{BASE}/independence/").status_code == 200
    assert viewer.post(f"{BASE}/independence/add/", {"person": cast.viewer.pk}).status_code == 403
    assert client_for(cast.contributor).get(f"{BASE}/independence/").status_code == 403


def test_an_appointment_of_another_partnership_is_not_found(cast, client_for):
    theirs = ScrutineerAppointment.objects.create(
        partnership=cast.hillcrest, person=cast.scrutineer, appointed_on=date(2024, 4, 1), funded_by="LA"
    )
    assert client_for(cast.scrutineer).get(f"{BASE}/independence/{theirs.pk}/").status_code == 404


def test_the_statement_groups_issued_findings_by_function_and_step_with_their_evidence(cast):
    supported = make.finding(cast.riverbank, title="Challenge is welcomed", supported=True)
    supported.requirements.set([requirement_by_code("wt2023-scrutiny-functions:F5")])
    finding_issue(finding=supported, on=date(2026, 1, 10))
    via_duty = make.finding(cast.riverbank, title="Arrangements are out of date", supported=True)
    via_duty.requirements.set([requirement_by_code("founding-duties:D1")])
    finding_issue(finding=via_duty, on=date(2026, 1, 10))
    draft = make.finding(cast.riverbank, title="Not yet issued", supported=True)
    draft.requirements.set([requirement_by_code("wt2023-scrutiny-functions:F5")])
    assembled = assemble(cast.riverbank, 2025)
    by_ref = {p.requirement.ref: [f.finding.title for f in p.findings] for p in assembled.parts}
    assert by_ref["F5"] == ["Challenge is welcomed"]
    assert "Arrangements are out of date" in by_ref["F3"]  # D1 serves F3
    assert all("Not yet issued" not in titles for titles in by_ref.values())
    part = next(p for p in assembled.parts if p.requirement.ref == "F5")
    assert [e.title for e in part.findings[0].evidence] == ["Audit report"]


def test_the_scrutineer_writes_and_publishes_the_statement_and_it_is_printable(cast, client_for):
    f1 = requirement_by_code("wt2023-scrutiny-functions:F1")
    client = client_for(cast.scrutineer)
    client.post(
        f"{BASE}/statement/edit/?year=2025",
        {"summary": "Arrangements are effective.", f"section_{f1.pk}": "Partners know their duties."},
    )
    statement = AssuranceStatement.objects.get(partnership=cast.riverbank, year=2025)
    assert statement.sections.get(requirement=f1).text == "Partners know their duties."
    client.post(f"{BASE}/statement/publish/", {"year": "2025"})
    statement.refresh_from_db()
    assert statement.is_published
    page = client_for(cast.viewer).get(f"{BASE}/statement/?year=2025").content.decode()
    assert "Partners know their duties." in page
    assert 'class="app-printable"' in page
    assert "assurance/print.css" in page
    assert "style=" not in page


def test_a_statement_without_a_summary_cannot_be_published(cast, client_for):
    AssuranceStatement.objects.create(partnership=cast.riverbank, year=2025)
    response = client_for(cast.scrutineer).post(f"{BASE}/statement/publish/", {"year": "2025"}, follow=True)
    assert "Write the overall summary" in response.content.decode()
    assert not AssuranceStatement.objects.get().is_published


def test_a_lead_partner_responds_for_their_body_once_the_statement_is_published(cast, client_for):
    council = make.agency("Riverbank Borough Council")
    statement = AssuranceStatement.objects.create(partnership=cast.riverbank, year=2025, summary="S")
    lead = client_for(cast.lead_partner)
    early = lead.post(f"{BASE}/statement/respond/?year=2025", {"agency": council.pk, "text": "Thanks"}, follow=True)
    assert "has not been published yet" in early.content.decode()
    assert not StatementResponse.objects.exists()
    statement.status = "published"
    statement.save()
    lead.post(f"{BASE}/statement/respond/?year=2025", {"agency": council.pk, "text": "We accept it."})
    assert StatementResponse.objects.get().agency == council


def test_a_body_cannot_respond_for_another_and_a_contributor_cannot_respond(cast, client_for):
    AssuranceStatement.objects.create(partnership=cast.riverbank, year=2025, summary="S", status="published")
    police = make.agency("Capital Police South Area")
    response = client_for(cast.lead_partner).post(
        f"{BASE}/statement/respond/?year=2025", {"agency": police.pk, "text": "Not ours"}
    )
    assert response.status_code == 200
    contributor = client_for(cast.contributor)
    assert "Only lead and delegated" in contributor.get(f"{BASE}/statement/respond/?year=2025").content.decode()
    council = make.agency("Riverbank Borough Council").pk
    assert contributor.post(f"{BASE}/statement/respond/?year=2025", {"agency": council, "text": "x"}).status_code == 403
    assert client_for(cast.viewer).post(f"{BASE}/statement/respond/?year=2025", {}).status_code == 403
    assert not StatementResponse.objects.exists()


def test_another_partnerships_statement_is_not_shown(cast, client_for):
    AssuranceStatement.objects.create(partnership=cast.hillcrest, year=2025, summary="Hillcrest only")
    page = client_for(cast.scrutineer).get(f"{BASE}/statement/?year=2025").content.decode()
    assert "Hillcrest only" not in page
