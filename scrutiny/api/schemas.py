from __future__ import annotations

from datetime import date

from ninja import Schema


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
