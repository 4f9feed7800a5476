"""A partnership's own length for a clock not yet confirmed moves its reviews' deadlines (and no
other partnership's): agencies' contributions, the LCSPR's report to the Panel, recommendations'
impact checks, and what the pages, calendar and not-confirmed tag say about them."""

from __future__ import annotations

from datetime import date

import pytest

from scrutiny.clocks.feeds import _description
from scrutiny.clocks.services import clock_setting_clear, clock_setting_save
from scrutiny.clocks.tracking import late_reason_problem
from scrutiny.partnerships.models import Partnership
from scrutiny.reviews.clocks import contribution_clock
from scrutiny.reviews.forms.incidents import RapidReviewStartForm
from scrutiny.reviews.models import LearningPoint
from scrutiny.reviews.rapid_reviewing import default_contributions_due, rapid_review_start
from scrutiny.reviews.tests import factories

pytestmark = pytest.mark.django_db

#: Not yet confirmed (clocks.yaml: verified: false): agencies' contributions, 10 working days.
CONTRIBUTION = "rapid-review-agency-contribution"
CLOCKS = "/p/riverbank/clocks/"


def _set(partnership: Partnership, person, rule_id: str = CONTRIBUTION, length: int = 8, unit: str = "") -> None:
    clock_setting_save(
        partnership=partnership,
        rule_id=rule_id,
        length=length,
        unit=unit,
        reason="Agreed at the executive on 3 March.",
        person=person,
    )


# --- The deadlines it moves -------------------------------------------------------------------


def test_a_rapid_reviews_default_contribution_deadline_follows_the_partnerships_length(cast):
    incident = factories.incident(cast.riverbank, notified_on=date(2025, 6, 5))
    assert default_contributions_due(incident) == date(2025, 6, 19)  # 10 working days
    _set(cast.riverbank, cast.manager)
    incident.refresh_from_db()
    assert default_contributions_due(incident) == date(2025, 6, 17)  # 8 working days
    review = rapid_review_start(incident=incident, contributions_due=None, agencies=[], by=cast.manager)
    assert review.contributions_due == date(2025, 6, 17)
    form = RapidReviewStartForm(partnership=cast.riverbank)
    assert "8 working days after the notification" in str(form.fields["contributions_due"].help_text)


def test_another_partnerships_contribution_deadline_is_unaffected(cast):
    _set(cast.riverbank, cast.manager)
    theirs = factories.incident(cast.hillcrest, "HC-2025-09", notified_on=date(2025, 6, 5))
    assert default_contributions_due(theirs) == date(2025, 6, 19)


def test_a_contributions_clock_says_the_length_is_the_partnerships(cast):
    review = factories.rapid_review(cast.riverbank)
    contribution = factories.contribution(review)
    _set(cast.riverbank, cast.manager)
    clock = contribution_clock(contribution)
    assert clock.rule.set_by_partnership
    assert clock.as_dict(date(2025, 6, 10))["set_by_partnership"] is True


def test_an_lcspr_reports_clock_and_its_late_reason_count_the_partnerships_length(cast):
    lcspr = factories.lcspr(cast.riverbank, planned_publication_on=date(2026, 5, 12))
    assert lcspr.clocks()[1].due == date(2026, 4, 30)  # 7 working days before
    _set(cast.riverbank, cast.manager, rule_id="lcspr-report-to-panel", length=10)
    lcspr.refresh_from_db()
    assert lcspr.clocks()[1].due == date(2026, 4, 27)  # 10 working days before
    problem = late_reason_problem(
        "lcspr-report-to-panel", date(2026, 5, 12), date(2026, 4, 28), "", partnership=lcspr.partnership
    )
    assert "(10 working days)" in problem


def test_recommendations_impact_checks_move_with_the_partnerships_length(cast):
    review = factories.rapid_review(cast.riverbank)
    point = factories.recommendation(review, made_on=date(2025, 8, 1))
    theirs = factories.recommendation(factories.rapid_review(cast.hillcrest, "HC-2025-01"), made_on=date(2025, 8, 1))
    assert point.impact_check_due == date(2026, 8, 1)
    _set(cast.riverbank, cast.manager, rule_id="review-recommendation-impact-check", length=6, unit="months")
    assert LearningPoint.objects.get(pk=point.pk).impact_check_due == date(2026, 2, 1)
    assert LearningPoint.objects.get(pk=theirs.pk).impact_check_due == date(2026, 8, 1)
    clock_setting_clear(partnership=cast.riverbank, rule_id="review-recommendation-impact-check", person=cast.manager)
    assert LearningPoint.objects.get(pk=point.pk).impact_check_due == date(2026, 8, 1)


def test_the_calendar_says_the_partnership_can_set_an_unconfirmed_length(cast):
    review = factories.rapid_review(cast.riverbank)
    _set(cast.riverbank, cast.manager)
    text = _description(contribution_clock(factories.contribution(review)), "https://example.org/")
    assert (
        "8 working days (your partnership's length): Not yet confirmed against the guidance; your partnership" in text
    )


def test_the_rapid_review_start_page_suggests_the_partnerships_contribution_deadline(cast, client_for):
    _set(cast.riverbank, cast.manager)
    incident = factories.incident(cast.riverbank, notified_on=date(2025, 6, 5))
    page = client_for(cast.manager).get(f"/p/riverbank/reviews/incidents/{incident.pk}/rapid-review/").content.decode()
    assert "8 working days after the notification" in page
    assert 'value="2025-06-17"' in page


def test_the_not_confirmed_tag_links_to_the_page_only_for_the_business_manager(cast, client_for):
    review = factories.rapid_review(cast.riverbank)
    factories.recommendation(review, made_on=date(2025, 8, 1))
    manager_page = client_for(cast.manager).get("/p/riverbank/deadlines/?met=yes").content.decode()
    assert f'href="{CLOCKS}">Set it<span class="govuk-visually-hidden"> for your partnership</span>' in manager_page
    viewer_page = client_for(cast.viewer).get("/p/riverbank/deadlines/?met=yes").content.decode()
    assert "your partnership can set it" in viewer_page
    assert ">Set it<" not in viewer_page
    assert f'href="{CLOCKS}">see their lengths</a>' in viewer_page


def test_the_learning_pages_say_the_partnerships_impact_check_length(cast, client_for):
    point = factories.recommendation(factories.rapid_review(cast.riverbank), made_on=date(2025, 8, 1))
    _set(cast.riverbank, cast.manager, rule_id="review-recommendation-impact-check", length=6, unit="months")
    client = client_for(cast.manager)
    detail = client.get(f"/p/riverbank/reviews/learning/{point.pk}/").content.decode()
    assert "6 months after a recommendation is agreed" in detail
    assert "1 February 2026" in detail
    assert "6 months after it was agreed" in client.get("/p/riverbank/reviews/learning/").content.decode()
    assert (
        "6 months after it was agreed, check"
        in client.get(f"/p/riverbank/reviews/learning/{point.pk}/impact/").content.decode()
    )
