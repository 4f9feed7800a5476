"""The action tracker's lines in the partnership-wide History log."""

from __future__ import annotations

from typing import Any

from scrutiny.actions.models import Action, ActionUpdate
from scrutiny.partnerships.history import LogSource
from scrutiny.partnerships.models import Partnership


def action_log_source(partnership: Partnership) -> LogSource:
    def describe(row: Any) -> str:
        return f"Action: {row.title} ({row.get_status_display().lower()})"

    return (Action.history.filter(partnership_id=partnership.pk), [], describe)


def action_update_log_source(partnership: Partnership) -> LogSource:
    def describe(row: Any) -> str:
        return f"Action update: {row.action.title}" if row.action else "Action update"

    return (ActionUpdate.history.filter(action__partnership_id=partnership.pk), ["action"], describe)
