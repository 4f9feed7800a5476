"""The whole demo, as a person trying Scrutiny first sees it."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone

from scrutiny.demo import build_demo

# What the demo builder makes; see the "demo" marker in pyproject.toml.
pytestmark = [pytest.mark.django_db, pytest.mark.demo]


def test_the_scrutineer_lands_on_the_demos_year_of_scrutiny_not_an_empty_one(cast, client_for):
    build_demo()
    page = client_for(cast.scrutineer).get("/p/riverbank/assurance/").content.decode()
    assert "Reporting year 2025-26" in page
    issued = re.search(r"(\d+) findings? issued", page)
    assert issued is not None
    assert int(issued.group(1)) > 0


def test_a_partnership_with_nothing_recorded_shows_the_current_year(cast, client_for):
    build_demo()
    page = client_for(cast.scrutineer).get("/p/hillcrest/assurance/").content.decode()
    assert f"Reporting year {cast.hillcrest.current_reporting_year(timezone.localdate())}" in page
