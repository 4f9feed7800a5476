"""Rapid reviews: the business manager writes the four parts against the 15-working-day clock
(counted from the notification to the Panel), each statutory partner body signs it off, and only
then is it sent to the Panel."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from scrutiny.clocks.workdays import working_days_between
from scrutiny.reviews import rapid_reviewing
from scrutiny.reviews.models import AgencyContribution, LcsprDecision, RapidReview, RapidReviewSignOff
from scrutiny.reviews.tests import factories as make

pytestmark = pytest.mark.django_db

BASE = "/p/riverbank/reviews/rapid-reviews"

FOUR_PARTS: dict[str, Any] = {
    "facts": "The baby was seen by the health visitor twice in the month before the admission.",
    "immediate_action_needed": "yes",
    "immediate_actions": "A strategy discussion was held for the siblings.",
    "improvements": "Information about the father was not shared between health and police.",
    "lcspr_decision": "commission",
    "criteria": ["criterion_improvements", "criterion_multi_agency"],
    "decision_rationale": "Two agencies did not share what they knew; the learning is local.",
    "decided_on": "2025-06-16",
}


def _written(review: RapidReview) -> RapidReview:
    """The four parts recorded, as the business manager would."""
    review.facts = str(FOUR_PARTS["facts"])
    review.immediate_action_needed = True
    review.improvements = str(FOUR_PARTS["improvements"])
    review.lcspr_decision = LcsprDecision.COMMISSION
    review.decision_rationale = str(FOUR_PARTS["decision_rationale"])
    review.decided_on = date(2025, 6, 16)
    review.full_clean()
    review.save()
    return review


def _signed(cast: Any, review: RapidReview, on: date = date(2025, 6, 20)) -> None:
    """Each statutory partner body signs through its lead or delegated partner, on ``on``."""
    for user, body in (
        (cast.lead_partner, "Riverbank Borough Council"),
        (cast.health_dsp, "South Thames Health Board"),
        (cast.police_dsp, "Capital Police South Area"),
    ):
        rapid_reviewing.rapid_review_sign_off(
            rapid_review=review, partner_body=make.agency(body), by=user, signed_on=on
        )


def _due(review: RapidReview) -> date:
    due = review.clocks()[0].due
    assert due is not None
    return due


def _recent_review(cast: Any) -> RapidReview:
    """A review whose incident was notified to the Panel three days ago, still running."""
    aware = timezone.localdate() - timedelta(days=3)
    incident = make.incident(
        cast.riverbank, "RB-2026-01", aware_on=aware, notified_on=aware, partners_informed_on=aware
    )
    return make.rapid_review(cast.riverbank, incident=incident, contributions_due=timezone.localdate())


# --- Reading ---------------------------------------------------------------------------------


def test_the_page_shows_the_working_days_left_and_what_is_missing(cast, client_for):
    review = _recent_review(cast)
    make.contribution(review, "Oakfield", due_on=timezone.localdate())
    today = timezone.localdate()
    left = working_days_between(today, _due(review))
    page = client_for(cast.manager).get(f"{BASE}/{review.pk}/").content.decode()
    assert f"{left} working day{'s' if left != 1 else ''} left" in page
    assert "Before it can be sent" in page
    assert "Before it is sent, record the facts" in page
    assert "0 of 1 submitted" in page
    assert "Signed off for Riverbank Borough Council (demo)" in page
    assert "Awaiting sign-off" in page
    assert "Record as sent to the Panel</a>" not in page


def test_the_page_says_how_many_working_days_overdue_a_late_review_is(cast, client_for):
    review = make.rapid_review(cast.riverbank)
    today = timezone.localdate()
    overdue = working_days_between(_due(review), today)
    page = client_for(cast.manager).get(f"{BASE}/{review.pk}/").content.decode()
    assert f"{overdue} working days overdue" in page
    assert "Missed" in page
    assert "Reason needed" in page


@pytest.mark.parametrize("who", ["manager", "scrutineer", "police_dsp", "lead_partner", "chair", "viewer"])
def test_everyone_who_reads_the_room_reads_rapid_reviews_with_every_contribution(cast, client_for, who):
    review = make.rapid_review(cast.riverbank)
    make.contribution(review, "Oakfield", involvement="The school saw the older sibling daily.", analysis="Good.")
    make.contribution(review, "Capital Police", involvement="Two call-outs to the address.", analysis="Slow.")
    client = client_for(getattr(cast, who))
    assert client.get(f"{BASE}/").status_code == 200
    page = client.get(f"{BASE}/{review.pk}/").content.decode()
    assert "The school saw the older sibling daily." in page
    assert "Two call-outs to the address." in page


def test_the_list_shows_each_reviews_stage(cast, client_for):
    review = _written(make.rapid_review(cast.riverbank))
    _signed(cast, review)
    page = client_for(cast.viewer).get(f"{BASE}/?show=open").content.decode()
    assert "RB-2025-01" in page
    assert "Ready to send" in page
    assert "3 of 3 partners" in page


def test_an_agency_contributor_does_not_read_rapid_reviews(cast, client_for):
    review = make.rapid_review(cast.riverbank)
    make.contribution(review, "Oakfield")
    contributor = client_for(cast.contributor)
    assert contributor.get(f"{BASE}/").status_code == 403
    assert contributor.get(f"{BASE}/{review.pk}/").status_code == 403


def test_an_outsider_finds_no_rapid_review_page(cast, client_for):
    review = make.rapid_review(cast.riverbank)
    outsider = client_for(cast.outsider)
    assert outsider.get(f"{BASE}/").status_code == 404
    for path in ("", "edit/", "request/", "sign-off/", "send/", "panel/"):
        assert outsider.get(f"{BASE}/{review.pk}/{path}").status_code == 404, path
        assert outsider.post(f"{BASE}/{review.pk}/{path}", {"sent_on": "2025-06-20"}).status_code == 404, path
    review.refresh_from_db()
    assert review.sent_to_panel_on is None


def test_another_partnerships_rapid_review_is_not_found_under_this_partnerships_address(cast, client_for):
    theirs = make.rapid_review(cast.hillcrest, "HC-2025-01")
    manager = client_for(cast.manager)
    for path in ("", "edit/", "request/", "send/", "panel/"):
        assert manager.get(f"{BASE}/{theirs.pk}/{path}").status_code == 404, path
    assert client_for(cast.police_dsp).get(f"{BASE}/{theirs.pk}/sign-off/").status_code == 404
    assert manager.post(f"{BASE}/{theirs.pk}/edit/", FOUR_PARTS).status_code == 404
    theirs.refresh_from_db()
    assert theirs.facts == ""


# --- Writing the four parts --------------------------------------------------------------------


def test_the_business_manager_writes_the_four_parts_and_history_names_them(cast, client_for):
    review = make.rapid_review(cast.riverbank)
    manager = client_for(cast.manager)
    response = manager.post(f"{BASE}/{review.pk}/edit/", FOUR_PARTS)
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.immediate_action_needed is True
    assert (review.criterion_improvements, review.criterion_recurrent_themes, review.criterion_multi_agency) == (
        True,
        False,
        True,
    )
    assert review.history.first().history_user == cast.manager
    page = manager.get(f"{BASE}/{review.pk}/").content.decode()
    assert "(c) it raises concerns about two or more agencies working together effectively" in page
    assert "(b) it highlights" not in page


def test_a_decision_without_its_rationale_is_refused_and_nothing_changes(cast, client_for):
    review = make.rapid_review(cast.riverbank)
    response = client_for(cast.manager).post(f"{BASE}/{review.pk}/edit/", {**FOUR_PARTS, "decision_rationale": ""})
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Record the rationale for the decision: regulation 11 requires the reasons." in page
    assert FOUR_PARTS["facts"] in page  # what was typed is kept
    review.refresh_from_db()
    assert (review.facts, review.lcspr_decision, review.criterion_improvements) == ("", "", False)


def test_a_date_of_birth_in_the_facts_is_refused(cast, client_for):
    review = make.rapid_review(cast.riverbank)
    response = client_for(cast.manager).post(
        f"{BASE}/{review.pk}/edit/", {**FOUR_PARTS, "facts": "Born on 3 March 2025 at home."}
    )
    assert "mentions a date of birth" in response.content.decode()
    review.refresh_from_db()
    assert review.facts == ""


def test_a_viewer_cannot_manage_a_rapid_review(cast, client_for):
    review = _written(make.rapid_review(cast.riverbank))
    viewer = client_for(cast.viewer)
    assert viewer.post(f"{BASE}/{review.pk}/edit/", {**FOUR_PARTS, "facts": "Changed"}).status_code == 403
    assert viewer.post(f"{BASE}/{review.pk}/request/", {"agencies": [make.agency("Oakfield").pk]}).status_code == 403
    assert viewer.post(f"{BASE}/{review.pk}/send/", {"sent_on": "2025-06-20"}).status_code == 403
    assert viewer.post(f"{BASE}/{review.pk}/panel/", {"panel_response": "agrees"}).status_code == 403
    assert viewer.get(f"{BASE}/{review.pk}/sign-off/").status_code == 403
    review.refresh_from_db()
    assert review.facts == FOUR_PARTS["facts"]
    assert review.sent_to_panel_on is None
    assert not AgencyContribution.objects.exists()


# --- Asking agencies ---------------------------------------------------------------------------


def test_more_agencies_are_asked_and_one_already_asked_is_skipped(cast, client_for):
    review = _recent_review(cast)
    make.contribution(review, "Oakfield", due_on=timezone.localdate())
    due = timezone.localdate() + timedelta(days=3)
    response = client_for(cast.manager).post(
        f"{BASE}/{review.pk}/request/",
        {"agencies": [make.agency("Riverbank Youth").pk, make.agency("South London Probation").pk], "due_on": due},
    )
    assert response.status_code == 302
    assert review.contributions.count() == 3
    assert review.contributions.get(agency=make.agency("Riverbank Youth")).due_on == due
    again = rapid_reviewing.contributions_request(
        rapid_review=review, agencies=[make.agency("Oakfield")], due_on=due, by=cast.manager
    )
    assert again == []
    assert review.contributions.count() == 3


def test_an_agency_outside_the_partnership_cannot_be_asked(cast):
    review = _recent_review(cast)
    with pytest.raises(ValidationError) as refused:
        rapid_reviewing.contributions_request(
            rapid_review=review,
            agencies=[make.agency("Riverbank Youth"), make.agency("Hillcrest Schools")],
            due_on=timezone.localdate() + timedelta(days=3),
            by=cast.manager,
        )
    assert "Hillcrest Schools Partnership (demo) does not work with" in str(refused.value)
    assert not AgencyContribution.objects.exists()


# --- Sign-off ----------------------------------------------------------------------------------


def test_each_partner_signs_off_for_their_own_body(cast, client_for):
    review = _written(make.rapid_review(cast.riverbank))
    lead = client_for(cast.lead_partner)
    page = lead.get(f"{BASE}/{review.pk}/sign-off/").content.decode()
    assert "Riverbank Borough Council (demo)" in page
    assert FOUR_PARTS["improvements"] in page  # what they are signing
    council = make.agency("Riverbank Borough Council")
    assert f'name="partner_body" value="{council.pk}"' in page  # the one body they sign for
    response = lead.post(f"{BASE}/{review.pk}/sign-off/", {"partner_body": council.pk, "comment": "Agreed."})
    assert response.status_code == 302
    sign_off = RapidReviewSignOff.objects.get()
    assert (sign_off.partner_body, sign_off.signed_by, sign_off.comment) == (council, cast.lead_partner, "Agreed.")
    assert sign_off.history.first().history_user == cast.lead_partner
    detail = client_for(cast.viewer).get(f"{BASE}/{review.pk}/").content.decode()
    assert "Still to sign off" in detail
    assert "South Thames Health Board (demo)" in detail


@pytest.mark.parametrize("who", ["contributor", "chair", "scrutineer"])
def test_someone_who_is_not_a_partner_is_told_why_they_cannot_sign(cast, client_for, who):
    review = _written(make.rapid_review(cast.riverbank))
    client = client_for(getattr(cast, who))
    council = make.agency("Riverbank Borough Council")
    page = client.get(f"{BASE}/{review.pk}/sign-off/")
    assert page.status_code == 403
    assert "Only a delegated safeguarding partner or lead safeguarding partner for" in page.content.decode()
    assert FOUR_PARTS["facts"] not in page.content.decode()
    response = client.post(f"{BASE}/{review.pk}/sign-off/", {"partner_body": council.pk})
    assert response.status_code == 403
    assert RapidReviewSignOff.objects.count() == 0


def test_a_partner_cannot_sign_for_a_body_they_do_not_represent(cast, client_for):
    review = _written(make.rapid_review(cast.riverbank))
    health = make.agency("South Thames Health Board")
    response = client_for(cast.lead_partner).post(f"{BASE}/{review.pk}/sign-off/", {"partner_body": health.pk})
    assert "for South Thames Health Board (demo) can sign off for it" in response.content.decode()
    assert RapidReviewSignOff.objects.count() == 0


def test_a_partner_body_signs_only_once(cast):
    review = _written(make.rapid_review(cast.riverbank))
    council = make.agency("Riverbank Borough Council")
    rapid_reviewing.rapid_review_sign_off(rapid_review=review, partner_body=council, by=cast.lead_partner)
    with pytest.raises(ValidationError, match="has already signed this rapid review off"):
        rapid_reviewing.rapid_review_sign_off(rapid_review=review, partner_body=council, by=cast.lead_partner)
    assert RapidReviewSignOff.objects.count() == 1


def test_nothing_is_signed_before_the_four_parts_are_written(cast, client_for):
    review = make.rapid_review(cast.riverbank)
    page = client_for(cast.lead_partner).get(f"{BASE}/{review.pk}/sign-off/").content.decode()
    assert "There is nothing complete to sign yet" in page
    with pytest.raises(ValidationError, match="nothing complete to sign"):
        rapid_reviewing.rapid_review_sign_off(
            rapid_review=review, partner_body=make.agency("Riverbank Borough Council"), by=cast.lead_partner
        )
    assert RapidReviewSignOff.objects.count() == 0


# --- Sending to the Panel and its response -----------------------------------------------------


def test_a_review_is_not_sent_before_every_partner_has_signed(cast, client_for):
    review = _written(make.rapid_review(cast.riverbank))
    rapid_reviewing.rapid_review_sign_off(
        rapid_review=review, partner_body=make.agency("Riverbank Borough Council"), by=cast.lead_partner
    )
    response = client_for(cast.manager).post(f"{BASE}/{review.pk}/send/", {"sent_on": "2025-06-20"})
    page = response.content.decode()
    assert "it needs signing off by" in page
    assert "Capital Police South Area (demo)" in page
    review.refresh_from_db()
    assert review.sent_to_panel_on is None


def test_a_review_is_not_sent_before_its_incident(cast, client_for):
    review = _written(make.rapid_review(cast.riverbank))
    _signed(cast, review)
    response = client_for(cast.manager).post(f"{BASE}/{review.pk}/send/", {"sent_on": "2025-05-01"})
    assert "cannot be before the local authority became aware of the incident" in response.content.decode()
    review.refresh_from_db()
    assert review.sent_to_panel_on is None


def test_a_review_is_not_sent_before_it_was_signed_off(cast, client_for):
    review = _written(make.rapid_review(cast.riverbank))
    _signed(cast, review, on=date(2025, 6, 23))
    response = client_for(cast.manager).post(f"{BASE}/{review.pk}/send/", {"sent_on": "2025-06-20"})
    assert "the last sign-off is dated 23 June 2025" in response.content.decode()
    review.refresh_from_db()
    assert review.sent_to_panel_on is None


def test_a_review_sent_late_needs_its_reason_and_is_then_met_late(cast, client_for):
    review = _written(make.rapid_review(cast.riverbank))
    _signed(cast, review)
    manager = client_for(cast.manager)
    # Notified to the Panel on Thursday 5 June 2025: 15 working days is Thursday 26 June.
    response = manager.post(f"{BASE}/{review.pk}/send/", {"sent_on": "2025-06-27"})
    assert "after the deadline of 26 June 2025 (15 working days): say why it was late" in response.content.decode()
    review.refresh_from_db()
    assert review.sent_to_panel_on is None
    manager.post(f"{BASE}/{review.pk}/send/", {"sent_on": "2025-06-27", "late_reason": "The police summary was late."})
    review.refresh_from_db()
    assert review.sent_to_panel_on == date(2025, 6, 27)
    assert review.history.first().history_user == cast.manager
    page = manager.get(f"{BASE}/{review.pk}/").content.decode()
    assert "Met late" in page
    assert "The police summary was late." in page


def test_the_rapid_review_clock_runs_from_the_notification_not_from_when_the_partners_were_told(cast, client_for):
    # Told on Tuesday 3 June, notified on Thursday 5 June: due Thursday 26 June, not Tuesday 24 June.
    review = _written(make.rapid_review(cast.riverbank))
    _signed(cast, review)
    rapid_reviewing.rapid_review_send(rapid_review=review, sent_on=date(2025, 6, 26), by=cast.manager)
    assert review.clocks()[0].due == date(2025, 6, 26)
    page = client_for(cast.manager).get(f"{BASE}/{review.pk}/").content.decode()
    assert "Met on time" in page
    assert "Notified to the Panel" in page


def test_a_review_without_a_notification_date_waits_for_it_and_is_not_late(cast, client_for):
    long_ago = date(2025, 6, 2)
    incident = make.incident(
        cast.riverbank, "RB-2025-09", aware_on=long_ago, notified_on=None, partners_informed_on=long_ago
    )
    review = make.rapid_review(cast.riverbank, incident=incident)
    clock = review.clocks()[0]
    assert clock.due is None
    assert not clock.status(timezone.localdate()).is_late
    manager = client_for(cast.manager)
    for page in (manager.get(f"{BASE}/{review.pk}/"), manager.get(f"{BASE}/")):
        text = page.content.decode()
        assert "The clock starts when the notification is sent to the Panel." in text
        assert "Missed" not in text
        assert "Reason needed" not in text
    # The incident's page shows the same; there, the notification itself is rightly missed.
    assert (
        "The clock starts when the notification is sent to the Panel."
        in manager.get(incident.get_absolute_url()).content.decode()
    )


def test_a_review_sent_on_time_is_met_on_time(cast, client_for):
    review = _written(make.rapid_review(cast.riverbank))
    _signed(cast, review)
    rapid_reviewing.rapid_review_send(rapid_review=review, sent_on=date(2025, 6, 24), by=cast.manager)
    page = client_for(cast.viewer).get(f"{BASE}/{review.pk}/").content.decode()
    assert "Met on time" in page
    assert "Reason needed" not in page


def test_the_panels_response_is_recorded_only_after_the_review_was_sent(cast, client_for):
    review = _written(make.rapid_review(cast.riverbank))
    manager = client_for(cast.manager)
    data = {"panel_response": "agrees", "panel_response_on": "2025-07-10", "panel_response_note": "Agrees."}
    assert "Record when the review was sent" in manager.post(f"{BASE}/{review.pk}/panel/", data).content.decode()
    review.refresh_from_db()
    assert review.panel_response == ""
    _signed(cast, review)
    rapid_reviewing.rapid_review_send(rapid_review=review, sent_on=date(2025, 6, 24), by=cast.manager)
    early = {**data, "panel_response_on": "2025-06-20"}
    assert "cannot have responded before" in manager.post(f"{BASE}/{review.pk}/panel/", early).content.decode()
    review.refresh_from_db()
    assert review.panel_response == ""
    assert manager.post(f"{BASE}/{review.pk}/panel/", data).status_code == 302
    review.refresh_from_db()
    assert (review.panel_response, review.panel_response_on) == ("agrees", date(2025, 7, 10))


def test_a_sent_review_is_kept_as_it_was_sent(cast, client_for):
    review = _written(make.rapid_review(cast.riverbank))
    _signed(cast, review)
    rapid_reviewing.rapid_review_send(rapid_review=review, sent_on=date(2025, 6, 24), by=cast.manager)
    response = client_for(cast.manager).post(f"{BASE}/{review.pk}/edit/", {**FOUR_PARTS, "facts": "Rewritten"})
    assert "what was sent is kept as it was sent" in response.content.decode()
    review.refresh_from_db()
    assert review.facts == FOUR_PARTS["facts"]


def test_the_rapid_review_list_costs_the_same_however_many_reviews(cast, client_for, django_assert_max_num_queries):
    viewer = client_for(cast.viewer)
    for number in range(1, 3):
        make.contribution(make.rapid_review(cast.riverbank, f"RB-2025-0{number}"), "Oakfield")
    with django_assert_max_num_queries(30) as few:
        viewer.get(f"{BASE}/")
    for number in range(3, 8):
        make.contribution(make.rapid_review(cast.riverbank, f"RB-2025-0{number}"), "Oakfield")
    with django_assert_max_num_queries(len(few.captured_queries)):
        viewer.get(f"{BASE}/")


def test_the_list_shows_one_reporting_year_when_asked_as_the_on_time_figure_links_it(cast, client_for):
    from datetime import date as day

    from scrutiny.reviews.tests import factories as make

    make.rapid_review(
        cast.riverbank,
        "RB-2024-07",
        incident=make.incident(
            cast.riverbank,
            "RB-2024-07",
            aware_on=day(2024, 6, 3),
            notified_on=day(2024, 6, 5),
            partners_informed_on=day(2024, 6, 4),
        ),
    )
    make.rapid_review(cast.riverbank, "RB-2025-08", incident=make.incident(cast.riverbank, "RB-2025-08"))
    page = client_for(cast.manager).get("/p/riverbank/reviews/rapid-reviews/?year=2025").content.decode()
    assert "RB-2025-08" in page
    assert "RB-2024-07" not in page
    assert "due in 2025-26" in page
