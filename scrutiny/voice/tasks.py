"""Background work of the voice room, run by the database-backed task worker."""

from __future__ import annotations

from datetime import date

from django.tasks import task
from django.utils import timezone

from scrutiny.voice.retention import purge_expired


@task
def purge_voice_submissions(day: str) -> dict[str, int]:
    return purge_expired(date.fromisoformat(day))


@task
def escalate_concern(feedback_id: int) -> bool:
    """Escalate one safety concern if its time to acknowledge has run out (idempotent)."""
    from scrutiny.voice.alerts import escalate
    from scrutiny.voice.models import Feedback

    feedback = Feedback.objects.filter(pk=feedback_id).select_related("partnership").first()
    return feedback is not None and escalate(feedback, timezone.now())
