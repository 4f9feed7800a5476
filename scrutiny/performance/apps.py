from django.apps import AppConfig


class PerformanceConfig(AppConfig):
    """The multi-agency performance dataset: indicators computed from the standard returns."""

    name = "scrutiny.performance"
    label = "performance"
    verbose_name = "Performance"

    def ready(self) -> None:
        # Offer figures to the assurance room's duty assessments (registering again replaces).
        from scrutiny.figures.provided import register_figure_provider
        from scrutiny.performance.assurance_figures import FIGURES

        for code, provider in FIGURES:
            register_figure_provider(code, provider)
        # The agency returns still owed, on people's home pages and in the daily digest.
        from scrutiny.figures.registry import register_due_provider
        from scrutiny.performance.agency_returns import returns_due_items

        register_due_provider("performance", returns_due_items)
