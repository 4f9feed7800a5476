from django.apps import AppConfig


class EvidenceConfig(AppConfig):
    name = "scrutiny.evidence"
    label = "evidence"
    verbose_name = "Evidence"

    def ready(self) -> None:
        from scrutiny.evidence.registrations import register

        register()
