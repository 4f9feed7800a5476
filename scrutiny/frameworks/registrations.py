"""What the frameworks room offers others: the partnership's local requirements and priorities on
its History page. Called from ``FrameworksConfig.ready()``; registering again replaces, so running
twice is harmless."""

from __future__ import annotations

from scrutiny.frameworks.history import local_log_sources
from scrutiny.partnerships.history import register_history_source


def register() -> None:
    for name, source in local_log_sources.items():
        register_history_source(name, source, room="frameworks")
