"""The JSON API under /api/v1/: the same seats, scoping and permission matrix as the web pages."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router

from scrutiny.api.schemas import (
    AgencyOut,
    AreaOut,
    ClockRuleOut,
    DueOut,
    MembershipOut,
    MeOut,
    PartnershipOut,
    PersonOut,
    WorkdaysAddOut,
    WorkdaysBetweenOut,
)
from scrutiny.clocks.catalogue import all_rules, get_rule
from scrutiny.clocks.workdays import add_working_days, working_days_between
from scrutiny.partnerships.access import Access, Seat, partnership_endpoint
from scrutiny.partnerships.models import Agency, Area, Membership, Partnership
from scrutiny.partnerships.scoping import get_scoped_or_404, scoped
from scrutiny.web.api import ERRORS, ErrorOut

router = Router()


def _seat(request: HttpRequest) -> Seat:
    return request.seat  # type: ignore[attr-defined,no-any-return]


def _membership_out(m: Membership) -> MembershipOut:
    return MembershipOut(
        id=m.pk,
        partnership=m.partnership.slug,
        role=m.role,
        role_label=m.get_role_display(),
        agency_id=m.agency_id,
        agency=m.agency.name if m.agency else None,
    )


def _partnership_out(partnership: Partnership, roles: list[str]) -> PartnershipOut:
    return PartnershipOut(
        slug=partnership.slug,
        name=partnership.name,
        is_demo=partnership.is_demo,
        reporting_year=partnership.current_reporting_year(timezone.localdate()),
        area_codes=sorted(link.area.code for link in partnership.area_links.all()),
        your_roles=sorted(roles),
    )


@router.get("/me", response={200: MeOut, **ERRORS}, url_name="me", tags=["people"])
def me(request: HttpRequest) -> MeOut:
    """The person calling, and every role they hold."""
    user: Any = request.user
    memberships = Membership.objects.filter(user=user).select_related("partnership", "agency")
    return MeOut(
        id=user.pk,
        email=user.email,
        full_name=user.full_name,
        job_title=user.job_title,
        memberships=[_membership_out(m) for m in memberships],
    )


me.access = Access("signed_in")  # type: ignore[attr-defined]


@router.get(
    "/partnerships", response={200: list[PartnershipOut], **ERRORS}, url_name="partnerships", tags=["partnerships"]
)
def partnerships(request: HttpRequest) -> list[PartnershipOut]:
    """The partnerships the caller holds a role in, with the area codes each covers."""
    user: Any = request.user
    memberships = Membership.objects.filter(user=user).values_list("partnership_id", "role")
    roles: dict[int, list[str]] = {}
    for partnership_id, role in memberships:
        roles.setdefault(partnership_id, []).append(role)
    found = Partnership.objects.filter(pk__in=roles).prefetch_related("area_links__area")
    return [_partnership_out(p, roles[p.pk]) for p in found]


partnerships.access = Access("signed_in")  # type: ignore[attr-defined]


@router.get(
    "/partnerships/{slug}", response={200: PartnershipOut, **ERRORS}, url_name="partnership", tags=["partnerships"]
)
@partnership_endpoint("home", "view")
def partnership(request: HttpRequest, slug: str) -> PartnershipOut:
    seat = _seat(request)
    return _partnership_out(seat.partnership, sorted(seat.roles))


@router.get(
    "/partnerships/{slug}/areas", response={200: list[AreaOut], **ERRORS}, url_name="areas", tags=["partnerships"]
)
@partnership_endpoint("areas", "view")
def areas(request: HttpRequest, slug: str) -> list[Area]:
    return list(scoped(Area, _seat(request).partnership).order_by("kind", "name"))


def _agency_out(agency: Agency) -> AgencyOut:
    return AgencyOut(
        id=agency.pk,
        name=agency.name,
        kind=agency.kind,
        kind_label=agency.get_kind_display(),
        area_code=agency.area.code if agency.area else None,
        is_statutory_partner=agency.is_statutory_partner,
        is_designated_education=agency.is_designated_education,
    )


@router.get(
    "/partnerships/{slug}/agencies",
    response={200: list[AgencyOut], **ERRORS},
    url_name="agencies",
    tags=["partnerships"],
)
@partnership_endpoint("agencies", "view")
def agencies(request: HttpRequest, slug: str) -> list[AgencyOut]:
    found = scoped(Agency, _seat(request).partnership).select_related("area").order_by("name")
    return [_agency_out(a) for a in found]


@router.get(
    "/partnerships/{slug}/agencies/{agency_id}",
    response={200: AgencyOut, **ERRORS},
    url_name="agency",
    tags=["partnerships"],
)
@partnership_endpoint("agencies", "view")
def agency(request: HttpRequest, slug: str, agency_id: int) -> AgencyOut:
    found = get_scoped_or_404(Agency.objects.select_related("area"), _seat(request).partnership, pk=agency_id)
    return _agency_out(found)


@router.get(
    "/partnerships/{slug}/memberships",
    response={200: list[PersonOut], **ERRORS},
    url_name="memberships",
    tags=["people"],
)
@partnership_endpoint("people", "view")
def memberships(request: HttpRequest, slug: str) -> list[PersonOut]:
    found = scoped(Membership, _seat(request).partnership).select_related("user").order_by("user__full_name", "role")
    return [
        PersonOut(
            id=m.pk,
            user_id=m.user_id,
            full_name=m.user.full_name,
            email=m.user.email,
            role=m.role,
            role_label=m.get_role_display(),
            agency_id=m.agency_id,
        )
        for m in found
    ]


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
