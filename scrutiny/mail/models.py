"""Each e-mail Scrutiny sends, as a delivery: who it went to, what it was about, and how sending went.

The body is kept only until the message is sent (or the business manager stops trying): a safety
alert carries a child's own words, and nobody needs them again from here.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import models
from django.utils import timezone

from scrutiny.partnerships.models import Partnership

#: What each kind of e-mail is called on the deliveries page. A kind not listed here shows as its
#: code with spaces, so a room may send a new kind without changing this module.
KIND_LABELS = {
    "invitation": "Invitation",
    "digest": "Daily reminder",
    "safety_alert": "Safety alert",
    "account": "Sign-in (password reset)",
}


class DeliveryStatus(models.TextChoices):
    #: Waiting for the task worker, for its first attempt or a retry.
    QUEUED = "queued", "Waiting to be sent"
    SENT = "sent", "Sent"
    #: Every attempt failed; shown to the business manager until sent again or given up.
    FAILED = "failed", "Not sent"
    #: The business manager stopped trying.
    CANCELLED = "cancelled", "Given up"


#: A delivery still waiting this long after it was queued, with no retry ahead of it, has not been
#: picked up: the task worker is probably not running. (The retries take 21 minutes in all.)
STUCK_AFTER = timedelta(hours=1)

#: A delivery whose first attempt (or overdue retry) has not begun this long after it was due is
#: handed to the task worker again by the scheduler's sweep (``sending.requeue_waiting``): its task
#: was lost, or the worker was down. Long enough that a busy worker is not second-guessed; short
#: enough that a lost safety alert goes out well before the hour after which the business manager is
#: told. An attempt begun this long ago and never finished is not tried again (the mail server may
#: have had it) but recorded as not sent, for the business manager to decide.
WAITING_TOO_LONG = timedelta(minutes=15)


class DeliveryQuerySet(models.QuerySet["Delivery"]):
    def failed(self) -> DeliveryQuerySet:
        return self.filter(status=DeliveryStatus.FAILED)

    def stuck(self, now: datetime) -> DeliveryQuerySet:
        """Waiting for over ``STUCK_AFTER`` with no retry still to come."""
        return self.filter(status=DeliveryStatus.QUEUED, queued_at__lt=now - STUCK_AFTER).filter(
            models.Q(next_attempt_at__isnull=True) | models.Q(next_attempt_at__lt=now - STUCK_AFTER)
        )

    def waiting_too_long(self, now: datetime) -> DeliveryQuerySet:
        """Waiting, with no attempt begun, over ``WAITING_TOO_LONG`` after its first attempt (or its
        retry) was due, and not yet handed to the worker again since it began to wait: the sweep
        re-queues each wait once, so a worker that is down is not buried under copies."""
        cutoff = now - WAITING_TOO_LONG
        # Its first attempt (or the one "try again" asked for): no attempt since it was queued.
        first = (
            models.Q(next_attempt_at__isnull=True, queued_at__lt=cutoff)
            & (models.Q(last_attempt_at__isnull=True) | models.Q(last_attempt_at__lt=models.F("queued_at")))
            & (models.Q(requeued_at__isnull=True) | models.Q(requeued_at__lt=models.F("queued_at")))
        )
        # A retry, which waits from the failed attempt that set it.
        retry = models.Q(next_attempt_at__lt=cutoff) & (
            models.Q(requeued_at__isnull=True) | models.Q(requeued_at__lt=models.F("last_attempt_at"))
        )
        return self.filter(status=DeliveryStatus.QUEUED).filter(first | retry)

    def attempt_unfinished(self, now: datetime) -> DeliveryQuerySet:
        """An attempt was begun (claimed) over ``WAITING_TOO_LONG`` ago and never recorded as sent or
        failed: the worker stopped during it."""
        return self.filter(
            status=DeliveryStatus.QUEUED,
            next_attempt_at__isnull=True,
            last_attempt_at__gte=models.F("queued_at"),
            last_attempt_at__lt=now - WAITING_TOO_LONG,
        )


class Delivery(models.Model):
    #: The partnerships whose business managers see this delivery (a daily reminder lists several).
    partnerships = models.ManyToManyField(Partnership, related_name="deliveries", blank=True)
    kind = models.SlugField(max_length=40)
    recipients = models.JSONField(default=list)
    subject = models.CharField(max_length=300)
    #: Kept only until sent or given up, then blanked (see the module docstring).
    body = models.TextField(blank=True)
    #: A path inside Scrutiny, made a full address when the message is sent; blanked with the body
    #: (an invitation's link is its secret).
    link = models.CharField(max_length=500, blank=True)
    status = models.CharField(max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)
    #: When it was last handed to the task worker (again, after "try again").
    queued_at = models.DateTimeField(default=timezone.now)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    #: When the scheduler's sweep last handed it to the task worker again (``WAITING_TOO_LONG``).
    requeued_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    objects = DeliveryQuerySet.as_manager()

    #: How scrutiny.partnerships.scoping finds a delivery's partnership.
    partnership_scope = "partnerships"

    class Meta:
        ordering = ["-queued_at", "-pk"]
        indexes = [models.Index(fields=["status", "queued_at"])]
        verbose_name_plural = "deliveries"

    def __str__(self) -> str:
        return f"{self.kind_label} to {', '.join(self.recipients)}: {self.subject}"

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind.replace("_", " ").replace("-", " ").capitalize())
