from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "scrutiny.governance"
    label = "governance"
    verbose_name = "Governance"
