"""The independence register, the yearly assurance statement (with the lead partners' responses)
and the innovation register through /api/v1/: the same permissions and validation as the pages."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from scrutiny.assurance.models import AssuranceStatement, Innovation, ScrutineerAppointment, StatementResponse
from scrutiny.assurance.services import finding_issue, supporting_evidence
from scrutiny.assurance.tests import factories as make
from scrutiny.frameworks.catalogue import requirement_by_code
from scrutiny.partnerships.models import Membership
from scrutiny.partnerships.roles import Role

pytestmark = pytest.mark.django_db

API = "/api/v1/partnerships/riverbank/assurance"
JSON = "application/json"


def _appointment(partnership: Any, person: Any, **extra: Any) -> ScrutineerAppointment:
    return ScrutineerAppointment.objects.create(
        partnership=partnership, person=person, appointed_on=date(2024, 4, 1), funded_by="The partners", **extra
    )


# --- The independence register ----------------------------------------------------------------


def test_the_business_manager_records_an_appointment_through_the_api(cast, client_for):
    client = client_for(cast.manager)
    made = client.post(
        f"{API}/independence",
        {
            "person_id": cast.scrutineer.pk,
            "appointed_on": "2024-04-01",
            "term_end": "2027-03-31",
            "funded_by": "The three partners equally",
        },
        content_type=JSON,
    )
    assert made.status_code == 201, made.content
    body = made.json()
    assert (body["person_id"], body["term_end"], body["independence_risk"]) == (cast.scrutineer.pk, "2027-03-31", False)
    appointment = ScrutineerAppointment.objects.get()
    assert appointment.partnership == cast.riverbank
    assert appointment.history.count() == 1
    assert [a["id"] for a in client.get(f"{API}/independence").json()] == [appointment.pk]
    assert client.get(f"{API}/independence/{appointment.pk}").json()["funded_by"] == "The three partners equally"


def test_an_appointment_whose_term_ends_before_it_starts_is_refused_through_the_api(cast, client_for):
    client = client_for(cast.scrutineer)
    bad_term = client.post(
        f"{API}/independence",
        {"person_id": cast.scrutineer.pk, "appointed_on": "2024-04-01", "term_end": "2023-03-31", "funded_by": "LA"},
        content_type=JSON,
    )
    assert bad_term.status_code == 400
    assert "term_end: The term must end after the appointment date" in bad_term.json()["detail"]
    bad_date = client.post(
        f"{API}/independence",
        {"person_id": cast.scrutineer.pk, "appointed_on": "1 April 2024", "funded_by": "LA"},
        content_type=JSON,
    )
    assert bad_date.status_code == 400
    assert "appointed_on" in bad_date.json()["detail"]
    assert client.post(f"{API}/independence", {"funded_by": "LA"}, content_type=JSON).status_code == 422
    assert not ScrutineerAppointment.objects.exists()


def test_someone_without_a_role_here_cannot_be_appointed_through_the_api(cast, client_for):
    response = client_for(cast.manager).post(
        f"{API}/independence",
        {"person_id": cast.outsider.pk, "appointed_on": "2024-04-01", "funded_by": "LA"},
        content_type=JSON,
    )
    assert response.status_code == 400
    assert "person:" in response.json()["detail"]
    assert not ScrutineerAppointment.objects.exists()


def test_an_appointment_is_changed_through_the_api_and_a_bad_change_leaves_it_as_it_was(cast, client_for):
    appointment = _appointment(cast.riverbank, cast.scrutineer)
    client = client_for(cast.manager)
    changed = client.patch(
        f"{API}/independence/{appointment.pk}", {"term_end": "2027-03-31", "employer": "The council"}, content_type=JSON
    )
    assert changed.status_code == 200, changed.content
    assert (changed.json()["term_end"], changed.json()["employer"]) == ("2027-03-31", "The council")
    bad = client.patch(f"{API}/independence/{appointment.pk}", {"term_end": "2020-01-01"}, content_type=JSON)
    assert bad.status_code == 400
    assert "The term must end after the appointment date" in bad.json()["detail"]
    appointment.refresh_from_db()
    assert appointment.term_end == date(2027, 3, 31)
    assert appointment.history.count() == 2


def test_a_scrutineer_who_also_chairs_is_flagged_as_an_independence_risk_in_the_api(cast, client_for):
    appointment = _appointment(cast.riverbank, cast.scrutineer)
    Membership.objects.create(user=cast.scrutineer, partnership=cast.riverbank, role=Role.CHAIR)
    body = client_for(cast.viewer).get(f"{API}/independence/{appointment.pk}").json()
    assert body["independence_risk"] is True
    assert body["is_current"] is True


def test_a_viewer_reads_the_register_through_the_api_but_cannot_change_it(cast, client_for):
    appointment = _appointment(cast.riverbank, cast.scrutineer)
    viewer = client_for(cast.viewer)
    assert viewer.get(f"{API}/independence").status_code == 200
    payload = {"person_id": cast.viewer.pk, "appointed_on": "2024-04-01", "funded_by": "LA"}
    assert viewer.post(f"{API}/independence", payload, content_type=JSON).status_code == 403
    patched = viewer.patch(f"{API}/independence/{appointment.pk}", {"funded_by": "Me"}, content_type=JSON)
    assert patched.status_code == 403
    assert client_for(cast.lead_partner).post(f"{API}/independence", payload, content_type=JSON).status_code == 403
    contributor = client_for(cast.contributor)
    assert contributor.get(f"{API}/independence").status_code == 403
    assert contributor.get(f"{API}/independence/{appointment.pk}").status_code == 403
    appointment.refresh_from_db()
    assert appointment.funded_by == "The partners"
    assert ScrutineerAppointment.objects.count() == 1


def test_an_appointment_of_another_partnership_is_not_found_in_the_api(cast, client_for):
    theirs = _appointment(cast.hillcrest, cast.scrutineer)
    client = client_for(cast.manager)
    assert client.get(f"{API}/independence/{theirs.pk}").status_code == 404
    assert client.patch(f"{API}/independence/{theirs.pk}", {"funded_by": "x"}, content_type=JSON).status_code == 404
    assert client.get(f"{API}/independence").json() == []
    assert client_for(cast.outsider).get(f"{API}/independence").status_code == 404
    theirs.refresh_from_db()
    assert theirs.funded_by == "The partners"


def test_the_register_is_listed_in_a_few_queries(cast, client_for, django_assert_max_num_queries):
    for person in (cast.scrutineer, cast.manager, cast.chair):
        _appointment(cast.riverbank, person)
    client = client_for(cast.viewer)
    with django_assert_max_num_queries(7):
        assert len(client.get(f"{API}/independence").json()) == 3


# --- The assurance statement ------------------------------------------------------------------


def _issued(partnership: Any, title: str, code: str) -> Any:
    finding = make.finding(partnership, title=title, supported=True)
    finding.requirements.set([requirement_by_code(code)])
    finding_issue(finding=finding, on=date(2026, 1, 10))
    return finding


def test_the_statement_is_read_through_the_api_with_its_findings_and_evidence(cast, client_for):
    statement = AssuranceStatement.objects.create(partnership=cast.riverbank, year=2025, summary="Effective.")
    f5 = requirement_by_code("wt2023-scrutiny-functions:F5")
    statement.sections.create(requirement=f5, text="Challenge is welcomed.")
    finding = _issued(cast.riverbank, "Challenge is welcomed", "wt2023-scrutiny-functions:F5")
    draft = make.finding(cast.riverbank, title="Not yet issued", supported=True)
    draft.requirements.set([f5])
    response = client_for(cast.viewer).get(f"{API}/statements/2025")
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["statement_id"], body["status"], body["summary"]) == (statement.pk, "draft", "Effective.")
    section = next(s for s in body["sections"] if s["ref"] == "F5")
    assert section["text"] == "Challenge is welcomed."
    assert section["finding_ids"] == [finding.pk]
    assert section["findings"][0]["evidence_ids"] == [e.pk for e in supporting_evidence(finding)]
    assert section["findings"][0]["evidence_ids"] != []
    assert body["finding_count"] == 1
    assert all(draft.pk not in s["finding_ids"] for s in body["sections"])
    listed = client_for(cast.viewer).get(f"{API}/statements").json()
    assert [(s["id"], s["year"]) for s in listed] == [(statement.pk, 2025)]


def test_the_statement_is_assembled_in_a_few_queries(cast, client_for, django_assert_max_num_queries):
    AssuranceStatement.objects.create(partnership=cast.riverbank, year=2025, summary="S")
    for n, code in enumerate(["wt2023-scrutiny-functions:F1", "wt2023-scrutiny-functions:F5", "founding-duties:D1"]):
        _issued(cast.riverbank, f"Finding {n}", code)
    client = client_for(cast.viewer)
    with django_assert_max_num_queries(15):  # a fixed number, however many findings there are
        assert client.get(f"{API}/statements/2025").json()["finding_count"] == 3


def test_a_year_without_a_statement_still_lists_every_function_and_step(cast, client_for):
    body = client_for(cast.chair).get(f"{API}/statements/2024").json()
    assert (body["statement_id"], body["status"], body["summary"]) == (None, None, "")
    assert {"F1", "F5"} <= {s["ref"] for s in body["sections"]}
    assert body["responses"] == []


def test_a_year_that_is_not_a_reporting_year_is_refused_with_a_reason(cast, client_for):
    client = client_for(cast.viewer)
    far = client.get(f"{API}/statements/1850")
    assert far.status_code == 400
    assert "reporting year" in far.json()["detail"]
    assert client.get(f"{API}/statements/last-year").status_code == 422


def test_the_statement_is_closed_to_an_agency_contributor_and_an_outsider(cast, client_for):
    AssuranceStatement.objects.create(partnership=cast.riverbank, year=2025, summary="S")
    assert client_for(cast.contributor).get(f"{API}/statements/2025").status_code == 403
    assert client_for(cast.contributor).get(f"{API}/statements").status_code == 403
    assert client_for(cast.outsider).get(f"{API}/statements/2025").status_code == 404


def test_another_partnerships_statement_is_never_shown(cast, client_for):
    AssuranceStatement.objects.create(partnership=cast.hillcrest, year=2025, summary="Hillcrest's own")
    client = client_for(cast.scrutineer)
    assert client.get(f"{API}/statements/2025").json()["statement_id"] is None
    assert client.get(f"{API}/statements").json() == []


def test_a_lead_partner_responds_through_the_api_once_the_statement_is_published(cast, client_for):
    council = make.agency("Riverbank Borough Council")
    statement = AssuranceStatement.objects.create(partnership=cast.riverbank, year=2025, summary="S")
    lead = client_for(cast.lead_partner)
    url = f"{API}/statements/2025/responses"
    early = lead.post(url, {"agency_id": council.pk, "text": "Thanks"}, content_type=JSON)
    assert early.status_code == 400
    assert "has not been published yet" in early.json()["detail"]
    assert not StatementResponse.objects.exists()
    statement.status = "published"
    statement.save()
    made = lead.post(url, {"agency_id": council.pk, "text": "We accept it."}, content_type=JSON)
    assert made.status_code == 201, made.content
    assert made.json()["agency_id"] == council.pk
    again = lead.post(url, {"agency_id": council.pk, "text": "We accept it all."}, content_type=JSON)
    assert again.status_code == 200
    assert StatementResponse.objects.get().text == "We accept it all."
    assert [r["text"] for r in client_for(cast.viewer).get(url).json()] == ["We accept it all."]
    assert client_for(cast.viewer).get(f"{API}/statements/2025").json()["responses"][0]["agency_id"] == council.pk


def test_a_body_cannot_respond_for_another_nor_with_nothing_through_the_api(cast, client_for):
    AssuranceStatement.objects.create(partnership=cast.riverbank, year=2025, summary="S", status="published")
    url = f"{API}/statements/2025/responses"
    lead = client_for(cast.lead_partner)
    police = make.agency("Capital Police South Area")
    other = lead.post(url, {"agency_id": police.pk, "text": "Not ours"}, content_type=JSON)
    assert other.status_code == 400
    assert "agency:" in other.json()["detail"]
    council = make.agency("Riverbank Borough Council")
    empty = lead.post(url, {"agency_id": council.pk, "text": "   "}, content_type=JSON)
    assert empty.status_code == 400
    assert "text" in empty.json()["detail"]
    assert lead.post(url, {"text": "No body"}, content_type=JSON).status_code == 422
    assert not StatementResponse.objects.exists()


def test_only_lead_and_delegated_partners_respond_to_the_statement_through_the_api(cast, client_for):
    AssuranceStatement.objects.create(partnership=cast.riverbank, year=2025, summary="S", status="published")
    url = f"{API}/statements/2025/responses"
    council = make.agency("Riverbank Borough Council").pk
    payload = {"agency_id": council, "text": "x"}
    assert client_for(cast.contributor).post(url, payload, content_type=JSON).status_code == 403
    assert client_for(cast.viewer).post(url, payload, content_type=JSON).status_code == 403
    refused = client_for(cast.manager).post(url, payload, content_type=JSON)
    assert refused.status_code == 403
    assert "Only lead and delegated" in refused.json()["detail"]
    assert client_for(cast.outsider).post(url, payload, content_type=JSON).status_code == 404
    assert not StatementResponse.objects.exists()


def test_a_response_to_another_partnerships_statement_cannot_be_made(cast, client_for):
    AssuranceStatement.objects.create(partnership=cast.hillcrest, year=2025, summary="S", status="published")
    police = make.agency("Capital Police South Area")
    response = client_for(cast.police_dsp).post(
        f"{API}/statements/2025/responses", {"agency_id": police.pk, "text": "x"}, content_type=JSON
    )
    assert response.status_code == 400  # Riverbank has no published statement for the year
    assert not StatementResponse.objects.exists()


# --- The innovation register ------------------------------------------------------------------


def _innovation(partnership: Any, owner: str, title: str = "Family group conferencing expansion") -> Innovation:
    return Innovation.objects.create(
        partnership=partnership, title=title, owner_agency=make.agency(owner), problem="Too many children enter care."
    )


def test_a_partner_adds_an_initiative_through_the_api_and_everyone_who_views_reads_it(cast, client_for):
    council = make.agency("Riverbank Borough Council")
    item = make.evidence(cast.riverbank, "Pilot evaluation")
    made = client_for(cast.lead_partner).post(
        f"{API}/innovations",
        {
            "title": "Family group conferencing expansion",
            "owner_agency_id": council.pk,
            "problem": "Families are not involved early.",
            "measures": "Rate of children entering care",
            "stage": "pilot",
            "evidence_ids": [item.pk],
        },
        content_type=JSON,
    )
    assert made.status_code == 201, made.content
    body = made.json()
    assert (body["owner_agency_id"], body["stage"], body["evidence_ids"]) == (council.pk, "pilot", [item.pk])
    innovation = Innovation.objects.get()
    assert innovation.history.count() == 1
    viewer = client_for(cast.viewer)
    assert [i["id"] for i in viewer.get(f"{API}/innovations").json()] == [innovation.pk]
    assert viewer.get(f"{API}/innovations?stage=idea").json() == []
    assert viewer.get(f"{API}/innovations/{innovation.pk}").json()["title"] == "Family group conferencing expansion"


def test_an_initiative_with_a_stage_that_does_not_exist_is_refused_through_the_api(cast, client_for):
    client = client_for(cast.scrutineer)
    council = make.agency("Riverbank Borough Council").pk
    bad = client.post(
        f"{API}/innovations",
        {"title": "T", "owner_agency_id": council, "problem": "P", "stage": "rollout"},
        content_type=JSON,
    )
    assert bad.status_code == 400
    assert "stage:" in bad.json()["detail"]
    assert client.post(f"{API}/innovations", {"title": "T"}, content_type=JSON).status_code == 422
    assert not Innovation.objects.exists()


def test_an_agency_contributor_adds_and_changes_only_their_own_agencys_initiatives(cast, client_for):
    ours = _innovation(cast.riverbank, "Oakfield Academies Trust", "Trauma-informed schools")
    theirs = _innovation(cast.riverbank, "Riverbank Borough Council")
    client = client_for(cast.contributor)
    assert client.get(f"{API}/innovations").status_code == 403
    assert client.get(f"{API}/innovations/{ours.pk}").status_code == 403
    payload = {"title": "Mentors", "problem": "P", "owner_agency_id": make.agency("Riverbank Borough Council").pk}
    refused = client.post(f"{API}/innovations", payload, content_type=JSON)
    assert refused.status_code == 400
    assert "owner_agency:" in refused.json()["detail"]
    made = client.post(f"{API}/innovations", {**payload, "owner_agency_id": ours.owner_agency_id}, content_type=JSON)
    assert made.status_code == 201, made.content
    changed = client.patch(f"{API}/innovations/{ours.pk}", {"stage": "evaluation"}, content_type=JSON)
    assert changed.status_code == 200, changed.content
    assert changed.json()["stage"] == "evaluation"
    assert client.patch(f"{API}/innovations/{theirs.pk}", {"stage": "stopped"}, content_type=JSON).status_code == 404
    theirs.refresh_from_db()
    assert theirs.stage == "idea"


def test_a_partner_of_another_agency_cannot_change_an_initiative_through_the_api(cast, client_for):
    innovation = _innovation(cast.riverbank, "Oakfield Academies Trust")
    url = f"{API}/innovations/{innovation.pk}"
    refused = client_for(cast.lead_partner).patch(url, {"title": "Renamed"}, content_type=JSON)
    assert refused.status_code == 403
    viewer = client_for(cast.viewer)
    assert viewer.patch(url, {"title": "Renamed"}, content_type=JSON).status_code == 403
    payload = {"title": "T", "problem": "P", "owner_agency_id": innovation.owner_agency_id}
    assert viewer.post(f"{API}/innovations", payload, content_type=JSON).status_code == 403
    innovation.refresh_from_db()
    assert innovation.title == "Family group conferencing expansion"
    assert Innovation.objects.count() == 1
    assert client_for(cast.manager).patch(url, {"title": "Renamed"}, content_type=JSON).status_code == 200


def test_only_the_scrutineer_records_observations_through_the_api(cast, client_for):
    innovation = _innovation(cast.riverbank, "Riverbank Borough Council")
    url = f"{API}/innovations/{innovation.pk}"
    payload = {"scrutineer_observations": "Promising; measure re-referrals."}
    assert client_for(cast.manager).patch(url, payload, content_type=JSON).status_code == 403
    assert client_for(cast.lead_partner).patch(url, payload, content_type=JSON).status_code == 403
    innovation.refresh_from_db()
    assert innovation.scrutineer_observations == ""
    observed = client_for(cast.scrutineer).patch(url, payload, content_type=JSON)
    assert observed.status_code == 200, observed.content
    assert observed.json()["scrutineer_observations"] == "Promising; measure re-referrals."
    assert innovation.history.count() == 2


def test_a_bad_change_to_an_initiative_leaves_it_as_it_was(cast, client_for):
    innovation = _innovation(cast.riverbank, "Riverbank Borough Council")
    client = client_for(cast.scrutineer)
    bad = client.patch(
        f"{API}/innovations/{innovation.pk}",
        {"title": "", "scrutineer_observations": "Should not be saved"},
        content_type=JSON,
    )
    assert bad.status_code == 400
    assert "title:" in bad.json()["detail"]
    innovation.refresh_from_db()
    assert (innovation.title, innovation.scrutineer_observations) == ("Family group conferencing expansion", "")
    assert innovation.history.count() == 1


def test_an_initiative_of_another_partnership_is_not_found_in_the_api(cast, client_for):
    theirs = _innovation(cast.hillcrest, "Capital Police South Area")
    client = client_for(cast.scrutineer)
    assert client.get(f"{API}/innovations/{theirs.pk}").status_code == 404
    assert client.patch(f"{API}/innovations/{theirs.pk}", {"title": "X"}, content_type=JSON).status_code == 404
    assert client.get(f"{API}/innovations").json() == []
    assert client_for(cast.outsider).get(f"{API}/innovations").status_code == 404
    theirs.refresh_from_db()
    assert theirs.title == "Family group conferencing expansion"


def test_the_innovation_register_is_listed_in_a_few_queries(cast, client_for, django_assert_max_num_queries):
    for n in range(4):
        _innovation(cast.riverbank, "Riverbank Borough Council", f"Initiative {n}")
    client = client_for(cast.viewer)
    with django_assert_max_num_queries(10):
        assert len(client.get(f"{API}/innovations").json()) == 4
