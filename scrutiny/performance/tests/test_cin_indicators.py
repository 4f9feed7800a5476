"""Each CIN and child-protection indicator against figures worked out by hand, with the
boundaries of its definition (indicators.md §3) on both sides."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from scrutiny.performance.population import Population
from scrutiny.performance.returns.cin import read_cin
from scrutiny.performance.returns.cin_indicators import CinIndicators, child_hash
from scrutiny.performance.returns.results import Result
from scrutiny.performance.rules import CountingRules
from scrutiny.performance.tests.cin_files import CPP, S47, A, E, cin_xml, write

RULES = CountingRules()
SALT = b"test-salt"


def compute(
    tmp_path: Path,
    children: dict[str, list[E]],
    rules: CountingRules = RULES,
    earlier: dict[str, list[date]] | None = None,
    population: int = 10_000,
) -> dict[str, Result]:
    counts = CinIndicators(2025, rules, SALT, {} if earlier is None else earlier)
    path = write(tmp_path, cin_xml(children))
    read_cin(path, path.name, counts.add)
    results = counts.results(Population(population, 2024))
    return {r.code + (f"/{r.dimension}" if r.dimension else ""): r for r in results}


def figure(result: Result) -> tuple[float | None, int | None, int | None]:
    return result.value, result.numerator, result.denominator


def test_referrals_count_every_referral_in_the_year_as_a_rate(tmp_path):
    found = compute(
        tmp_path,
        {
            "K1": [E("2024-04-01", "2024-05-01", "RC7"), E("2025-03-31")],  # both in the year: the first and last day
            "K2": [E("2024-03-31")],  # the day before: last year
            "K3": [E("2025-04-01")],  # the day after: next year
        },
        population=20_000,
    )
    assert figure(found["cin.referrals_per_10k"]) == (1.0, 2, 20_000)
    assert "ONS mid-2024 estimate" in found["cin.referrals_per_10k"].note


def test_no_further_action_and_assessed_not_in_need_share_the_referrals(tmp_path):
    found = compute(
        tmp_path,
        {
            "K1": [E("2024-05-01", "2024-05-02", "RC8", nfa="1")],
            "K2": [E("2024-05-01", "2024-07-01", "RC8", assessments=[A("2024-05-02", "2024-06-01")])],
            "K3": [E("2024-05-01", "2024-07-01", "RC9", assessments=[A("2024-05-02", "2024-06-01")])],
            # Closed after assessment, but an enquiry followed: not "assessed, not in need".
            "K4": [
                E(
                    "2024-05-01",
                    "2024-07-01",
                    "RC8",
                    assessments=[A("2024-05-02", "2024-06-01")],
                    enquiries=[S47("2024-05-03", not_required="1")],
                )
            ],
            # Closed for another reason.
            "K5": [E("2024-05-01", "2024-07-01", "RC7", assessments=[A("2024-05-02", "2024-06-01")])],
        },
    )
    assert figure(found["cin.referrals_nfa_pct"]) == (20.0, 1, 5)
    assert figure(found["cin.assessed_not_in_need_pct"]) == (40.0, 2, 5)


def test_re_referrals_look_back_twelve_months_including_the_previous_years_census(tmp_path):
    earlier = {child_hash(SALT, "K3"): [date(2023, 9, 1)]}
    found = compute(
        tmp_path,
        {
            "K1": [E("2024-01-10", "2024-02-01", "RC7"), E("2024-06-01")],  # 5 months before: re-referral
            "K2": [E("2023-05-31", "2023-06-10", "RC7"), E("2024-06-01")],  # over 12 months: not
            "K3": [E("2024-08-31")],  # 12 months to the day after last year's referral: counts (inclusive)
            "K4": [E("2024-10-01")],
        },
        earlier=earlier,
    )
    # Referrals in the year: K1's second, K2's second, K3, K4 = 4; re-referred: K1 and K3.
    assert figure(found["cin.rereferrals_12m_pct"]) == (50.0, 2, 4)
    exclusive = compute(
        tmp_path,
        {"K3": [E("2024-08-31")], "K4": [E("2024-10-01")]},
        rules=replace(RULES, rereferral_window_inclusive=False),
        earlier={child_hash(SALT, "K3"): [date(2023, 8, 31)]},
    )
    assert figure(exclusive["cin.rereferrals_12m_pct"]) == (0.0, 0, 2)


def test_re_referrals_are_not_computed_without_the_previous_year(tmp_path):
    counts = CinIndicators(2025, RULES, SALT, None)
    path = write(tmp_path, cin_xml({"K1": [E("2024-06-01")]}))
    read_cin(path, path.name, counts.add)
    result = {r.code: r for r in counts.results(Population(1000, 2024))}["cin.rereferrals_12m_pct"]
    assert result.status == "not computed"
    assert "import the 2023-24 CIN census file and this figure is completed" in (result.reason or "")


def test_assessments_within_45_working_days_count_from_the_assessment_start(tmp_path):
    # 1 July 2024 (Monday) + 45 working days = 3 September 2024 (26 August is a bank holiday).
    found = compute(
        tmp_path,
        {
            "K1": [E("2024-06-01", assessments=[A("2024-07-01", "2024-09-03")])],  # 45 WD: within
            "K2": [E("2024-06-01", assessments=[A("2024-07-01", "2024-09-04")])],  # 46 WD: late
            "K3": [E("2024-06-01", assessments=[A("2024-07-01")])],  # open: not counted
            "K4": [E("2024-01-01", assessments=[A("2024-01-02", "2024-03-01")])],  # authorised last year
        },
    )
    assert figure(found["cin.assessments_45wd_pct"]) == (50.0, 1, 2)
    from_referral = compute(
        tmp_path,
        {"K1": [E("2024-06-01", assessments=[A("2024-07-01", "2024-09-03")])]},
        rules=replace(RULES, assessment_clock_start="referral"),
    )
    assert figure(from_referral["cin.assessments_45wd_pct"]) == (0.0, 0, 1)


def test_children_in_need_at_31_march_leave_out_no_further_action_and_closed_episodes(tmp_path):
    found = compute(
        tmp_path,
        {
            "K1": [E("2024-05-01")],  # open: counts
            "K2": [E("2023-05-01")],  # began before the year and still open: counts
            "K3": [E("2024-05-01", "2025-03-31", "RC7")],  # closes on 31 March: not open (default rule)
            "K4": [E("2024-05-01", nfa="1")],  # NFA: never counted
            "K5": [E("2024-05-01", "2024-08-01", "RC7")],
        },
        population=10_000,
    )
    assert figure(found["cin.cin_at31_per_10k"]) == (2.0, 2, 10_000)
    inclusive = compute(
        tmp_path, {"K3": [E("2024-05-01", "2025-03-31", "RC7")]}, rules=replace(RULES, closing_on_31_march_is_open=True)
    )
    assert inclusive["cin.cin_at31_per_10k"].numerator == 1


def test_section_47_enquiries_and_conferences_within_15_working_days(tmp_path):
    found = compute(
        tmp_path,
        {
            # Strategy discussion Mon 3 June 2024; 15 WD later is Mon 24 June.
            "K1": [E("2024-06-01", enquiries=[S47("2024-06-03", "2024-06-24")])],
            "K2": [E("2024-06-01", enquiries=[S47("2024-06-03", "2024-06-25")])],
            "K3": [E("2024-06-01", enquiries=[S47("2024-06-03", not_required="1")])],
            # Transfer-in conference on the episode only: counts as a conference, not timed.
            "K4": [E("2024-06-01", conference="2024-07-01")],
            # Enquiry started last year, conference this year: a conference, timed; not an enquiry.
            "K5": [E("2024-03-01", enquiries=[S47("2024-03-25", "2024-04-05")])],
        },
    )
    assert figure(found["cp.s47_per_10k"]) == (3.0, 3, 10_000)
    assert figure(found["cp.icpcs_per_10k"]) == (4.0, 4, 10_000)
    assert figure(found["cp.icpc_15wd_pct"]) == (66.7, 2, 3)


def test_child_protection_plans_at_31_march_started_subsequent_and_long(tmp_path):
    found = compute(
        tmp_path,
        {
            # Open at 31 March for 730 days counting the end day: more than 729, so 2 years or more.
            "K1": [E("2023-03-01", plans=[CPP("2023-04-02", previous=1)])],
            # Open at 31 March for 729 days counting the end day: under 2 years.
            "K2": [E("2023-03-01", plans=[CPP("2023-04-03")])],
            # Started and ended in the year after 100 days.
            "K3": [E("2024-05-01", plans=[CPP("2024-05-01", "2024-08-08", previous=2)])],
            # Ended in the year after more than 729 days.
            "K4": [E("2022-01-01", plans=[CPP("2022-06-01", "2024-07-01")])],
            # Starts in the year, still open.
            "K5": [E("2024-09-01", plans=[CPP("2024-10-01")])],
        },
    )
    assert figure(found["cp.plans_at31_per_10k"]) == (3.0, 3, 10_000)
    assert figure(found["cp.plans_2y_plus_at31_pct"]) == (33.3, 1, 3)
    assert figure(found["cp.plans_started_per_10k"]) == (2.0, 2, 10_000)
    assert figure(found["cp.subsequent_plan_pct"]) == (50.0, 1, 2)
    assert figure(found["cp.plans_ended_2y_plus_pct"]) == (50.0, 1, 2)


def test_reviews_in_time_counts_children_three_months_on_a_plan_at_31_march(tmp_path):
    found = compute(
        tmp_path,
        {
            # First review within 3 months, the next within 6, next due 15 May 2025: on time.
            "K1": [E("2024-04-01", plans=[CPP("2024-05-01", reviews=("2024-08-01", "2025-01-31"))])],
            # First review late (more than 3 months).
            "K2": [E("2024-04-01", plans=[CPP("2024-05-01", reviews=("2024-08-02", "2025-01-31"))])],
            # No review at all and 3 months passed on 1 August: overdue at 31 March.
            "K3": [E("2024-04-01", plans=[CPP("2024-05-01")])],
            # On a plan for under 3 months at 31 March: not in the denominator.
            "K4": [E("2025-01-01", plans=[CPP("2025-01-15")])],
        },
    )
    assert figure(found["cp.reviews_in_time_pct"]) == (33.3, 1, 3)


def test_assessment_factors_are_a_share_of_episodes_with_factors(tmp_path):
    found = compute(
        tmp_path,
        {
            "K1": [
                E(
                    "2024-05-01",
                    assessments=[A("2024-05-02", "2024-06-01", ("4B", "3B")), A("2024-07-01", "2024-08-01", ("4B",))],
                )
            ],
            "K2": [E("2024-05-01", assessments=[A("2024-05-02", "2024-06-01", ("3B",))])],
            "K3": [E("2024-05-01", assessments=[A("2024-05-02", "2024-06-01", ("21",))])],
            "K4": [E("2024-05-01", assessments=[A("2024-05-02", "2024-06-01")])],
        },
    )
    assert figure(found["cin.assessment_factors_pct/4B"]) == (33.3, 1, 3)
    assert figure(found["cin.assessment_factors_pct/3B"]) == (66.7, 2, 3)
    assert "cin.assessment_factors_pct/21" not in found
    assert found["cin.assessment_factors_pct"].denominator == 3


def test_an_assessment_authorised_before_it_starts_leaves_nothing_to_time_when_it_is_the_only_one(tmp_path):
    found = compute(tmp_path, {"K1": [E("2024-05-01", assessments=[A("2024-06-01", "2024-05-20", ("4B",))])]})
    assert found["cin.assessments_45wd_pct"].status == "not computed"
    assert found["cin.assessment_factors_pct"].status == "not computed"
    assert found["cp.plans_at31_per_10k"].status == "computed"


def test_rates_are_not_computed_without_a_population(tmp_path):
    counts = CinIndicators(2025, RULES, SALT, {})
    path = write(tmp_path, cin_xml({"K1": [E("2024-06-01")]}))
    read_cin(path, path.name, counts.add)
    result = {r.code: r for r in counts.results(None)}["cin.referrals_per_10k"]
    assert result.status == "not computed"
    assert "No ONS estimate" in (result.reason or "")


@pytest.mark.parametrize("year", [2024, 2025, 2026])
def test_each_schema_year_computes_every_indicator(tmp_path, year):
    counts = CinIndicators(year, RULES, SALT, {})
    path = write(tmp_path, cin_xml({"K1": [E(f"{year - 1}-06-01")]}, year=year))
    read_cin(path, path.name, counts.add)
    codes = {r.code for r in counts.results(Population(1000, year - 1))}
    assert len(codes) == 16


def test_the_icpc_indicator_counts_from_s47_actual_start_date_as_the_icpc_clock_does(tmp_path):
    """The ICPC is due 15 working days from the strategy discussion at which the section 47
    enquiry was initiated (clock ``icpc``), not a later one; the census records that discussion as
    S47ActualStartDate, and the indicator counts from it."""
    from scrutiny.clocks.catalogue import get_rule

    rule = get_rule("icpc")
    assert rule.starts == "the strategy discussion at which the section 47 enquiry was initiated"
    initiated = date(2024, 9, 2)
    due = rule.due(initiated)
    assert due == date(2024, 9, 23)
    found = compute(
        tmp_path,
        {
            "K1": [E("2024-09-01", enquiries=[S47(initiated.isoformat(), due.isoformat())])],
            # One working day later than the clock allows: late, whatever discussions came after.
            "K2": [E("2024-09-01", enquiries=[S47(initiated.isoformat(), "2024-09-24")])],
        },
    )
    assert figure(found["cp.icpc_15wd_pct"]) == (50.0, 1, 2)
