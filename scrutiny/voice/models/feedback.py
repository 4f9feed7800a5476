"""Feedback from children, young people, parents and carers, given without an account on the
partnership's public pages, and the safety route: a submission that says the person does not feel
safe, or whose words suggest a child is at risk of harm, is flagged, the partnership's designated
safeguarding contacts are alerted at once, and it stays flagged until a named person records what
was done.

Privacy: anonymous by default. Contact details are kept only with consent. No IP address is
stored; rate limiting keeps a salted hash in the cache for an hour (see ``voice/limits.py``).
After the partnership's retention period the words are deleted and only counts remain.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from scrutiny.partnerships.models import Partnership

ROOM = "voice"


class Audience(models.TextChoices):
    CHILD = "child", _("Children")
    YOUNG_PERSON = "young_person", _("Young people")
    PARENT_CARER = "parent_carer", _("Parents and carers")


class Feeling(models.IntegerChoices):
    """The picture scale: five faces, from very unhappy to very happy."""

    VERY_UNHAPPY = 1, _("Very unhappy")
    UNHAPPY = 2, _("Unhappy")
    OK = 3, _("OK")
    HAPPY = 4, _("Happy")
    VERY_HAPPY = 5, _("Very happy")


class FeelsSafe(models.TextChoices):
    YES = "yes", _("Yes")
    NOT_SURE = "not_sure", _("Not sure")
    NO = "no", _("No")


class FeedbackStatus(models.TextChoices):
    NEW = "new", "New"
    READ = "read", "Read"
    RESPONDED = "responded", "Taken into a theme"


class VoiceSettings(models.Model):
    """What the partnership's public pages say and how long submissions are kept. The retention
    periods are the partnership's own decision under its data protection policy (to verify with
    its data protection officer); the defaults are placeholders, not guidance."""

    partnership = models.OneToOneField(Partnership, on_delete=models.CASCADE, related_name="voice_settings")
    front_door_name = models.CharField(
        "children's services front door", max_length=200, default="Children's services", blank=True
    )
    front_door_phone = models.CharField("front door phone number", max_length=40, blank=True)
    front_door_hours = models.CharField(
        "when the front door answers", max_length=200, blank=True, help_text="For example, out of hours: 020 0000 0000"
    )
    feedback_retention_days = models.PositiveIntegerField(
        "keep feedback words for (days)", default=730, help_text="After this only counts remain"
    )
    safety_retention_days = models.PositiveIntegerField(
        "keep safety concerns for (days)", default=2190, help_text="Counted from when the concern was closed"
    )
    consultation_retention_days = models.PositiveIntegerField("keep consultation answers for (days)", default=730)

    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"Voice settings of {self.partnership}"

    @classmethod
    def of(cls, partnership: Partnership) -> VoiceSettings:
        found, _created = cls.objects.get_or_create(partnership=partnership)
        return found


class DesignatedContact(models.Model):
    """A person alerted at once to a safety concern raised through the partnership's pages."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="designated_contacts")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    history = HistoricalRecords()
    partnership_scope: ClassVar[str] = "partnership"

    class Meta:
        constraints = [models.UniqueConstraint(fields=["partnership", "person"], name="one_contact_per_person")]

    def __str__(self) -> str:
        return f"{self.person} (designated safeguarding contact)"


class FeedbackQuerySet(models.QuerySet["Feedback"]):
    def unresolved_concerns(self) -> FeedbackQuerySet:
        return self.filter(safety_flagged=True, safety_closed_at__isnull=True)


class Feedback(models.Model):
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="feedback")
    audience = models.CharField(max_length=20, choices=Audience.choices)
    feeling = models.SmallIntegerField(choices=Feeling.choices, null=True, blank=True)
    what_is_good = models.TextField(blank=True)
    what_could_be_better = models.TextField(blank=True)
    feels_safe = models.CharField(max_length=10, choices=FeelsSafe.choices, blank=True)
    consent_to_contact = models.BooleanField(default=False)
    contact = models.CharField(max_length=200, blank=True, help_text="Kept only with consent")
    received_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=12, choices=FeedbackStatus.choices, default=FeedbackStatus.NEW)
    themes = models.ManyToManyField("frameworks.Theme", blank=True, related_name="voice_feedback")
    # The safety route: why it was flagged, and who closed it with what was done.
    safety_flagged = models.BooleanField(default=False)
    safety_reasons = models.CharField(max_length=300, blank=True)
    safety_alerted_at = models.DateTimeField(null=True, blank=True)
    safety_closed_at = models.DateTimeField(null=True, blank=True)
    safety_closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    safety_action = models.TextField("what was done", blank=True)
    # Set when the retention period has passed and the words were deleted.
    content_deleted_on = models.DateField(null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["what_is_good", "what_could_be_better", "contact"])
    objects = FeedbackQuerySet.as_manager()
    partnership_scope: ClassVar[str] = "partnership"

    class Meta:
        ordering = ["-received_at"]
        verbose_name_plural = "feedback"

    def __str__(self) -> str:
        return f"Feedback from {self.get_audience_display().lower()}, {timezone.localtime(self.received_at):%-d %B %Y}"

    @property
    def concern_open(self) -> bool:
        return self.safety_flagged and self.safety_closed_at is None

    def retention_ends(self, days: int) -> date:
        start = self.safety_closed_at if self.safety_flagged and self.safety_closed_at else self.received_at
        return timezone.localdate(start) + timedelta(days=days)
