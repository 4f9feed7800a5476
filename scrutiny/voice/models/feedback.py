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

from datetime import date, time, timedelta
from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
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


class ReadingDays(models.TextChoices):
    WORKING_DAYS = "working_days", "Working days (Monday to Friday, not bank holidays)"
    EVERY_DAY = "every_day", "Every day"


class VoiceSettings(models.Model):
    """What the partnership's public pages say, when someone reads what comes in, and how long
    submissions are kept. Reading hours and the time to acknowledge a concern are the partnership's
    own promise; the retention periods are its own decision under its data protection policy (to
    verify with its data protection officer). The defaults are starting points, not guidance."""

    partnership = models.OneToOneField(Partnership, on_delete=models.CASCADE, related_name="voice_settings")
    front_door_name = models.CharField(
        "children's services front door", max_length=200, default="Children's services", blank=True
    )
    front_door_phone = models.CharField("front door phone number", max_length=40, blank=True)
    front_door_hours = models.CharField(
        "when the front door answers", max_length=200, blank=True, help_text="For example, out of hours: 020 0000 0000"
    )
    out_of_hours_phone = models.CharField(
        "out-of-hours number",
        max_length=40,
        blank=True,
        help_text="The emergency duty team or out-of-hours line, shown on every public page",
    )
    out_of_hours_email = models.EmailField(
        "out-of-hours contact to alert",
        blank=True,
        help_text="E-mailed at once when a safety concern arrives outside reading hours (a person or a team mailbox)",
    )
    reading_days = models.CharField(
        "messages are read on", max_length=20, choices=ReadingDays.choices, default=ReadingDays.WORKING_DAYS
    )
    reading_starts = models.TimeField("from", default=time(9, 0))
    reading_ends = models.TimeField("until", default=time(17, 0))
    acknowledge_within_minutes = models.PositiveIntegerField(
        "a safety concern is acknowledged within (minutes of reading hours)",
        default=60,
        validators=[MinValueValidator(5), MaxValueValidator(60 * 24)],
        help_text="If nobody acknowledges it in time, the next designated contact and the business manager are alerted",
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

    def clean(self) -> None:
        if self.reading_starts >= self.reading_ends:
            raise ValidationError({"reading_ends": "Reading hours must end after they start, on the same day."})


class DesignatedContact(models.Model):
    """A person alerted to a safety concern raised through the partnership's pages. Contacts are an
    ordered list: the first is alerted at once, the next when nobody acknowledges in time."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="designated_contacts")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    order = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()
    partnership_scope: ClassVar[str] = "partnership"

    class Meta:
        ordering = ["order", "pk"]
        constraints = [models.UniqueConstraint(fields=["partnership", "person"], name="one_contact_per_person")]

    def __str__(self) -> str:
        return f"{self.person} (designated safeguarding contact)"


class FeedbackQuerySet(models.QuerySet["Feedback"]):
    def unresolved_concerns(self) -> FeedbackQuerySet:
        return self.filter(safety_flagged=True, safety_closed_at__isnull=True)

    def unacknowledged_concerns(self) -> FeedbackQuerySet:
        return self.unresolved_concerns().filter(acknowledged_at__isnull=True)


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
    #: The risk categories the words matched (kept after retention, for counts), and each match with
    #: its category, label and the words as written (deleted with the words at retention).
    safety_categories = models.CharField(max_length=300, blank=True)
    safety_matches = models.JSONField(default=list, blank=True)
    vocabulary_version = models.CharField(max_length=20, blank=True)
    #: Sent outside the partnership's reading hours: the page said so, and the out-of-hours contact
    #: was alerted.
    out_of_hours = models.BooleanField(default=False)
    acknowledge_by = models.DateTimeField(null=True, blank=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    escalations = models.PositiveSmallIntegerField(default=0)
    safety_alerted_at = models.DateTimeField(null=True, blank=True)
    safety_closed_at = models.DateTimeField(null=True, blank=True)
    safety_closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    safety_action = models.TextField("what was done", blank=True)
    # Set when the retention period has passed and the words were deleted.
    content_deleted_on = models.DateField(null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["what_is_good", "what_could_be_better", "contact", "safety_matches"])
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

    @property
    def awaiting_acknowledgement(self) -> bool:
        return self.concern_open and self.acknowledged_at is None

    @property
    def matches(self) -> list[dict[str, Any]]:
        """What the safety route found that makes this a concern, with the words as written."""
        return [m for m in self.safety_matches if isinstance(m, dict) and m.get("found_by") != "cleared"]

    @property
    def cleared_matches(self) -> list[dict[str, Any]]:
        """Vocabulary matches the second reading read as ordinary ("mum will kill me when she sees
        my report"): kept for the person who reads feedback, not flagged."""
        return [m for m in self.safety_matches if isinstance(m, dict) and m.get("found_by") == "cleared"]

    @property
    def time_to_acknowledge(self) -> timedelta | None:
        return self.acknowledged_at - self.received_at if self.acknowledged_at else None

    @property
    def time_to_act(self) -> timedelta | None:
        return self.safety_closed_at - self.received_at if self.safety_closed_at else None

    def retention_ends(self, days: int) -> date:
        start = self.safety_closed_at if self.safety_flagged and self.safety_closed_at else self.received_at
        return timezone.localdate(start) + timedelta(days=days)
