"""What the engagement room offers others: each agency's engagement beside the assurance room's
judgements on how organisations co-operate and hold each other to account. Called from
``EngagementConfig.ready()``; registering again replaces, so running twice is harmless."""

from __future__ import annotations

from scrutiny.engagement.scorecard import engagement_figure
from scrutiny.figures.provided import register_figure_provider

#: The requirements the scorecard is evidence for: the founding page's duty to assess how well
#: organisations co-operate and hold each other to account, and the Six Steps' step 2 (the wider
#: partners take an active part).
ENGAGEMENT_REQUIREMENTS = ("founding-duties:D5", "six-steps:STEP-2")


def register() -> None:
    for code in ENGAGEMENT_REQUIREMENTS:
        register_figure_provider(code, engagement_figure)
