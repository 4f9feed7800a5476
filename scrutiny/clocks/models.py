"""What the clocks room stores: each person's secret calendar feed address, and each partnership's
own length for a statutory clock that is not yet confirmed against the guidance."""

from __future__ import annotations

import secrets
from dataclasses import replace
from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from scrutiny.clocks.catalogue import ClockRule, Unit, UnknownClock, get_rule

#: The clocks room of the permission matrix: the partnership's own clock lengths.
ROOM = "clocks"


def new_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """A secret address at which a person's calendar app reads the open deadlines of one
    partnership. Calendar apps cannot sign in, so the token is the key: whoever has the address
    reads the feed, and the person can replace it (which stops the old one) at any time. The feed
    still answers only what the person's seat may see today, so a removed member's feed empties."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feeds")
    partnership = models.ForeignKey("partnerships.Partnership", on_delete=models.CASCADE, related_name="+")
    token = models.CharField(max_length=64, unique=True, default=new_token)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "partnership"], name="one_feed_per_person_and_partnership")
        ]

    def __str__(self) -> str:
        return f"Deadlines feed of {self.user} for {self.partnership}"

    def renew(self) -> None:
        self.token = new_token()
        self.save(update_fields=["token"])


class ClockUnit(models.TextChoices):
    """The catalogue's units (``scrutiny.clocks.catalogue.Unit``), as a form offers them."""

    WORKING_DAYS = Unit.WORKING_DAYS.value, "Working days"
    CALENDAR_DAYS = Unit.CALENDAR_DAYS.value, "Calendar days"
    MONTHS = Unit.MONTHS.value, "Months"


#: The longest length a partnership may set, by unit: a year of days, two years of months. Longer
#: is a typing mistake, and would count past the bank-holiday data.
LONGEST: dict[str, int] = {ClockUnit.WORKING_DAYS: 365, ClockUnit.CALENDAR_DAYS: 365, ClockUnit.MONTHS: 24}


def length_problem(length: int, unit: str) -> str:
    """Why ``length`` cannot be set in ``unit`` (a known unit), or "" when it can."""
    longest = LONGEST[unit]
    if 1 <= length <= longest:
        return ""
    return f"Give a whole number of {ClockUnit(unit).label.lower()} from 1 to {longest}."


def settable_rule(rule_id: str) -> ClockRule:
    """The service's rule ``rule_id``, refused (naming ``rule_id``) where it is unknown or confirmed:
    a partnership sets only a clock that is not yet confirmed against the guidance."""
    try:
        rule = get_rule(rule_id)
    except UnknownClock as error:
        raise ValidationError({"rule_id": str(error)}) from None
    if rule.verified:
        raise ValidationError(
            {
                "rule_id": f"{rule.title} ({rule.length_text}) is confirmed against the guidance, so a partnership "
                "cannot change it."
            }
        )
    return rule


class ClockSetting(models.Model):
    """A partnership's own length for a clock not yet confirmed against the guidance: for example a
    rapid review's agency contributions due 8 working days after the notification, where the
    shipped local default is 10. It applies to every deadline of the partnership's records from the
    moment it is set (``scrutiny.clocks.catalogue.rule_for``); removing it returns to the service's
    value. Once the service confirms the rule, the confirmed value applies instead."""

    partnership = models.ForeignKey("partnerships.Partnership", on_delete=models.CASCADE, related_name="clock_settings")
    rule_id = models.CharField("clock", max_length=60)
    length = models.PositiveSmallIntegerField()
    unit = models.CharField(max_length=20, choices=ClockUnit.choices)
    reason = models.CharField("why the partnership set it", max_length=500)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    set_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()
    partnership_scope: ClassVar[str] = "partnership"

    class Meta:
        ordering = ["rule_id"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "rule_id"], name="one_clock_setting_per_partnership_rule")
        ]

    def __str__(self) -> str:
        return f"{self.rule_id}: {self.length_text}"

    @property
    def length_text(self) -> str:
        """``8 working days``, as the catalogue says it."""
        return Unit(self.unit).describe(self.length) if self.unit in ClockUnit.values else str(self.length)

    def applied_to(self, rule: ClockRule) -> ClockRule:
        """``rule`` (the service's) with the partnership's length and unit."""
        return replace(rule, length=self.length, unit=Unit(self.unit), set_by_partnership=True)

    def clean(self) -> None:
        errors: dict[str, str] = {}
        try:
            settable_rule(self.rule_id)
        except ValidationError as error:
            errors.update({field: messages[0] for field, messages in error.message_dict.items()})
        if self.unit in LONGEST and self.length is not None and (problem := length_problem(self.length, self.unit)):
            errors["length"] = problem
        if not (self.reason or "").strip():
            errors["reason"] = "Say why the partnership set this length, for example where it was agreed."
        if errors:
            raise ValidationError(errors)
