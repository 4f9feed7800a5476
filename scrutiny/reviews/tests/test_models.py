"""The rules the reviews room's records keep, whichever page or endpoint writes them."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from scrutiny.clocks.tracking import ClockStatus
from scrutiny.partnerships.models import Area
from scrutiny.reviews.models import (
    CriteriaMet,
    LearningKind,
    LearningPoint,
    LearningStatus,
    RapidReviewSignOff,
    sign_off_problem,
)
from scrutiny.reviews.tests import factories


def _errors(record) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as raised:
        record.full_clean()
    return raised.value.message_dict


def test_an_incident_notified_late_needs_a_reason_naming_the_deadline(cast):
    incident = factories.incident(cast.riverbank)
    incident.notified_on = date(2025, 6, 12)  # due Monday 9 June
    errors = _errors(incident)
    assert "9 June 2025" in errors["notification_late_reason"][0]
    incident.notification_late_reason = "The notification system was unavailable for three days."
    incident.full_clean()


def test_an_incident_cannot_be_notified_before_the_la_was_aware(cast):
    incident = factories.incident(cast.riverbank)
    incident.notified_on = date(2025, 5, 30)
    assert "cannot be before the local authority became aware" in _errors(incident)["notified_on"][0]


def test_an_incident_the_partners_decided_not_to_notify_has_no_clocks_and_no_rapid_review(cast):
    incident = factories.incident(cast.riverbank, criteria_met=CriteriaMet.NO, notified_on=None)
    assert incident.clocks() == []
    with pytest.raises(ValidationError) as raised:
        factories.rapid_review(cast.riverbank, incident=incident)
    assert "does not meet the notification criteria" in str(raised.value)


def test_the_notifying_authority_must_be_a_local_authority(cast):
    incident = factories.incident(cast.riverbank)
    incident.notifying_area = Area.objects.get(kind="police")
    assert "local authority" in _errors(incident)["notifying_area"][0]


def test_a_rapid_review_runs_15_working_days_from_the_notification_to_the_panel(cast):
    review = factories.rapid_review(cast.riverbank)
    (clock,) = review.clocks()
    # Told Tuesday 3 June 2025, notified Thursday 5 June: 15 working days from the notification
    # is Thursday 26 June (WT2023), not Tuesday 24 June as counted from when the partners were told.
    assert (clock.start, clock.due) == (date(2025, 6, 5), date(2025, 6, 26))
    assert clock.status(date(2025, 6, 26)) is ClockStatus.DUE_SOON
    assert clock.status(date(2025, 6, 27)) is ClockStatus.MISSED


def test_a_rapid_review_has_no_deadline_until_the_notification_is_recorded(cast):
    incident = factories.incident(cast.riverbank, notified_on=None)
    review = factories.rapid_review(cast.riverbank, incident=incident)
    (clock,) = review.clocks()
    assert (clock.start, clock.due) == (None, None)
    assert clock.status(date(2026, 1, 1)) is ClockStatus.NOT_STARTED
    assert clock.waiting == "The clock starts when the notification is sent to the Panel."


def test_a_rapid_review_dated_before_its_incident_is_refused(cast):
    review = factories.rapid_review(cast.riverbank)
    review.decided_on = date(2025, 5, 1)
    review.lcspr_decision = "not_commission"
    review.decision_rationale = "No new learning."
    assert "cannot be before the local authority became aware" in _errors(review)["decided_on"][0]


def test_a_decision_on_an_lcspr_needs_its_rationale(cast):
    review = factories.rapid_review(cast.riverbank)
    review.lcspr_decision = "commission"
    review.decided_on = date(2025, 6, 20)
    assert "regulation 11" in _errors(review)["decision_rationale"][0]


def test_a_rapid_review_is_sent_only_when_complete_and_signed_off_by_every_partner_body(cast):
    review = factories.rapid_review(cast.riverbank)
    assert "the facts" in review.send_problem()
    review.facts = "Agencies knew of concerns about neglect."
    review.immediate_action_needed = False
    review.improvements = "Information sharing between health and school."
    review.lcspr_decision = "not_commission"
    review.decision_rationale = "The learning is known and already being acted on."
    review.decided_on = date(2025, 6, 20)
    review.save()
    assert "Riverbank Borough Council" in review.send_problem()
    assert "Riverbank Community Health Trust" not in review.send_problem()  # a provider, not a partner body
    signers = {
        "Riverbank Borough Council": cast.lead_partner,
        "South Thames Health Board": cast.health_dsp,
        "Capital Police South Area": cast.police_dsp,
    }
    for name, user in signers.items():
        RapidReviewSignOff.objects.create(
            rapid_review=review, partner_body=factories.agency(name), signed_by=user, signed_on=date(2025, 6, 20)
        )
    assert review.send_problem() == ""


def test_only_a_partner_of_that_body_signs_off(cast):
    review = factories.rapid_review(cast.riverbank)
    council = factories.agency("Riverbank Borough Council")
    assert "Only a" in sign_off_problem(review, council, cast.police_dsp, date(2025, 6, 20))
    assert "Only a" in sign_off_problem(review, council, cast.chair, date(2025, 6, 20))
    school = factories.agency("Oakfield")
    assert "not a statutory safeguarding partner" in sign_off_problem(review, school, cast.contributor, None)
    assert sign_off_problem(review, council, cast.lead_partner, date(2025, 6, 20)) == ""
    hillcrest_council = factories.agency("Hillcrest Borough Council")
    assert "not a safeguarding partner of this partnership" in sign_off_problem(
        review, hillcrest_council, cast.lead_partner, None
    )


def test_lcspr_dates_in_the_wrong_order_are_refused_with_both_dates(cast):
    lcspr = factories.lcspr(cast.riverbank, final_report_on=date(2025, 11, 3))
    lcspr.sent_to_panel_on = date(2025, 11, 10)
    lcspr.published_on = date(2025, 11, 7)
    lcspr.publication_url = "https://example.org/child-q"
    message = _errors(lcspr)["published_on"][0]
    assert "7 November 2025" in message
    assert "10 November 2025" in message


def test_an_lcspr_not_published_in_full_says_what_was_published_instead(cast):
    lcspr = factories.lcspr(
        cast.riverbank,
        sent_to_panel_on=date(2025, 11, 20),
        published_on=date(2025, 12, 1),
        publication_url="https://example.org/child-q",
    )
    lcspr.published_in_full = False
    assert "published instead" in _errors(lcspr)["published_instead"][0]


def test_lcspr_clocks_publication_and_report_to_the_panel_counted_back(cast):
    lcspr = factories.lcspr(cast.riverbank, planned_publication_on=date(2026, 1, 16))
    publication, to_panel = lcspr.clocks()
    assert publication.due == date(2026, 1, 1)
    assert to_panel.due == date(2026, 1, 7)
    assert lcspr.keep_available_until is None
    lcspr.sent_to_panel_on = date(2025, 12, 1)
    lcspr.published_on = date(2025, 12, 15)
    lcspr.publication_url = "https://example.org/child-q"
    lcspr.full_clean()
    assert lcspr.keep_available_until == date(2026, 12, 15)


def test_a_learning_point_comes_from_exactly_one_review(cast):
    review = factories.rapid_review(cast.riverbank)
    lcspr = factories.lcspr(cast.riverbank)
    point = LearningPoint(
        partnership=cast.riverbank,
        rapid_review=review,
        lcspr=lcspr,
        kind=LearningKind.FINDING,
        text="x",
        made_on=date(2025, 8, 1),
    )
    assert "exactly one review" in _errors(point)["kind"][0]
    with pytest.raises(IntegrityError), transaction.atomic():
        point.save()


def test_a_recommendation_gets_its_impact_check_twelve_months_on(cast):
    lcspr = factories.lcspr(cast.riverbank)
    point = factories.recommendation(lcspr, made_on=date(2025, 8, 29))
    assert point.impact_check_due == date(2026, 8, 29)
    assert point.status() is LearningStatus.AWAITING_ACTIONS
    finding = factories.recommendation(lcspr, kind=LearningKind.FINDING)
    assert finding.impact_check_due is None
    assert finding.status() is None


def test_only_national_recommendations_may_not_apply_locally_and_then_with_a_reason(cast):
    point = factories.recommendation(factories.lcspr(cast.riverbank))
    point.applies_locally = False
    assert "Only a national review" in _errors(point)["applies_locally"][0]
    national = factories.recommendation(factories.national_review(cast.riverbank), made_on=date(2024, 11, 1))
    national.applies_locally = False
    assert "why it does not apply" in _errors(national)["local_response"][0]
    national.local_response = "There are no residential special schools in the area."
    national.full_clean()
    national.save()
    assert national.status() is LearningStatus.NOT_APPLICABLE
    assert national.impact_check_due is None


def test_an_impact_check_after_its_twelve_months_needs_the_reason(cast):
    point = factories.recommendation(factories.lcspr(cast.riverbank), made_on=date(2025, 8, 1))
    point.impact_checked_on = date(2026, 8, 20)
    point.impact_method = "Re-audit of 20 cases"
    point.impact_outcome = "changed"
    point.impact_summary = "Eighteen of twenty records showed the household checked with other agencies."
    assert "1 August 2026" in _errors(point)["impact_late_reason"][0]
    point.impact_late_reason = "The re-audit waited for the new recording system."
    point.full_clean()
