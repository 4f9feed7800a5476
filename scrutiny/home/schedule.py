"""The daily schedule. `scrutiny serve` runs `scheduler`, which calls `enqueue_due_runs` each
minute; a ScheduledRun row per job and day makes repeating it (or running several) harmless."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time
from functools import partial

from django.db import IntegrityError, transaction
from django.utils import timezone

from scrutiny.home.models import ScheduledRun
from scrutiny.home.tasks import send_daily_digests
from scrutiny.voice.tasks import purge_voice_submissions


@dataclass(frozen=True)
class DailyJob:
    name: str
    at: time
    enqueue: Callable[[str], object]


def _enqueue_digest(day: str) -> object:
    return send_daily_digests.enqueue(day)


def _enqueue_voice_purge(day: str) -> object:
    return purge_voice_submissions.enqueue(day)


DAILY_JOBS = [
    DailyJob("daily-digest", time(7, 0), _enqueue_digest),
    # Feedback words past the partnership's retention period are deleted overnight (voice room).
    DailyJob("voice-retention", time(2, 0), _enqueue_voice_purge),
]


def enqueue_due_runs(now: datetime | None = None) -> list[str]:
    """Enqueue each daily job whose time has come today and that has not been enqueued today."""
    local = timezone.localtime(now or timezone.now())
    started = []
    for job in DAILY_JOBS:
        if local.time() < job.at:
            continue
        try:
            with transaction.atomic():
                ScheduledRun.objects.create(name=job.name, day=local.date())
                transaction.on_commit(partial(job.enqueue, local.date().isoformat()))
        except IntegrityError:
            continue
        started.append(job.name)
    return started
