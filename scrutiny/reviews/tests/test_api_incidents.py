"""Serious incidents through /api/v1/: recorded against their clocks, refused with a reason that
names the field, and only within the caller's own partnership."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from scrutiny.partnerships.models import Area
from scrutiny.reviews.models import SeriousIncident
from scrutiny.reviews.tests import factories as make

pytestmark = pytest.mark.django_db

API = "/api/v1/partnerships/riverbank/reviews/incidents"


def _new(cast: Any, **extra: Any) -> dict[str, Any]:
    values = {
        "reference": "RB-2025-07",
        "age_band": "under_1",
        "kind": "serious_harm",
        "aware_on": "2025-06-02",
        "notifying_area_id": make.council_area(cast.riverbank).pk,
        "criteria_met": "yes",
        "criteria_decision": "The three partners agreed the criteria are met.",
        "notified_on": "2025-06-05",
        "partners_informed_on": "2025-06-03",
        "agency_ids": [make.agency("Capital Police").pk],
    }
    values.update(extra)
    return values


def test_the_business_manager_records_an_incident_with_its_clocks(cast, client_for):
    response = client_for(cast.manager).post(API, _new(cast), content_type="application/json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["reference"] == "RB-2025-07"
    assert body["year"] == 2025
    clocks = {clock["rule"]: clock for clock in body["clocks"]}
    notification = clocks["serious-incident-notification"]
    assert notification["start"] == "2025-06-02"
    assert notification["due"] == "2025-06-09"
    assert notification["met_on"] == "2025-06-05"
    assert notification["status"] == "met_on_time"
    assert set(notification) == {
        "rule",
        "title",
        "label",
        "starts",
        "start",
        "due",
        "met_on",
        "status",
        "late_reason",
        "verified",
        "set_by_partnership",
    }
    incident = SeriousIncident.objects.get()
    assert incident.history.first().history_user == cast.manager


def test_a_reference_that_looks_like_a_name_and_an_identifying_summary_are_refused(cast, client_for):
    response = client_for(cast.manager).post(
        API,
        _new(cast, reference="Jane Smith", summary="Child seen on 03/04/2019 by the GP."),
        content_type="application/json",
    )
    assert response.status_code == 400
    detail = response.json()["detail"]
    assert "reference: Use only letters, digits and hyphens" in detail
    assert "summary: This text contains a full date written in numbers" in detail
    assert not SeriousIncident.objects.exists()


def test_a_date_in_the_wrong_format_is_refused_with_where_it_is(cast, client_for):
    response = client_for(cast.manager).post(API, _new(cast, aware_on="2 June"), content_type="application/json")
    assert response.status_code == 422
    assert "aware_on" in response.json()["detail"]
    assert not SeriousIncident.objects.exists()


def test_a_late_notification_needs_its_reason(cast, client_for):
    response = client_for(cast.manager).post(API, _new(cast, notified_on="2025-06-20"), content_type="application/json")
    assert response.status_code == 400
    assert "notification_late_reason: This was done on 20 June 2025" in response.json()["detail"]


def test_a_local_authority_the_partnership_does_not_cover_is_refused(cast, client_for):
    hillcrest_la = Area.objects.get(code="E09000006")
    response = client_for(cast.manager).post(
        API, _new(cast, notifying_area_id=hillcrest_la.pk), content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["detail"].startswith("notifying_area_id: Either the local authority")


def test_an_agency_of_another_partnership_is_refused(cast, client_for):
    theirs = make.agency("Hillcrest Schools")
    response = client_for(cast.manager).post(API, _new(cast, agency_ids=[theirs.pk]), content_type="application/json")
    assert response.status_code == 400
    assert "agency_ids" in response.json()["detail"]
    assert not SeriousIncident.objects.exists()


def test_an_incident_is_changed_field_by_field_and_bad_dates_change_nothing(cast, client_for):
    incident = make.incident(cast.riverbank)
    client = client_for(cast.manager)
    changed = client.patch(
        f"{API}/{incident.pk}", {"summary": "A baby was injured at home."}, content_type="application/json"
    )
    assert changed.status_code == 200, changed.content
    assert changed.json()["summary"] == "A baby was injured at home."
    assert changed.json()["reference"] == "RB-2025-01"
    refused = client.patch(
        f"{API}/{incident.pk}", {"notified_on": "2025-05-01", "summary": "Other"}, content_type="application/json"
    )
    assert refused.status_code == 400
    assert "notified_on: The date notified to the Panel (1 May 2025) cannot be before" in refused.json()["detail"]
    incident.refresh_from_db()
    assert (incident.notified_on, incident.summary) == (date(2025, 6, 5), "A baby was injured at home.")


def test_the_list_is_filtered_by_reporting_year(cast, client_for):
    make.incident(cast.riverbank, "RB-2025-01")
    make.incident(cast.riverbank, "RB-2024-09", aware_on=date(2025, 3, 3), notified_on=None, partners_informed_on=None)
    client = client_for(cast.viewer)
    assert [i["reference"] for i in client.get(f"{API}?year=2024").json()] == ["RB-2024-09"]
    assert len(client.get(API).json()) == 2


def test_an_incident_decided_not_to_meet_the_criteria_has_no_clocks(cast, client_for):
    incident = make.incident(
        cast.riverbank,
        criteria_met="no",
        criteria_decision="No abuse or neglect is known or suspected.",
        notified_on=None,
    )
    body = client_for(cast.viewer).get(f"{API}/{incident.pk}").json()
    assert body["clocks"] == []
    assert body["rapid_review_id"] is None


def test_a_viewer_reads_but_cannot_record_and_a_contributor_cannot_read(cast, client_for):
    make.incident(cast.riverbank)
    assert client_for(cast.viewer).get(API).status_code == 200
    assert client_for(cast.viewer).post(API, _new(cast), content_type="application/json").status_code == 403
    assert client_for(cast.contributor).get(API).status_code == 403
    assert SeriousIncident.objects.count() == 1


def test_another_partnerships_incident_is_not_found(cast, client_for):
    theirs = make.incident(cast.hillcrest, "HC-2025-01")
    client = client_for(cast.manager)
    assert client.get(f"{API}/{theirs.pk}").status_code == 404
    assert client.patch(f"{API}/{theirs.pk}", {"summary": "x"}, content_type="application/json").status_code == 404
    assert client_for(cast.outsider).get(API).status_code == 404
    theirs.refresh_from_db()
    assert theirs.summary == ""
