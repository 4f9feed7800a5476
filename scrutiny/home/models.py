"""Records that make scheduled work safe to repeat: a daily run is enqueued once, and each person
gets at most one reminder digest a day, however many workers or schedulers are running."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ScheduledRun(models.Model):
    name = models.CharField(max_length=100)
    day = models.DateField()
    enqueued_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["name", "day"], name="one_scheduled_run_a_day")]

    def __str__(self) -> str:
        return f"{self.name} on {self.day}"


class DigestSent(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digests")
    day = models.DateField()
    item_count = models.PositiveIntegerField(default=0)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "day"], name="one_digest_a_day")]

    def __str__(self) -> str:
        return f"Digest for {self.user} on {self.day}"
