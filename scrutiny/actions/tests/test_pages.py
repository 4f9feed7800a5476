"""The tracker's pages: the list and its filters, one action, and the forms that move it along."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from scrutiny.actions.models import Action, ActionStatus, ActionUpdate
from scrutiny.actions.services import action_close
from scrutiny.actions.tests.conftest import COUNCIL, OAKFIELD, POLICE, new_action
from scrutiny.evidence.models import EvidencePurpose
from scrutiny.frameworks.models import Theme, ThemeGroup
from scrutiny.partnerships.models import Agency

pytestmark = pytest.mark.django_db

LIST = "/p/riverbank/actions/"


def _page(response) -> str:
    assert response.status_code == 200, response.status_code
    return str(response.content.decode())


def test_the_list_tags_overdue_and_due_soon_actions_and_counts_them(tracker, make_action, client_for):
    make_action(title="Late one", due_in=-3)
    make_action(title="Soon one", due_in=2)
    make_action(title="Far one", due_in=40)
    page = _page(client_for(tracker.manager).get(LIST))
    assert page.count('govuk-tag--red">Overdue') == 1
    assert page.count('govuk-tag--yellow">Due soon') == 1
    assert "3 actions" in page
    # Soonest due first.
    assert page.index("Late one") < page.index("Soon one") < page.index("Far one")


def test_filters_narrow_the_list_and_keep_their_values(tracker, make_action, client_for):
    theme = Theme.objects.create(code="test-voice", label="Voice (test)", group=ThemeGroup.PRACTICE)
    police = Agency.objects.get(name=POLICE)
    tagged = make_action(title="Police action with a theme", agency=POLICE, source_room="assurance", due_in=-1)
    tagged.themes.add(theme)
    make_action(title="School action", agency=OAKFIELD, source_room="reviews", due_in=20)
    client = client_for(tracker.manager)

    page = _page(client.get(LIST, {"agency": police.pk}))
    assert "Police action with a theme" in page
    assert "School action" not in page
    assert f'<option value="{police.pk}" selected>' in page

    for query in ({"source_room": "assurance"}, {"theme": theme.pk}, {"due": "overdue"}, {"status": "open"}):
        page = _page(client.get(LIST, query))
        assert "Police action with a theme" in page, query
        if query != {"status": "open"}:
            assert "School action" not in page, query
    page = _page(client.get(LIST, {"source_room": "reviews"}))
    assert "School action" in page
    assert "Police action with a theme" not in page
    assert '<option value="reviews" selected>' in page
    page = _page(client.get(LIST, {"due": "due_soon"}))
    assert "No actions match these filters" in page


def test_mine_lists_the_actions_a_person_owns(tracker, make_action, client_for):
    make_action(title="Named for the police lead", agency=POLICE, owner=tracker.police_dsp)
    make_action(title="Police, no one named", agency=POLICE)
    make_action(title="Council's", agency=COUNCIL)
    page = _page(client_for(tracker.police_dsp).get(LIST, {"mine": "on"}))
    assert "Named for the police lead" in page
    assert "Police, no one named" in page  # they act for the police as its delegated partner
    assert "Council&#x27;s" not in page
    assert 'id="id_mine" checked' in page


def test_an_unknown_filter_value_says_what_is_wrong(tracker, make_action, client_for):
    make_action(title="Still listed")
    page = _page(client_for(tracker.manager).get(LIST, {"status": "finished"}))
    assert "There is a problem" in page
    assert "Select a valid choice" in page
    assert "Still listed" in page


def test_the_list_is_paginated_and_pages_keep_the_filters(tracker, make_action, client_for):
    for number in range(27):
        make_action(title=f"Action number {number:02d}", agency=COUNCIL, due_in=number)
    client = client_for(tracker.manager)
    first = _page(client.get(LIST, {"status": "not_started"}))
    assert "Action number 24" in first
    assert "Action number 25" not in first
    assert "status=not_started&amp;page=2" in first
    second = _page(client.get(LIST, {"status": "not_started", "page": 2}))
    assert "Action number 26" in second


def test_the_list_costs_the_same_few_queries_however_many_actions(
    tracker, make_action, client_for, django_assert_max_num_queries
):
    theme = Theme.objects.create(code="test-q", label="Query theme", group=ThemeGroup.PRACTICE)
    for number in range(20):
        action = make_action(title=f"Action {number}", agency=POLICE, owner=tracker.police_dsp, due_in=number - 5)
        action.themes.add(theme)
    client = client_for(tracker.manager)
    client.get(LIST)  # warm the session and content types
    with django_assert_max_num_queries(16):
        _page(client.get(LIST, {"mine": "", "status": "open"}))


def test_an_agency_contributor_sees_only_their_agencys_actions(tracker, make_action, client_for):
    make_action(title="Oakfield's action", agency=OAKFIELD)
    make_action(title="Police action", agency=POLICE)
    page = _page(client_for(tracker.contributor).get(LIST))
    assert "Oakfield&#x27;s action" in page
    assert "Police action" not in page
    assert "1 action" in page


def test_an_agency_contributor_is_not_shown_another_agencys_action(tracker, make_action, client_for):
    theirs = make_action(title="Police action", agency=POLICE)
    client = client_for(tracker.contributor)
    for suffix in ("", "updates/add/", "evidence/", "complete/", "impact/"):
        assert client.get(f"{LIST}{theirs.pk}/{suffix}").status_code == 404, suffix
    response = client.post(f"{LIST}{theirs.pk}/updates/add/", {"text": "Sneaky"})
    assert response.status_code == 404
    assert not ActionUpdate.objects.exists()


def test_another_partnerships_action_is_not_found(tracker, client_for):
    theirs = new_action(tracker.hillcrest, title="Hillcrest action", agency=POLICE)
    client = client_for(tracker.manager)
    for suffix in ("", "edit/", "updates/add/", "evidence/", "complete/", "close/", "impact/"):
        assert client.get(f"{LIST}{theirs.pk}/{suffix}").status_code == 404, suffix
    assert client.post(f"{LIST}{theirs.pk}/close/", {"reason": "Not ours"}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == ActionStatus.NOT_STARTED
    # And someone with no role in Riverbank cannot see Riverbank's actions at all.
    assert client_for(tracker.outsider).get(LIST).status_code == 404


def test_a_viewer_cannot_add_or_update_actions(tracker, make_action, client_for):
    action = make_action()
    client = client_for(tracker.viewer)
    assert client.get(f"{LIST}add/").status_code == 403
    assert client.post(f"{LIST}{action.pk}/updates/add/", {"text": "Hello"}).status_code == 403
    assert client.post(f"{LIST}{action.pk}/complete/", {"completed_on": "2026-01-01"}).status_code == 403
    assert not ActionUpdate.objects.exists()
    page = _page(client.get(f"{LIST}{action.pk}/"))
    assert "Add an update" not in page
    assert "Add an action" not in _page(client.get(LIST))


def test_an_agency_contributor_cannot_add_edit_or_close_actions(tracker, make_action, client_for):
    action = make_action(agency=OAKFIELD)
    client = client_for(tracker.contributor)
    assert client.get(f"{LIST}add/").status_code == 403
    assert client.get(f"{LIST}{action.pk}/edit/").status_code == 403
    assert client.post(f"{LIST}{action.pk}/close/", {"reason": "Done with it"}).status_code == 403
    action.refresh_from_db()
    assert action.status == ActionStatus.NOT_STARTED


def test_a_manager_adds_an_action(tracker, client_for):
    police = Agency.objects.get(name=POLICE)
    due = timezone.localdate() + timedelta(days=30)
    response = client_for(tracker.manager).post(
        f"{LIST}add/",
        {
            "title": "Audit strategy discussions",
            "owner_agency": police.pk,
            "owner": tracker.police_dsp.pk,
            "due_date": due.isoformat(),
            "description": "",
        },
    )
    action = Action.objects.get(title="Audit strategy discussions")
    assert response["Location"] == f"{LIST}{action.pk}/"
    assert (action.owner_agency, action.owner, action.due_date) == (police, tracker.police_dsp, due)
    assert action.created_by == tracker.manager
    assert action.history.get().history_user == tracker.manager


def test_adding_an_action_due_in_the_past_keeps_what_was_typed_and_changes_nothing(tracker, client_for):
    police = Agency.objects.get(name=POLICE)
    page = _page(
        client_for(tracker.manager).post(
            f"{LIST}add/",
            {"title": "Backdated action", "owner_agency": police.pk, "due_date": "2001-01-01"},
        )
    )
    assert "There is a problem" in page
    assert "The due date cannot be before the action was created" in page
    assert 'value="Backdated action"' in page
    assert not Action.objects.filter(title="Backdated action").exists()


def test_a_date_in_the_wrong_format_gets_a_clear_message(tracker, client_for):
    police = Agency.objects.get(name=POLICE)
    page = _page(
        client_for(tracker.manager).post(
            f"{LIST}add/", {"title": "Bad date", "owner_agency": police.pk, "due_date": "31/02/2026"}
        )
    )
    assert "Give the due date as a date, like 2026-03-31." in page
    assert not Action.objects.filter(title="Bad date").exists()


def test_a_manager_changes_an_action_and_history_shows_it(tracker, make_action, client_for):
    action = make_action(agency=COUNCIL)
    due = (timezone.localdate() + timedelta(days=90)).isoformat()
    client = client_for(tracker.manager)
    response = client.post(
        f"{LIST}{action.pk}/edit/",
        {"title": "A better title", "owner_agency": action.owner_agency_id, "due_date": due, "description": "Why"},
    )
    assert response.status_code == 302
    page = _page(client.get(f"{LIST}{action.pk}/"))
    assert "A better title" in page
    assert 'id="history"' in page
    assert "Refresh the threshold document → A better title" in page


def test_the_owner_agencys_contributor_posts_an_update(tracker, make_action, client_for):
    action = make_action(agency=OAKFIELD)
    client = client_for(tracker.contributor)
    response = client.post(f"{LIST}{action.pk}/updates/add/", {"text": "Training booked", "new_status": "in_progress"})
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == ActionStatus.IN_PROGRESS
    page = _page(client.get(f"{LIST}{action.pk}/"))
    assert "Training booked" in page
    assert str(tracker.contributor) in page


def test_an_update_after_closure_is_refused_on_the_page(tracker, make_action, client_for):
    action = make_action(agency=COUNCIL)
    action_close(action=action, by=tracker.manager, reason="Superseded.")
    client = client_for(tracker.manager)
    assert "so it takes no more updates" in _page(client.get(f"{LIST}{action.pk}/updates/add/"))
    page = _page(client.post(f"{LIST}{action.pk}/updates/add/", {"text": "One more"}))
    assert "There is a problem" in page
    assert "closed without completion, so it takes no more updates" in page
    assert action.updates.count() == 1


def test_completing_without_evidence_is_refused_on_the_page(tracker, make_action, client_for):
    action = make_action(agency=OAKFIELD)
    client = client_for(tracker.contributor)
    assert "only with at least one piece of evidence" in _page(client.get(f"{LIST}{action.pk}/complete/"))
    today = timezone.localdate().isoformat()
    page = _page(client.post(f"{LIST}{action.pk}/complete/", {"completed_on": today}))
    assert "Attach at least one piece of evidence of completion" in page
    action.refresh_from_db()
    assert action.status == ActionStatus.NOT_STARTED


def test_attaching_evidence_then_completing_on_the_pages(tracker, make_action, make_evidence, client_for):
    action = make_action(agency=OAKFIELD)
    ours = make_evidence("Training register", agency=OAKFIELD)
    make_evidence("Police evidence", agency=POLICE)
    client = client_for(tracker.contributor)
    form = _page(client.get(f"{LIST}{action.pk}/evidence/?purpose=completion"))
    assert "Training register" in form
    assert "Police evidence" not in form  # a contributor attaches only what they may see
    response = client.post(f"{LIST}{action.pk}/evidence/", {"evidence": ours.pk, "purpose": "completion"})
    assert response.status_code == 302
    today = timezone.localdate().isoformat()
    response = client.post(f"{LIST}{action.pk}/complete/", {"completed_on": today, "note": "All trained."})
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == ActionStatus.COMPLETED
    page = _page(client.get(f"{LIST}{action.pk}/"))
    assert "Training register" in page
    assert "All trained." in page


def test_attaching_impact_evidence_before_completion_is_refused(tracker, make_action, make_evidence, client_for):
    action = make_action(agency=COUNCIL)
    item = make_evidence()
    page = _page(
        client_for(tracker.manager).post(f"{LIST}{action.pk}/evidence/", {"evidence": item.pk, "purpose": "impact"})
    )
    assert "Impact is recorded once the action is completed" in page
    assert not action.evidence_links().exists()


def test_closing_on_the_page_needs_a_reason(tracker, make_action, client_for):
    action = make_action(agency=COUNCIL)
    client = client_for(tracker.chair)
    page = _page(client.post(f"{LIST}{action.pk}/close/", {"reason": ""}))
    assert "Say why the action is being closed without being completed." in page
    action.refresh_from_db()
    assert action.status == ActionStatus.NOT_STARTED
    assert client.post(f"{LIST}{action.pk}/close/", {"reason": "Superseded by the audit."}).status_code == 302
    action.refresh_from_db()
    assert (action.status, action.closed_reason) == (ActionStatus.CLOSED, "Superseded by the audit.")


def test_recording_impact_with_evidence_of_impact(tracker, make_action, make_evidence, client_for):
    action = make_action(agency=COUNCIL, status=ActionStatus.COMPLETED)
    action.completed_on = timezone.localdate() - timedelta(days=10)
    action.save()
    item = make_evidence("Re-audit after the change")
    client = client_for(tracker.scrutineer)
    response = client.post(
        f"{LIST}{action.pk}/impact/",
        {
            "summary": "Referrals now say what the worry is.",
            "assessed_on": timezone.localdate().isoformat(),
            "evidence": [item.pk],
        },
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.impact_summary == "Referrals now say what the worry is."
    assert [link.evidence for link in action.evidence_links(EvidencePurpose.IMPACT)] == [item]
    page = _page(client.get(f"{LIST}{action.pk}/"))
    assert "Referrals now say what the worry is." in page
    assert "Re-audit after the change" in page


def test_the_impact_page_explains_an_open_action_has_no_impact_yet(tracker, make_action, client_for):
    action = make_action(agency=COUNCIL)
    page = _page(client_for(tracker.manager).get(f"{LIST}{action.pk}/impact/"))
    assert "Impact is recorded once the action is completed" in page
    assert "<form" not in page.split("<main")[1].split("</main>")[0]
