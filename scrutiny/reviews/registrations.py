"""What the reviews room offers other rooms through the registries: its statutory clocks to the
deadlines page and calendar feed, what is due to the home page and daily digest, and compliance
figures to the assurance room's duty assessments. Called from ``ReviewsConfig.ready()``;
registering again replaces, so running twice is harmless."""

from __future__ import annotations

from scrutiny.clocks.deadlines import register_clock_provider, register_rule_listener
from scrutiny.figures.provided import register_figure_provider
from scrutiny.figures.registry import register_due_provider
from scrutiny.partnerships.models import Partnership
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


def register() -> None:
    register_clock_provider("reviews", reviews_clocks)
    register_rule_listener("reviews", _impact_checks_follow)
    register_due_provider("reviews", reviews_due_items)
    for code, provider in FIGURES.items():
        register_figure_provider(code, provider)
