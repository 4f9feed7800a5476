from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "scrutiny.governance"
    label = "governance"
    verbose_name = "Governance"

    def ready(self) -> None:
        from scrutiny.governance.registrations import register

        register()
