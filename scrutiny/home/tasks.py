"""Background work, run by the database-backed task worker that `scrutiny serve` starts."""

from __future__ import annotations

from datetime import date

from django.tasks import task

from scrutiny.home.digest import digests_send


@task
def send_daily_digests(day: str) -> int:
    return digests_send(date.fromisoformat(day))
