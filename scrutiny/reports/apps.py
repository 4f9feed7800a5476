from django.apps import AppConfig


class ReportsConfig(AppConfig):
    """The yearly report: assembled from the record, signed off by the lead partners, published."""

    name = "scrutiny.reports"
    label = "reports"
    verbose_name = "Yearly report"

    def ready(self) -> None:
        from scrutiny.reports.registrations import register

        register()
