"""What the evidence room offers others: its items, files and links on the partnership's History
page. Called from ``EvidenceConfig.ready()``; registering again replaces, so running twice is
harmless."""

from __future__ import annotations

from scrutiny.evidence.history import item_log, link_log, version_log
from scrutiny.partnerships.history import register_history_source


def register() -> None:
    register_history_source("evidence_items", item_log, room="evidence")
    register_history_source("evidence_versions", version_log, room="evidence")
    register_history_source("evidence_links", link_log, room="evidence")
