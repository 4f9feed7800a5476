from django.apps import AppConfig


class ClocksConfig(AppConfig):
    name = "scrutiny.clocks"
    label = "clocks"

    def ready(self) -> None:
        # Importing registers the catalogue's system check.
        from scrutiny.clocks import checks  # noqa: F401
        from scrutiny.clocks.history import clock_settings_log
        from scrutiny.partnerships.history import EXTRA_LOG_SOURCES

        # ready() may run more than once (tests): add the source once.
        if clock_settings_log not in EXTRA_LOG_SOURCES:
            EXTRA_LOG_SOURCES.append(clock_settings_log)
