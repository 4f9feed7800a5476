"""The clocks room in the API.

- ``/clock/…``, open to anyone signed in: the service's statutory clocks, a clock's due date, and
  working-day arithmetic.
- ``/partnerships/{slug}/clocks``: each statutory clock as it applies to a partnership's records,
  and the partnership's own length for a clock not yet confirmed, set or removed by the business
  manager (the same checks and words as the clocks page).
"""

from datetime import date, datetime

from django.http import HttpRequest
from ninja import Router, Schema, Status

from scrutiny.clocks.catalogue import ClockRule, all_rules, get_rule, rule_for, rules_for
from scrutiny.clocks.models import ROOM, ClockSetting
from scrutiny.clocks.services import clock_setting_clear, clock_setting_save
from scrutiny.clocks.workdays import add_working_days, working_days_between
from scrutiny.partnerships.access import Access, SeatedRequest, partnership_endpoint
from scrutiny.partnerships.models import Partnership
from scrutiny.web.api import ERRORS, REFUSALS

router = Router(tags=["clock"])
BASE = "/partnerships/{slug}/clocks"


class ClockRuleOut(Schema):
    id: str
    title: str
    length: int
    unit: str
    direction: str
    starts: str
    source: str
    source_note: str
    verified: bool


class DueOut(Schema):
    rule: str
    start: date
    due: date
    explanation: str
    verified: bool


class WorkdaysAddOut(Schema):
    start: date
    days: int
    result: date


class WorkdaysBetweenOut(Schema):
    start: date
    end: date
    working_days: int


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


@router.get(BASE, response={200: list[PartnershipClockOut], **ERRORS}, url_name="partnership_clocks")
@partnership_endpoint(ROOM, "view")
def partnership_clocks(request: SeatedRequest, slug: str) -> list[PartnershipClockOut]:
    """Every statutory clock as it applies to the partnership's deadlines, with whether the length
    is the partnership's own and whether the partnership may set it."""
    partnership = request.seat.partnership
    settings = _settings(partnership)
    return [_out(rule, settings.get(rule.id)) for rule in rules_for(partnership)]


@router.get(f"{BASE}/{{rule_id}}", response={200: PartnershipClockOut, **ERRORS}, url_name="partnership_clock")
@partnership_endpoint(ROOM, "view")
def partnership_clock(request: SeatedRequest, slug: str, rule_id: str) -> PartnershipClockOut:
    """One clock as it applies to the partnership's deadlines."""
    partnership = request.seat.partnership
    return _out(rule_for(partnership, rule_id), _settings(partnership).get(rule_id))


@router.put(f"{BASE}/{{rule_id}}", response={200: PartnershipClockOut, **REFUSALS}, url_name="partnership_clock_set")
@partnership_endpoint(ROOM, "manage")
def partnership_clock_set(
    request: SeatedRequest, slug: str, rule_id: str, payload: ClockSettingIn
) -> PartnershipClockOut:
    """Set the partnership's own length for a clock not yet confirmed (the business manager); it
    applies to all its deadlines from now. Refused with the reason for a confirmed clock, a length
    out of bounds (1 to 365 days, 1 to 24 months) or no reason."""
    seat = request.seat
    clock_setting_save(
        partnership=seat.partnership,
        rule_id=rule_id,
        length=payload.length,
        unit=payload.unit,
        reason=payload.reason,
        person=seat.user,
    )
    return _out(rule_for(seat.partnership, rule_id), _settings(seat.partnership).get(rule_id))


@router.delete(f"{BASE}/{{rule_id}}", response={204: None, **REFUSALS}, url_name="partnership_clock_clear")
@partnership_endpoint(ROOM, "manage")
def partnership_clock_clear(request: SeatedRequest, slug: str, rule_id: str, reason: str = "") -> Status[None]:
    """Remove the partnership's own length: its deadlines use the service's again. ``reason`` (up
    to 100 characters) is kept in the history."""
    seat = request.seat
    get_rule(rule_id)  # an unknown clock answers 404
    clock_setting_clear(partnership=seat.partnership, rule_id=rule_id, person=seat.user, reason=reason)
    return Status(204, None)


# --- The clock: open to anyone signed in -------------------------------------------------------


def _rule_out(rule: ClockRule) -> ClockRuleOut:
    return ClockRuleOut(
        id=rule.id,
        title=rule.title,
        length=rule.length,
        unit=str(rule.unit),
        direction=str(rule.direction),
        starts=rule.starts,
        source=rule.source,
        source_note=rule.source_note,
        verified=rule.verified,
    )


@router.get("/clock/rules", response={200: list[ClockRuleOut], **ERRORS}, url_name="clock_rules", tags=["clock"])
def clock_rules(request: HttpRequest) -> list[ClockRuleOut]:
    """The statutory clocks, each with its length, unit, source and whether it is verified."""
    return [_rule_out(rule) for rule in all_rules()]


clock_rules.access = Access("signed_in")  # type: ignore[attr-defined]


@router.get("/clock/rules/{rule_id}/due", response={200: DueOut, **REFUSALS}, url_name="clock_due", tags=["clock"])
def clock_due(request: HttpRequest, rule_id: str, start: date) -> DueOut:
    """The due date of a clock started on ``start`` (for a reverse clock, the latest date)."""
    rule = get_rule(rule_id)
    return DueOut(
        rule=rule.id, start=start, due=rule.due(start), explanation=rule.explain(start), verified=rule.verified
    )


clock_due.access = Access("signed_in")  # type: ignore[attr-defined]


@router.get(
    "/clock/workdays/add",
    response={200: WorkdaysAddOut, **REFUSALS},
    url_name="workdays_add",
    tags=["clock"],
)
def workdays_add(request: HttpRequest, start: date, days: int) -> WorkdaysAddOut:
    """The ``days``-th working day after ``start`` (``start`` itself is not counted)."""
    return WorkdaysAddOut(start=start, days=days, result=add_working_days(start, days))


workdays_add.access = Access("signed_in")  # type: ignore[attr-defined]


@router.get(
    "/clock/workdays/between",
    response={200: WorkdaysBetweenOut, **REFUSALS},
    url_name="workdays_between",
    tags=["clock"],
)
def workdays_between(request: HttpRequest, start: date, end: date) -> WorkdaysBetweenOut:
    """Working days after ``start`` up to and including ``end`` (the same day is 0)."""
    return WorkdaysBetweenOut(start=start, end=end, working_days=working_days_between(start, end))


workdays_between.access = Access("signed_in")  # type: ignore[attr-defined]
