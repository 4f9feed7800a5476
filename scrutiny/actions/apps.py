from django.apps import AppConfig


class ActionsConfig(AppConfig):
    name = "scrutiny.actions"
    label = "actions"

    def ready(self) -> None:
        from scrutiny.actions.due import action_due_items
        from scrutiny.actions.history import action_log_source, action_update_log_source
        from scrutiny.figures.registry import register_due_provider
        from scrutiny.partnerships.history import EXTRA_LOG_SOURCES

        register_due_provider("actions", action_due_items)
        # ready() may run more than once (tests): add each log source once.
        for source in (action_log_source, action_update_log_source):
            if source not in EXTRA_LOG_SOURCES:
                EXTRA_LOG_SOURCES.append(source)
