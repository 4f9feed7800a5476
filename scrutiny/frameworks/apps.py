from django.apps import AppConfig


class FrameworksConfig(AppConfig):
    name = "scrutiny.frameworks"
    label = "frameworks"
    verbose_name = "Frameworks"
