from __future__ import annotations

from datetime import date

from ninja import Schema


class MembershipOut(Schema):
    id: int
    partnership: str
    role: str
    role_label: str
    agency_id: int | None
    agency: str | None


class MeOut(Schema):
    id: int
    email: str
    full_name: str
    job_title: str
    memberships: list[MembershipOut]


class AreaOut(Schema):
    id: int
    kind: str
    name: str
    code: str
    old_la_code: str


class PartnershipOut(Schema):
    slug: str
    name: str
    is_demo: bool
    reporting_year: str
    area_codes: list[str]
    your_roles: list[str]


class AgencyOut(Schema):
    id: int
    name: str
    kind: str
    kind_label: str
    area_code: str | None
    is_statutory_partner: bool
    is_designated_education: bool


class PersonOut(Schema):
    id: int
    user_id: int
    full_name: str
    email: str
    role: str
    role_label: str
    agency_id: int | None


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
