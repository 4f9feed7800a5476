"""The clock in the JSON API under /api/v1/, open to anyone signed in. (Each room's endpoints are in
the room's own ``api`` module, listed in ``scrutiny/api/urls.py``.)"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest
from ninja import Router

from scrutiny.api.schemas import ClockRuleOut, DueOut, WorkdaysAddOut, WorkdaysBetweenOut
from scrutiny.clocks.catalogue import all_rules, get_rule
from scrutiny.clocks.workdays import add_working_days, working_days_between
from scrutiny.partnerships.access import Access
from scrutiny.web.api import ERRORS, ErrorOut

router = Router()


# --- The clock: open to anyone signed in -------------------------------------------------------


def _rule_out(rule: Any) -> ClockRuleOut:
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


@router.get(
    "/clock/rules/{rule_id}/due", response={200: DueOut, **ERRORS, 400: ErrorOut}, url_name="clock_due", tags=["clock"]
)
def clock_due(request: HttpRequest, rule_id: str, start: date) -> DueOut:
    """The due date of a clock started on ``start`` (for a reverse clock, the latest date)."""
    rule = get_rule(rule_id)
    return DueOut(
        rule=rule.id, start=start, due=rule.due(start), explanation=rule.explain(start), verified=rule.verified
    )


clock_due.access = Access("signed_in")  # type: ignore[attr-defined]


@router.get(
    "/clock/workdays/add",
    response={200: WorkdaysAddOut, **ERRORS, 400: ErrorOut},
    url_name="workdays_add",
    tags=["clock"],
)
def workdays_add(request: HttpRequest, start: date, days: int) -> WorkdaysAddOut:
    """The ``days``-th working day after ``start`` (``start`` itself is not counted)."""
    return WorkdaysAddOut(start=start, days=days, result=add_working_days(start, days))


workdays_add.access = Access("signed_in")  # type: ignore[attr-defined]


@router.get(
    "/clock/workdays/between",
    response={200: WorkdaysBetweenOut, **ERRORS, 400: ErrorOut},
    url_name="workdays_between",
    tags=["clock"],
)
def workdays_between(request: HttpRequest, start: date, end: date) -> WorkdaysBetweenOut:
    """Working days after ``start`` up to and including ``end`` (the same day is 0)."""
    return WorkdaysBetweenOut(start=start, end=end, working_days=working_days_between(start, end))


workdays_between.access = Access("signed_in")  # type: ignore[attr-defined]
