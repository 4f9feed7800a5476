from django.apps import AppConfig


class ClocksConfig(AppConfig):
    name = "scrutiny.clocks"
    label = "clocks"

    def ready(self) -> None:
        # Importing registers the catalogue's system check.
        from scrutiny.clocks import checks  # noqa: F401
        from scrutiny.clocks.registrations import register

        register()
