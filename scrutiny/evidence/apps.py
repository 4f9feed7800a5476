from django.apps import AppConfig


class EvidenceConfig(AppConfig):
    name = "scrutiny.evidence"
    label = "evidence"
