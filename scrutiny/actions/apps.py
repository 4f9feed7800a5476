from django.apps import AppConfig


class ActionsConfig(AppConfig):
    name = "scrutiny.actions"
    label = "actions"

    def ready(self) -> None:
        from scrutiny.actions.registrations import register

        register()
