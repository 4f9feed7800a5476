"""What the clocks room offers others: the partnership's clock lengths on its History page. Called
from ``ClocksConfig.ready()``; registering again replaces, so running twice is harmless."""

from __future__ import annotations

from scrutiny.clocks.history import clock_settings_log
from scrutiny.partnerships.history import register_history_source


def register() -> None:
    register_history_source("clocks", clock_settings_log, room="clocks")
