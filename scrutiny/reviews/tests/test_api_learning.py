"""The learning from reviews through /api/v1/: findings and recommendations with their status and
impact clock, actions in the shared tracker, the impact check, similar earlier recommendations,
learning products, recurring themes, and the deadlines of every open clock."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from scrutiny.actions.models import Action, ActionStatus
from scrutiny.clocks import deadlines
from scrutiny.clocks.tracking import Clock
from scrutiny.frameworks.models import Theme
from scrutiny.reviews.models import LearningKind, LearningPoint, LearningProduct, RapidReview
from scrutiny.reviews.tests import factories as make

pytestmark = pytest.mark.django_db

API = "/api/v1/partnerships/riverbank/reviews"
JSON = "application/json"
HOUSEHOLD = "Practitioners should ask who else lives in the household and check it with other agencies."


def _theme(code: str) -> Theme:
    return Theme.objects.get(partnership__isnull=True, code=code)


def _new(review: RapidReview, **extra: Any) -> dict[str, Any]:
    values = {
        "rapid_review_id": review.pk,
        "kind": "recommendation",
        "number": "1",
        "text": HOUSEHOLD,
        "made_on": "2025-08-01",
        "theme_ids": [_theme("professional-curiosity").pk],
        "agency_ids": [make.agency("Oakfield").pk],
    }
    values.update(extra)
    return values


def _due_later() -> str:
    return (timezone.localdate() + timedelta(days=30)).isoformat()


# --- Findings and recommendations ---------------------------------------------------------------------


def test_a_recommendation_is_recorded_with_its_impact_check_scheduled(cast, client_for):
    review = make.rapid_review(cast.riverbank)
    response = client_for(cast.manager).post(f"{API}/learning", _new(review), content_type=JSON)
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["source_type"], body["source_id"], body["source"]) == ("rapid_review", review.pk, str(review))
    assert body["theme_codes"] == ["professional-curiosity"]
    assert body["status"] == "awaiting_actions"
    assert body["impact_check_due"] == "2026-08-01"
    (clock,) = body["clocks"]
    assert (clock["rule"], clock["start"], clock["due"]) == (
        "review-recommendation-impact-check",
        "2025-08-01",
        "2026-08-01",
    )
    assert LearningPoint.objects.get().history.first().history_user == cast.manager


def test_learning_needs_exactly_one_review_of_this_partnership(cast, client_for):
    review = make.rapid_review(cast.riverbank)
    lcspr = make.lcspr(cast.riverbank)
    theirs = make.rapid_review(cast.hillcrest, "HC-2025-01")
    client = client_for(cast.manager)
    both = client.post(f"{API}/learning", _new(review, lcspr_id=lcspr.pk), content_type=JSON)
    assert both.status_code == 400
    assert "Give exactly one of rapid_review_id, lcspr_id or national_review_id" in both.json()["detail"]
    other = client.post(f"{API}/learning", _new(theirs), content_type=JSON)
    assert other.status_code == 400
    assert other.json()["detail"].startswith("rapid_review_id:")
    assert not LearningPoint.objects.exists()


def test_only_a_national_reviews_recommendation_may_not_apply_locally(cast, client_for):
    review = make.rapid_review(cast.riverbank)
    national = make.national_review(cast.riverbank)
    client = client_for(cast.manager)
    refused = client.post(f"{API}/learning", _new(review, applies_locally=False), content_type=JSON)
    assert refused.status_code == 400
    assert "applies_locally: Only a national review's recommendations" in refused.json()["detail"]
    without_reason = client.post(
        f"{API}/learning",
        _new(review, rapid_review_id=None, national_review_id=national.pk, applies_locally=False),
        content_type=JSON,
    )
    assert without_reason.json()["detail"] == "local_response: Say why it does not apply locally."
    recorded = client.post(
        f"{API}/learning",
        _new(
            review,
            rapid_review_id=None,
            national_review_id=national.pk,
            applies_locally=False,
            local_response="There is no residential special school here.",
        ),
        content_type=JSON,
    )
    assert recorded.status_code == 201
    assert recorded.json()["status"] == "not_applicable"
    assert recorded.json()["clocks"] == []


def test_identifying_text_and_another_partnerships_theme_are_refused(cast, client_for):
    review = make.rapid_review(cast.riverbank)
    priority = Theme.objects.create(
        partnership=cast.hillcrest, code="hc-priority", label="Hillcrest's", group="priority"
    )
    client = client_for(cast.manager)
    identifying = client.post(f"{API}/learning", _new(review, text="Child DOB 3 March 2019."), content_type=JSON)
    assert identifying.status_code == 400
    assert identifying.json()["detail"].startswith("text: This text mentions a date of birth")
    other_theme = client.post(f"{API}/learning", _new(review, theme_ids=[priority.pk]), content_type=JSON)
    assert other_theme.status_code == 400
    assert other_theme.json()["detail"].startswith("theme_ids:")
    assert not LearningPoint.objects.exists()


def test_the_learning_list_is_filtered_by_kind_status_theme_and_year(cast, client_for):
    review = make.rapid_review(cast.riverbank)
    curious = make.recommendation(review)
    curious.themes.set([_theme("professional-curiosity")])
    make.recommendation(review, "Schools should follow up absence.", number="2", made_on=date(2026, 4, 10))
    finding = make.recommendation(review, "Absence was not followed up.", kind=LearningKind.FINDING, number="F1")
    client = client_for(cast.viewer)

    def ids(query: str) -> set[int]:
        response = client.get(f"{API}/learning?{query}")
        assert response.status_code == 200, response.content
        return {point["id"] for point in response.json()["items"]}

    assert ids("kind=finding") == {finding.pk}
    assert ids("theme=professional-curiosity") == {curious.pk}
    assert ids("year=2025") == {curious.pk, finding.pk}
    assert len(ids("status=awaiting_actions")) == 2
    assert ids("status=impact_shown") == set()
    page = client.get(f"{API}/learning?limit=1&offset=1").json()
    assert page["count"] == 3
    assert len(page["items"]) == 1
    bad = client.get(f"{API}/learning?status=done")
    assert bad.status_code == 400
    assert bad.json()["detail"].startswith("status: choose one of not_applicable")


def test_a_recommendation_with_actions_cannot_become_a_finding(cast, client_for):
    point = make.recommendation(make.rapid_review(cast.riverbank))
    client = client_for(cast.manager)
    client.post(
        f"{API}/learning/{point.pk}/actions",
        {"title": "Ask about the household", "owner_agency_id": make.agency("Oakfield").pk, "due_date": _due_later()},
        content_type=JSON,
    )
    response = client.patch(f"{API}/learning/{point.pk}", {"kind": "finding", "number": "9"}, content_type=JSON)
    assert response.status_code == 400
    assert response.json()["detail"].startswith("kind: This recommendation has actions")
    point.refresh_from_db()
    assert (point.kind, point.number) == (LearningKind.RECOMMENDATION, "")
    renumbered = client.patch(f"{API}/learning/{point.pk}", {"number": "3"}, content_type=JSON)
    assert renumbered.json()["number"] == "3"


# --- Actions and impact ---------------------------------------------------------------------------------


def test_an_action_made_from_a_recommendation_is_in_the_shared_tracker(cast, client_for):
    point = make.recommendation(make.rapid_review(cast.riverbank))
    point.themes.set([_theme("professional-curiosity")])
    client = client_for(cast.manager)
    response = client.post(
        f"{API}/learning/{point.pk}/actions",
        {
            "title": "Ask about the household",
            "owner_agency_id": make.agency("Oakfield").pk,
            "owner_id": cast.contributor.pk,
            "due_date": _due_later(),
        },
        content_type=JSON,
    )
    assert response.status_code == 201, response.content
    action = Action.objects.get()
    assert action.source == point
    assert action.source_room == "reviews"
    assert list(action.themes.all()) == [_theme("professional-curiosity")]
    assert response.json()["id"] == action.pk
    assert client.get(f"{API}/learning/{point.pk}/actions").json()[0]["status"] == ActionStatus.NOT_STARTED
    assert client.get(f"{API}/learning/{point.pk}").json()["status"] == "in_progress"


def test_an_action_for_a_finding_an_agency_elsewhere_or_a_past_date_is_refused(cast, client_for):
    review = make.rapid_review(cast.riverbank)
    point = make.recommendation(review)
    finding = make.recommendation(review, "Absence was not followed up.", kind=LearningKind.FINDING)
    client = client_for(cast.manager)
    school = make.agency("Oakfield").pk
    from_finding = client.post(
        f"{API}/learning/{finding.pk}/actions",
        {"title": "T", "owner_agency_id": school, "due_date": _due_later()},
        content_type=JSON,
    )
    assert from_finding.status_code == 400
    assert from_finding.json()["detail"].startswith("Actions come from recommendations.")
    elsewhere = client.post(
        f"{API}/learning/{point.pk}/actions",
        {"title": "T", "owner_agency_id": make.agency("Hillcrest Schools").pk, "due_date": _due_later()},
        content_type=JSON,
    )
    assert elsewhere.status_code == 400
    assert elsewhere.json()["detail"].startswith("owner_agency_id:")
    past = client.post(
        f"{API}/learning/{point.pk}/actions",
        {"title": "T", "owner_agency_id": school, "due_date": "2025-01-01"},
        content_type=JSON,
    )
    assert past.status_code == 400
    assert past.json()["detail"].startswith("due_date: The due date cannot be before the action was created")
    assert not Action.objects.exists()


def test_the_impact_check_is_recorded_and_shows_in_the_status(cast, client_for):
    point = make.recommendation(make.rapid_review(cast.riverbank))
    client = client_for(cast.manager)
    path = f"{API}/learning/{point.pk}/impact"
    bad = client.post(
        path,
        {"checked_on": "2025-07-01", "method": "Re-audit", "outcome": "changed", "summary": "Better."},
        content_type=JSON,
    )
    assert bad.status_code == 400
    assert "checked_on: The impact cannot be checked before the recommendation was agreed." in bad.json()["detail"]
    unknown = client.post(
        path, {"checked_on": "2026-08-03", "method": "Re-audit", "outcome": "great", "summary": "x"}, content_type=JSON
    )
    assert unknown.status_code == 400
    assert unknown.json()["detail"].startswith("outcome: Say what the impact check found")
    late = {
        "checked_on": "2026-08-03",
        "method": "Re-audit of twenty cases",
        "outcome": "changed",
        "summary": "Better.",
    }
    without_reason = client.post(path, late, content_type=JSON)
    assert without_reason.status_code == 400
    assert without_reason.json()["detail"].startswith("late_reason: This was done on 3 August 2026")
    recorded = client.post(
        path, {**late, "late_reason": "The re-audit waited for the new case system."}, content_type=JSON
    )
    assert recorded.status_code == 200, recorded.content
    assert recorded.json()["status"] == "impact_shown"
    assert recorded.json()["clocks"][0]["status"] == "met_late"
    assert recorded.json()["impact_late_reason"] == "The re-audit waited for the new case system."
    assert client.get(path).json()["impact_method"] == "Re-audit of twenty cases"


def test_a_viewer_reads_the_learning_but_cannot_act_on_it(cast, client_for):
    point = make.recommendation(make.rapid_review(cast.riverbank))
    client = client_for(cast.viewer)
    assert client.get(f"{API}/learning/{point.pk}/actions").status_code == 200
    response = client.post(
        f"{API}/learning/{point.pk}/actions",
        {"title": "T", "owner_agency_id": make.agency("Oakfield").pk, "due_date": _due_later()},
        content_type=JSON,
    )
    assert response.status_code == 403
    assert client_for(cast.contributor).get(f"{API}/learning").status_code == 403


# --- Similar earlier recommendations and recurring themes -------------------------------------------


def test_the_most_similar_earlier_recommendation_is_found_with_its_outcome(cast, client_for):
    review = make.rapid_review(cast.riverbank)
    earlier = make.recommendation(review, made_on=date(2025, 7, 1))
    make.recommendation(review, "Schools should follow up every unexplained absence within a day.", number="2")
    client = client_for(cast.scrutineer)
    text = "Every agency should find out who lives in the household and check with other agencies what they know."
    found = client.get(f"{API}/learning/similar", {"text": text}).json()
    assert found[0]["id"] == earlier.pk
    assert 0 < found[0]["score"] <= 1
    assert found[0]["status"] == "awaiting_actions"
    assert found[0]["outcome"] == "No actions were created from it."
    assert found[0]["year_label"] == "2025-26"
    assert client.get(f"{API}/learning/similar", {"text": text, "exclude_id": earlier.pk}).json() == []
    assert client.get(f"{API}/learning/similar").json() == []


def test_a_theme_raised_by_two_reviews_recurs(cast, client_for):
    curiosity = _theme("professional-curiosity")
    first = make.recommendation(make.rapid_review(cast.riverbank, "RB-2025-01"))
    second_review = make.rapid_review(
        cast.riverbank,
        incident=make.incident(
            cast.riverbank, "RB-2024-02", aware_on=date(2024, 6, 3), notified_on=None, partners_informed_on=None
        ),
    )
    second = make.recommendation(second_review, made_on=date(2024, 7, 1))
    for point in (first, second):
        point.themes.set([curiosity])
    rows = client_for(cast.viewer).get(f"{API}/themes").json()
    (row,) = [r for r in rows if r["code"] == "professional-curiosity"]
    assert row["recurring"] is True
    assert row["reviews"] == 2
    assert row["counts"] == [
        {"year": 2024, "year_label": "2024-25", "count": 1},
        {"year": 2025, "year_label": "2025-26", "count": 1},
    ]


# --- Learning products -----------------------------------------------------------------------------------


def test_a_learning_product_records_who_it_reached_and_what_it_shared(cast, client_for):
    point = make.recommendation(make.rapid_review(cast.riverbank))
    client = client_for(cast.manager)
    created = client.post(
        f"{API}/products",
        {
            "title": "Seven-minute briefing",
            "kind": "seven_minute",
            "delivered_on": "2025-09-01",
            "agencies_reached_ids": [make.agency("Oakfield").pk],
            "people_reached": 40,
            "learning_point_ids": [point.pk],
        },
        content_type=JSON,
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["learning_point_ids"] == [point.pk]
    changed = client.patch(f"{API}/products/{body['id']}", {"people_reached": 55}, content_type=JSON)
    assert changed.json()["people_reached"] == 55
    assert changed.json()["agencies_reached_ids"] == [make.agency("Oakfield").pk]


def test_a_product_in_the_future_or_sharing_another_partnerships_learning_is_refused(cast, client_for):
    theirs = make.recommendation(make.rapid_review(cast.hillcrest, "HC-2025-01"))
    client = client_for(cast.manager)
    future = (timezone.localdate() + timedelta(days=3)).isoformat()
    ahead = client.post(
        f"{API}/products", {"title": "Event", "kind": "practitioner_event", "delivered_on": future}, content_type=JSON
    )
    assert ahead.status_code == 400
    assert ahead.json()["detail"].startswith("delivered_on: Record a learning product once it has been delivered")
    other = client.post(
        f"{API}/products",
        {
            "title": "Event",
            "kind": "practitioner_event",
            "delivered_on": "2025-09-01",
            "learning_point_ids": [theirs.pk],
        },
        content_type=JSON,
    )
    assert other.status_code == 400
    assert other.json()["detail"].startswith("learning_point_ids:")
    negative = client.post(
        f"{API}/products",
        {"title": "Event", "kind": "practitioner_event", "delivered_on": "2025-09-01", "people_reached": -1},
        content_type=JSON,
    )
    assert negative.status_code == 400
    assert not LearningProduct.objects.exists()


def test_learning_of_another_partnership_is_not_found(cast, client_for):
    theirs = make.recommendation(make.rapid_review(cast.hillcrest, "HC-2025-01"))
    client = client_for(cast.manager)
    for path in ("", "/actions", "/impact"):
        assert client.get(f"{API}/learning/{theirs.pk}{path}").status_code == 404
    impact = {"checked_on": "2026-08-03", "method": "Audit", "outcome": "changed", "summary": "x"}
    assert client.post(f"{API}/learning/{theirs.pk}/impact", impact, content_type=JSON).status_code == 404
    assert client_for(cast.outsider).get(f"{API}/learning").status_code == 404
    theirs.refresh_from_db()
    assert theirs.impact_checked_on is None


# --- Deadlines --------------------------------------------------------------------------------------------


def test_the_deadlines_list_every_open_clock_the_person_may_see_soonest_first(cast, client_for, monkeypatch):
    today = timezone.localdate()

    def clocks_for(seat):
        if seat.partnership != cast.riverbank:
            return []
        return [
            Clock("rapid-review", "Rapid review", today - timedelta(days=3), record="Rapid review RB-1", url="/a/"),
            Clock(
                "serious-incident-notification", "Notification", today - timedelta(days=30), record="RB-2", url="/b/"
            ),
            Clock("serious-incident-notification", "Met", today - timedelta(days=5), today, record="RB-3", url="/c/"),
        ]

    monkeypatch.setitem(deadlines._clock_providers, "test", clocks_for)
    response = client_for(cast.contributor).get("/api/v1/partnerships/riverbank/deadlines")
    assert response.status_code == 200, response.content
    ours = [row for row in response.json() if row["record"] in ("Rapid review RB-1", "RB-2", "RB-3")]
    assert [(row["record"], row["status"]) for row in ours] == [("RB-2", "missed"), ("Rapid review RB-1", "due")]
    assert ours[1]["url"] == "/a/"
    assert ours[1]["title"] == "Rapid review completed and sent to the Panel"
    assert client_for(cast.outsider).get("/api/v1/partnerships/riverbank/deadlines").status_code == 404


# --- The cost of a list -------------------------------------------------------------------------------


def _queries(client: Any, path: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def _product(cast: Any, title: str, point: LearningPoint) -> None:
    product = LearningProduct.objects.create(
        partnership=cast.riverbank, title=title, kind="briefing", delivered_on=date(2025, 9, 1)
    )
    product.agencies_reached.set([make.agency("Oakfield")])
    product.learning_points.set([point])


def test_the_lists_cost_the_same_however_many_records_there_are(cast, client_for):
    review = make.rapid_review(cast.riverbank)
    make.contribution(review, "Oakfield")
    point = make.recommendation(review)
    point.themes.set([_theme("professional-curiosity")])
    _product(cast, "Briefing 1", point)
    make.national_review(cast.riverbank)
    # One of each kind before: the first record of a kind may cost a lookup the others share (the
    # partnership's own clock lengths, read once for a list).
    make.lcspr(cast.riverbank, "Child 1: a review", rapid_review=review)
    client = client_for(cast.manager)
    paths = ["incidents", "rapid-reviews", "contributions", "learning", "lcsprs", "products", "national-reviews"]
    for path in paths:  # once first, so cached lookups (content types) do not count
        client.get(f"{API}/{path}")
    before = {path: _queries(client, f"{API}/{path}") for path in paths}
    for n in range(2, 6):
        more = make.rapid_review(cast.riverbank, f"RB-2025-1{n}")
        make.contribution(more, "Capital Police")
        make.recommendation(more, number=str(n)).themes.set([_theme("neglect")])
        make.lcspr(cast.riverbank, f"Child {n}: a review", rapid_review=more)
        _product(cast, f"Briefing {n}", point)
        make.national_review(cast.riverbank, title=f"National review {n}")
    assert {path: _queries(client, f"{API}/{path}") for path in paths} == before
