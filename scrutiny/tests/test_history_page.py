"""The partnership's History page lists every room's records: meetings, audits, reviews,
performance and voice among them; never another partnership's; a room's lines only to those who
may see the room; and never what a child or family wrote."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from scrutiny.audits.models import AuditReturn, ReturnStatus
from scrutiny.audits.tests.conftest import make_round
from scrutiny.governance.models import Meeting, MeetingSeries
from scrutiny.partnerships.models import Agency, AgencyKind, Partnership
from scrutiny.performance.models import LocalMeasure, ReturnImport
from scrutiny.reviews.tests.factories import council_area, rapid_review
from scrutiny.voice.models import Feedback

pytestmark = pytest.mark.django_db

CHILDS_WORDS = "im scared of my stepdad"


def _agency(partnership: Partnership, kind: str) -> Agency:
    found = Agency.objects.filter(partnership_links__partnership=partnership, kind=kind).order_by("name").first()
    assert found is not None, kind
    return found


def _records(partnership: Partnership, prefix: str, by: Any, n: int = 1) -> None:
    """A change in each room, ``n`` times over, named after ``prefix``."""
    for i in range(n):
        series = MeetingSeries.objects.create(partnership=partnership, name=f"{prefix} executive {i}")
        meeting = Meeting.objects.create(series=series, starts_at=timezone.now() - timedelta(days=7))
        meeting.status = "held"
        meeting.save()
        audit_round = make_round(partnership, title=f"{prefix} Section 11 audit {i}")
        audit_return = AuditReturn.objects.create(
            round=audit_round, agency=_agency(partnership, AgencyKind.EDUCATION), started_by=by
        )
        audit_return.status = ReturnStatus.SUBMITTED
        audit_return.save()
        rapid_review(partnership, reference=f"{prefix[:2].upper()}-2025-{i:02}")
        ReturnImport.objects.create(
            partnership=partnership,
            area=council_area(partnership),
            kind="cin",
            year=2025 - i,
            files="cin.xml",
            sha256="0" * 64,
            imported_by=by,
        )
        LocalMeasure.objects.create(
            partnership=partnership,
            code=f"{prefix.lower()}.measure{i}",
            title=f"{prefix} suspensions {i}",
            definition="Suspensions in the quarter",
            owner=_agency(partnership, AgencyKind.EDUCATION),
        )
        concern = Feedback.objects.create(
            partnership=partnership,
            audience="child",
            what_is_good=CHILDS_WORDS,
            safety_flagged=True,
            safety_reasons="words that suggest emotional abuse",
        )
        concern.acknowledged_at = timezone.now()
        concern.acknowledged_by = by
        concern.save()


def test_the_history_page_lists_each_rooms_changes_and_never_another_partnerships(cast, client_for):
    _records(cast.riverbank, "Riverbank", cast.manager)
    _records(cast.hillcrest, "Hillcrest", cast.outsider)
    page = client_for(cast.manager).get("/p/riverbank/history/").content.decode()
    assert "Meeting: Riverbank executive 0," in page
    assert "(held)" in page
    assert "Audit return: " in page
    assert "for Riverbank Section 11 audit 0 (submitted)" in page
    assert "Rapid review: RI-2025-00" in page
    assert "Return imported: " in page
    assert "Local measure: Riverbank suspensions 0 (riverbank.measure0)" in page
    assert "Submission: Safety concern received" in page
    assert "acknowledged" in page
    # Only that the concern changed state: never what the child wrote, nor why it was flagged.
    assert CHILDS_WORDS not in page
    assert "emotional abuse" not in page
    assert "Hillcrest" not in page
    assert "HI-2025-00" not in page
    theirs = client_for(cast.outsider).get("/p/hillcrest/history/").content.decode()
    assert "Meeting: Hillcrest executive 0," in theirs
    assert "Riverbank" not in theirs


def test_a_role_that_cannot_read_submissions_does_not_see_them_in_the_history(cast, client_for):
    _records(cast.riverbank, "Riverbank", cast.manager)
    for reader in (cast.manager, cast.scrutineer):
        assert "Submission: Safety concern" in client_for(reader).get("/p/riverbank/history/").content.decode()
    for other in (cast.viewer, cast.chair):
        page = client_for(other).get("/p/riverbank/history/").content.decode()
        assert "Meeting: Riverbank executive 0," in page
        assert "Submission:" not in page
    # Agency contributors see their own agency's slice in each room, not the partnership's log.
    assert client_for(cast.contributor).get("/p/riverbank/history/").status_code == 403


def test_the_history_page_costs_the_same_however_many_records_each_room_has(
    cast, client_for, django_assert_max_num_queries
):
    client = client_for(cast.manager)
    _records(cast.riverbank, "Riverbank", cast.manager)
    with django_assert_max_num_queries(200) as few:
        assert client.get("/p/riverbank/history/").status_code == 200
    _records(cast.riverbank, "More", cast.manager, n=3)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get("/p/riverbank/history/").status_code == 200
