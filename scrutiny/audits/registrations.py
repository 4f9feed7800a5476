"""What the audits room offers others: what is due on the home page and in the daily digest, and its
rounds, returns and case file audits on the partnership's History page. Called from
``AuditsConfig.ready()``; registering again replaces, so running twice is harmless."""

from __future__ import annotations

from scrutiny.audits.due import audits_due
from scrutiny.audits.models import AuditReturn, AuditRound, CaseFileAudit
from scrutiny.figures.registry import register_due_provider
from scrutiny.partnerships.history import model_source, register_history_source

ROOM = "audits"


def register() -> None:
    register_due_provider(ROOM, audits_due)
    sources = {
        "audits_rounds": model_source(
            AuditRound, "Audit round", lambda row: f"{row.title} ({row.get_status_display().lower()})"
        ),
        "audits_returns": model_source(
            AuditReturn,
            "Audit return",
            lambda row: f"{row.agency} for {row.round.title} ({row.get_status_display().lower()})",
            ["agency", "round"],
        ),
        "audits_case_file_audits": model_source(
            CaseFileAudit, "Case file audit", lambda row: f"{row.title} ({row.get_status_display().lower()})"
        ),
    }
    for name, source in sources.items():
        register_history_source(name, source, room=ROOM)
