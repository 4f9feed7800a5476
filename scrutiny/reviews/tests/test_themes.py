"""Recurring learning: themes (and agencies) counted across reviews and reporting years, and the
page that shows them as tables."""

from __future__ import annotations

from datetime import date
from typing import Any

from scrutiny.frameworks.models import Theme
from scrutiny.reviews.models import Lcspr, LearningPoint, NationalReview, RapidReview
from scrutiny.reviews.tests import factories
from scrutiny.reviews.themes import RecurrenceRow, agency_recurrence, theme_recurrence, years_covered

URL = "/p/riverbank/reviews/learning/themes/"


def _tagged(
    source: RapidReview | Lcspr | NationalReview,
    theme_codes: list[str],
    made_on: date,
    agencies: tuple[str, ...] | list[str] = (),
    **extra: Any,
) -> LearningPoint:
    point = factories.recommendation(source, made_on=made_on, **extra)
    point.themes.set(Theme.objects.filter(code__in=theme_codes, partnership__isnull=True))
    point.agencies.set([factories.agency(name) for name in agencies])
    return point


def _by_code(rows: list[RecurrenceRow]) -> dict[str, RecurrenceRow]:
    return {row.code: row for row in rows}


def test_a_theme_in_two_reviews_recurs_and_one_in_a_single_review_and_year_does_not(cast):
    first = factories.rapid_review(cast.riverbank, "RB-2025-01")
    second = factories.rapid_review(cast.riverbank, "RB-2025-02")
    _tagged(first, ["information-sharing", "neglect"], date(2025, 7, 1))
    _tagged(first, ["information-sharing"], date(2025, 7, 2))
    _tagged(second, ["information-sharing"], date(2025, 8, 1))

    rows = _by_code(theme_recurrence(cast.riverbank))

    sharing = rows["information-sharing"]
    assert (sharing.counts, sharing.total, sharing.reviews, sharing.recurring) == ({2025: 3}, 3, 2, True)
    assert sharing.why == "in 2 reviews over 1 year"
    neglect = rows["neglect"]
    assert (neglect.counts, neglect.total, neglect.reviews, neglect.recurring) == ({2025: 1}, 1, 1, False)
    assert (neglect.label, neglect.group) == ("Neglect", "Practice theme")
    # Recurring themes come first.
    assert [row.code for row in theme_recurrence(cast.riverbank)] == ["information-sharing", "neglect"]


def test_a_theme_in_one_review_over_two_reporting_years_recurs(cast):
    review = factories.national_review(cast.riverbank, published_on=date(2024, 1, 10))
    # 31 March 2024 is in 2023-24; 1 April 2024 starts 2024-25.
    _tagged(review, ["safeguarding-infants"], date(2024, 3, 31))
    _tagged(review, ["safeguarding-infants"], date(2024, 4, 1))

    [row] = theme_recurrence(cast.riverbank)

    assert (row.counts, row.reviews, row.years, row.recurring) == ({2023: 1, 2024: 1}, 1, 2, True)
    assert years_covered(theme_recurrence(cast.riverbank)) == [2023, 2024]


def test_agencies_are_counted_the_same_way(cast):
    first = factories.rapid_review(cast.riverbank, "RB-2025-01")
    lcspr = factories.lcspr(cast.riverbank, decided_on=date(2025, 7, 1))
    _tagged(first, [], date(2025, 7, 1), agencies=["Capital Police", "Oakfield"])
    _tagged(lcspr, [], date(2025, 9, 1), agencies=["Capital Police"])

    rows = {row.label: row for row in agency_recurrence(cast.riverbank)}

    assert rows["Capital Police South Area (demo)"].recurring
    assert rows["Capital Police South Area (demo)"].reviews == 2
    assert not rows["Oakfield Academies Trust (demo)"].recurring


def test_another_partnerships_learning_is_not_counted(cast):
    _tagged(factories.rapid_review(cast.hillcrest, "HC-2025-01"), ["neglect"], date(2025, 7, 1))
    _tagged(factories.rapid_review(cast.hillcrest, "HC-2025-02"), ["neglect"], date(2025, 7, 1))
    assert theme_recurrence(cast.riverbank) == []
    assert _by_code(theme_recurrence(cast.hillcrest))["neglect"].recurring


def test_the_themes_page_flags_recurring_themes_in_words_and_links_each_count_to_the_list(cast, client_for):
    first = factories.rapid_review(cast.riverbank, "RB-2025-01")
    second = factories.rapid_review(cast.riverbank, "RB-2025-02")
    one = _tagged(first, ["information-sharing"], date(2025, 7, 1), agencies=["Oakfield"], number="1")
    two = _tagged(second, ["information-sharing"], date(2025, 8, 1), number="2")
    other = _tagged(second, ["neglect"], date(2025, 8, 1), number="3")
    sharing = Theme.objects.get(code="information-sharing", partnership__isnull=True)

    page = client_for(cast.chair).get(URL).content.decode()

    assert "Findings and recommendations by theme and reporting year" in page
    assert "2025-26" in page
    assert "Recurring</strong>" in page
    assert "In 2 reviews over 1 year" in page
    link = f"/p/riverbank/reviews/learning/?theme={sharing.pk}&amp;year=2025"
    assert link in page
    listed = client_for(cast.chair).get(link.replace("&amp;", "&")).content.decode()
    assert one.get_absolute_url() in listed
    assert two.get_absolute_url() in listed
    assert other.get_absolute_url() not in listed
    assert "Agencies the learning concerns" in page
    assert "Oakfield Academies Trust (demo)" in page


def test_the_themes_page_with_no_learning_says_so(cast, client_for):
    page = client_for(cast.manager).get(URL).content.decode()
    assert "No findings or recommendations are tagged with themes yet." in page
