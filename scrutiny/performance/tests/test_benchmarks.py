"""DfE's published benchmarks, loaded from the copy shipped with the product (the same layout as
explore-education-statistics), checked against figures DfE publishes."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from scrutiny.performance.benchmarks import SYMBOLS, comparison, comparison_over_years, end_year, load_benchmarks
from scrutiny.performance.models import BenchmarkValue

pytestmark = pytest.mark.django_db

SHIPPED = Path(__file__).parent.parent / "data" / "dfe"


@pytest.fixture
def loaded():
    return load_benchmarks(SHIPPED)


def _value(code: str, year: int, area: str) -> BenchmarkValue:
    return BenchmarkValue.objects.get(code=code, year=year, area_code=area)


def test_england_figures_match_those_dfe_publishes(loaded):
    assert loaded.neighbours == 1530
    england = "E92000001"
    # Referrals: 632,830 / 12,183,016 children * 10,000 = 519.4 (indicators.md §1).
    assert _value("cin.referrals_per_10k", 2025, england).value == 519.4
    assert _value("cin.rereferrals_12m_pct", 2025, england).value == 22.6
    assert _value("cp.subsequent_plan_pct", 2025, england).value == 24.5
    assert _value("cp.plans_2y_plus_at31_pct", 2025, england).value == 2.3
    assert _value("cla.looked_after_per_10k", 2025, england).value == 67
    assert _value("cla.placements_3plus_pct", 2025, england).value == 10
    assert _value("workforce.caseload_per_fte", 2025, england).value == 15.2


def test_suppressed_values_keep_their_symbol_and_are_never_zero(loaded):
    suppressed = BenchmarkValue.objects.filter(value__isnull=True).exclude(symbol="")
    assert suppressed.exists()
    assert {row.symbol.lower() for row in suppressed} <= SYMBOLS | {"no population estimate"}
    # Hackney's CIN figures for 2021 are not available (x).
    hackney = _value("cin.referrals_nfa_pct", 2021, "204")
    assert (hackney.value, hackney.symbol) == (None, "x")


def test_an_las_comparators_use_its_region_and_ten_neighbours(loaded):
    # Trafford (358): neighbours 919, 356, 825, 931, 936, 305, 895, 873, 916, 334 (DfE 2025 model).
    found = comparison("358", 2025)["cin.referrals_per_10k"]
    assert found["england"] == 519.4
    assert found["sn_used"] == 10
    neighbours = ["919", "356", "825", "931", "936", "305", "895", "873", "916", "334"]
    values = sorted(_value("cin.referrals_per_10k", 2025, code).value or 0.0 for code in neighbours)
    assert found["sn_median"] == round((values[4] + values[5]) / 2, 1)
    assert found["sn_mean"] == round(sum(values) / 10, 1)
    # By the new code too.
    assert comparison("E08000009", 2025)["cin.referrals_per_10k"] == found


def test_the_comparison_over_years_is_newest_first(loaded):
    years = comparison_over_years("303", "cla.looked_after_per_10k")
    assert years[0].year == 2025
    assert years[0].la == 49
    assert years[0].region_name == "Outer London"


def test_the_show_command_prints_the_documented_shape(loaded):
    out = io.StringIO()
    call_command("benchmarks", "show", "--la", "303", "--year", "2025", stdout=out)
    shown = json.loads(out.getvalue())
    assert (shown["la"], shown["year"]) == ("303", 2025)
    assert set(shown["indicators"]["cin.referrals_per_10k"]) == {"la", "england", "region", "sn_median", "sn_mean"}
    with pytest.raises(CommandError, match="No local authority 999"):
        call_command("benchmarks", "show", "--la", "999", "--year", "2025", stdout=io.StringIO())


def test_a_folder_without_the_files_loads_what_it_has(tmp_path):
    shutil.copy(SHIPPED / "c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv", tmp_path)
    loaded = load_benchmarks(tmp_path)
    assert "cin.referrals_per_10k" in loaded.indicators
    assert "la_cla_placement_stability.csv" in loaded.missing_files
    with pytest.raises(CommandError, match="is not a folder"):
        call_command("benchmarks", "load", str(tmp_path / "nowhere"), stdout=io.StringIO())


def test_year_labels_in_both_forms():
    assert end_year("2025") == end_year("202425") == 2025


def test_a_joint_return_stands_for_each_la_in_it(loaded):
    # Kingston (314) and Richmond (318) make one social work workforce return.
    kingston = _value("workforce.caseload_per_fte", 2025, "314")
    richmond = _value("workforce.caseload_per_fte", 2025, "318")
    assert kingston.value == richmond.value == 13.9
    assert (kingston.new_la_code, richmond.new_la_code) == ("E09000021", "E09000027")


def test_factors_identified_at_assessment_load_one_share_per_factor(loaded, cast, client_for, tmp_path):
    from scrutiny.performance.importing import import_cin
    from scrutiny.performance.tests.cin_files import A, E, cin_xml, write

    episode = E("2024-05-01", assessments=[A("2024-05-02", "2024-06-01", factors=("4B", "3B"))])
    import_cin(cast.riverbank, write(tmp_path, cin_xml({"K1": [episode]})), None)
    # Parental mental health: 171,780 of 513,250 episodes with factor information (indicators.md: 33.5).
    assert _value("cin.assessment_factors_pct:4B", 2025, "E92000001").value == 33.5
    assert "cin.assessment_factors_pct" in loaded.indicators
    bexley = comparison("303", 2025, ["cin.assessment_factors_pct:4B"])["cin.assessment_factors_pct:4B"]
    assert bexley["england"] == 33.5
    assert bexley["sn_used"] >= 5
    page = client_for(cast.viewer).get("/p/riverbank/performance/indicators/cin.assessment_factors_pct/")
    text = page.content.decode()
    assert "beside DfE's published shares for 2024-25" in text
    assert "33.5%" in text  # England, beside Bexley's 100.0% of one episode
