"""Setting and clearing a partnership's own length for a clock not yet confirmed: used by the
clocks page and the API alike, so both refuse the same things in the same words."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from scrutiny.clocks.catalogue import forget_settings
from scrutiny.clocks.deadlines import rule_changed
from scrutiny.clocks.models import ClockSetting, settable_rule
from scrutiny.partnerships.history import delete_by, save_by
from scrutiny.partnerships.models import Partnership


def clock_setting_save(
    *, partnership: Partnership, rule_id: str, length: int, unit: str = "", reason: str, person: Any
) -> ClockSetting:
    """Set (or change) the partnership's length for ``rule_id``, in ``unit`` (the service's unit
    for the rule when empty). It applies to the partnership's deadlines from now on. Refused, with
    the field named, for a confirmed or unknown clock, a length out of bounds or no reason."""
    rule = settable_rule(rule_id)
    setting = ClockSetting.objects.filter(partnership=partnership, rule_id=rule_id).first() or ClockSetting(
        partnership=partnership, rule_id=rule_id
    )
    setting.length = length
    setting.unit = unit or rule.unit.value
    setting.reason = reason.strip()
    setting.set_by = person
    setting.set_at = timezone.now()
    setting.full_clean()
    with transaction.atomic():
        save_by(setting, person)
        forget_settings(partnership)
        rule_changed(partnership, rule_id)
    return setting


def clock_setting_clear(*, partnership: Partnership, rule_id: str, person: Any, reason: str = "") -> None:
    """Remove the partnership's length for ``rule_id``: its deadlines use the service's value again.
    The removal is kept in the setting's history, with ``reason`` where one is given."""
    setting = ClockSetting.objects.filter(partnership=partnership, rule_id=rule_id).first()
    if setting is None:
        raise ValidationError({"rule_id": "Your partnership has not set this clock, so there is nothing to remove."})
    with transaction.atomic():
        delete_by(setting, person, reason=reason.strip())
        forget_settings(partnership)
        rule_changed(partnership, rule_id)
