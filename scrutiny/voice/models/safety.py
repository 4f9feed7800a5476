"""The safety route's own records: each alert sent about a concern (so escalation is recorded and
happens once however many schedulers run), and the partnership's own safety words."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from scrutiny.partnerships.models import Partnership
from scrutiny.voice.models.feedback import Feedback


class AlertKind(models.TextChoices):
    ARRIVAL = "arrival", "Alert on arrival"
    OUT_OF_HOURS = "out_of_hours", "Out-of-hours alert"
    ESCALATION = "escalation", "Escalation: not acknowledged in time"


class ConcernAlert(models.Model):
    """One alert about one concern. ``(feedback, kind, level)`` is unique: the scheduler on every
    node may try to escalate the same concern at the same moment, and only the one that records the
    alert sends it."""

    feedback = models.ForeignKey(Feedback, on_delete=models.CASCADE, related_name="alerts")
    kind = models.CharField(max_length=20, choices=AlertKind.choices)
    #: 0 on arrival; 1 for the first escalation, 2 for the second, and so on.
    level = models.PositiveSmallIntegerField(default=0)
    sent_at = models.DateTimeField(default=timezone.now)
    #: Who was alerted, as names and addresses (the words of the concern are not repeated here).
    recipients = models.TextField(blank=True)
    reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["sent_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["feedback", "kind", "level"], name="one_alert_per_concern_kind_level")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} at {timezone.localtime(self.sent_at):%H:%M on %-d %B %Y}"


class SafetyTerm(models.Model):
    """A word or phrase the partnership adds to the shipped vocabulary: local slang, the name of a
    local place where children are exploited, a phrase its safeguarding lead wants read at once.
    Additions only ever add flags; they take effect for the next message in every process."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="safety_terms")
    category = models.CharField(max_length=40)
    phrase = models.CharField(max_length=100)
    note = models.CharField("why it was added", max_length=300, blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    added_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()
    partnership_scope: ClassVar[str] = "partnership"

    class Meta:
        ordering = ["category", "phrase"]
        constraints = [models.UniqueConstraint(fields=["partnership", "phrase"], name="one_safety_term_per_phrase")]

    def __str__(self) -> str:
        return f"“{self.phrase}”"
