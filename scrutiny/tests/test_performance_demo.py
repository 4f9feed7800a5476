"""The demo's five years of synthetic CIN census and SSDA903 returns for each demo partnership."""

from __future__ import annotations

import pytest

from scrutiny.demo import build_demo
from scrutiny.demo.performance import demo_children, demo_mistakes
from scrutiny.performance.models import IndicatorValue, ReturnImport

# What the demo builder makes; see the "demo" marker in pyproject.toml.
pytestmark = [pytest.mark.django_db, pytest.mark.demo]


def test_each_demo_partnership_has_five_years_of_imported_returns():
    build_demo()
    for slug in ("riverbank", "hillcrest"):
        for kind in ("cin", "ssda903"):
            current = ReturnImport.objects.current().filter(partnership__slug=slug, kind=kind)
            assert sorted(current.values_list("year", flat=True)) == [2022, 2023, 2024, 2025, 2026]
    rereferrals = IndicatorValue.objects.filter(
        source__partnership__slug="riverbank", code="cin.rereferrals_12m_pct", dimension=""
    ).order_by("source__year")
    # The first year has no earlier census to look back into; every later year does.
    assert [value.status for value in rereferrals] == ["not computed"] + ["computed"] * 4
    build_demo()
    # Five years of the CIN census and the SSDA903, and two Annex A extracts, for each of two LAs.
    assert ReturnImport.objects.count() == 24
    annex_a = ReturnImport.objects.current().filter(partnership__slug="riverbank", kind="annex_a")
    assert sorted(annex_a.values_list("year", flat=True)) == [2025, 2026]
    looked_after = IndicatorValue.objects.get(
        source__partnership__slug="riverbank", source__year=2025, code="cla.looked_after_per_10k"
    )
    assert looked_after.status == "computed"
    assert (looked_after.numerator or 0) > 0


def test_each_demo_cin_census_holds_a_few_impossible_records_listed_by_line(cast, client_for):
    build_demo()
    imports = ReturnImport.objects.current().filter(kind="cin")
    assert imports.count() == 10
    for record in imports:
        # Four children of about a hundred (the suite's scale): under the 5% past which a file is refused.
        assert record.quality["children_with_problems"] == 4
        assert record.quality["by_rule"] == {
            "date_in_the_future": 1,
            "duplicate_child_id": 1,
            "icpc_before_its_s47_started": 1,
            "plan_ends_before_it_starts": 1,
        }
        assert all(problem["line"] for problem in record.problems)
    latest = imports.filter(partnership__slug="riverbank").order_by("-year").first()
    assert latest is not None
    page = client_for(cast.manager).get(f"/p/riverbank/performance/imports/{latest.pk}/").content.decode()
    assert "Child protection plans that end before they start" in page
    assert "Initial conferences before their section 47 enquiry began" in page
    assert "is in the future" in page


def test_the_demo_plants_no_more_mistakes_than_keep_a_file_under_the_refusal_share(settings):
    settings.SCRUTINY_CIN_MAX_CHILDREN_WITH_PROBLEMS_PERCENT = 5
    assert demo_mistakes(3160) == ("plan", "conference", "duplicate", "future")
    assert demo_mistakes(60) == ("plan", "conference", "duplicate")
    assert demo_mistakes(20) == ("plan",)
    settings.SCRUTINY_CIN_MAX_CHILDREN_WITH_PROBLEMS_PERCENT = 0
    assert demo_mistakes(3160) == ()


def test_the_demo_returns_resemble_the_real_las_volume(settings):
    settings.SCRUTINY_DEMO_RETURN_PERCENT = 100
    assert (demo_children("303"), demo_children("305"), demo_children("999")) == (3160, 4523, None)
    settings.SCRUTINY_DEMO_RETURN_PERCENT = 3
    assert demo_children("303") == 94
