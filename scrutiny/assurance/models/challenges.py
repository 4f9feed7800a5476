"""The challenge log: questions put to a partner by the scrutineer or any partner, the answer,
how long it took in working days, and what came of it."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from scrutiny.assurance.models.findings import ROOM
from scrutiny.clocks.holidays import OutsideHolidayData
from scrutiny.clocks.workdays import working_days_between
from scrutiny.partnerships.models import Agency, Partnership
from scrutiny.partnerships.scoping import only_their_agency

if TYPE_CHECKING:
    from scrutiny.partnerships.access import Seat


class ChallengeOutcome(models.TextChoices):
    RESOLVED = "resolved", "Resolved"
    ESCALATED = "escalated", "Escalated"
    UNRESOLVED = "unresolved", "Unresolved"


class ChallengeQuerySet(models.QuerySet["Challenge"]):
    def visible_to(self, seat: Seat) -> ChallengeQuerySet:
        """Those who may view the room read the whole log; an agency contributor reads the
        challenges addressed to their agency and those they raised themselves."""
        if seat.can(ROOM, "view"):
            return self
        return self.inbox(seat)

    def inbox(self, seat: Seat) -> ChallengeQuerySet:
        """The challenges addressed to the person's own agencies or bodies, and those they raised."""
        return only_their_agency(self, seat, "addressed_to") | self.filter(raised_by=seat.user)

    def addressed_to_seat(self, seat: Seat) -> ChallengeQuerySet:
        return only_their_agency(self, seat, "addressed_to")

    def awaiting_response(self) -> ChallengeQuerySet:
        return self.filter(responded_on__isnull=True, outcome="")

    def overdue(self, today: date) -> ChallengeQuerySet:
        return self.awaiting_response().filter(response_due__lt=today)


class Challenge(models.Model):
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="challenges")
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name="raised by"
    )
    raised_by_body = models.ForeignKey(
        Agency,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="challenges_raised",
        verbose_name="raised on behalf of",
        help_text="The agency or partner body raising it; empty for the independent scrutineer",
    )
    addressed_to = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="challenges", verbose_name="addressed to"
    )
    question = models.TextField()
    raised_on = models.DateField("date raised")
    response_due = models.DateField("response due")
    response = models.TextField(blank=True)
    responded_on = models.DateField(null=True, blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    outcome = models.CharField(max_length=20, choices=ChallengeOutcome.choices, blank=True)
    outcome_note = models.TextField("about the outcome", blank=True)
    themes = models.ManyToManyField("frameworks.Theme", blank=True, related_name="challenges")

    history = HistoricalRecords(m2m_fields=[themes])
    objects = ChallengeQuerySet.as_manager()

    class Meta:
        ordering = ["-raised_on", "-pk"]

    def __str__(self) -> str:
        return self.question if len(self.question) <= 80 else f"{self.question[:77]}…"

    def get_absolute_url(self) -> str:
        return reverse("challenge_detail", kwargs={"slug": self.partnership.slug, "pk": self.pk})

    @property
    def is_closed(self) -> bool:
        """Resolved or left unresolved: the log entry is finished. Escalated ones stay open."""
        return self.outcome in {ChallengeOutcome.RESOLVED, ChallengeOutcome.UNRESOLVED}

    @property
    def is_answered(self) -> bool:
        return self.responded_on is not None

    def is_overdue(self, today: date) -> bool:
        return not self.is_answered and not self.outcome and self.response_due < today

    @property
    def working_days_to_respond(self) -> int | None:
        """Time to respond, in working days after the day it was raised (statutory.md §7.1)."""
        if self.responded_on is None:
            return None
        try:
            return working_days_between(self.raised_on, self.responded_on)
        except OutsideHolidayData:
            return None

    @property
    def responded_on_time(self) -> bool | None:
        return None if self.responded_on is None else self.responded_on <= self.response_due
