"""The clocks room in the API: each statutory clock as it applies to a partnership's records, and
the partnership's own length for a clock not yet confirmed, set or removed by the business manager
(the same checks and words as the clocks page). The service-wide catalogue, for no one
partnership, is ``/clock/rules``."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Router, Schema, Status

from scrutiny.api.endpoints import ERRORS, api_partnership
from scrutiny.api.schemas import ClockRuleOut, ErrorOut
from scrutiny.clocks.catalogue import ClockRule, get_rule, rule_for, rules_for
from scrutiny.clocks.models import ROOM, ClockSetting
from scrutiny.clocks.services import clock_setting_clear, clock_setting_save
from scrutiny.partnerships.access import Seat
from scrutiny.partnerships.models import Partnership

router = Router(tags=["clock"])
BASE = "/partnerships/{slug}/clocks"
WRITE_ERRORS = {**ERRORS, 400: ErrorOut}


class PartnershipClockOut(ClockRuleOut):
    """A clock as it applies to the partnership's records: ``length`` and ``unit`` are the ones its
    deadlines use."""

    #: Whether ``length`` and ``unit`` are the partnership's own.
    set_by_partnership: bool
    #: Whether the partnership may set its own length (the clock is not yet confirmed).
    settable: bool
    #: This service's length and unit, which apply when the partnership has set none.
    service_length: int
    service_unit: str
    #: Why the partnership set its length, who set it and when; empty where it has not.
    reason: str
    set_by: str | None
    set_at: datetime | None


class ClockSettingIn(Schema):
    length: int
    #: working_days, calendar_days or months; the clock's own unit when left out.
    unit: str = ""
    reason: str


def _seat(request: HttpRequest) -> Seat:
    return request.seat  # type: ignore[attr-defined,no-any-return]


def _out(rule: ClockRule, setting: ClockSetting | None) -> PartnershipClockOut:
    service = get_rule(rule.id)
    applies = setting is not None and rule.set_by_partnership
    return PartnershipClockOut(
        id=rule.id,
        title=rule.title,
        length=rule.length,
        unit=str(rule.unit),
        direction=str(rule.direction),
        starts=rule.starts,
        source=rule.source,
        source_note=rule.source_note,
        verified=rule.verified,
        set_by_partnership=rule.set_by_partnership,
        settable=not service.verified,
        service_length=service.length,
        service_unit=str(service.unit),
        reason=setting.reason if applies and setting else "",
        set_by=str(setting.set_by) if applies and setting and setting.set_by else None,
        set_at=setting.set_at if applies and setting else None,
    )


def _settings(partnership: Partnership) -> dict[str, ClockSetting]:
    found = ClockSetting.objects.filter(partnership=partnership).select_related("set_by")
    return {setting.rule_id: setting for setting in found}


def _problems(error: ValidationError) -> str:
    if not hasattr(error, "error_dict"):
        return " ".join(error.messages)
    return "; ".join(f"{field}: {message}" for field, messages in error.message_dict.items() for message in messages)


@router.get(BASE, response={200: list[PartnershipClockOut], **ERRORS}, url_name="partnership_clocks")
@api_partnership(ROOM, "view")
def partnership_clocks(request: HttpRequest, slug: str) -> list[PartnershipClockOut]:
    """Every statutory clock as it applies to the partnership's deadlines, with whether the length
    is the partnership's own and whether the partnership may set it."""
    partnership = _seat(request).partnership
    settings = _settings(partnership)
    return [_out(rule, settings.get(rule.id)) for rule in rules_for(partnership)]


@router.get(f"{BASE}/{{rule_id}}", response={200: PartnershipClockOut, **ERRORS}, url_name="partnership_clock")
@api_partnership(ROOM, "view")
def partnership_clock(request: HttpRequest, slug: str, rule_id: str) -> PartnershipClockOut:
    """One clock as it applies to the partnership's deadlines."""
    partnership = _seat(request).partnership
    return _out(rule_for(partnership, rule_id), _settings(partnership).get(rule_id))


@router.put(
    f"{BASE}/{{rule_id}}", response={200: PartnershipClockOut, **WRITE_ERRORS}, url_name="partnership_clock_set"
)
@api_partnership(ROOM, "manage")
def partnership_clock_set(
    request: HttpRequest, slug: str, rule_id: str, payload: ClockSettingIn
) -> PartnershipClockOut:
    """Set the partnership's own length for a clock not yet confirmed (the business manager); it
    applies to all its deadlines from now. Refused with the reason for a confirmed clock, a length
    out of bounds (1 to 365 days, 1 to 24 months) or no reason."""
    seat = _seat(request)
    try:
        clock_setting_save(
            partnership=seat.partnership,
            rule_id=rule_id,
            length=payload.length,
            unit=payload.unit,
            reason=payload.reason,
            person=seat.user,
        )
    except ValidationError as error:
        raise ValueError(_problems(error)) from None
    return _out(rule_for(seat.partnership, rule_id), _settings(seat.partnership).get(rule_id))


@router.delete(f"{BASE}/{{rule_id}}", response={204: None, **WRITE_ERRORS}, url_name="partnership_clock_clear")
@api_partnership(ROOM, "manage")
def partnership_clock_clear(request: HttpRequest, slug: str, rule_id: str, reason: str = "") -> Status[None]:
    """Remove the partnership's own length: its deadlines use the service's again. ``reason`` (up
    to 100 characters) is kept in the history."""
    seat = _seat(request)
    get_rule(rule_id)  # an unknown clock answers 404
    try:
        clock_setting_clear(partnership=seat.partnership, rule_id=rule_id, person=seat.user, reason=reason)
    except ValidationError as error:
        raise ValueError(_problems(error)) from None
    return Status(204, None)
