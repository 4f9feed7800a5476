from django.apps import AppConfig


class AssuranceConfig(AppConfig):
    name = "scrutiny.assurance"
    label = "assurance"
    verbose_name = "Assurance"

    def ready(self) -> None:
        from scrutiny.assurance.registrations import register

        register()
