"""The working-day clock page, for anyone signed in."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_the_clock_page_gives_a_statutory_due_date(cast, client_for):
    page = client_for(cast.viewer).get("/clock/?due-rule=rapid-review&due-start=2025-12-15").content.decode()
    assert "Thursday 8 January 2026" in page


def test_the_clock_page_adds_working_days(cast, client_for):
    page = client_for(cast.viewer).get("/clock/?days-start=2025-12-19&days-days=5").content.decode()
    assert "Tuesday 30 December 2025" in page


def test_the_clock_page_explains_a_date_outside_the_holiday_data(cast, client_for):
    page = client_for(cast.viewer).get("/clock/?days-start=2040-01-02&days-days=5").content.decode()
    assert "There is a problem" in page
    assert "outside the bank-holiday data" in page
    assert 'value="2040-01-02"' in page


def test_the_clock_page_refuses_a_negative_count_and_an_impossible_date(cast, client_for):
    page = client_for(cast.viewer).get("/clock/?days-start=2025-02-30&days-days=-1").content.decode()
    assert "Enter a valid date" in page
    assert "greater than or equal to 0" in page


def test_the_clock_page_lists_unconfirmed_clocks_as_not_yet_confirmed(cast, client_for):
    page = client_for(cast.viewer).get("/clock/").content.decode()
    assert page.count("Not yet confirmed</strong>") == 7
    assert "UNVERIFIED" not in page
