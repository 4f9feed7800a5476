"""The schedule. `scrutiny serve` runs `scheduler`, which each minute calls `enqueue_due_runs`
(daily jobs: a ScheduledRun row per job and day makes repeating it, or running several, harmless)
and `run_frequent_checks` (work that cannot wait a day, each check idempotent on any number of
nodes)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time
from functools import partial

from django.db import IntegrityError, transaction
from django.utils import timezone

from scrutiny.home.models import ScheduledRun
from scrutiny.home.tasks import send_daily_digests
from scrutiny.mail.sending import requeue_waiting
from scrutiny.voice.alerts import escalate_due
from scrutiny.voice.tasks import purge_voice_submissions

logger = logging.getLogger(__name__)


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


#: Checks run every minute by each scheduler. Each must be safe to run at once on several nodes.
FREQUENT_CHECKS: list[tuple[str, Callable[[datetime], int]]] = [
    # Safety concerns nobody acknowledged in time are escalated (voice room; a unique alert record
    # per escalation makes two nodes escalate once).
    ("safety-concern-escalation", escalate_due),
    # E-mail left waiting 15 minutes with no attempt (its task lost, or the worker down) is handed
    # to the worker again, once per wait (mail room; a conditional update claims each delivery, so
    # two nodes re-queue it once, and the re-queued task is for the next attempt only).
    ("waiting-email", requeue_waiting),
]


def run_frequent_checks(now: datetime | None = None) -> dict[str, int]:
    """Run every frequent check; returns how much each did. A check that fails is logged and the
    others still run: the scheduler must outlive a locked database or a bad record."""
    moment = now or timezone.now()
    done = {}
    for name, check in FREQUENT_CHECKS:
        try:
            done[name] = check(moment)
        except Exception:
            logger.exception("The frequent check %s failed; it runs again at the next interval", name)
            done[name] = 0
    return done
