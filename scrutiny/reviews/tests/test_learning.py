"""The learning pages: adding findings and recommendations to a review (checking first for similar
earlier ones), the list and its filters, one learning point, actions from it and its impact check,
with every role's access and the cross-partnership denials."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from scrutiny.actions.models import Action
from scrutiny.actions.services import action_create
from scrutiny.frameworks.models import Theme
from scrutiny.reviews.models import ImpactOutcome, LearningKind, LearningPoint, LearningStatus
from scrutiny.reviews.tests import factories

BASE = "/p/riverbank/reviews"
HOUSEHOLD = (
    "Practitioners should ask who else lives in the household and share what they learn about the adults "
    "in the home with the other agencies involved."
)
REWORDED = "Agencies must share information about every adult living in the household, asking who lives in the home."


def _form(**extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "kind": "recommendation",
        "number": "2",
        "text": REWORDED,
        "made_on": "2025-08-01",
        "themes": [Theme.objects.get(code="information-sharing", partnership__isnull=True).pk],
        "agencies": [factories.agency("Riverbank Community Health Trust").pk],
    }
    data.update(extra)
    return data


@pytest.fixture
def review(cast: Any) -> Any:
    return factories.rapid_review(cast.riverbank)


@pytest.fixture
def point(review: Any) -> LearningPoint:
    made = factories.recommendation(review, HOUSEHOLD, number="1", made_on=date(2025, 7, 1))
    made.agencies.add(factories.agency("Riverbank Community Health Trust"))
    return made


@pytest.fixture
def hillcrest_point(cast: Any) -> LearningPoint:
    return factories.recommendation(factories.rapid_review(cast.hillcrest, "HC-2025-01"), HOUSEHOLD)


# --- Adding learning, and similar earlier recommendations ------------------------------------


def test_the_business_manager_adds_a_recommendation_to_a_rapid_review(cast, client_for, review):
    response = client_for(cast.manager).post(f"{BASE}/rapid-reviews/{review.pk}/learning/add/", _form())

    point = LearningPoint.objects.get()
    assert response.status_code == 302
    assert response["Location"] == point.get_absolute_url()
    assert (point.rapid_review, point.partnership, point.kind, point.created_by) == (
        review,
        cast.riverbank,
        LearningKind.RECOMMENDATION,
        cast.manager,
    )
    assert point.impact_check_due == date(2026, 8, 1)
    assert [t.code for t in point.themes.all()] == ["information-sharing"]
    assert point.history.earliest().history_user == cast.manager


def test_the_form_shows_the_identifying_details_reminder_and_the_themes_by_group(cast, client_for, review):
    page = client_for(cast.manager).get(f"{BASE}/rapid-reviews/{review.pk}/learning/add/").content.decode()
    assert "Do not enter names, dates of birth" in page
    assert "Learning theme from reviews (national Panel)" in page
    assert "Professional curiosity" in page
    assert "Check for similar earlier recommendations" in page
    assert "applies_locally" not in page  # only a national review's recommendations may not apply


def test_checking_for_similar_recommendations_shows_the_earlier_one_with_its_outcome_and_saves_nothing(
    cast, client_for, review, point
):
    action_create(
        partnership=cast.riverbank,
        title="Household composition in the health visiting template",
        owner_agency=factories.agency("Riverbank Community Health Trust"),
        due_date=timezone.localdate() + timedelta(days=30),
        source=point,
        created_by=cast.manager,
    )

    response = client_for(cast.manager).post(
        f"{BASE}/rapid-reviews/{review.pk}/learning/add/", _form(check_similar="1", number="7")
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert LearningPoint.objects.count() == 1
    assert "Similar earlier recommendations" in page
    assert point.get_absolute_url() in page
    assert "Agreed 1 July 2025 (2025-26)" in page
    assert f'govuk-tag--blue">{LearningStatus.IN_PROGRESS.label}</strong>' in page
    assert "0 of 1 action completed, 1 still open." in page
    # What was typed is kept, and no error is shown for a form not yet saved.
    assert REWORDED in page
    assert 'value="7"' in page
    assert "There is a problem" not in page


def test_checking_with_nothing_written_asks_for_the_text_first(cast, client_for, review):
    response = client_for(cast.manager).post(
        f"{BASE}/rapid-reviews/{review.pk}/learning/add/", _form(check_similar="1", text="")
    )
    assert "Write what the review says first" in response.content.decode()
    assert not LearningPoint.objects.exists()


def test_the_new_recommendations_page_shows_the_similar_earlier_one(cast, client_for, review, point):
    client_for(cast.manager).post(f"{BASE}/rapid-reviews/{review.pk}/learning/add/", _form())
    new = LearningPoint.objects.exclude(pk=point.pk).get()

    page = client_for(cast.manager).get(new.get_absolute_url()).content.decode()

    assert "Similar earlier recommendations" in page
    assert point.get_absolute_url() in page
    assert LearningStatus.AWAITING_ACTIONS.label in page
    # The earlier one's own page does not offer the later one as "earlier".
    earlier_page = client_for(cast.manager).get(point.get_absolute_url()).content.decode()
    assert new.get_absolute_url() not in earlier_page


def test_learning_agreed_before_its_review_began_is_refused_and_nothing_is_saved(cast, client_for, review):
    response = client_for(cast.manager).post(
        f"{BASE}/rapid-reviews/{review.pk}/learning/add/", _form(made_on="2025-05-01")
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "cannot be agreed before the review it comes from began (2 June 2025)" in page
    assert REWORDED in page
    assert not LearningPoint.objects.exists()


def test_identifying_details_in_the_text_are_refused(cast, client_for, review):
    response = client_for(cast.manager).post(
        f"{BASE}/rapid-reviews/{review.pk}/learning/add/", _form(text="The child (DOB 03/04/2019) was not seen.")
    )
    assert "mentions a date of birth" in response.content.decode()
    assert not LearningPoint.objects.exists()


def test_learning_is_added_to_an_lcspr(cast, client_for):
    lcspr = factories.lcspr(cast.riverbank)
    response = client_for(cast.manager).post(f"{BASE}/lcsprs/{lcspr.pk}/learning/add/", _form(kind="finding"))
    assert response.status_code == 302
    point = LearningPoint.objects.get()
    assert (point.lcspr, point.kind, point.impact_check_due) == (lcspr, LearningKind.FINDING, None)


def test_a_national_recommendation_that_does_not_apply_locally_needs_the_reason(cast, client_for):
    national = factories.national_review(cast.riverbank)
    url = f"{BASE}/national/{national.pk}/learning/add/"
    response = client_for(cast.manager).post(url, _form(applies_locally="False", local_response=""))
    assert "Say why it does not apply locally." in response.content.decode()
    assert not LearningPoint.objects.exists()

    client_for(cast.manager).post(
        url, _form(applies_locally="False", local_response="Riverbank has no residential special schools.")
    )
    point = LearningPoint.objects.get()
    assert (point.national_review, point.applies_locally, point.status()) == (
        national,
        False,
        LearningStatus.NOT_APPLICABLE,
    )
    assert point.impact_check_due is None


def test_a_recommendation_with_actions_cannot_become_a_finding(cast, client_for, point):
    action_create(
        partnership=cast.riverbank,
        title="Template",
        owner_agency=factories.agency("Riverbank Community Health Trust"),
        due_date=timezone.localdate() + timedelta(days=30),
        source=point,
        created_by=cast.manager,
    )
    response = client_for(cast.manager).post(
        f"{BASE}/learning/{point.pk}/edit/", _form(kind="finding", text=point.text, made_on="2025-07-01")
    )
    assert "cannot become a finding" in response.content.decode()
    point.refresh_from_db()
    assert point.kind == LearningKind.RECOMMENDATION


def test_the_business_manager_edits_a_recommendation_and_history_names_them(cast, client_for, point):
    response = client_for(cast.manager).post(
        f"{BASE}/learning/{point.pk}/edit/", _form(text="Ask who lives in the household.", made_on="2025-07-01")
    )
    assert response.status_code == 302
    point.refresh_from_db()
    assert point.text == "Ask who lives in the household."
    page = client_for(cast.manager).get(point.get_absolute_url()).content.decode()
    assert "History" in page
    assert str(cast.manager) in page


# --- The list and its filters -----------------------------------------------------------------


def test_the_list_filters_by_kind_status_theme_source_and_year(cast, client_for, review, point):
    finding = factories.recommendation(review, "The household was not known.", kind=LearningKind.FINDING)
    national = factories.recommendation(
        factories.national_review(cast.riverbank), "Review infant sleep advice.", made_on=date(2024, 11, 1)
    )
    neglect = Theme.objects.get(code="neglect", partnership__isnull=True)
    national.themes.add(neglect)
    client = client_for(cast.scrutineer)

    def listed(query: str) -> set[int]:
        page = client.get(f"{BASE}/learning/?{query}").content.decode()
        return {p.pk for p in (point, finding, national) if p.get_absolute_url() in page}

    assert listed("") == {point.pk, finding.pk, national.pk}
    assert listed("kind=finding") == {finding.pk}
    assert listed(f"status={LearningStatus.AWAITING_ACTIONS}") == {point.pk, national.pk}
    assert listed(f"status={LearningStatus.IMPACT_SHOWN}") == set()
    assert listed(f"theme={neglect.pk}") == {national.pk}
    assert listed("source=national_review") == {national.pk}
    assert listed("source=rapid_review") == {point.pk, finding.pk}
    assert listed("year=2024") == {national.pk}
    assert listed("year=2025") == {point.pk, finding.pk}


def test_the_agency_filter_offers_only_agencies_the_learning_names(cast, client_for, point):
    health = factories.agency("Riverbank Community Health Trust")
    point.agencies.add(health)
    client = client_for(cast.scrutineer)
    page = client.get(f"{BASE}/learning/").content.decode()
    assert f'<option value="{health.pk}">Riverbank Community Health Trust (demo)</option>' in page
    assert "Oakfield" not in page
    assert point.get_absolute_url() in client.get(f"{BASE}/learning/?agency={health.pk}").content.decode()


def test_the_list_shows_status_actions_and_the_impact_check_due(cast, client_for, point):
    page = client_for(cast.viewer).get(f"{BASE}/learning/").content.decode()
    assert LearningStatus.AWAITING_ACTIONS.label in page
    assert "1 July 2026" in page  # impact check due, 12 months after 1 July 2025
    assert "Riverbank Community Health Trust (demo)" in page


def test_the_list_costs_the_same_number_of_queries_however_long_it_is(cast, client_for, review):
    neglect = Theme.objects.get(code="neglect", partnership__isnull=True)
    client = client_for(cast.manager)

    def queries_for_a_list_of(count: int) -> int:
        while LearningPoint.objects.count() < count:
            made = factories.recommendation(review, "Recommendation about the household.", number=str(count))
            made.themes.add(neglect)
            made.agencies.add(factories.agency("Oakfield"))
            action_create(
                partnership=cast.riverbank,
                title="Act on it",
                owner_agency=factories.agency("Oakfield"),
                due_date=timezone.localdate() + timedelta(days=30),
                source=made,
                created_by=cast.manager,
            )
        with CaptureQueriesContext(connection) as captured:
            assert client.get(f"{BASE}/learning/").status_code == 200
        return len(captured)

    assert queries_for_a_list_of(2) == queries_for_a_list_of(12)


# --- One learning point: actions and impact ---------------------------------------------------


def test_the_detail_page_shows_the_source_agencies_clock_and_actions(cast, client_for, review, point):
    action = action_create(
        partnership=cast.riverbank,
        title="Household composition in the template",
        owner_agency=factories.agency("Riverbank Community Health Trust"),
        due_date=timezone.localdate() + timedelta(days=30),
        source=point,
        created_by=cast.manager,
    )
    page = client_for(cast.lead_partner).get(point.get_absolute_url()).content.decode()
    assert review.get_absolute_url() in page
    assert f"/p/riverbank/actions/{action.pk}/" in page
    assert "Impact check clock" in page
    assert "1 July 2026" in page
    assert "Not yet confirmed</strong>" in page
    assert "Create an action" not in page  # only the business manager manages the room


def test_the_business_manager_creates_an_action_from_a_recommendation(cast, client_for, point):
    url = f"{BASE}/learning/{point.pk}/action/"
    form_page = client_for(cast.manager).get(url).content.decode()
    assert HOUSEHOLD[:60] in form_page  # the title starts as the recommendation
    due = (timezone.localdate() + timedelta(days=90)).isoformat()
    health = factories.agency("Riverbank Community Health Trust")

    response = client_for(cast.manager).post(
        url, {"title": "Add household questions to the template", "owner_agency": health.pk, "due_date": due}
    )

    assert response.status_code == 302
    action = Action.objects.get()
    assert (action.source, action.owner_agency, action.source_room) == (point, health, "reviews")
    assert action.source_label == "Rapid review RB-2025-01 — recommendation 1"
    assert point.status() == LearningStatus.IN_PROGRESS


def test_the_action_form_offers_the_first_agency_the_recommendation_concerns(cast, client_for, point):
    page = client_for(cast.manager).get(f"{BASE}/learning/{point.pk}/action/").content.decode()
    health = factories.agency("Riverbank Community Health Trust")
    assert f'<option value="{health.pk}" selected>' in page


def test_no_action_is_created_for_a_finding(cast, client_for, review):
    finding = factories.recommendation(review, kind=LearningKind.FINDING)
    due = (timezone.localdate() + timedelta(days=90)).isoformat()
    response = client_for(cast.manager).post(
        f"{BASE}/learning/{finding.pk}/action/",
        {"title": "Act", "owner_agency": factories.agency("Oakfield").pk, "due_date": due},
    )
    assert "Actions come from recommendations" in response.content.decode()
    assert not Action.objects.exists()


def test_an_action_with_a_due_date_in_the_past_is_refused(cast, client_for, point):
    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()
    response = client_for(cast.manager).post(
        f"{BASE}/learning/{point.pk}/action/",
        {"title": "Act", "owner_agency": factories.agency("Oakfield").pk, "due_date": yesterday},
    )
    assert "The due date cannot be before the action was created" in response.content.decode()
    assert not Action.objects.exists()


def test_the_business_manager_records_the_impact_check(cast, client_for, point):
    today = date(2026, 6, 1)  # within 12 months of the recommendation
    response = client_for(cast.manager).post(
        f"{BASE}/learning/{point.pk}/impact/",
        {
            "impact_checked_on": today.isoformat(),
            "impact_method": "Re-audit of 20 health visiting records",
            "impact_outcome": ImpactOutcome.CHANGED,
            "impact_summary": "18 of 20 records name every adult in the household.",
        },
    )
    assert response.status_code == 302
    point.refresh_from_db()
    assert (point.impact_checked_on, point.status()) == (today, LearningStatus.IMPACT_SHOWN)
    page = client_for(cast.manager).get(point.get_absolute_url()).content.decode()
    assert "Practice has changed" in page


def test_an_impact_check_without_an_outcome_is_refused_and_changes_nothing(cast, client_for, point):
    response = client_for(cast.manager).post(
        f"{BASE}/learning/{point.pk}/impact/",
        {
            "impact_checked_on": timezone.localdate().isoformat(),
            "impact_method": "Re-audit",
            "impact_summary": "Some change.",
        },
    )
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Say what the impact check found." in page
    point.refresh_from_db()
    assert (point.impact_checked_on, point.impact_outcome) == (None, "")


def test_an_impact_check_before_the_recommendation_was_agreed_is_shown_beside_the_date(cast, client_for, point):
    response = client_for(cast.manager).post(
        f"{BASE}/learning/{point.pk}/impact/",
        {
            "impact_checked_on": "2025-06-01",
            "impact_method": "Re-audit",
            "impact_outcome": ImpactOutcome.CHANGED,
            "impact_summary": "Changed.",
        },
    )
    assert 'id="id_impact_checked_on-error"' in response.content.decode()
    point.refresh_from_db()
    assert point.impact_checked_on is None


# --- Who may see and do what ------------------------------------------------------------------


@pytest.mark.parametrize("role", ["manager", "scrutineer", "police_dsp", "lead_partner", "chair", "viewer"])
def test_every_role_but_agency_contributors_reads_the_learning(cast, client_for, point, role):
    client = client_for(getattr(cast, role))
    for url in (f"{BASE}/learning/", point.get_absolute_url(), f"{BASE}/learning/themes/"):
        assert client.get(url).status_code == 200, url


def test_an_agency_contributor_is_refused_the_rooms_learning_pages(cast, client_for, point):
    client = client_for(cast.contributor)
    for url in (f"{BASE}/learning/", point.get_absolute_url(), f"{BASE}/learning/themes/"):
        assert client.get(url).status_code == 403, url


@pytest.mark.parametrize("role", ["scrutineer", "police_dsp", "lead_partner", "chair", "viewer"])
def test_only_the_business_manager_manages_learning(cast, client_for, review, point, role):
    client = client_for(getattr(cast, role))
    for url in (
        f"{BASE}/rapid-reviews/{review.pk}/learning/add/",
        f"{BASE}/learning/{point.pk}/edit/",
        f"{BASE}/learning/{point.pk}/action/",
        f"{BASE}/learning/{point.pk}/impact/",
    ):
        assert client.get(url).status_code == 403, url
    due = (timezone.localdate() + timedelta(days=30)).isoformat()
    response = client.post(
        f"{BASE}/learning/{point.pk}/action/",
        {"title": "Act", "owner_agency": factories.agency("Oakfield").pk, "due_date": due},
    )
    assert response.status_code == 403
    assert client.post(f"{BASE}/rapid-reviews/{review.pk}/learning/add/", _form()).status_code == 403
    assert not Action.objects.exists()
    assert LearningPoint.objects.count() == 1


def test_an_outsider_gets_404_for_riverbanks_learning(cast, client_for, review, point):
    client = client_for(cast.outsider)
    for url in (
        f"{BASE}/learning/",
        point.get_absolute_url(),
        f"{BASE}/learning/themes/",
        f"{BASE}/learning/{point.pk}/edit/",
        f"{BASE}/rapid-reviews/{review.pk}/learning/add/",
    ):
        assert client.get(url).status_code == 404, url


def test_hillcrests_learning_under_riverbanks_address_is_not_found(cast, client_for, hillcrest_point):
    client = client_for(cast.manager)
    pk = hillcrest_point.pk
    for url in (
        f"{BASE}/learning/{pk}/",
        f"{BASE}/learning/{pk}/edit/",
        f"{BASE}/learning/{pk}/action/",
        f"{BASE}/learning/{pk}/impact/",
        f"{BASE}/rapid-reviews/{hillcrest_point.rapid_review_id}/learning/add/",
    ):
        assert client.get(url).status_code == 404, url
    response = client.post(f"{BASE}/learning/{pk}/impact/", {"impact_checked_on": "2025-09-01"})
    assert response.status_code == 404
    hillcrest_point.refresh_from_db()
    assert hillcrest_point.impact_checked_on is None


def test_riverbanks_learning_never_lists_hillcrests(cast, client_for, point, hillcrest_point):
    page = client_for(cast.scrutineer).get(f"{BASE}/learning/").content.decode()
    assert point.get_absolute_url() in page
    assert f"/learning/{hillcrest_point.pk}/" not in page
