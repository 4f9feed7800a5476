"""The reviews room's front page: the open clocks worst first, incidents by year, reviews in
progress, and how far the recommendations have got."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from scrutiny.reviews.tests import factories as make

pytestmark = pytest.mark.django_db

HOME = "/p/riverbank/reviews/"


def test_the_business_manager_sees_what_is_due_worst_first(cast, client_for):
    today = timezone.localdate()
    # Missed: a 2025 incident never notified. Due soon: one the local authority learnt of yesterday.
    make.incident(cast.riverbank, "RB-2025-01", notified_on=None)
    make.incident(
        cast.riverbank, "RB-2026-09", aware_on=today - timedelta(days=1), notified_on=None, partners_informed_on=None
    )
    page = client_for(cast.manager).get(HOME).content.decode()
    assert "Open statutory clocks, most urgent first" in page
    assert page.index("Missed") < page.index("Due soon")
    assert page.index("Serious incident RB-2025-01") < page.index("Serious incident RB-2026-09")
    assert "Record a serious incident" in page


def test_incidents_are_grouped_by_reporting_year_with_their_review(cast, client_for):
    make.incident(
        cast.riverbank, "RB-2024-03", aware_on=date(2024, 5, 7), notified_on=date(2024, 5, 8), partners_informed_on=None
    )
    review = make.rapid_review(cast.riverbank, "RB-2025-01")
    make.contribution(review, "Oakfield")
    page = client_for(cast.viewer).get(HOME).content.decode()
    assert "Serious incidents in 2025-26" in page
    assert "Serious incidents in 2024-25" in page
    assert page.index("2025-26") < page.index("2024-25")
    assert "Rapid reviews not yet sent to the Panel" in page
    assert "Awaiting contributions" in page
    assert "0 of 1 submitted" in page
    assert "Record a serious incident" not in page


def test_an_lcspr_in_progress_shows_its_stage_and_publication_clock(cast, client_for):
    make.lcspr(cast.riverbank, terms_agreed_on=date(2025, 7, 15))
    page = client_for(cast.scrutineer).get(HOME).content.decode()
    assert "Child Q: a local child safeguarding practice review" in page
    assert "Under way" in page
    assert "1 January 2026" in page  # 6 months from 1 July 2025


def test_recommendations_are_counted_by_how_far_they_have_got(cast, client_for):
    review = make.rapid_review(cast.riverbank)
    make.recommendation(review, "Health visitors should ask who lives in the household.")
    make.recommendation(review, "Schools should share attendance concerns after five days.", number="2")
    make.recommendation(review, "A finding, not counted.", kind="finding")
    page = client_for(cast.viewer).get(HOME).content.decode()
    assert "Agreed, no actions yet</strong> 2 recommendations" in page
    assert "2 recommendations from the partnership's reviews in all" in page


def test_an_unconfirmed_clock_is_marked_not_yet_confirmed(cast, client_for):
    review = make.rapid_review(cast.riverbank)
    make.recommendation(review, made_on=timezone.localdate() - timedelta(days=1))
    page = client_for(cast.viewer).get(HOME).content.decode()
    assert "Impact check" in page
    assert "Not yet confirmed</strong>" in page
    assert "review-recommendation-impact-check" in page


def test_the_home_page_links_to_every_list_of_the_room(cast, client_for):
    page = client_for(cast.viewer).get(HOME).content.decode()
    for path in (
        "incidents/",
        "rapid-reviews/",
        "contributions/",
        "lcsprs/",
        "national/",
        "learning/",
        "learning/themes/",
        "products/",
    ):
        assert f'href="{HOME}{path}"' in page, path


def test_the_home_page_links_to_the_partnerships_deadlines(cast, client_for):
    """Needs the deadlines page (URL name ``deadlines``), built beside this room."""
    page = client_for(cast.viewer).get(HOME).content.decode()
    assert 'href="/p/riverbank/deadlines/"' in page


def test_an_agency_contributor_is_sent_to_their_contributions_not_the_room(cast, client_for):
    assert client_for(cast.contributor).get(HOME).status_code == 403
    assert client_for(cast.contributor).get(f"{HOME}contributions/").status_code == 200


def test_an_outsider_finds_no_reviews_room(cast, client_for):
    make.incident(cast.riverbank)
    assert client_for(cast.outsider).get(HOME).status_code == 404


def test_another_partnerships_records_do_not_appear(cast, client_for):
    make.rapid_review(cast.hillcrest, "HC-2025-01")
    page = client_for(cast.scrutineer).get(HOME).content.decode()  # the scrutineer serves both
    assert "HC-2025-01" not in page


def test_the_page_costs_the_same_queries_however_many_reviews_there_are(cast, client_for):
    """Each record's clocks and each recommendation's status come from queries for the whole page,
    not one per record."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(cast.manager)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/p/riverbank/reviews/").status_code == 200
        return len(captured)

    review = make.rapid_review(cast.riverbank, "RB-2025-01")
    make.recommendation(review)
    make.lcspr(cast.riverbank)
    queries()  # the first request fills caches (content types) that later ones reuse
    few = queries()
    for n in range(2, 7):
        more = make.rapid_review(cast.riverbank, f"RB-2025-{n:02}")
        make.recommendation(more)
        make.lcspr(cast.riverbank, f"Child {n}")
    assert queries() == few


def test_older_years_of_incidents_are_one_link_away(cast, client_for):
    for year in (2022, 2023, 2024, 2025):
        make.incident(
            cast.riverbank,
            f"RB-{year}-01",
            aware_on=date(year, 6, 2),
            notified_on=date(year, 6, 3),
            partners_informed_on=None,
        )
    page = client_for(cast.viewer).get(HOME).content.decode()
    assert "Serious incidents in 2025-26" in page
    assert "Serious incidents in 2024-25" in page
    assert "Serious incidents in 2023-24" not in page
    assert "See all 4 serious incidents across 4 reporting years</a> (2 in earlier years)" in page


def test_only_the_most_urgent_open_clocks_are_listed_with_the_count(cast, client_for):
    from scrutiny.reviews.views.home import HOME_CLOCKS

    for n in range(HOME_CLOCKS + 2):
        make.incident(
            cast.riverbank,
            f"RB-2025-{n:02}",
            aware_on=date(2025, 6, 2) + timedelta(days=n),
            notified_on=None,
            partners_informed_on=None,
        )
    page = client_for(cast.manager).get(HOME).content.decode()
    # Each incident runs two clocks: its notification and its rapid review.
    assert f"The {HOME_CLOCKS} most urgent of {2 * (HOME_CLOCKS + 2)} open clocks are shown." in page
    assert "Serious incident RB-2025-00" in page
