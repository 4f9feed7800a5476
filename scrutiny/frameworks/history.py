"""The frameworks lines of the partnership-wide History page: changes to the partnership's local
requirements and its priorities (shipped frameworks are not partnership records)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from scrutiny.frameworks.models import Requirement, Theme
from scrutiny.partnerships.history import LogSource
from scrutiny.partnerships.models import Partnership


def _local_requirements(partnership: Partnership) -> LogSource:
    rows = Requirement.history.filter(framework__partnership=partnership)

    def describe(row: Any) -> str:
        return f"Local requirement: {row.ref} {row.title}"

    return rows, [], describe


def _priorities(partnership: Partnership) -> LogSource:
    rows = Theme.history.filter(partnership_id=partnership.pk)

    def describe(row: Any) -> str:
        return f"Partnership priority: {row.label}{' (retired)' if row.retired else ''}"

    return rows, [], describe


local_log_sources: dict[str, Callable[[Partnership], LogSource]] = {
    "frameworks_local_requirements": _local_requirements,
    "frameworks_priorities": _priorities,
}
