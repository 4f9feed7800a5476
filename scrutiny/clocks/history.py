"""The history of a partnership's clock lengths: each length set, changed or removed, by whom and
why, for the clocks page and the partnership's History page."""

from __future__ import annotations

from typing import Any

from scrutiny.clocks.catalogue import Unit, UnknownClock, get_rule
from scrutiny.clocks.models import ClockSetting
from scrutiny.partnerships.history import HistoryEntry, LogSource
from scrutiny.partnerships.models import Partnership

#: How many changes the clocks page shows.
HISTORY_SHOWN = 50


def _title(rule_id: str) -> str:
    try:
        return get_rule(rule_id).title
    except UnknownClock:
        return rule_id


def describe(row: Any) -> str:
    """One historical row in words: "Agency contribution to a rapid review submitted: set to 8
    working days. Agreed at the executive." or "…: your partnership's length removed."."""
    title = _title(row.rule_id)
    if row.history_type == "-":
        why = f" {row.history_change_reason}" if row.history_change_reason else ""
        return f"{title}: your partnership's length removed.{why}"
    return f"{title}: set to {Unit(row.unit).describe(row.length)}. {row.reason}"


def clock_history(partnership: Partnership) -> list[HistoryEntry]:
    """Every length the partnership set or removed, newest first, with its reason."""
    rows = (
        ClockSetting.history.filter(partnership_id=partnership.pk)
        .select_related("history_user")
        .order_by("-history_date", "-history_id")[:HISTORY_SHOWN]
    )
    return [
        HistoryEntry(
            when=row.history_date,
            who=str(row.history_user) if row.history_user is not None else "System",
            what=describe(row),
            record="",
            changes=[],
        )
        for row in rows
    ]


def clock_settings_log(partnership: Partnership) -> LogSource:
    """The clock lengths' lines of the partnership-wide History page."""
    rows = ClockSetting.history.filter(partnership_id=partnership.pk)
    return (rows, [], lambda row: f"Clock length: {describe(row)}")
