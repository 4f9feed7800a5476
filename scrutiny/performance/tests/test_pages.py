"""The performance room's pages: the year's figures, each indicator's definition and years, the
imports; and who may see them."""

from __future__ import annotations

import pytest

from scrutiny.performance.importing import import_cin
from scrutiny.performance.tests.cin_files import A, E, cin_xml, write

pytestmark = pytest.mark.django_db

BASE = "/p/riverbank/performance"


@pytest.fixture
def two_years(cast, tmp_path):
    first = import_cin(cast.riverbank, write(tmp_path, cin_xml({"K1": [E("2023-06-01")]}, year=2024), "y1.xml"), None)
    second = import_cin(
        cast.riverbank,
        write(
            tmp_path,
            cin_xml(
                {
                    "K1": [E("2024-06-01", assessments=[A("2024-06-02", "2024-07-01", ("4B",))])],
                    "K2": [E("2024-07-01", nfa="1")],
                }
            ),
            "y2.xml",
        ),
        cast.manager,
    )
    return first.record, second.record


def test_the_dashboard_shows_the_latest_year_beside_the_one_before(cast, client_for, two_years):
    page = client_for(cast.viewer).get(f"{BASE}/").content.decode()
    assert "Bexley, 2024-25" in page
    assert "Referrals to children&#x27;s social care per 10,000 children" in page
    # 2 referrals in 2024-25 and 1 in 2023-24 over Bexley's 58,724 and 59,184 (mid-2023) children.
    assert ">0.3<" in page
    assert ">0.2<" in page
    assert "Open Government Licence" in page
    older = client_for(cast.viewer).get(f"{BASE}/?year=2024").content.decode()
    assert "Bexley, 2023-24" in older


def test_the_dashboard_says_when_nothing_is_imported(cast, client_for):
    page = client_for(cast.manager).get(f"{BASE}/").content.decode()
    assert "No return has been imported for Bexley yet." in page
    assert "scrutiny import cin FILE --partnership riverbank" in page


def test_an_indicator_page_gives_its_definition_years_and_counting_rules(cast, client_for, two_years):
    page = client_for(cast.scrutineer).get(f"{BASE}/indicators/cin.rereferrals_12m_pct/").content.decode()
    assert "Re-referrals within 12 months of a previous referral" in page
    assert "cin.rereferrals_12m_pct" in page
    assert "Lower is better" in page
    assert "Counting rules in force here" in page
    assert "An earlier referral exactly 12 months before counts as within 12 months: <strong>yes</strong>" in page
    assert "salted hash of the child&#x27;s ID" in page
    assert "2024-25" in page
    assert "2023-24" in page
    assert "Not computed" in page  # 2023-24 had no year before it to look back into


def test_the_factor_indicator_lists_each_factor(cast, client_for, two_years):
    page = client_for(cast.viewer).get(f"{BASE}/indicators/cin.assessment_factors_pct/").content.decode()
    assert "By factor, 2024-25" in page
    assert "4B: Mental health: parent or carer" in page
    assert "100.0%" in page


def test_an_unknown_indicator_is_not_found(cast, client_for):
    assert client_for(cast.viewer).get(f"{BASE}/indicators/cin.nonsense/").status_code == 404


def test_the_catalogue_lists_national_and_local_indicators(cast, client_for):
    page = client_for(cast.viewer).get(f"{BASE}/indicators/").content.decode()
    assert page.count("<code>cin.") >= 6
    assert "police.da_incidents_children_present" in page
    assert "locally defined" in page


def test_imports_show_who_imported_what_and_what_was_replaced(cast, client_for, tmp_path, two_years):
    _first, second = two_years
    import_cin(
        cast.riverbank, write(tmp_path, cin_xml({"K9": [E("2024-06-01", nfa="true")]}), "again.xml"), cast.manager
    )
    listing = client_for(cast.viewer).get(f"{BASE}/imports/").content.decode()
    assert "again.xml" in listing
    assert "Replaced by a later import" in listing
    detail = client_for(cast.viewer).get(f"{BASE}/imports/{second.pk}/").content.decode()
    assert "Replaced by a later import" in detail
    assert second.sha256 in detail
    latest = client_for(cast.viewer).get(f"{BASE}/imports/{second.pk + 1}/").content.decode()
    assert "true/false used for a yes/no field" in latest
    assert "Re-referrals" in latest


def test_an_agency_contributor_is_refused_the_partnership_wide_figures(cast, client_for, two_years):
    client = client_for(cast.contributor)
    assert client.get(f"{BASE}/").status_code == 403
    assert client.get(f"{BASE}/imports/{two_years[1].pk}/").status_code == 403


def test_another_partnership_cannot_see_riverbanks_imports(cast, client_for, two_years):
    client = client_for(cast.outsider)
    assert client.get(f"{BASE}/").status_code == 404
    assert client.get(f"/p/hillcrest/performance/imports/{two_years[1].pk}/").status_code == 404
    page = client.get("/p/hillcrest/performance/").content.decode()
    assert "No return has been imported for Bromley yet." in page


def test_an_indicator_with_two_years_has_a_chart_in_svg_and_png_with_its_summary(cast, client_for, two_years):
    client = client_for(cast.viewer)
    page = client.get(f"{BASE}/indicators/cin.referrals_per_10k/").content.decode()
    assert "chart.svg?la=303" in page
    assert "2 points from 2023-24 to 2024-25." in page
    assert "Common cause" in page
    chart = client.get(f"{BASE}/indicators/cin.referrals_per_10k/chart.svg?la=303")
    assert chart.status_code == 200
    assert chart["Content-Type"] == "image/svg+xml"
    assert b"<svg" in chart.content
    assert b"Referrals to children" in chart.content
    picture = client.get(f"{BASE}/indicators/cin.referrals_per_10k/chart.png")
    assert picture.content[:8] == b"\x89PNG\r\n\x1a\n"
    # One computed year: no chart.
    assert client.get(f"{BASE}/indicators/cin.rereferrals_12m_pct/chart.svg").status_code == 404
    assert "chart.svg" not in client.get(f"{BASE}/indicators/cin.rereferrals_12m_pct/").content.decode()


def test_the_dashboard_reads_each_indicator_as_a_signal_not_a_rag_rating(cast, client_for, two_years):
    page = client_for(cast.viewer).get(f"{BASE}/").content.decode()
    assert "Signal over the years" in page
    assert "Common cause</strong>" in page


def test_charts_are_refused_like_the_pages(cast, client_for, two_years):
    assert client_for(cast.contributor).get(f"{BASE}/indicators/cin.referrals_per_10k/chart.svg").status_code == 403
    assert client_for(cast.outsider).get(f"{BASE}/indicators/cin.referrals_per_10k/chart.png").status_code == 404
