from django.apps import AppConfig


class AssuranceConfig(AppConfig):
    name = "scrutiny.assurance"
    label = "assurance"
