from django.apps import AppConfig


class FiguresConfig(AppConfig):
    name = "scrutiny.figures"
    label = "figures"
