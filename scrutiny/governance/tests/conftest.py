"""The governance room's test records: an executive with five seats and one meeting."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from scrutiny.governance.models import ExpectedMember, Meeting, MeetingSeries
from scrutiny.partnerships.models import Agency, AgencyKind


def agency_of(cast, kind: str) -> Agency:
    found = Agency.objects.filter(partnership_links__partnership=cast.riverbank, kind=kind).order_by("name").first()
    assert found is not None, kind
    return found


@pytest.fixture
def series(cast) -> MeetingSeries:
    made = MeetingSeries.objects.create(
        partnership=cast.riverbank, name="Executive", kind="executive", quorum_agencies=3
    )
    for kind, title in [
        (AgencyKind.LOCAL_AUTHORITY, "Director of Children's Services"),
        (AgencyKind.HEALTH, "Chief Nurse"),
        (AgencyKind.POLICE, "Detective Superintendent"),
        (AgencyKind.EDUCATION, "Head teacher representative"),
    ]:
        ExpectedMember.objects.create(series=made, agency=agency_of(cast, kind), job_title=title)
    ExpectedMember.objects.create(
        series=made, agency=agency_of(cast, AgencyKind.LOCAL_AUTHORITY), job_title="Business manager", role="adviser"
    )
    ExpectedMember.objects.filter(series=made, agency__kind=AgencyKind.EDUCATION).update(person=cast.contributor)
    return made


@pytest.fixture
def meeting(series) -> Meeting:
    return Meeting.objects.create(series=series, starts_at=timezone.now() - timedelta(days=7), location="Online")
