"""What the governance room offers others: its meeting series, meetings, attendance and decisions
on the partnership's History page. Called from ``GovernanceConfig.ready()``; registering again
replaces, so running twice is harmless."""

from __future__ import annotations

from typing import Any

from scrutiny.governance import models
from scrutiny.partnerships.history import model_source, register_history_source

ROOM = "governance"


def _meeting(row: Any) -> str:
    return f"{row.series.name}, {row.starts_at:%-d %B %Y} ({row.get_status_display().lower()})"


def register() -> None:
    # The scrutineer's observations of meetings are the scrutineer's own work, not listed here.
    sources = {
        "governance_series": model_source(models.MeetingSeries, "Meeting series", lambda row: row.name),
        "governance_meetings": model_source(models.Meeting, "Meeting", _meeting, ["series"]),
        "governance_attendance": model_source(
            models.Attendance,
            "Attendance",
            lambda row: f"{row.meeting.series.name}, {row.meeting.starts_at:%-d %B %Y}: {row.get_status_display()}",
            ["meeting__series"],
        ),
        "governance_decisions": model_source(
            models.Decision,
            "Decision",
            lambda row: f"{row.meeting.series.name}, {row.meeting.starts_at:%-d %B %Y}",
            ["meeting__series"],
        ),
    }
    for name, source in sources.items():
        register_history_source(name, source, room=ROOM)
