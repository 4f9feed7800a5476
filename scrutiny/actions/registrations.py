"""What the actions room offers others: its due items on the home page and in the daily digest, and
its actions and their updates on the partnership's History page. Called from
``ActionsConfig.ready()``; registering again replaces, so running twice is harmless."""

from __future__ import annotations

from scrutiny.actions.due import action_due_items
from scrutiny.actions.history import action_log_source, action_update_log_source
from scrutiny.figures.registry import register_due_provider
from scrutiny.partnerships.history import register_history_source


def register() -> None:
    register_due_provider("actions", action_due_items)
    register_history_source("actions", action_log_source, room="actions")
    register_history_source("actions_updates", action_update_log_source, room="actions")
