"""Background work of the voice room, run by the database-backed task worker."""

from __future__ import annotations

from datetime import date

from django.tasks import task

from scrutiny.voice.retention import purge_expired


@task
def purge_voice_submissions(day: str) -> dict[str, int]:
    return purge_expired(date.fromisoformat(day))
