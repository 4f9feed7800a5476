"""The tracker through /api/v1/: the same filters, rules and row-level visibility as the pages."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from scrutiny.actions.models import Action, ActionStatus
from scrutiny.actions.tests.conftest import COUNCIL, OAKFIELD, POLICE, new_action
from scrutiny.partnerships.models import Agency

pytestmark = pytest.mark.django_db

BASE = "/api/v1/partnerships/riverbank/actions"


def test_the_list_has_the_pages_filters(tracker, make_action, client_for):
    make_action(title="Late police action", agency=POLICE, due_in=-2, source_room="assurance")
    make_action(title="School action", agency=OAKFIELD, due_in=20)
    client = client_for(tracker.manager)
    rows = client.get(BASE).json()
    assert [r["title"] for r in rows] == ["Late police action", "School action"]
    assert rows[0]["flag"] == "overdue"
    assert rows[0]["owner_agency"] == POLICE
    police = Agency.objects.get(name=POLICE).pk
    assert [r["title"] for r in client.get(BASE, {"agency": police}).json()] == ["Late police action"]
    assert [r["title"] for r in client.get(BASE, {"due": "overdue"}).json()] == ["Late police action"]
    assert [r["title"] for r in client.get(BASE, {"source_room": "-"}).json()] == ["School action"]
    assert [r["title"] for r in client.get(BASE, {"status": "open", "limit": 1, "offset": 1}).json()] == [
        "School action"
    ]


def test_an_unknown_filter_value_is_a_400_with_a_reason(tracker, client_for):
    response = client_for(tracker.manager).get(BASE, {"due": "yesterday"})
    assert response.status_code == 400
    assert "due" in response.json()["detail"]


def test_an_agency_contributor_lists_and_reads_only_their_agencys_actions(tracker, make_action, client_for):
    ours = make_action(title="Oakfield's", agency=OAKFIELD)
    theirs = make_action(title="Police's", agency=POLICE)
    client = client_for(tracker.contributor)
    assert [r["id"] for r in client.get(BASE).json()] == [ours.pk]
    assert client.get(f"{BASE}/{ours.pk}").status_code == 200
    assert client.get(f"{BASE}/{theirs.pk}").status_code == 404
    response = client.post(f"{BASE}/{theirs.pk}/updates", {"text": "Sneaky"}, content_type="application/json")
    assert response.status_code == 404
    assert not theirs.updates.exists()


def test_another_partnerships_action_is_not_found(tracker, client_for):
    theirs = new_action(tracker.hillcrest, title="Hillcrest's", agency=POLICE)
    client = client_for(tracker.manager)
    assert client.get(f"{BASE}/{theirs.pk}").json() == {"detail": "Not found."}
    assert client.get(f"{BASE}/{theirs.pk}").status_code == 404
    response = client.post(
        f"{BASE}/{theirs.pk}/updates", {"text": "x", "new_status": "closed"}, content_type="application/json"
    )
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == ActionStatus.NOT_STARTED


def _payload(**overrides: object) -> dict[str, object]:
    payload = {
        "title": "Audit strategy discussions",
        "owner_agency_id": Agency.objects.get(name=POLICE).pk,
        "due_date": (timezone.localdate() + timedelta(days=30)).isoformat(),
    }
    return {**payload, **overrides}


def test_a_manager_creates_an_action(tracker, client_for):
    response = client_for(tracker.scrutineer).post(
        BASE, _payload(owner_id=tracker.police_dsp.pk), content_type="application/json"
    )
    assert response.status_code == 201, response.content
    body = response.json()
    action = Action.objects.get(pk=body["id"])
    assert (action.owner, action.created_by) == (tracker.police_dsp, tracker.scrutineer)
    assert body["status"] == "not_started"
    assert body["updates"] == []


def test_a_viewer_or_contributor_cannot_create_an_action(tracker, client_for):
    for person in (tracker.viewer, tracker.contributor):
        response = client_for(person).post(BASE, _payload(), content_type="application/json")
        assert response.status_code == 403
    assert not Action.objects.exists()


def test_bad_input_is_a_400_with_a_reason_and_creates_nothing(tracker, client_for):
    client = client_for(tracker.manager)
    past = client.post(BASE, _payload(due_date="2001-01-01"), content_type="application/json")
    assert past.status_code == 400
    assert "due_date" in past.json()["errors"]
    theirs = Agency.objects.get(name="Hillcrest Schools Partnership (demo)")
    foreign = client.post(BASE, _payload(owner_agency_id=theirs.pk), content_type="application/json")
    assert foreign.status_code == 400
    assert "owner_agency" in foreign.json()["errors"]
    wrong_format = client.post(BASE, _payload(due_date="31/12/2026"), content_type="application/json")
    assert wrong_format.status_code == 422
    assert not Action.objects.exists()


def test_the_owner_agencys_contributor_adds_an_update(tracker, make_action, client_for):
    action = make_action(agency=OAKFIELD)
    response = client_for(tracker.contributor).post(
        f"{BASE}/{action.pk}/updates",
        {"text": "Sessions booked", "new_status": "in_progress"},
        content_type="application/json",
    )
    assert response.status_code == 201
    assert response.json()["status"] == "in_progress"
    assert client_for(tracker.contributor).get(f"{BASE}/{action.pk}/updates").json()[0]["text"] == "Sessions booked"


def test_a_viewer_cannot_add_an_update(tracker, make_action, client_for):
    action = make_action(agency=COUNCIL)
    response = client_for(tracker.viewer).post(
        f"{BASE}/{action.pk}/updates", {"text": "Hello"}, content_type="application/json"
    )
    assert response.status_code == 403
    assert not action.updates.exists()


def test_completing_needs_evidence_of_completion_first(tracker, make_action, make_evidence, client_for):
    action = make_action(agency=OAKFIELD)
    client = client_for(tracker.contributor)
    refused = client.post(
        f"{BASE}/{action.pk}/updates", {"text": "Done", "new_status": "completed"}, content_type="application/json"
    )
    assert refused.status_code == 400
    assert "evidence of completion" in refused.json()["detail"]
    item = make_evidence("Training register", agency=OAKFIELD)
    attached = client.post(
        f"{BASE}/{action.pk}/evidence",
        {"evidence_id": item.pk, "purpose": "completion"},
        content_type="application/json",
    )
    assert attached.status_code == 201
    done = client.post(
        f"{BASE}/{action.pk}/updates", {"text": "Done", "new_status": "completed"}, content_type="application/json"
    )
    assert done.status_code == 201
    assert done.json()["completion_evidence_ids"] == [item.pk]
    assert done.json()["status"] == "completed"
    assert [row["purpose"] for row in client.get(f"{BASE}/{action.pk}/evidence").json()] == ["completion"]


def test_a_contributor_cannot_attach_evidence_they_may_not_see(tracker, make_action, make_evidence, client_for):
    action = make_action(agency=OAKFIELD)
    police_item = make_evidence("Police evidence", agency=POLICE)
    response = client_for(tracker.contributor).post(
        f"{BASE}/{action.pk}/evidence",
        {"evidence_id": police_item.pk, "purpose": "completion"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert not action.evidence_links().exists()


def test_closing_needs_the_manage_permission_and_a_reason(tracker, make_action, client_for):
    action = make_action(agency=OAKFIELD)
    url = f"{BASE}/{action.pk}/updates"
    by_contributor = client_for(tracker.contributor).post(
        url, {"text": "Not needed", "new_status": "closed"}, content_type="application/json"
    )
    assert by_contributor.status_code == 403
    manager = client_for(tracker.manager)
    no_reason = manager.post(url, {"text": " ", "new_status": "closed"}, content_type="application/json")
    assert no_reason.status_code == 400
    closed = manager.post(url, {"text": "Superseded.", "new_status": "closed"}, content_type="application/json")
    assert closed.status_code == 201
    assert closed.json()["closed_reason"] == "Superseded."
    after = manager.post(url, {"text": "One more"}, content_type="application/json")
    assert after.status_code == 400
    assert "takes no more updates" in after.json()["detail"]
    action.refresh_from_db()
    assert action.updates.count() == 1


def test_an_unknown_status_is_a_400(tracker, make_action, client_for):
    action = make_action(agency=COUNCIL)
    response = client_for(tracker.manager).post(
        f"{BASE}/{action.pk}/updates", {"text": "x", "new_status": "finished"}, content_type="application/json"
    )
    assert response.status_code == 400
    assert not action.updates.exists()


def test_the_list_costs_the_same_few_queries_however_many_actions(
    tracker, make_action, client_for, django_assert_max_num_queries
):
    for number in range(15):
        make_action(title=f"Action {number}", agency=POLICE, due_in=number)
    client = client_for(tracker.manager)
    client.get(BASE)
    with django_assert_max_num_queries(12):
        assert len(client.get(BASE).json()) == 15
