"""The national Panel's reviews: recorded by the business manager with the partnership's response,
their recommendations shown with whether they apply locally and how far they have got; read by
everyone who reads the room, never by another partnership."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from scrutiny.reviews.models import NationalReview
from scrutiny.reviews.tests import factories as make

pytestmark = pytest.mark.django_db

BASE = "/p/riverbank/reviews/national"


def _form(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "title": "Child protection in England",
        "published_on": "2022-05-26",
        "url": "https://www.gov.uk/government/publications/national-review-into-the-murders-of-arthur-labinjo-hughes-and-star-hobson",
        "summary": "The Panel's review of two deaths and of child protection nationally.",
        "considered_on": "2022-07-14",
        "response": "The partners agreed a plan against each recommendation.",
    }
    data.update(changes)
    return data


def test_the_business_manager_records_a_national_review_and_its_history_names_them(cast, client_for):
    manager = client_for(cast.manager)
    response = manager.post(f"{BASE}/add/", _form())
    review = NationalReview.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{BASE}/{review.pk}/"
    assert (review.partnership, review.created_by, review.considered_on) == (
        cast.riverbank,
        cast.manager,
        date(2022, 7, 14),
    )
    page = manager.get(f"{BASE}/{review.pk}/").content.decode()
    assert "14 July 2022" in page
    assert "Business Manager" in page  # the History tab


def test_the_form_shows_the_privacy_reminder_under_each_text_box(cast, client_for):
    page = client_for(cast.manager).get(f"{BASE}/add/").content.decode()
    assert page.count("Do not enter names, dates of birth") == 3  # the banner, the summary and the response
    assert "Each recommendation that applies locally is recorded on its own" in page


def test_a_review_considered_before_the_panel_published_it_is_refused_and_nothing_is_stored(cast, client_for):
    response = client_for(cast.manager).post(f"{BASE}/add/", _form(considered_on="2022-05-01"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "The partnership cannot have considered the review before it was published." in page
    assert 'href="#id_considered_on"' in page
    assert 'value="Child protection in England"' in page
    assert not NationalReview.objects.exists()


def test_changing_the_date_considered_to_before_publication_changes_nothing(cast, client_for):
    review = make.national_review(cast.riverbank, considered_on=date(2024, 11, 1))
    response = client_for(cast.manager).post(
        f"{BASE}/{review.pk}/edit/",
        _form(title="Renamed", published_on="2024-10-01", considered_on="2024-09-01"),
    )
    assert "cannot have considered the review before it was published" in response.content.decode()
    review.refresh_from_db()
    assert (review.title, review.considered_on) == (
        "Safeguarding children with disabilities in residential settings",
        date(2024, 11, 1),
    )


def test_the_review_shows_each_recommendation_with_whether_it_applies_locally_and_the_response(cast, client_for):
    review = make.national_review(cast.riverbank)
    applies = make.recommendation(
        review,
        "Every placement should have a named safeguarding lead.",
        number="1",
        made_on=date(2024, 11, 1),
        local_response="The council will name one in every contract.",
    )
    make.recommendation(
        review,
        "Residential special schools should report to the regulator quarterly.",
        number="2",
        made_on=date(2024, 11, 1),
        applies_locally=False,
        local_response="There are no residential special schools in the area.",
    )
    page = client_for(cast.viewer).get(f"{BASE}/{review.pk}/").content.decode()
    assert "The council will name one in every contract." in page
    assert "There are no residential special schools in the area." in page
    assert "Does not apply locally" in page
    assert "Agreed, no actions yet" in page
    assert applies.get_absolute_url() in page
    assert f"{BASE}/{review.pk}/learning/add/" not in page  # a viewer does not add learning

    listed = client_for(cast.viewer).get(f"{BASE}/").content.decode()
    assert "1 of 2" in listed  # recommendations applying locally


def test_the_manager_is_offered_adding_a_recommendation(cast, client_for):
    review = make.national_review(cast.riverbank)
    page = client_for(cast.manager).get(f"{BASE}/{review.pk}/").content.decode()
    assert f"{BASE}/{review.pk}/learning/add/" in page
    assert f"{BASE}/{review.pk}/edit/" in page


@pytest.mark.parametrize("who", ["manager", "scrutineer", "viewer", "lead_partner"])
def test_everyone_who_reads_the_room_reads_national_reviews(cast, client_for, who):
    review = make.national_review(cast.riverbank)
    client = client_for(getattr(cast, who))
    assert client.get(f"{BASE}/").status_code == 200
    assert client.get(f"{BASE}/{review.pk}/").status_code == 200


def test_an_agency_contributor_is_refused_national_reviews(cast, client_for):
    # No "view" of the reviews room for agency contributors: partnership_view answers 403.
    review = make.national_review(cast.riverbank)
    contributor = client_for(cast.contributor)
    assert contributor.get(f"{BASE}/").status_code == 403
    assert contributor.get(f"{BASE}/{review.pk}/").status_code == 403


def test_a_viewer_cannot_record_or_change_a_national_review(cast, client_for):
    review = make.national_review(cast.riverbank)
    viewer = client_for(cast.viewer)
    assert viewer.get(f"{BASE}/add/").status_code == 403
    assert viewer.post(f"{BASE}/add/", _form()).status_code == 403
    assert viewer.post(f"{BASE}/{review.pk}/edit/", _form(title="Renamed")).status_code == 403
    assert NationalReview.objects.count() == 1
    review.refresh_from_db()
    assert review.title != "Renamed"


def test_someone_from_another_partnership_finds_nothing(cast, client_for):
    review = make.national_review(cast.riverbank)
    outsider = client_for(cast.outsider)
    assert outsider.get(f"{BASE}/").status_code == 404
    assert outsider.get(f"{BASE}/{review.pk}/").status_code == 404


def test_another_partnerships_national_review_is_not_found_under_this_partnerships_address(cast, client_for):
    theirs = make.national_review(cast.hillcrest)
    manager = client_for(cast.manager)
    assert manager.get(f"{BASE}/{theirs.pk}/").status_code == 404
    assert manager.get(f"{BASE}/{theirs.pk}/edit/").status_code == 404
    assert manager.post(f"{BASE}/{theirs.pk}/edit/", _form(title="Renamed")).status_code == 404
    theirs.refresh_from_db()
    assert theirs.title != "Renamed"
    assert "Safeguarding children with disabilities" not in manager.get(f"{BASE}/").content.decode()
