"""What the reviews room offers other rooms through the registries: its statutory clocks to the
deadlines page and calendar feed, what is due to the home page and daily digest, and compliance
figures to the assurance room's duty assessments. Called from ``ReviewsConfig.ready()``;
registering again replaces, so running twice is harmless."""

from __future__ import annotations

from scrutiny.clocks.deadlines import register_clock_provider
from scrutiny.figures.provided import register_figure_provider
from scrutiny.figures.registry import register_due_provider
from scrutiny.reviews.clocks import reviews_clocks
from scrutiny.reviews.due import reviews_due_items
from scrutiny.reviews.figures import FIGURES


def register() -> None:
    register_clock_provider("reviews", reviews_clocks)
    register_due_provider("reviews", reviews_due_items)
    for code, provider in FIGURES.items():
        register_figure_provider(code, provider)
