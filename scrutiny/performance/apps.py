from django.apps import AppConfig


class PerformanceConfig(AppConfig):
    """The multi-agency performance dataset: indicators computed from the standard returns."""

    name = "scrutiny.performance"
    label = "performance"
    verbose_name = "Performance"

    def ready(self) -> None:
        from scrutiny.performance.registrations import register

        register()
