"""Each e-mail Scrutiny sends, as a delivery: who it went to, what it was about, and how sending went.

The body is kept only until the message is sent (or the business manager stops trying): a safety
alert carries a child's own words, and nobody needs them again from here.
"""

from __future__ import annotations

from django.db import models

from scrutiny.partnerships.models import Partnership

#: What each kind of e-mail is called on the deliveries page. A kind not listed here shows as its
#: code with spaces, so a room may send a new kind without changing this module.
KIND_LABELS = {
    "invitation": "Invitation",
    "digest": "Daily reminder",
    "safety_alert": "Safety alert",
}


class DeliveryStatus(models.TextChoices):
    #: Waiting for the task worker, for its first attempt or a retry.
    QUEUED = "queued", "Waiting to be sent"
    SENT = "sent", "Sent"
    #: Every attempt failed; shown to the business manager until sent again or given up.
    FAILED = "failed", "Not sent"
    #: The business manager stopped trying.
    CANCELLED = "cancelled", "Given up"


class DeliveryQuerySet(models.QuerySet["Delivery"]):
    def failed(self) -> DeliveryQuerySet:
        return self.filter(status=DeliveryStatus.FAILED)


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
    queued_at = models.DateTimeField(auto_now_add=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
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
