"""What the reviews room offers other rooms through the registries: its statutory clocks to the
deadlines page and calendar feed, what is due to the home page and daily digest, and compliance
figures to the assurance room's duty assessments. Called from ``ReviewsConfig.ready()``;
registering again replaces, so running twice is harmless."""

from __future__ import annotations

from typing import Any

from scrutiny.clocks.deadlines import register_clock_provider, register_rule_listener
from scrutiny.figures.provided import register_figure_provider
from scrutiny.figures.registry import register_due_provider
from scrutiny.partnerships.history import model_source, register_history_source
from scrutiny.partnerships.models import Partnership
from scrutiny.reviews import models
from scrutiny.reviews.clocks import reviews_clocks
from scrutiny.reviews.due import reviews_due_items
from scrutiny.reviews.figures import FIGURES
from scrutiny.reviews.models import LearningPoint
from scrutiny.reviews.models.learning import IMPACT_CHECK_RULE


def _impact_checks_follow(partnership: Partnership, rule_id: str) -> None:
    """A recommendation keeps its impact check date: when the partnership changes that clock's
    length, the dates are worked out again."""
    if rule_id == IMPACT_CHECK_RULE:
        LearningPoint.objects.reschedule_impact_checks(partnership)


def _history_sources() -> dict[str, Any]:
    """The partnership's History page: each review and its parts changed, by pseudonymised
    reference and title only (never the facts)."""
    return {
        "reviews_incidents": model_source(
            models.SeriousIncident,
            "Serious incident",
            lambda row: f"{row.reference} ({row.get_kind_display().lower()})",
        ),
        "reviews_rapid_reviews": model_source(
            models.RapidReview, "Rapid review", lambda row: row.incident.reference, ["incident"]
        ),
        "reviews_contributions": model_source(
            models.AgencyContribution,
            "Agency contribution to a rapid review",
            lambda row: f"{row.agency} to {row.rapid_review.incident.reference}",
            ["agency", "rapid_review__incident"],
        ),
        "reviews_sign_offs": model_source(
            models.RapidReviewSignOff,
            "Rapid review signed off",
            lambda row: f"{row.rapid_review.incident.reference} for {row.partner_body}",
            ["partner_body", "rapid_review__incident"],
        ),
        "reviews_lcsprs": model_source(models.Lcspr, "Practice review", lambda row: row.title),
        "reviews_milestones": model_source(models.LcsprMilestone, "Review milestone", lambda row: row.title),
        "reviews_national": model_source(models.NationalReview, "National review", lambda row: row.title),
        "reviews_learning": model_source(
            models.LearningPoint, "Learning", lambda row: f"{row.get_kind_display()} {row.number}".strip()
        ),
        "reviews_products": model_source(models.LearningProduct, "Learning product", lambda row: row.title),
    }


def register() -> None:
    register_clock_provider("reviews", reviews_clocks)
    register_rule_listener("reviews", _impact_checks_follow)
    register_due_provider("reviews", reviews_due_items)
    for code, provider in FIGURES.items():
        register_figure_provider(code, provider)
    for name, source in _history_sources().items():
        register_history_source(name, source, room="reviews")
