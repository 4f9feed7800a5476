from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "scrutiny.home"
    label = "home"
