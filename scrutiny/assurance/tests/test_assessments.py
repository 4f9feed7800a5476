"""The scrutineer assesses every duty each year: progress kept apart from the judgement, figures
offered by other rooms shown beside it, and a year-on-year view of how judgements moved."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from scrutiny.assurance.assessing import assessed_requirements, assessment_year_start, year_on_year
from scrutiny.assurance.models import Assessment, AssessmentStatus, Judgement, RecommendationResponse
from scrutiny.assurance.models.assessments import movement
from scrutiny.assurance.tests import factories as make
from scrutiny.evidence.models import EvidenceLink
from scrutiny.figures.provided import ProvidedFigure, register_figure_provider, unregister_figure_provider
from scrutiny.frameworks.catalogue import requirement_by_code
from scrutiny.frameworks.models import Framework, Requirement

pytestmark = pytest.mark.django_db

BASE = "/p/riverbank/assurance/assessments"


def _first(partnership: Any) -> Assessment:
    found = Assessment.objects.filter(partnership=partnership).select_related("requirement__framework").first()
    assert found is not None
    return found


def test_every_statutory_and_founding_duty_is_listed_for_the_year(cast, client_for):
    requirements = assessed_requirements(cast.riverbank)
    keys = {r.framework.key for r in requirements}
    assert {"statutory-duties", "founding-duties"} <= keys
    assert "wt2023-scrutiny-functions" not in keys
    page = client_for(cast.viewer).get(f"{BASE}/?year=2025").content.decode()
    for requirement in requirements[:5]:
        assert requirement.ref in page


def test_starting_a_year_creates_one_not_started_assessment_per_requirement_and_only_once(cast, client_for):
    client = client_for(cast.scrutineer)
    client.post(f"{BASE}/start/", {"year": "2025"})
    count = Assessment.objects.filter(partnership=cast.riverbank, year=2025).count()
    assert count == len(assessed_requirements(cast.riverbank))
    assert set(Assessment.objects.values_list("status", "judgement")) == {("not_started", "not_assessed")}
    client.post(f"{BASE}/start/", {"year": "2025"})
    assert Assessment.objects.filter(partnership=cast.riverbank, year=2025).count() == count


def test_an_assessment_keeps_the_framework_version_it_was_made_against(cast, client_for):
    assessment_year_start(partnership=cast.riverbank, year=2025)
    assessment = _first(cast.riverbank)
    old = assessment.requirement.framework
    newer = Framework.objects.create(key=old.key, version="99", title=old.title, order=old.order)
    Requirement.objects.create(framework=newer, ref=assessment.requirement.ref, title="Reworded duty")
    old.is_current = False
    old.save()
    assessment.refresh_from_db()
    assert assessment.requirement.framework == old
    page = client_for(cast.viewer).get(f"{BASE}/?year=2025").content.decode()
    assert f"/assessments/{assessment.pk}/" in page  # still shown against the reworded duty, by its stable ref


def test_the_scrutineer_records_a_judgement_with_rationale_and_evidence(cast, client_for):
    assessment_year_start(partnership=cast.riverbank, year=2025)
    assessment = _first(cast.riverbank)
    item = make.evidence(cast.riverbank, "Published arrangements")
    response = client_for(cast.scrutineer).post(
        f"{BASE}/{assessment.pk}/edit/",
        {
            "status": "done",
            "judgement": "partly_met",
            "rationale": "Published but out of date.",
            "confidence": "high",
            "evidence": [item.pk],
        },
    )
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert (assessment.status, assessment.judgement) == (AssessmentStatus.DONE, Judgement.PARTLY_MET)
    assert assessment.assessor == cast.scrutineer
    assert assessment.assessed_on is not None
    assert [link.evidence for link in EvidenceLink.objects.for_object(assessment)] == [item]
    assert assessment.history.count() == 2


def test_an_assessment_cannot_be_done_without_a_judgement_and_rationale(cast, client_for):
    assessment_year_start(partnership=cast.riverbank, year=2025)
    assessment = _first(cast.riverbank)
    response = client_for(cast.scrutineer).post(
        f"{BASE}/{assessment.pk}/edit/", {"status": "done", "judgement": "not_assessed", "rationale": ""}
    )
    assert "Give a judgement before marking the assessment done" in response.content.decode()
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.NOT_STARTED


def test_the_workflow_status_is_separate_from_the_judgement(cast, client_for):
    assessment_year_start(partnership=cast.riverbank, year=2025)
    assessment = _first(cast.riverbank)
    client_for(cast.scrutineer).post(
        f"{BASE}/{assessment.pk}/edit/", {"status": "in_review", "judgement": "met", "rationale": "Draft"}
    )
    assessment.refresh_from_db()
    assert (assessment.status, assessment.judgement) == ("in_review", "met")


def test_a_figure_another_room_offers_appears_beside_the_requirement(cast, client_for):
    requirement = assessed_requirements(cast.riverbank)[0]

    def rapid_reviews(partnership, year):
        return ProvidedFigure(
            label="Rapid reviews on time", value="7 of 9", url="/p/riverbank/reviews/", source="Reviews"
        )

    register_figure_provider(requirement.code, rapid_reviews)
    try:
        page = client_for(cast.viewer).get(f"{BASE}/?year=2025").content.decode()
    finally:
        unregister_figure_provider(requirement.code, rapid_reviews)
    assert "Rapid reviews on time: 7 of 9" in page


def test_judgements_are_compared_year_on_year(cast):
    assert movement("partly_met", "met") == "improved"
    assert movement("met", "not_met") == "declined"
    assert movement("met", "met") == "same"
    assert movement("not_assessed", "met") == ""
    requirement = assessed_requirements(cast.riverbank)[0]
    Assessment.objects.create(partnership=cast.riverbank, year=2024, requirement=requirement, judgement="not_met")
    Assessment.objects.create(partnership=cast.riverbank, year=2025, requirement=requirement, judgement="partly_met")
    years, rows = year_on_year(cast.riverbank)
    assert years == ["2024-25", "2025-26"]
    row = next(r for r in rows if r.requirement == requirement)
    assert row.moved == "improved"


def test_the_year_on_year_page_shows_the_movement(cast, client_for):
    requirement = requirement_by_code(assessed_requirements(cast.riverbank)[0].code)
    Assessment.objects.create(partnership=cast.riverbank, year=2024, requirement=requirement, judgement="met")
    Assessment.objects.create(partnership=cast.riverbank, year=2025, requirement=requirement, judgement="not_met")
    page = client_for(cast.viewer).get(f"{BASE}/year-on-year/").content.decode()
    assert "Declined" in page


def test_an_assessment_of_another_partnership_is_not_found(cast, client_for):
    assessment_year_start(partnership=cast.hillcrest, year=2025)
    theirs = _first(cast.hillcrest)
    assert client_for(cast.scrutineer).get(f"{BASE}/{theirs.pk}/").status_code == 404
    assert client_for(cast.scrutineer).post(f"{BASE}/{theirs.pk}/edit/", {"status": "done"}).status_code == 404


def test_a_viewer_reads_assessments_but_cannot_judge_and_a_contributor_cannot_read(cast, client_for):
    assessment_year_start(partnership=cast.riverbank, year=2025)
    assessment = _first(cast.riverbank)
    viewer = client_for(cast.viewer)
    assert viewer.get(f"{BASE}/{assessment.pk}/").status_code == 200
    assert viewer.post(f"{BASE}/{assessment.pk}/edit/", {"status": "done", "judgement": "met"}).status_code == 403
    assert viewer.post(f"{BASE}/start/", {"year": "2026"}).status_code == 403
    assert client_for(cast.contributor).get(f"{BASE}/").status_code == 403


def test_the_year_page_costs_the_same_however_many_assessments(cast, client_for, django_assert_max_num_queries):
    assessment_year_start(partnership=cast.riverbank, year=2025)
    client = client_for(cast.viewer)
    # Each figure offered beside a duty costs its provider a few queries, however many assessments
    # (the reviews room's six, and the performance room's five, one query each; the engagement
    # scorecard's three and the voice room's two, for each of the two duties each serves, and one
    # more for the safety concerns' times to acknowledge and act; the yearly report room's one, for
    # the scrutineer's contribution to the report; and one for the partnership's own clock lengths,
    # read once for every clock figure).
    with django_assert_max_num_queries(35):
        response = client.get(f"{BASE}/?year=2025")
    assert response.status_code == 200


def test_the_room_offers_its_own_figures_beside_the_scrutiny_duties(cast, client_for):
    council = make.agency("Riverbank Borough Council")
    on_time = make.recommendation(cast.riverbank, council, made_on=date(2025, 6, 2))
    RecommendationResponse.objects.create(
        recommendation=on_time, agency=council, decision="accepted", responded_on=date(2025, 7, 1)
    )
    make.recommendation(cast.riverbank, council, made_on=date(2025, 7, 1))  # never answered
    page = client_for(cast.viewer).get(f"{BASE}/?year=2025").content.decode()
    assert "Recommendations answered by every body on time: 1 of 2" in page
