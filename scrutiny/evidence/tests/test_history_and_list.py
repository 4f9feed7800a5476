"""Every change to evidence is kept and shown; the list stays cheap however much evidence there is."""

from __future__ import annotations

from typing import Any

import pytest

from scrutiny.evidence.models import EvidencePurpose
from scrutiny.evidence.services import evidence_link, evidence_unlink
from scrutiny.evidence.tests.samples import upload
from scrutiny.partnerships.models import Membership

pytestmark = pytest.mark.django_db


def test_the_history_tab_shows_each_change_version_and_link_with_who_made_it(cast, client_for, make_file, tags):
    item = make_file("Board minutes", by=cast.chair)
    client = client_for(cast.manager)
    client.post(
        f"/p/riverbank/evidence/{item.pk}/edit/",
        {"title": "Board minutes, June 2025", "requirements": [tags.f3.pk], "themes": [tags.neglect.pk]},
    )
    client.post(f"/p/riverbank/evidence/{item.pk}/versions/add/", {"file": upload("approved.pdf"), "note": "Approved"})
    record = Membership.objects.filter(partnership=cast.riverbank).first()
    assert record is not None
    evidence_link(evidence=item, target=record, purpose=EvidencePurpose.SUPPORTS, linked_by=cast.scrutineer)
    evidence_unlink(evidence=item, target=record, unlinked_by=cast.scrutineer)
    client.post(f"/p/riverbank/evidence/{item.pk}/supersede/", {"reason": "Replaced by the approved minutes"})
    page = client.get(f"/p/riverbank/evidence/{item.pk}/").content.decode()
    history = page[page.index('id="history"') :]
    assert "Board minutes → Board minutes, June 2025" in history
    assert "— → wt2023-scrutiny-functions:F3" in history
    assert "— → Neglect" in history
    assert "Version 1 uploaded: minutes.pdf" in history
    assert "Version 2 uploaded: approved.pdf — Approved" in history
    assert "Linked to a membership (supports)" in history
    assert "Unlinked from a membership (supports)" in history
    assert "Replaced by the approved minutes" in history
    assert str(cast.chair) in history
    assert str(cast.manager) in history
    assert str(cast.scrutineer) in history


def test_the_partnership_log_lists_evidence_changes(cast, client_for, make_file):
    make_file("Data pack Q2")
    log = client_for(cast.manager).get("/p/riverbank/history/").content.decode()
    assert "Evidence: Data pack Q2" in log
    assert "Evidence file: minutes.pdf (version 1)" in log
    # Another partnership's log does not show it.
    assert "Data pack Q2" not in client_for(cast.outsider).get("/p/hillcrest/history/").content.decode()


def _add(make_file: Any, make_link: Any, tags: Any, agencies: Any, n: int) -> None:
    for i in range(n):
        if i % 2:
            make_link(f"Link {i}", requirements=[tags.f3, tags.step1], themes=[tags.neglect], agency=agencies.council)
        else:
            item = make_file(f"File {i}", agency=agencies.school)
            item.requirements.set([tags.f4])


def test_the_list_costs_the_same_for_ten_items_as_for_forty(
    cast, client_for, make_file, make_link, tags, agencies, django_assert_max_num_queries
):
    client = client_for(cast.viewer)
    _add(make_file, make_link, tags, agencies, 10)
    with django_assert_max_num_queries(20) as small:
        assert client.get("/p/riverbank/evidence/").status_code == 200
    _add(make_file, make_link, tags, agencies, 30)
    with django_assert_max_num_queries(len(small.captured_queries)):
        page = client.get("/p/riverbank/evidence/?superseded=on").content.decode()
    assert "Pages of evidence" in page


def test_the_list_searches_titles_and_filters_by_kind_and_agency(cast, client_for, make_file, make_link, agencies):
    make_file("Audit of the front door", agency=agencies.council)
    make_link("Published arrangements")
    client = client_for(cast.viewer)
    assert "Published arrangements" not in client.get("/p/riverbank/evidence/?q=front+door").content.decode()
    assert "Audit of the front door" in client.get("/p/riverbank/evidence/?q=front+door").content.decode()
    by_kind = client.get("/p/riverbank/evidence/?kind=link").content.decode()
    assert "Published arrangements" in by_kind
    assert "Audit of the front door" not in by_kind
    by_agency = client.get(f"/p/riverbank/evidence/?agency={agencies.council.pk}").content.decode()
    assert "Audit of the front door" in by_agency
    assert "Published arrangements" not in by_agency
    # A value that is not one of the choices says so, rather than failing.
    assert client.get("/p/riverbank/evidence/?agency=999999&page=zz").status_code == 200
