"""The rules of a locally defined measure, kept by the one service (measure_save) that the pages
and the API both save through."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from scrutiny.partnerships.models import Agency
from scrutiny.performance.measures import code_not_national, measure_save
from scrutiny.performance.models import LocalMeasure

pytestmark = pytest.mark.django_db

API = "/api/v1/partnerships/riverbank/performance"


def _schools() -> Agency:
    return Agency.objects.get(name__startswith="Oakfield")


def _measure(partnership, code: str = "education.suspensions", owner: Agency | None = None) -> LocalMeasure:
    return LocalMeasure(
        partnership=partnership, code=code, title="Suspensions", definition="In the quarter", owner=owner or _schools()
    )


def test_a_measure_code_is_unique_in_its_partnership(cast):
    measure_save(measure=_measure(cast.riverbank), by=cast.manager)
    with pytest.raises(ValidationError) as refused:
        measure_save(measure=_measure(cast.riverbank, " education.suspensions "), by=cast.manager)
    assert refused.value.message_dict == {"code": ["The partnership already has a measure with this code."]}
    assert LocalMeasure.objects.count() == 1


def test_a_local_measure_never_takes_a_national_indicators_code(cast):
    with pytest.raises(ValidationError) as refused:
        code_not_national("cin.referrals_per_10k")
    assert refused.value.message_dict == {"code": ["This is a national indicator's code, computed from the returns."]}
    with pytest.raises(ValidationError):
        measure_save(measure=_measure(cast.riverbank, "cin.referrals_per_10k"), by=cast.manager)
    assert not LocalMeasure.objects.exists()


def test_a_measure_is_supplied_by_an_agency_of_the_partnership(cast):
    elsewhere = Agency.objects.exclude(partnership_links__partnership=cast.riverbank).first()
    assert elsewhere is not None
    with pytest.raises(ValidationError) as refused:
        measure_save(measure=_measure(cast.riverbank, owner=elsewhere), by=cast.manager)
    assert list(refused.value.message_dict) == ["owner"]


def test_the_page_and_the_api_both_record_who_changed_a_measure(cast, client_for):
    manager = client_for(cast.manager)
    page = manager.post(
        "/p/riverbank/performance/measures/add/",
        {
            "code": "education.suspensions",
            "title": "Suspensions",
            "definition": "In the quarter",
            "unit": "count",
            "polarity": "neither",
            "owner": _schools().pk,
            "frequency": "quarterly",
            "active": "on",
        },
    )
    assert page.status_code == 302
    measure = LocalMeasure.objects.get()
    body = {"code": measure.code, "title": "Suspensions (all pupils)", "definition": "In the quarter"}
    changed = manager.put(
        f"{API}/measures/{measure.pk}", {**body, "owner_agency_id": _schools().pk}, content_type="application/json"
    )
    assert changed.status_code == 200
    assert [entry.history_user for entry in measure.history.all()] == [cast.manager, cast.manager]


def test_the_page_shows_a_taken_code_beside_the_other_errors_and_keeps_the_typing(cast, client_for):
    measure_save(measure=_measure(cast.riverbank), by=cast.manager)
    page = client_for(cast.manager).post(
        "/p/riverbank/performance/measures/add/", {"code": "education.suspensions", "title": "Typed title"}
    )
    text = page.content.decode()
    assert "The partnership already has a measure with this code." in text
    assert "Typed title" in text
    assert LocalMeasure.objects.count() == 1
