"""The partnerships room in the API: the person calling and their roles, the partnerships they
hold a role in, and each partnership's areas, agencies and people, through the same seats, scoping
and permission matrix as the pages."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema

from scrutiny.partnerships.access import Access, SeatedRequest, partnership_endpoint
from scrutiny.partnerships.models import Agency, Area, Membership, Partnership
from scrutiny.partnerships.scoping import get_scoped_or_404, scoped
from scrutiny.web.api import ERRORS

router = Router()


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
    "/partnerships",
    response={200: list[PartnershipOut], **ERRORS},
    url_name="partnerships",
    tags=["partnerships"],
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
    "/partnerships/{slug}",
    response={200: PartnershipOut, **ERRORS},
    url_name="partnership",
    tags=["partnerships"],
)
@partnership_endpoint("home", "view")
def partnership(request: SeatedRequest, slug: str) -> PartnershipOut:
    seat = request.seat
    return _partnership_out(seat.partnership, sorted(seat.roles))


@router.get(
    "/partnerships/{slug}/areas",
    response={200: list[AreaOut], **ERRORS},
    url_name="areas",
    tags=["partnerships"],
)
@partnership_endpoint("areas", "view")
def areas(request: SeatedRequest, slug: str) -> list[Area]:
    return list(scoped(Area, request.seat.partnership).order_by("kind", "name"))


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
def agencies(request: SeatedRequest, slug: str) -> list[AgencyOut]:
    found = scoped(Agency, request.seat.partnership).select_related("area").order_by("name")
    return [_agency_out(a) for a in found]


@router.get(
    "/partnerships/{slug}/agencies/{agency_id}",
    response={200: AgencyOut, **ERRORS},
    url_name="agency",
    tags=["partnerships"],
)
@partnership_endpoint("agencies", "view")
def agency(request: SeatedRequest, slug: str, agency_id: int) -> AgencyOut:
    found = get_scoped_or_404(Agency.objects.select_related("area"), request.seat.partnership, pk=agency_id)
    return _agency_out(found)


@router.get(
    "/partnerships/{slug}/memberships",
    response={200: list[PersonOut], **ERRORS},
    url_name="memberships",
    tags=["people"],
)
@partnership_endpoint("people", "view")
def memberships(request: SeatedRequest, slug: str) -> list[PersonOut]:
    found = scoped(Membership, request.seat.partnership).select_related("user").order_by("user__full_name", "role")
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
