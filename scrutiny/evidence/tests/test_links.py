"""Linking evidence to the records of other rooms, through the services and the picker."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.messages.middleware import MessageMiddleware
from django.contrib.sessions.middleware import SessionMiddleware
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.test import RequestFactory

from scrutiny.evidence.models import EvidenceItem, EvidenceKind, EvidenceLink, EvidencePurpose
from scrutiny.evidence.picking import linked_evidence_for, pick_evidence, unlink_evidence
from scrutiny.evidence.services import evidence_for, evidence_for_record, evidence_link, evidence_unlink
from scrutiny.partnerships.access import seat_for
from scrutiny.partnerships.models import Agency, Membership

pytestmark = pytest.mark.django_db


@pytest.fixture
def record(cast: Any) -> Membership:
    """A record of the partnership that evidence can support (any partnership record will do)."""
    return Membership.objects.get(partnership=cast.riverbank, user=cast.chair)


def test_evidence_is_linked_found_and_unlinked_with_history_kept(cast, make_file, record):
    item = make_file()
    link = evidence_link(evidence=item, target=record, purpose=EvidencePurpose.SUPPORTS, linked_by=cast.scrutineer)
    again = evidence_link(evidence=item, target=record, purpose=EvidencePurpose.SUPPORTS, linked_by=cast.scrutineer)
    assert again.pk == link.pk
    assert list(evidence_for(record)) == [item]
    assert list(evidence_for(record, EvidencePurpose.IMPACT)) == []
    assert evidence_unlink(evidence=item, target=record, unlinked_by=cast.manager) == 1
    assert list(evidence_for(record)) == []
    assert EvidenceItem.objects.filter(pk=item.pk).exists()
    kept = list(EvidenceLink.history.filter(evidence_id=item.pk).order_by("history_date"))
    assert [(row.history_type, row.history_user) for row in kept] == [("+", cast.scrutineer), ("-", cast.manager)]


def test_evidence_of_another_partnership_cannot_be_linked(cast, make_file, record):
    theirs = make_file(partnership=cast.hillcrest, by=cast.outsider)
    with pytest.raises(ValidationError, match="another partnership"):
        evidence_link(evidence=theirs, target=record, purpose=EvidencePurpose.SUPPORTS, linked_by=cast.outsider)
    assert not EvidenceLink.objects.exists()


def test_a_shared_record_is_linked_through_the_partnerships_own_link_to_it(cast, make_file):
    police = Agency.objects.get(name="Capital Police South Area (demo)")  # in both partnerships
    probation_only_elsewhere = Agency.objects.get(name="Hillcrest Schools Partnership (demo)")
    item = make_file()
    assert evidence_link(evidence=item, target=police, purpose="supports", linked_by=cast.manager)
    with pytest.raises(ValidationError):
        evidence_link(evidence=item, target=probation_only_elsewhere, purpose="supports", linked_by=cast.manager)


def test_an_unknown_purpose_is_refused(cast, make_file, record):
    with pytest.raises(ValidationError, match="not a purpose"):
        evidence_link(evidence=make_file(), target=record, purpose="decorates", linked_by=cast.manager)


def test_a_record_is_added_as_evidence_once(cast, record):
    first = evidence_for_record(partnership=cast.riverbank, record=record, title="Chair's role", added_by=cast.manager)
    second = evidence_for_record(partnership=cast.riverbank, record=record, title="Again", added_by=cast.scrutineer)
    assert first.pk == second.pk
    assert first.kind == EvidenceKind.RECORD
    assert first.record == record
    theirs = Membership.objects.filter(partnership=cast.hillcrest).first()
    assert theirs is not None
    with pytest.raises(ValidationError, match="not part of this partnership"):
        evidence_for_record(partnership=cast.riverbank, record=theirs, title="Theirs", added_by=cast.manager)


def test_the_detail_page_shows_what_evidence_is_linked_to(cast, client_for, make_file, record):
    item = make_file()
    evidence_link(evidence=item, target=record, purpose=EvidencePurpose.IMPACT, linked_by=cast.scrutineer)
    page = client_for(cast.viewer).get(f"/p/riverbank/evidence/{item.pk}/").content.decode()
    assert "Membership" in page
    assert str(record) in page
    assert "Shows its impact" in page


def _request(user: Any, seat: Any, method: str = "get", data: Any = None, path: str = "/p/riverbank/anything/") -> Any:
    request = getattr(RequestFactory(), method)(path, data or {})
    SessionMiddleware(lambda r: HttpResponse()).process_request(request)
    MessageMiddleware(lambda r: HttpResponse()).process_request(request)
    request.user = user
    request.seat = seat
    return request


def test_another_room_picks_evidence_for_its_record_and_removes_it(cast, make_file, make_link, record, agencies):
    wanted = make_file("Board minutes")
    other = make_link("Arrangements")
    hidden = make_file("Police audit", agency=agencies.police)
    seat = seat_for(cast.contributor, cast.riverbank)
    assert seat is not None
    page = pick_evidence(
        _request(cast.contributor, seat), target=record, purpose="supports", back_url="/back/", heading="Evidence for X"
    )
    # An agency contributor is offered only what they may see.
    assert "Police audit" not in page.content.decode()
    seat = seat_for(cast.scrutineer, cast.riverbank)
    assert seat is not None
    body = pick_evidence(
        _request(cast.scrutineer, seat), target=record, purpose="supports", back_url="/back/", heading="Evidence for X"
    ).content.decode()
    assert '<h1 class="govuk-heading-l">Evidence for X</h1>' in body
    assert "Board minutes" in body
    assert "Police audit" in body
    done = pick_evidence(
        _request(cast.scrutineer, seat, "post", {"evidence": [wanted.pk]}),
        target=record,
        purpose="supports",
        back_url="/back/",
        heading="Evidence for X",
    )
    assert done.status_code == 302
    assert done["Location"] == "/back/"
    assert list(evidence_for(record)) == [wanted]
    # Someone who may not see an item cannot link it.
    refused = pick_evidence(
        _request(cast.contributor, seat_for(cast.contributor, cast.riverbank), "post", {"evidence": [hidden.pk]}),
        target=record,
        purpose="supports",
        back_url="/back/",
        heading="Evidence for X",
    )
    assert refused.status_code == 200
    assert list(evidence_for(record)) == [wanted]
    linked = linked_evidence_for(record, seat)
    table = render_to_string("evidence/includes/linked_evidence.html", {"linked": linked, "unlink_url": "/unlink/"})
    assert "Board minutes" in table
    assert f"/p/riverbank/evidence/{wanted.pk}/versions/1/download/" in table
    assert 'Remove<span class="govuk-visually-hidden"> Board minutes</span>' in table
    assert other.title not in table
    gone = unlink_evidence(
        _request(cast.scrutineer, seat, "post", {"evidence": wanted.pk}),
        target=record,
        purpose="supports",
        back_url="/back/",
    )
    assert gone.status_code == 302
    assert list(evidence_for(record)) == []
