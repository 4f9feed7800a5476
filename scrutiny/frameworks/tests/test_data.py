"""What the shipped frameworks say: rules from statutory.md §2-§4 and the founding page, each a test."""

from __future__ import annotations

import pytest

from scrutiny.frameworks.catalogue import FOUNDING_DUTIES, SCRUTINY_FUNCTIONS, SIX_STEPS, STATUTORY_DUTIES
from scrutiny.frameworks.models import Requirement, Theme, ThemeGroup

pytestmark = pytest.mark.django_db


def _current(key: str) -> list[Requirement]:
    return list(
        Requirement.objects.shipped().current().filter(framework__key=key).prefetch_related("serves__framework")
    )


def test_the_seven_wt2023_scrutiny_functions_are_shipped():
    assert [r.ref for r in _current(SCRUTINY_FUNCTIONS)] == [f"F{n}" for n in range(1, 8)]


def test_the_six_steps_say_the_wording_of_steps_5_and_6_is_not_yet_confirmed():
    steps = {r.ref: r for r in _current(SIX_STEPS)}
    assert list(steps) == [f"STEP-{n}" for n in range(1, 7)]
    assert all(steps[f"STEP-{n}"].verified for n in (1, 2, 3))
    for n in (5, 6):
        step = steps[f"STEP-{n}"]
        assert not step.verified
        # Never a guess shown as if it were the document's words (verified-facts: not found).
        assert step.title == f"Step {n}: wording not yet confirmed"
        assert "not confirmed" in step.description
    # Only the first half of step 4 is confirmed, in the source's own word "Appropriate".
    assert not steps["STEP-4"].verified
    assert steps["STEP-4"].title.startswith("Appropriate quality-assurance procedures are in place for data collection")


def test_the_confirmed_six_steps_cite_the_report_that_quotes_them():
    for step in _current(SIX_STEPS)[:3]:
        assert "https://democracy.york.gov.uk/mgAi.aspx?ID=71342" in step.source, step.ref


def test_sd_08_counts_the_rapid_review_from_the_notification_to_the_panel():
    sd08 = next(r for r in _current(STATUTORY_DUTIES) if r.ref == "SD-08")
    assert "notification was sent to the Panel" in sd08.description
    assert "safeguardingcambspeterborough.org.uk" in sd08.source
    assert "awareness and submission" not in sd08.evidence_hint


def test_the_founding_page_has_three_purposes_and_eleven_duties():
    refs = [r.ref for r in _current(FOUNDING_DUTIES)]
    assert refs == ["P1", "P2", "P3"] + [f"D{n}" for n in range(1, 12)]


def test_every_founding_duty_serves_at_least_one_function_and_one_step():
    for duty in _current(FOUNDING_DUTIES):
        keys = [target.framework.key for target in duty.serves.all()]
        assert SCRUTINY_FUNCTIONS in keys, duty.ref
        assert SIX_STEPS in keys, duty.ref


@pytest.mark.parametrize(
    ("duty", "served"),
    [
        ("P2", {"F6", "STEP-1"}),
        ("P3", {"F1", "F5", "STEP-1", "STEP-6"}),
        ("D1", {"F3", "STEP-1"}),
        ("D5", {"F1", "F2", "STEP-2"}),
        ("D6", {"F3", "STEP-4"}),
        ("D8", {"F7", "STEP-6"}),
        ("D10", {"F3", "STEP-5"}),
        ("D11", {"F4", "STEP-3"}),
    ],
)
def test_founding_duties_serve_the_functions_and_steps_of_the_mapping_in_statutory_md(duty, served):
    requirement = next(r for r in _current(FOUNDING_DUTIES) if r.ref == duty)
    assert {target.ref for target in requirement.serves.all()} == served


def test_every_function_is_served_by_some_founding_duty():
    served = {t.ref for duty in _current(FOUNDING_DUTIES) for t in duty.serves.all()}
    assert {f"F{n}" for n in range(1, 8)} <= served
    assert {f"STEP-{n}" for n in range(1, 7)} <= served


def test_every_shipped_requirement_cites_a_source():
    missing = [r.code for r in Requirement.objects.shipped().select_related("framework") if not r.source.strip()]
    assert missing == []


def test_statutory_duties_cover_each_duty_the_issue_names():
    titles = " ".join(r.title.lower() for r in _current(STATUTORY_DUTIES) if r.parent_id is None)
    for words in [
        "arrangements are made and published",
        "lead and delegated safeguarding partners are named",
        "relevant agencies are named",
        "independent scrutiny",
        "yearly report is published",
        "yearly report is sent",
        "serious incidents are notified",
        "rapid review",
        "local child safeguarding practice reviews",
        "funding is agreed",
        "threshold document",
        "multi-agency training",
        "data set",
        "information is shared",
        "views of children and families",
        "education and childcare",
    ]:
        assert words in titles, words


def test_the_contents_the_arrangements_must_set_out_are_parts_of_the_publication_duty():
    parts = [r for r in _current(STATUTORY_DUTIES) if r.parent and r.parent.ref == "SD-01"]
    assert len(parts) == 20
    assert any("independent scrutiny" in p.title for p in parts)


@pytest.mark.parametrize(
    "ref",
    [
        "SD-06",  # copy to the Panel and Foundations within 7 days (C10)
        "SD-09.4",  # LCSPR sent 7 working days before publication (C7)
        "SD-05.9",  # published by end of September (C11)
        "SD-01.14",  # names of LSPs and DSPs: exact wording
        "SD-03.1",  # agencies act in line: believed s16G
    ],
)
def test_duties_marked_to_verify_in_statutory_md_are_unverified(ref):
    assert not next(r for r in _current(STATUTORY_DUTIES) if r.ref == ref).verified


def test_the_theme_taxonomy_has_the_jtai_themes_the_front_door_and_practice_themes():
    shipped = Theme.objects.shipped()
    assert shipped.filter(group=ThemeGroup.JTAI).count() == 6
    assert shipped.filter(group=ThemeGroup.FRONT_DOOR).exists()
    practice = set(shipped.filter(group=ThemeGroup.PRACTICE).values_list("code", flat=True))
    assert {"neglect", "exploitation", "domestic-abuse", "early-help", "voice", "education", "training"} <= practice
    assert "information-sharing" in practice
    assert not shipped.filter(group=ThemeGroup.PRIORITY).exists()
