"""The helpers every room uses: "an agency contributor sees only their own agency's records"
(Seat.acts_for, Seat.sees_agency, only_their_agency), and saving with the person on the history
row (save_by, delete_by)."""

from __future__ import annotations

import pytest

from scrutiny.partnerships.access import seat_for
from scrutiny.partnerships.history import delete_by, save_by
from scrutiny.partnerships.models import Agency, Partnership, PartnershipArea
from scrutiny.partnerships.scoping import only_their_agency

pytestmark = pytest.mark.django_db

SCHOOL = "Oakfield Academies Trust (demo)"
COUNCIL = "Riverbank Borough Council (demo)"


def test_an_agency_contributor_acts_for_and_sees_only_their_own_agency(cast):
    seat = seat_for(cast.contributor, cast.riverbank)
    assert seat is not None
    school, council = Agency.objects.get(name=SCHOOL), Agency.objects.get(name=COUNCIL)
    assert not seat.partnership_wide
    assert seat.acts_for(school.pk)
    assert seat.sees_agency(school.pk)
    assert not seat.acts_for(council.pk)
    assert not seat.sees_agency(council.pk)
    assert not seat.acts_for(None)


def test_everyone_partnership_wide_sees_every_agency_but_acts_for_none(cast):
    seat = seat_for(cast.manager, cast.riverbank)
    assert seat is not None
    council = Agency.objects.get(name=COUNCIL)
    assert seat.partnership_wide
    assert seat.sees_agency(council.pk)
    assert not seat.acts_for(council.pk)


def test_only_their_agency_keeps_their_rows_once_even_through_a_to_many_path(cast):
    seat = seat_for(cast.contributor, cast.riverbank)
    assert seat is not None
    assert list(only_their_agency(Agency.objects.all(), seat, "pk")) == [Agency.objects.get(name=SCHOOL)]
    partnerships = only_their_agency(Partnership.objects.all(), seat, "agency_links__agency")
    assert list(partnerships) == [cast.riverbank]


def test_save_by_and_delete_by_name_the_person_and_reason_on_the_history_row(cast):
    partnership = cast.riverbank
    partnership.name = "Riverbank Safeguarding Children Partnership (renamed, demo)"
    save_by(partnership, cast.manager, reason="New name agreed")
    latest = partnership.history.first()
    assert latest.history_user == cast.manager
    assert latest.history_change_reason == "New name agreed"

    link = PartnershipArea.objects.filter(partnership=partnership).first()
    assert link is not None
    link_id = link.pk  # Django forgets the key once the row is deleted
    delete_by(link, cast.manager, reason="Area left the partnership")
    gone = PartnershipArea.history.filter(id=link_id).first()
    assert gone.history_type == "-"
    assert gone.history_user == cast.manager
    assert gone.history_change_reason == "Area left the partnership"
