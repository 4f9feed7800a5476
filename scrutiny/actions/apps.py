from django.apps import AppConfig


class ActionsConfig(AppConfig):
    name = "scrutiny.actions"
    label = "actions"
