"""The demo's year of scrutiny in Riverbank: every part present, and building twice changes nothing."""

from __future__ import annotations

from importlib import import_module

import pytest

from scrutiny.assurance.assessing import assessed_requirements
from scrutiny.assurance.models import (
    Assessment,
    AssuranceStatement,
    Challenge,
    Disagreement,
    Finding,
    Innovation,
    Recommendation,
    RecommendationResponse,
    ScrutineerAppointment,
    ScrutinyActivity,
)

# What the demo builder makes; see the "demo" marker in pyproject.toml.
pytestmark = [pytest.mark.django_db, pytest.mark.demo]

MODELS = [
    Assessment,
    AssuranceStatement,
    Challenge,
    Disagreement,
    Finding,
    Innovation,
    Recommendation,
    RecommendationResponse,
    ScrutineerAppointment,
    ScrutinyActivity,
]


def build_demo() -> None:
    # The demo package sits above this room (import-linter layers); it is reached by name here
    # only to test the builder this room provides for it.
    import_module("scrutiny.demo").build_demo()


def build_assurance_demo() -> None:
    import_module("scrutiny.demo.assurance").build_assurance_demo()


def _counts() -> dict[str, int]:
    counts = {m.__name__: m._default_manager.count() for m in MODELS}
    counts.update({f"history of {m.__name__}": m.history.count() for m in MODELS})  # type: ignore[attr-defined]
    return counts


def test_the_demo_has_a_full_year_of_scrutiny_and_building_twice_changes_nothing(cast, client_for):
    build_demo()  # the rooms it builds on: evidence and actions
    build_assurance_demo()
    first = _counts()
    build_assurance_demo()
    assert _counts() == first
    riverbank = cast.riverbank
    assert Assessment.objects.filter(partnership=riverbank, year=2025).count() == len(assessed_requirements(riverbank))
    issued = Finding.objects.filter(partnership=riverbank, status="issued")
    assert issued.count() >= 4
    assert all(f.supporting_links().exists() for f in issued)
    assert Disagreement.objects.filter(partnership=riverbank).count() == 1
    assert Challenge.objects.filter(partnership=riverbank).count() >= 3
    assert RecommendationResponse.objects.filter(recommendation__partnership=riverbank).exists()
    assert not Finding.objects.filter(partnership=cast.hillcrest).exists()
    # The pages read well with it.
    client = client_for(cast.scrutineer)
    for path in [
        "",
        "plan/coverage/?year=2025",
        "assessments/?year=2025",
        "assessments/year-on-year/",
        "statement/?year=2025",
        "disagreements/themes/",
        "challenges/",
        "recommendations/",
    ]:
        assert client.get(f"/p/riverbank/assurance/{path}").status_code == 200, path
