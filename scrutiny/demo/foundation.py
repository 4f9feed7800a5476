"""Two fictional partnerships with their areas, agencies and one demo user per role."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from scrutiny.accounts.models import Invitation, User
from scrutiny.partnerships.models import (
    Agency,
    AgencyKind,
    Area,
    AreaKind,
    Membership,
    Partnership,
    PartnershipAgency,
    PartnershipArea,
)
from scrutiny.partnerships.roles import Role

#: Demo accounts share one password and have no second factor, so anyone can try every role.
DEMO_PASSWORD = "demo-scrutiny-2026"  # noqa: S105 - printed to the person running the demo on purpose


@dataclass(frozen=True)
class DemoLogin:
    email: str
    password: str
    partnership: str
    role: str


# Real official codes (ONS GSS and DfE), fictional everything else.
AREAS: list[tuple[str, str, str, str]] = [
    (AreaKind.LOCAL_AUTHORITY, "Bexley", "E09000004", "303"),
    (AreaKind.LOCAL_AUTHORITY, "Bromley", "E09000006", "305"),
    (AreaKind.ICB, "NHS South East London Integrated Care Board", "E54000030", ""),
    (AreaKind.POLICE_FORCE, "Metropolitan Police", "E23000001", ""),
]

# (name, kind, area code or "")
AGENCIES: list[tuple[str, str, str]] = [
    ("Riverbank Borough Council (demo)", AgencyKind.LOCAL_AUTHORITY, "E09000004"),
    ("Hillcrest Borough Council (demo)", AgencyKind.LOCAL_AUTHORITY, "E09000006"),
    ("South Thames Health Board (demo)", AgencyKind.HEALTH, "E54000030"),
    ("Capital Police South Area (demo)", AgencyKind.POLICE, "E23000001"),
    ("Riverbank Community Health Trust (demo)", AgencyKind.HEALTH, ""),
    ("Oakfield Academies Trust (demo)", AgencyKind.EDUCATION, ""),
    ("South London Probation Delivery Unit (demo)", AgencyKind.PROBATION, ""),
    ("Riverbank Youth Justice Service (demo)", AgencyKind.YOUTH_JUSTICE, ""),
    ("Hillcrest Schools Partnership (demo)", AgencyKind.EDUCATION, ""),
]

PARTNERSHIPS: list[dict[str, Any]] = [
    {
        "slug": "riverbank",
        "name": "Riverbank Safeguarding Children Partnership (demo)",
        "description": "A fictional partnership for trying Scrutiny. It covers the real area of Bexley so that "
        "published DfE figures can be used as benchmarks; every person and record in it is invented.",
        "areas": ["E09000004", "E54000030", "E23000001"],
        "agencies": [
            "Riverbank Borough Council (demo)",
            "South Thames Health Board (demo)",
            "Capital Police South Area (demo)",
            "Riverbank Community Health Trust (demo)",
            "Oakfield Academies Trust (demo)",
            "South London Probation Delivery Unit (demo)",
            "Riverbank Youth Justice Service (demo)",
        ],
        "council": "Riverbank Borough Council (demo)",
        "contributor_agency": "Oakfield Academies Trust (demo)",
    },
    {
        "slug": "hillcrest",
        "name": "Hillcrest Children's Safeguarding Partnership (demo)",
        "description": "A second fictional partnership, covering the real area of Bromley, to show a scrutineer and "
        "a police partner who work across two partnerships.",
        "areas": ["E09000006", "E54000030", "E23000001"],
        "agencies": [
            "Hillcrest Borough Council (demo)",
            "South Thames Health Board (demo)",
            "Capital Police South Area (demo)",
            "Hillcrest Schools Partnership (demo)",
            "South London Probation Delivery Unit (demo)",
        ],
        "council": "Hillcrest Borough Council (demo)",
        "contributor_agency": "Hillcrest Schools Partnership (demo)",
        "scrutineer_also_chairs": True,
    },
]

# People who serve both partnerships, as scrutineers and police leads often do.
SHARED_PEOPLE = [
    ("scrutineer@demo.example.org", "Sam Okafor", "Independent scrutineer", Role.SCRUTINEER, None),
    (
        "police.dsp@demo.example.org",
        "Det Ch Supt Priya Raman",
        "Detective Chief Superintendent, Public Protection",
        Role.DELEGATED_PARTNER,
        "Capital Police South Area (demo)",
    ),
    # The other two lead safeguarding partners, who sign off the yearly report with the council's.
    (
        "lsp.icb@demo.example.org",
        "Dr Morgan Adeyemi",
        "Chief Executive, South Thames Health Board",
        Role.LEAD_PARTNER,
        "South Thames Health Board (demo)",
    ),
    (
        "lsp.police@demo.example.org",
        "Commander Jo Lindqvist",
        "Commander, Capital Police South Area",
        Role.LEAD_PARTNER,
        "Capital Police South Area (demo)",
    ),
]

# Per partnership: (local part, name, job title, role, agency key). The agency key is "council",
# "contributor_agency", a literal agency name, or None.
LOCAL_PEOPLE = [
    ("manager", "Business Manager", "Partnership business manager", Role.BUSINESS_MANAGER, None),
    ("lsp.council", "Council Chief Executive", "Chief Executive", Role.LEAD_PARTNER, "council"),
    (
        "dsp.health",
        "Chief Nurse",
        "Chief Nurse and Director of Quality",
        Role.DELEGATED_PARTNER,
        "South Thames Health Board (demo)",
    ),
    ("chair", "Partnership Chair", "Director of Children's Services", Role.CHAIR, None),
    (
        "contributor",
        "Agency Contributor",
        "Designated Safeguarding Lead",
        Role.AGENCY_CONTRIBUTOR,
        "contributor_agency",
    ),
    ("viewer", "Board Viewer", "Safeguarding adviser", Role.VIEWER, None),
]


def _user(email: str, full_name: str, job_title: str) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(
            email=email, password=DEMO_PASSWORD, full_name=full_name, job_title=job_title, is_demo=True
        )
    return user


@transaction.atomic
def build_foundation_demo() -> list[DemoLogin]:
    """Create (or find) the demo partnerships, and return one sign-in line per demo user and role."""
    for kind, name, code, old_code in AREAS:
        Area.objects.get_or_create(code=code, defaults={"kind": kind, "name": name, "old_la_code": old_code})
    areas = {area.code: area for area in Area.objects.filter(code__in=[a[2] for a in AREAS])}
    for name, kind, area_code in AGENCIES:
        Agency.objects.get_or_create(name=name, defaults={"kind": kind, "area": areas.get(area_code)})
    agencies = {agency.name: agency for agency in Agency.objects.filter(name__in=[a[0] for a in AGENCIES])}

    logins: list[DemoLogin] = []
    for spec in PARTNERSHIPS:
        partnership, _ = Partnership.objects.get_or_create(
            slug=spec["slug"], defaults={"name": spec["name"], "description": spec["description"], "is_demo": True}
        )
        for code in spec["areas"]:
            PartnershipArea.objects.get_or_create(partnership=partnership, area=areas[code])
        for name in spec["agencies"]:
            PartnershipAgency.objects.get_or_create(partnership=partnership, agency=agencies[name])

        people = [(email, name, title, role, agency) for email, name, title, role, agency in SHARED_PEOPLE]
        people += [
            (f"{local}.{spec['slug']}@demo.example.org", f"{name} ({spec['slug'].title()})", title, role, agency)
            for local, name, title, role, agency in LOCAL_PEOPLE
        ]
        for email, name, title, role, agency_key in people:
            agency_name = spec.get(agency_key, agency_key) if agency_key else None
            user = _user(email, name, title)
            Membership.objects.get_or_create(
                user=user, partnership=partnership, role=role, agency=agencies[agency_name] if agency_name else None
            )
            logins.append(DemoLogin(email, DEMO_PASSWORD, partnership.name, Role(role).label))

        if spec.get("scrutineer_also_chairs"):
            # As in areas that combine "independent chair and scrutineer": shown as an independence risk.
            scrutineer = User.objects.get(email=SHARED_PEOPLE[0][0])
            Membership.objects.get_or_create(user=scrutineer, partnership=partnership, role=Role.CHAIR, agency=None)
            logins.append(DemoLogin(scrutineer.email, DEMO_PASSWORD, partnership.name, Role.CHAIR.label))

        _demo_invitations(partnership)
    return logins


def _demo_invitations(partnership: Partnership) -> None:
    """One invitation waiting and one lapsed, so the business manager's home page has work."""
    manager = Membership.objects.filter(partnership=partnership, role=Role.BUSINESS_MANAGER).first()
    now = timezone.now()
    for local, name, expires in [
        ("new.viewer", "New Board Member", now + timedelta(days=5)),
        ("late.viewer", "Late Board Member", now - timedelta(days=3)),
    ]:
        email = f"{local}.{partnership.slug}@demo.example.org"
        if Invitation.objects.filter(partnership=partnership, email=email).exists():
            continue
        Invitation.issue(
            partnership=partnership,
            email=email,
            full_name=name,
            role=Role.VIEWER,
            invited_by=manager.user if manager else None,
            expires_at=expires,
        )
