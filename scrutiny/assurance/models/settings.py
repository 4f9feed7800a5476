"""A partnership's own settings for the scrutineer's clocks, with the defaults from the guidance."""

from __future__ import annotations

from datetime import date

from django.db import models
from simple_history.models import HistoricalRecords

from scrutiny.clocks.workdays import add_calendar_days, add_months, add_working_days
from scrutiny.partnerships.models import Partnership

#: A partner answers a challenge within 10 working days unless the partnership agrees otherwise.
DEFAULT_CHALLENGE_WORKING_DAYS = 10
#: "A formal response within 2 months" (statutory.md §9.1, the recommendation-tracking model).
DEFAULT_RECOMMENDATION_RESPONSE_LENGTH = 2


class ResponseUnit(models.TextChoices):
    MONTHS = "months", "Months"
    CALENDAR_DAYS = "calendar_days", "Calendar days"


class AssuranceSettings(models.Model):
    partnership = models.OneToOneField(Partnership, on_delete=models.CASCADE, related_name="assurance_settings")
    challenge_response_working_days = models.PositiveSmallIntegerField(
        "working days to answer a challenge", default=DEFAULT_CHALLENGE_WORKING_DAYS
    )
    recommendation_response_length = models.PositiveSmallIntegerField(
        "time for a formal response to a recommendation", default=DEFAULT_RECOMMENDATION_RESPONSE_LENGTH
    )
    recommendation_response_unit = models.CharField(
        max_length=20, choices=ResponseUnit.choices, default=ResponseUnit.MONTHS
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "assurance settings"
        verbose_name_plural = "assurance settings"

    def __str__(self) -> str:
        return f"Assurance settings of {self.partnership}"

    @classmethod
    def for_partnership(cls, partnership: Partnership) -> AssuranceSettings:
        found = cls.objects.filter(partnership=partnership).first()
        return found if found is not None else cls(partnership=partnership)

    def recommendation_response_due(self, made_on: date) -> date:
        """The formal response is due this long after the recommendation is made (statutory.md §9.1)."""
        if self.recommendation_response_unit == ResponseUnit.CALENDAR_DAYS:
            return add_calendar_days(made_on, self.recommendation_response_length)
        return add_months(made_on, self.recommendation_response_length)

    def challenge_response_due(self, raised_on: date) -> date:
        """A challenge is answered within N working days of being raised (statutory.md §7.1 counting)."""
        return add_working_days(raised_on, self.challenge_response_working_days)
