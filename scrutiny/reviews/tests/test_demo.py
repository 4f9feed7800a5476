"""The demo's history of serious incidents and reviews in Riverbank: every state the room shows is
there, every record passes its own checks, and building twice changes nothing."""

from __future__ import annotations

from importlib import import_module

import pytest
from django.utils import timezone

from scrutiny.actions.models import Action
from scrutiny.clocks.catalogue import get_rule
from scrutiny.clocks.tracking import ClockStatus
from scrutiny.partnerships.access import seat_for
from scrutiny.privacy import identifying_details_problem
from scrutiny.reviews.models import (
    AgencyContribution,
    ContributionStatus,
    CriteriaMet,
    Lcspr,
    LcsprDecision,
    LcsprMilestone,
    LearningPoint,
    LearningProduct,
    LearningStatus,
    NationalReview,
    ProductKind,
    RapidReview,
    RapidReviewSignOff,
    SeriousIncident,
)
from scrutiny.reviews.similarity import similar_recommendations
from scrutiny.reviews.themes import theme_recurrence

# What the demo builder makes; see the "demo" marker in pyproject.toml.
pytestmark = [pytest.mark.django_db, pytest.mark.demo]

MODELS = [
    SeriousIncident,
    RapidReview,
    AgencyContribution,
    RapidReviewSignOff,
    Lcspr,
    LcsprMilestone,
    NationalReview,
    LearningPoint,
    LearningProduct,
]


def build_reviews_demo() -> None:
    # The demo package sits above this room (import-linter layers); it is reached by name here
    # only to test the builder this room provides for it.
    import_module("scrutiny.demo.reviews").build_reviews_demo()


def _counts() -> dict[str, int]:
    counts = {m.__name__: m._default_manager.count() for m in MODELS}
    counts.update({f"history of {m.__name__}": m.history.count() for m in MODELS})  # type: ignore[attr-defined]
    counts["Action"] = Action.objects.filter(source_room="reviews").count()
    return counts


@pytest.fixture
def demo(cast):
    """The reviews demo on the foundation demo (the cast): it makes its own evidence and actions."""
    build_reviews_demo()
    return cast


def test_building_the_demo_twice_changes_nothing(cast):
    # With every other room's records too, as ``scrutiny demo`` builds it.
    import_module("scrutiny.demo").build_demo()
    build_reviews_demo()
    first = _counts()
    build_reviews_demo()
    assert _counts() == first


def test_every_demo_record_passes_its_own_checks(demo):
    for model in MODELS:
        for record in model._default_manager.all():
            record.full_clean()


def test_every_free_text_of_the_demo_is_free_of_identifying_details(demo):
    for model in MODELS:
        text_fields = [f.name for f in model._meta.get_fields() if f.get_internal_type() == "TextField"]
        for record in model._default_manager.all():
            for name in text_fields:
                assert identifying_details_problem(getattr(record, name)) == "", (model.__name__, name)


def test_the_demo_has_incidents_over_three_years_and_one_under_way(demo):
    riverbank = SeriousIncident.objects.filter(partnership=demo.riverbank)
    assert {incident.year for incident in riverbank} >= {2023, 2024, 2025}
    assert riverbank.count() >= 6
    not_met = riverbank.get(criteria_met=CriteriaMet.NO)
    assert not_met.criteria_decision
    assert not hasattr(not_met, "rapid_review")
    current = RapidReview.objects.get(partnership=demo.riverbank, sent_to_panel_on__isnull=True)
    assert current.clocks()[0].status(timezone.localdate()) in (ClockStatus.DUE, ClockStatus.DUE_SOON)
    # The demo contributor has their agency's contribution still to write.
    still_to_write = current.contributions.get(agency__name__startswith="Oakfield")
    assert still_to_write.status == ContributionStatus.REQUESTED
    seat = seat_for(demo.contributor, demo.riverbank)
    assert seat is not None
    assert still_to_write.can_write(seat)
    assert AgencyContribution.objects.filter(
        agency__name__startswith="Oakfield", status=ContributionStatus.SUBMITTED
    ).exists()
    assert SeriousIncident.objects.filter(partnership=demo.hillcrest).count() == 1


def test_one_rapid_review_was_late_with_its_reason_and_the_sent_ones_are_signed_by_the_three_partners(demo):
    today = timezone.localdate()
    sent = RapidReview.objects.filter(partnership=demo.riverbank, sent_to_panel_on__isnull=False)
    late = [review for review in sent if review.clocks()[0].status(today) == ClockStatus.MET_LATE]
    assert len(late) == 1
    assert late[0].late_reason
    for review in sent:
        assert review.bodies_still_to_sign() == []


def test_every_demo_rapid_review_runs_from_its_notification_and_carries_a_late_reason_only_if_late(demo):
    today = timezone.localdate()
    for review in RapidReview.objects.select_related("incident"):
        clock = review.clocks()[0]
        assert review.incident.notified_on is not None, review
        assert clock.start == review.incident.notified_on, review
        assert clock.due is not None, review
        assert review.contributions_due <= clock.due, review
        assert bool(review.late_reason) == (clock.status(today) == ClockStatus.MET_LATE), review


def test_the_review_under_way_asks_agencies_by_the_local_default_from_the_notification(demo):
    current = RapidReview.objects.get(partnership=demo.riverbank, sent_to_panel_on__isnull=True)
    notified = current.incident.notified_on
    assert notified is not None
    assert current.contributions_due == get_rule("rapid-review-agency-contribution").due(notified)


def test_one_lcspr_was_published_and_one_is_under_way(demo):
    today = timezone.localdate()
    published = Lcspr.objects.get(partnership=demo.riverbank, published_on__isnull=False)
    assert published.publication_url.startswith("https://")
    assert "example.org" in published.publication_url
    assert published.sent_to_panel_on is not None
    assert published.published_on is not None
    assert published.sent_to_panel_on < published.published_on
    assert any(m.is_late() for m in published.milestones.all())
    under_way = Lcspr.objects.get(partnership=demo.riverbank, published_on__isnull=True)
    assert under_way.clocks()[0].status(today) in (ClockStatus.DUE, ClockStatus.DUE_SOON)


def test_one_rapid_review_decided_not_to_commission_a_review_with_the_criteria_and_rationale(demo):
    not_commissioned = RapidReview.objects.filter(
        partnership=demo.riverbank, lcspr_decision=LcsprDecision.NOT_COMMISSION
    )
    assert not_commissioned.exists()
    assert all(review.decision_rationale and review.criteria_ticked for review in not_commissioned)


def test_recommendations_are_in_every_state(demo):
    points = LearningPoint.objects.filter(partnership=demo.riverbank)
    assert {point.status() for point in points.recommendations()} >= set(LearningStatus)
    not_applicable = points.get(applies_locally=False)
    assert not_applicable.national_review is not None
    assert not_applicable.local_response


def test_a_theme_recurs_and_the_earlier_recommendation_is_found_when_it_is_said_again(demo):
    rows = {row.code: row for row in theme_recurrence(demo.riverbank)}
    curiosity = rows["professional-curiosity"]
    assert curiosity.recurring
    assert {2023, 2025} <= set(curiosity.counts)
    later = LearningPoint.objects.get(
        partnership=demo.riverbank, rapid_review__incident__reference="RB-2025-02", number="1"
    )
    found = similar_recommendations(demo.riverbank, later.text, exclude_pk=later.pk)
    assert found[0].point.lcspr is not None
    assert found[0].point.year == 2023


def test_two_learning_products_reached_agencies(demo):
    products = LearningProduct.objects.filter(partnership=demo.riverbank)
    assert {p.kind for p in products} >= {ProductKind.SEVEN_MINUTE, ProductKind.PRACTITIONER_EVENT}
    assert all(p.agencies_reached.exists() and p.learning_points.exists() for p in products)
