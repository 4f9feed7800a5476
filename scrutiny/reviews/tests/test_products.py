"""Learning products: the briefings and events that shared a review's learning, and who they reached."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone

from scrutiny.reviews.models import LearningProduct, ProductKind
from scrutiny.reviews.tests import factories

BASE = "/p/riverbank/reviews/products"


def _product(partnership: Any, **extra: Any) -> LearningProduct:
    made = LearningProduct(
        partnership=partnership,
        title=extra.pop("title", "Seven-minute briefing: who lives in the household?"),
        kind=extra.pop("kind", ProductKind.SEVEN_MINUTE),
        delivered_on=extra.pop("delivered_on", date(2025, 9, 10)),
        **extra,
    )
    made.full_clean()
    made.save()
    return made


@pytest.fixture
def point(cast: Any) -> Any:
    return factories.recommendation(factories.rapid_review(cast.riverbank), number="1")


def _form(point: Any, **extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "title": "Practitioner learning event: the household",
        "kind": ProductKind.PRACTITIONER_EVENT,
        "delivered_on": "2025-10-02",
        "description": "Case study and discussion of the household recommendation.",
        "audience": "Health visitors and school safeguarding leads",
        "agencies_reached": [factories.agency("Oakfield").pk, factories.agency("Riverbank Community Health").pk],
        "people_reached": "45",
        "learning_points": [point.pk],
    }
    data.update(extra)
    return data


def test_the_business_manager_records_a_learning_product_and_who_it_reached(cast, client_for, point):
    response = client_for(cast.manager).post(f"{BASE}/add/", _form(point))

    product = LearningProduct.objects.get()
    assert response.status_code == 302
    assert response["Location"] == product.get_absolute_url()
    assert (product.partnership, product.people_reached, product.created_by) == (cast.riverbank, 45, cast.manager)
    assert list(product.learning_points.all()) == [point]
    assert {a.name for a in product.agencies_reached.all()} == {
        "Oakfield Academies Trust (demo)",
        "Riverbank Community Health Trust (demo)",
    }

    page = client_for(cast.viewer).get(product.get_absolute_url()).content.decode()
    assert "Oakfield Academies Trust (demo)" in page
    assert "45" in page
    assert "Health visitors and school safeguarding leads" in page
    assert point.get_absolute_url() in page
    assert "History" in page
    assert str(cast.manager) in page
    # The recommendation's page names the product that shared it.
    assert product.get_absolute_url() in client_for(cast.viewer).get(point.get_absolute_url()).content.decode()


def test_the_form_shows_the_identifying_details_reminder(cast, client_for):
    page = client_for(cast.manager).get(f"{BASE}/add/").content.decode()
    assert "Do not enter names, dates of birth" in page


def test_a_product_delivered_in_the_future_is_refused_and_nothing_is_saved(cast, client_for, point):
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = client_for(cast.manager).post(f"{BASE}/add/", _form(point, delivered_on=tomorrow))
    page = response.content.decode()
    assert "There is a problem" in page
    assert "this date cannot be in the future" in page
    assert "Practitioner learning event: the household" in page
    assert not LearningProduct.objects.exists()


def test_a_negative_number_of_people_is_refused(cast, client_for, point):
    response = client_for(cast.manager).post(f"{BASE}/add/", _form(point, people_reached="-3"))
    assert "There is a problem" in response.content.decode()
    assert not LearningProduct.objects.exists()


def test_another_partnerships_learning_cannot_be_attached(cast, client_for):
    hillcrest_point = factories.recommendation(factories.rapid_review(cast.hillcrest, "HC-2025-01"))
    response = client_for(cast.manager).post(f"{BASE}/add/", _form(hillcrest_point))
    assert "There is a problem" in response.content.decode()
    assert not LearningProduct.objects.exists()


def test_the_business_manager_edits_a_product(cast, client_for, point):
    product = _product(cast.riverbank)
    response = client_for(cast.manager).post(f"{BASE}/{product.pk}/edit/", _form(point, people_reached="60"))
    assert response.status_code == 302
    product.refresh_from_db()
    assert product.people_reached == 60
    assert product.history.latest().history_user == cast.manager


def test_the_list_shows_each_product_and_the_people_reached(cast, client_for, point):
    product = _product(cast.riverbank, people_reached=30)
    product.learning_points.add(point)
    page = client_for(cast.chair).get(f"{BASE}/").content.decode()
    assert product.get_absolute_url() in page
    assert "reached 30 people" in page
    assert "Record a learning product" not in page  # the chair reads; the business manager records


@pytest.mark.parametrize("role", ["scrutineer", "police_dsp", "lead_partner", "chair", "viewer"])
def test_only_the_business_manager_records_products(cast, client_for, point, role):
    product = _product(cast.riverbank)
    client = client_for(getattr(cast, role))
    assert client.get(f"{BASE}/").status_code == 200
    assert client.get(product.get_absolute_url()).status_code == 200
    assert client.get(f"{BASE}/add/").status_code == 403
    assert client.post(f"{BASE}/add/", _form(point)).status_code == 403
    assert client.post(f"{BASE}/{product.pk}/edit/", _form(point, title="Changed")).status_code == 403
    assert LearningProduct.objects.get().title == product.title


def test_an_agency_contributor_is_refused_the_products(cast, client_for):
    product = _product(cast.riverbank)
    client = client_for(cast.contributor)
    assert client.get(f"{BASE}/").status_code == 403
    assert client.get(product.get_absolute_url()).status_code == 403


def test_an_outsider_gets_404(cast, client_for):
    product = _product(cast.riverbank)
    client = client_for(cast.outsider)
    assert client.get(f"{BASE}/").status_code == 404
    assert client.get(product.get_absolute_url()).status_code == 404


def test_a_hillcrest_product_under_riverbanks_address_is_not_found(cast, client_for, point):
    product = _product(cast.hillcrest)
    client = client_for(cast.manager)
    assert client.get(f"{BASE}/{product.pk}/").status_code == 404
    assert client.get(f"{BASE}/{product.pk}/edit/").status_code == 404
    assert client.post(f"{BASE}/{product.pk}/edit/", _form(point, title="Changed")).status_code == 404
    product.refresh_from_db()
    assert product.title != "Changed"
