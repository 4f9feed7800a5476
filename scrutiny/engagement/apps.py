from django.apps import AppConfig


class EngagementConfig(AppConfig):
    name = "scrutiny.engagement"
    label = "engagement"
    verbose_name = "Agency engagement"

    def ready(self) -> None:
        # Offer each agency's engagement to the assurance room's judgements on how organisations
        # co-operate and hold each other to account (registering again replaces).
        from scrutiny.engagement.scorecard import engagement_figure
        from scrutiny.figures.provided import register_figure_provider

        for code in ENGAGEMENT_REQUIREMENTS:
            register_figure_provider(code, engagement_figure)


#: The requirements the scorecard is evidence for: the founding page's duty to assess how well
#: organisations co-operate and hold each other to account, and the Six Steps' step 2 (the wider
#: partners take an active part).
ENGAGEMENT_REQUIREMENTS = ("founding-duties:D5", "six-steps:STEP-2")
