"""Records that cannot be true: each rule finds its record, lists it with its line and leaves it
out of the indicators it would distort, and only those."""

from __future__ import annotations

import random
from datetime import date
from pathlib import Path

from scrutiny.performance.population import Population
from scrutiny.performance.returns.cin import Reading, read_cin
from scrutiny.performance.returns.cin_indicators import CinIndicators
from scrutiny.performance.returns.cin_quality import RULE_LABELS, RULE_LEAVES_OUT, RULES, codes_of
from scrutiny.performance.returns.results import Result
from scrutiny.performance.rules import CountingRules
from scrutiny.performance.synthetic import PLANTABLE, children_in_year, cin_census_file
from scrutiny.performance.tests.cin_files import CPP, S47, A, E, cin_xml, write

TODAY = date(2025, 6, 1)


def compute(tmp_path: Path, children: dict[str, list[E]]) -> tuple[dict[str, Result], Reading]:
    counts = CinIndicators(2025, CountingRules(), b"salt", {})
    path = write(tmp_path, cin_xml(children))
    _header, reading = read_cin(path, path.name, counts.add, today=TODAY)
    results = counts.results(Population(10_000, 2024))
    return {r.code + (f"/{r.dimension}" if r.dimension else ""): r for r in results}, reading


def n(result: Result) -> int | None:
    return result.numerator


def test_episode_ends_before_it_starts_leaves_the_episode_out_of_children_in_need_only(tmp_path):
    found, reading = compute(
        tmp_path,
        {
            "K1": [E("2024-05-01", closure="2024-04-20", reason="RC8")],
            "K2": [E("2024-05-01")],
        },
    )
    assert reading.quality.by_rule == {"episode_ends_before_it_starts": 1}
    problem = reading.quality.problems[0]
    assert (problem.record, problem.element, problem.line) == ("child 1", "CINclosureDate", 3)
    assert "closes (20/04/2024) before its referral (01/05/2024)" in problem.reason
    assert n(found["cin.cin_at31_per_10k"]) == 1  # K2 only
    assert n(found["cin.referrals_per_10k"]) == 2  # the referral still counts


def test_plan_ends_before_it_starts_leaves_the_plan_out_of_every_plan_indicator(tmp_path):
    found, reading = compute(
        tmp_path,
        {
            "K1": [E("2024-05-01", plans=[CPP("2024-06-01", "2024-05-01")])],
            "K2": [E("2024-05-01", plans=[CPP("2022-06-01", "2024-09-01", previous=1)])],
        },
    )
    assert reading.quality.by_rule == {"plan_ends_before_it_starts": 1}
    assert reading.quality.children == 1
    assert found["cp.plans_ended_2y_plus_pct"].status == "computed"
    assert (n(found["cp.plans_ended_2y_plus_pct"]), found["cp.plans_ended_2y_plus_pct"].denominator) == (1, 1)
    assert n(found["cp.plans_started_per_10k"]) == 0
    assert n(found["cin.referrals_per_10k"]) == 2
    assert "1 record left out" in found["cp.plans_ended_2y_plus_pct"].note


def test_assessment_authorised_before_it_started_leaves_it_out_of_the_assessment_indicators(tmp_path):
    found, reading = compute(
        tmp_path,
        {
            "K1": [E("2024-05-01", assessments=[A("2024-06-01", "2024-05-20", ("4B",))])],
            "K2": [E("2024-05-01", assessments=[A("2024-05-02", "2024-05-20", ("3B",))])],
        },
    )
    assert reading.quality.by_rule == {"assessment_authorised_before_it_started": 1}
    assert (n(found["cin.assessments_45wd_pct"]), found["cin.assessments_45wd_pct"].denominator) == (1, 1)
    assert "cin.assessment_factors_pct/4B" not in found
    assert found["cp.plans_at31_per_10k"].status == "computed"


def test_icpc_before_its_s47_started_leaves_it_out_of_conference_timeliness_only(tmp_path):
    found, reading = compute(
        tmp_path,
        {"K1": [E("2024-05-01", enquiries=[S47("2024-06-10", "2024-06-01")])]},
    )
    assert reading.quality.by_rule == {"icpc_before_its_s47_started": 1}
    assert found["cp.icpc_15wd_pct"].status == "not computed"  # nothing left to time
    assert n(found["cp.icpcs_per_10k"]) == 1
    assert n(found["cp.s47_per_10k"]) == 1


def test_s47_before_its_referral_leaves_the_enquiry_out_of_enquiries_and_timeliness(tmp_path):
    found, reading = compute(
        tmp_path,
        {"K1": [E("2024-06-01", enquiries=[S47("2024-05-20", "2024-06-05")])]},
    )
    assert reading.quality.by_rule == {"s47_before_its_referral": 1}
    assert n(found["cp.s47_per_10k"]) == 0
    assert n(found["cp.icpcs_per_10k"]) == 1
    assert n(found["cin.referrals_per_10k"]) == 1


def test_episodes_overlap_leaves_the_later_episode_out_of_referrals_and_children_in_need(tmp_path):
    found, reading = compute(
        tmp_path,
        {
            "K1": [E("2024-05-01"), E("2024-07-01")],  # the first never closes
            "K2": [E("2024-05-01", closure="2024-06-01", reason="RC8"), E("2024-06-01")],  # same day: fine
        },
    )
    assert reading.quality.by_rule == {"episodes_overlap": 1}
    assert "while an earlier episode (referred on 01/05/2024) is still open" in reading.quality.problems[0].reason
    assert n(found["cin.referrals_per_10k"]) == 3
    assert n(found["cin.cin_at31_per_10k"]) == 2


def test_plans_overlap_leaves_the_later_plan_out_of_every_plan_indicator(tmp_path):
    found, reading = compute(
        tmp_path,
        {"K1": [E("2024-05-01", plans=[CPP("2024-06-01"), CPP("2024-08-01")])]},
    )
    assert reading.quality.by_rule == {"plans_overlap": 1}
    assert n(found["cp.plans_at31_per_10k"]) == 1
    assert n(found["cp.plans_started_per_10k"]) == 1


def test_review_before_its_plan_started_leaves_the_plan_out_of_reviews_on_time_only(tmp_path):
    found, reading = compute(
        tmp_path,
        {"K1": [E("2024-05-01", plans=[CPP("2024-06-01", reviews=("2024-05-20",))])]},
    )
    assert reading.quality.by_rule == {"review_before_its_plan_started": 1}
    assert found["cp.reviews_in_time_pct"].status == "not computed"
    assert n(found["cp.plans_at31_per_10k"]) == 1


def test_date_in_the_future_leaves_the_record_out_of_everything_it_feeds(tmp_path):
    found, reading = compute(
        tmp_path,
        {
            "K1": [E("2024-05-01", assessments=[A("2024-05-02", "2025-07-01", ("4B",))])],
            "K2": [E("2024-05-01")],
        },
    )
    assert reading.quality.by_rule == {"date_in_the_future": 1}
    assert reading.quality.problems[0].element == "AssessmentAuthorisationDate"
    assert found["cin.assessments_45wd_pct"].status == "not computed"
    assert n(found["cin.referrals_per_10k"]) == 2


def test_date_after_the_collection_year_leaves_the_record_out(tmp_path):
    found, reading = compute(
        tmp_path,
        {
            "K1": [E("2024-05-01", plans=[CPP("2024-06-01", "2025-04-10")])],  # after 31 March, before today
            "K2": [E("2023-05-01", closure="2024-02-01", reason="RC8"), E("2024-05-01")],  # closed last year: fine
        },
    )
    assert reading.quality.by_rule == {"date_after_the_collection_year": 1}
    assert "10/04/2025 is after the collection year ends (31/03/2025)" in reading.quality.problems[0].reason
    assert n(found["cp.plans_at31_per_10k"]) == 0
    assert n(found["cin.cin_at31_per_10k"]) == 2


def test_event_without_its_date_leaves_the_closure_and_the_assessment_out(tmp_path):
    found, reading = compute(
        tmp_path,
        {
            "K1": [E("2024-05-01", reason="RC8")],  # closed, says the reason; open, says the date
            "K2": [E("2024-05-01", assessments=[A("2024-05-02", None, ("4B",))])],
        },
    )
    assert reading.quality.by_rule == {"event_without_its_date": 2}
    assert n(found["cin.cin_at31_per_10k"]) == 1


def test_duplicate_child_id_leaves_the_later_child_out_of_every_indicator(tmp_path):
    path = write(
        tmp_path,
        cin_xml(
            [
                *(
                    cin_xml({key: [E("2024-05-01")]}).split("<Children>\n")[1].split("\n</Children>")[0]
                    for key in ("K1", "K2", "K1")
                )
            ]
        ),
    )
    counts = CinIndicators(2025, CountingRules(), b"salt", {})
    _header, reading = read_cin(path, path.name, counts.add, today=TODAY)
    found = {r.code: r for r in counts.results(Population(10_000, 2024)) if not r.dimension}
    assert reading.quality.by_rule == {"duplicate_child_id": 1}
    assert reading.quality.problems[0].record == "child 3"
    assert "K1" not in reading.quality.problems[0].reason
    assert n(found["cin.referrals_per_10k"]) == 2
    assert len(counts.traces) == 2


def test_a_clean_file_has_an_empty_summary(tmp_path):
    _found, reading = compute(tmp_path, {"K1": [E("2024-05-01", closure="2024-06-01", reason="RC8")]})
    assert reading.quality.summary(1) == {"children": 1, "children_with_problems": 0, "by_rule": {}}


def test_every_rule_is_named_labelled_and_says_what_it_leaves_out():
    names = {rule.__name__ for rule in RULES} | {"duplicate_child_id"}
    assert names == set(RULE_LABELS) == set(RULE_LEAVES_OUT)
    for rule in RULES:
        assert "Why:" in (rule.__doc__ or "")
    assert codes_of(RULE_LEAVES_OUT["plan_ends_before_it_starts"])[0] == "cp.plans_at31_per_10k"
    assert "cin.referrals_per_10k" not in codes_of(RULE_LEAVES_OUT["plan_ends_before_it_starts"])


def test_synthetic_files_with_mistakes_have_each_one_found(tmp_path):
    path = tmp_path / "synthetic.xml"
    cin_census_file(path, "303", 2025, 400, seed="quality", mistakes=0.1)
    mistaken = sum(
        random.Random(f"quality:303:{number}:mistake").random() < 0.1
        for number, _episodes in children_in_year("quality:303", 2025, 400)
    )
    counts = CinIndicators(2025, CountingRules(), b"salt", {})
    _header, reading = read_cin(path, path.name, counts.add, today=date(2026, 12, 1))
    assert 20 < mistaken < 60
    assert reading.quality.children == mistaken
    assert len(reading.quality.by_rule) >= 6
    clean = tmp_path / "clean.xml"
    cin_census_file(clean, "303", 2025, 400, seed="quality")
    _header, reading = read_cin(clean, clean.name, lambda _h, _c: None, today=date(2026, 12, 1))
    assert reading.quality.total == 0


def test_mistakes_planted_in_a_synthetic_file_are_each_found_by_their_rule_once(tmp_path):
    path = tmp_path / "planted.xml"
    cin_census_file(path, "303", 2025, 200, seed="planted", planted=PLANTABLE)
    _header, reading = read_cin(path, path.name, lambda _h, _c: None, today=date(2026, 12, 1))
    assert reading.children == 200
    assert reading.quality.children == 4
    assert dict(reading.quality.by_rule) == {
        "plan_ends_before_it_starts": 1,
        "icpc_before_its_s47_started": 1,
        "duplicate_child_id": 1,
        "date_in_the_future": 1,
    }
    # Spread through the file, each listed with its line.
    lines = [problem.line or 0 for problem in reading.quality.problems]
    assert lines == sorted(lines)
    assert lines[0] > 20
    assert lines[-1] < 190
