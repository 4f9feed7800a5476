"""Similar earlier recommendations: offline TF-IDF text similarity over this partnership's
recommendations, so "we said this in 2023" is visible before it is said again."""

from __future__ import annotations

from datetime import date

from scrutiny.reviews.models import LearningKind
from scrutiny.reviews.similarity import cosine_scores, similar_recommendations, stem, terms
from scrutiny.reviews.tests import factories

HOUSEHOLD = (
    "Practitioners should ask who else lives in the household and share what they learn about "
    "the adults in the home with the other agencies involved."
)
REWORDED = "Agencies must share information about every adult living in the household, asking who lives in the home."
UNRELATED = "The partnership should publish its yearly report on the website in plain English."
ESCALATION = "Professionals should use the escalation policy when they disagree about thresholds for a referral."


def test_plurals_and_ing_and_ed_endings_share_a_stem():
    assert stem("sharing") == stem("shared") == stem("share") == stem("shares")
    assert stem("referrals") == stem("referral")
    assert stem("agencies") == stem("agency")
    assert stem("planned") == stem("plan")
    assert stem("children") == "child"
    # Short words are left alone rather than cut to nothing.
    assert stem("need") == "need"


def test_stop_words_are_dropped():
    assert terms("The police should ensure that it is shared") == ["polic", "shar"]


def test_the_same_text_scores_one_and_text_with_nothing_in_common_scores_zero():
    scores = cosine_scores(HOUSEHOLD, {1: HOUSEHOLD, 2: "Quarterly budget monitoring"})
    assert scores[1] == 1.0
    assert scores[2] == 0.0


def test_a_reworded_earlier_recommendation_ranks_first_and_an_unrelated_one_is_left_out(cast):
    review = factories.rapid_review(cast.riverbank)
    earlier = factories.recommendation(review, HOUSEHOLD, number="1")
    escalation = factories.recommendation(review, ESCALATION, number="2")
    unrelated = factories.recommendation(review, UNRELATED, number="3")

    found = similar_recommendations(cast.riverbank, REWORDED)

    assert found, "the reworded recommendation should be found"
    assert found[0].point == earlier
    assert 0.15 <= found[0].score <= 1
    assert unrelated not in [item.point for item in found]
    assert escalation not in [item.point for item in found]


def test_findings_are_not_offered_as_earlier_recommendations(cast):
    review = factories.rapid_review(cast.riverbank)
    factories.recommendation(review, HOUSEHOLD, kind=LearningKind.FINDING)
    assert similar_recommendations(cast.riverbank, REWORDED) == []


def test_another_partnerships_recommendations_never_appear(cast):
    hillcrest_review = factories.rapid_review(cast.hillcrest, "HC-2025-01")
    factories.recommendation(hillcrest_review, HOUSEHOLD)
    assert similar_recommendations(cast.riverbank, HOUSEHOLD) == []
    assert [item.point.partnership for item in similar_recommendations(cast.hillcrest, HOUSEHOLD)] == [cast.hillcrest]


def test_it_works_with_no_earlier_recommendations(cast):
    assert similar_recommendations(cast.riverbank, REWORDED) == []
    assert similar_recommendations(cast.riverbank, "") == []


def test_the_recommendation_being_edited_is_left_out(cast):
    review = factories.rapid_review(cast.riverbank)
    itself = factories.recommendation(review, HOUSEHOLD)
    assert [item.point for item in similar_recommendations(cast.riverbank, HOUSEHOLD)] == [itself]
    assert similar_recommendations(cast.riverbank, HOUSEHOLD, exclude_pk=itself.pk) == []


def test_at_most_limit_are_returned_most_similar_first_and_ties_go_to_the_earlier(cast):
    review = factories.rapid_review(cast.riverbank)
    later = factories.recommendation(review, HOUSEHOLD, number="2", made_on=date(2025, 9, 1))
    first = factories.recommendation(review, HOUSEHOLD, number="1", made_on=date(2025, 8, 1))
    partial = factories.recommendation(review, "Ask who lives in the household.", number="3")

    found = similar_recommendations(cast.riverbank, HOUSEHOLD, limit=2)

    assert [item.point for item in found] == [first, later]
    assert partial not in [item.point for item in found]
    assert len(similar_recommendations(cast.riverbank, HOUSEHOLD, limit=5)) == 3
