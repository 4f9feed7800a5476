from django.apps import AppConfig


class EngagementConfig(AppConfig):
    name = "scrutiny.engagement"
    label = "engagement"
    verbose_name = "Agency engagement"

    def ready(self) -> None:
        from scrutiny.engagement.registrations import register

        register()
