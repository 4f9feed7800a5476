"""The audits room's test records: a Section 11 round in Riverbank sent to four agencies."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from scrutiny.audits.models import AuditRound, RoundStatus, StandardsFramework
from scrutiny.partnerships.models import Agency, AgencyKind, Partnership

POLICE = "Capital Police South Area (demo)"


def agency_of(partnership: Partnership, kind: str) -> Agency:
    found = Agency.objects.filter(partnership_links__partnership=partnership, kind=kind).order_by("name").first()
    assert found is not None, kind
    return found


def section_11() -> StandardsFramework:
    return StandardsFramework.objects.get(key="section-11", partnership__isnull=True)


def make_round(partnership: Partnership, *, title: str = "Section 11 audit 2026", **fields) -> AuditRound:
    today = timezone.localdate()
    made = AuditRound.objects.create(
        partnership=partnership,
        framework=fields.pop("framework", section_11()),
        title=title,
        opens_on=today - timedelta(days=30),
        deadline=fields.pop("deadline", today + timedelta(days=30)),
        status=fields.pop("status", RoundStatus.OPEN),
        **fields,
    )
    made.agencies.set(
        agency_of(partnership, kind)
        for kind in (AgencyKind.LOCAL_AUTHORITY, AgencyKind.HEALTH, AgencyKind.POLICE, AgencyKind.EDUCATION)
    )
    return made


@pytest.fixture
def audit_round(cast) -> AuditRound:
    return make_round(cast.riverbank)


@pytest.fixture
def school(cast) -> Agency:
    return agency_of(cast.riverbank, AgencyKind.EDUCATION)
