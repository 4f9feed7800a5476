"""Local child safeguarding practice reviews: commissioned by the business manager from a rapid
review's decision, monitored at milestones, sent to the Panel before publication and published on
the 6-month clock; read by everyone who reads the room, never by another partnership."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from scrutiny.reviews.models import Lcspr, LcsprDecision, LcsprMilestone, MilestoneQuality
from scrutiny.reviews.tests import factories as make

pytestmark = pytest.mark.django_db

BASE = "/p/riverbank/reviews/lcsprs"


def _commissioning_review(partnership: Any, reference: str = "RB-2025-03", **extra: Any) -> Any:
    """A rapid review that decided, on 20 June 2025, to commission a review."""
    values: dict[str, Any] = {
        "lcspr_decision": LcsprDecision.COMMISSION,
        "decision_rationale": "Several agencies missed the same signs.",
        "decided_on": date(2025, 6, 20),
    }
    values.update(extra)
    return make.rapid_review(partnership, reference, **values)


def _add_form(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "rapid_review": "",
        "title": "Child Q: a local child safeguarding practice review",
        "publication_name": "Child Q",
        "decided_on": "2025-07-01",
        "reviewer": "Sam Reviewer",
        "reviewer_organisation": "Independent Reviews Ltd",
        "terms_of_reference": "How agencies shared information about the household.",
        "terms_agreed_on": "",
        "planned_publication_on": "",
    }
    data.update(changes)
    return data


def _publication_form(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "sent_to_panel_on": "",
        "panel_late_reason": "",
        "published_on": "",
        "publication_url": "",
        "published_in_full": "yes",
        "published_instead": "",
        "publication_late_reason": "",
        "withdrawn_on": "",
    }
    data.update(changes)
    return data


def _unchanged(lcspr: Lcspr) -> bool:
    """Whether the stored review still has every field it had."""
    stored = Lcspr.objects.get(pk=lcspr.pk)
    fields = [f.attname for f in Lcspr._meta.concrete_fields]
    return all(getattr(stored, name) == getattr(lcspr, name) for name in fields)


# --- Commissioning ------------------------------------------------------------------------------


def test_the_business_manager_commissions_a_review_from_the_rapid_review_that_decided_on_one(cast, client_for):
    review = _commissioning_review(cast.riverbank)
    manager = client_for(cast.manager)
    page = manager.get(f"{BASE}/add/?rapid_review={review.pk}").content.decode()
    assert f'<option value="{review.pk}" selected>' in page
    assert 'value="2025-06-20"' in page  # the decision date comes from the rapid review

    response = manager.post(f"{BASE}/add/", _add_form(rapid_review=review.pk, decided_on=""))
    lcspr = Lcspr.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{BASE}/{lcspr.pk}/"
    assert (lcspr.partnership, lcspr.rapid_review, lcspr.decided_on) == (cast.riverbank, review, date(2025, 6, 20))
    assert lcspr.created_by == cast.manager
    assert lcspr.history.first().history_user == cast.manager


def test_only_rapid_reviews_that_decided_to_commission_and_have_no_review_yet_are_offered(cast, client_for):
    offered = _commissioning_review(cast.riverbank, "RB-2025-03")
    taken = _commissioning_review(cast.riverbank, "RB-2025-04")
    make.lcspr(cast.riverbank, rapid_review=taken)
    not_commissioned = make.rapid_review(
        cast.riverbank,
        "RB-2025-05",
        lcspr_decision=LcsprDecision.NOT_COMMISSION,
        decision_rationale="Learning already captured.",
        decided_on=date(2025, 6, 20),
    )
    elsewhere = _commissioning_review(cast.hillcrest, "HC-2025-01")
    page = client_for(cast.manager).get(f"{BASE}/add/").content.decode()
    assert f'value="{offered.pk}"' in page
    for absent in (taken, not_commissioned, elsewhere):
        assert f'value="{absent.pk}"' not in page
    assert "None: the case was referred another way" in page


def test_a_case_referred_another_way_needs_its_own_decision_date(cast, client_for):
    response = client_for(cast.manager).post(f"{BASE}/add/", _add_form(decided_on=""))
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "Give the date of the decision to start the review." in page
    assert 'value="Child Q"' in page  # what was typed is kept
    assert not Lcspr.objects.exists()


def test_a_rapid_review_of_another_partnership_cannot_be_chosen(cast, client_for):
    elsewhere = _commissioning_review(cast.hillcrest, "HC-2025-01")
    response = client_for(cast.manager).post(f"{BASE}/add/", _add_form(rapid_review=elsewhere.pk))
    assert "Choose one of the listed rapid reviews" in response.content.decode()
    assert not Lcspr.objects.exists()


def test_a_decision_before_the_incident_became_known_is_refused(cast, client_for):
    review = _commissioning_review(cast.riverbank)  # the incident: aware 2 June 2025
    response = client_for(cast.manager).post(f"{BASE}/add/", _add_form(rapid_review=review.pk, decided_on="2025-05-01"))
    assert "The decision cannot be before the incident became known." in response.content.decode()
    assert not Lcspr.objects.exists()


def test_the_add_form_shows_the_privacy_reminder_under_the_terms_of_reference(cast, client_for):
    page = client_for(cast.manager).get(f"{BASE}/add/").content.decode()
    assert page.count("Do not enter names, dates of birth") >= 2  # the banner and the text box


def test_the_edit_form_explains_the_redaction_words_and_the_panel_deadline(cast, client_for):
    lcspr = make.lcspr(cast.riverbank)
    page = client_for(cast.manager).get(f"{BASE}/{lcspr.pk}/edit/").content.decode()
    assert "The export for publication replaces each with [redacted]" in page
    assert "must reach the Panel and the Secretary of State 7 working days before this date" in page
    assert 'aria-describedby="id_redaction_terms-hint"' in page


def test_the_manager_records_the_report_dates_and_redaction_words(cast, client_for):
    lcspr = make.lcspr(cast.riverbank)
    response = client_for(cast.manager).post(
        f"{BASE}/{lcspr.pk}/edit/",
        _add_form(
            terms_agreed_on="2025-07-20",
            draft_report_on="2025-10-01",
            final_report_on="2025-11-03",
            planned_publication_on="2025-12-19",
            redaction_terms="Oakfield Primary\nRiverbank Road",
        ),
    )
    assert response.status_code == 302
    lcspr.refresh_from_db()
    assert (lcspr.draft_report_on, lcspr.final_report_on) == (date(2025, 10, 1), date(2025, 11, 3))
    assert lcspr.redaction_terms == "Oakfield Primary\nRiverbank Road"
    assert lcspr.stage == "Final report agreed"
    page = client_for(cast.viewer).get(f"{BASE}/{lcspr.pk}/").content.decode()
    assert "3 November 2025" in page
    assert "Business Manager" in page  # the History tab names who changed it


def test_a_draft_report_before_the_terms_were_agreed_is_refused_and_nothing_changes(cast, client_for):
    lcspr = make.lcspr(cast.riverbank, terms_agreed_on=date(2025, 7, 20))
    response = client_for(cast.manager).post(
        f"{BASE}/{lcspr.pk}/edit/", _add_form(terms_agreed_on="2025-07-20", draft_report_on="2025-07-10")
    )
    assert "cannot be before the terms of reference were agreed" in response.content.decode()
    assert _unchanged(lcspr)


# --- Clocks -------------------------------------------------------------------------------------


def test_publication_is_due_six_months_after_the_decision(cast, client_for):
    lcspr = make.lcspr(cast.riverbank, decided_on=date(2025, 7, 1))
    publication = lcspr.clocks()[0]
    assert (publication.rule_id, publication.due) == ("lcspr-publication", date(2026, 1, 1))
    page = client_for(cast.viewer).get(f"{BASE}/{lcspr.pk}/").content.decode()
    assert "1 January 2026" in page


def test_the_report_to_the_panel_is_counted_back_seven_working_days_from_the_planned_publication(cast, client_for):
    # Friday 19 December 2025, back over two weekends: 18, 17, 16, 15, 12, 11, 10 December.
    lcspr = make.lcspr(cast.riverbank, planned_publication_on=date(2025, 12, 19))
    to_panel = lcspr.clocks()[1]
    assert (to_panel.rule_id, to_panel.due) == ("lcspr-report-to-panel", date(2025, 12, 10))
    page = client_for(cast.viewer).get(f"{BASE}/{lcspr.pk}/").content.decode()
    assert "10 December 2025" in page
    assert "Not yet confirmed</strong>" in page  # the 7 working days are still to be checked against guidance


def test_the_report_to_the_panel_counts_back_over_a_bank_holiday(cast):
    # Monday 1 September 2025; Monday 25 August was the summer bank holiday.
    lcspr = make.lcspr(cast.riverbank, planned_publication_on=date(2025, 9, 1))
    assert lcspr.clocks()[1].due == date(2025, 8, 20)


# --- Publication --------------------------------------------------------------------------------


def _ready(partnership: Any, **extra: Any) -> Lcspr:
    """A review decided on 1 July 2025 whose final report was agreed on 3 November 2025."""
    values: dict[str, Any] = {"decided_on": date(2025, 7, 1), "final_report_on": date(2025, 11, 3)}
    values.update(extra)
    return make.lcspr(partnership, **values)


def test_the_manager_records_sending_and_publication_and_the_clocks_are_met(cast, client_for):
    lcspr = _ready(cast.riverbank, planned_publication_on=date(2025, 12, 19))
    response = client_for(cast.manager).post(
        f"{BASE}/{lcspr.pk}/publication/",
        _publication_form(
            sent_to_panel_on="2025-12-05", published_on="2025-12-19", publication_url="https://example.org/child-q"
        ),
    )
    assert response.status_code == 302
    lcspr.refresh_from_db()
    assert (lcspr.sent_to_panel_on, lcspr.published_on, lcspr.stage) == (
        date(2025, 12, 5),
        date(2025, 12, 19),
        "Published",
    )
    page = client_for(cast.scrutineer).get(f"{BASE}/{lcspr.pk}/").content.decode()
    assert page.count("Met on time") >= 2
    # Clock C8: it stays available for at least a year from publication.
    assert "Keep available until at least" in page
    assert "19 December 2026" in page


def test_a_review_taken_down_within_a_year_of_publication_is_flagged(cast, client_for):
    lcspr = _ready(
        cast.riverbank,
        sent_to_panel_on=date(2025, 12, 1),
        published_on=date(2025, 12, 10),
        publication_url="https://example.org/child-q",
        withdrawn_on=date(2026, 6, 1),
    )
    page = client_for(cast.viewer).get(f"{BASE}/{lcspr.pk}/").content.decode()
    assert "Taken down on 1 June 2026." in page
    assert "Taken down before a year had passed" in page
    assert lcspr.stage == "Taken down"


def test_the_publication_form_says_when_each_reason_is_needed_with_the_privacy_reminder(cast, client_for):
    lcspr = _ready(cast.riverbank)
    page = client_for(cast.manager).get(f"{BASE}/{lcspr.pk}/publication/").content.decode()
    assert "Needed only where it was sent later than 7 working days before the planned publication date." in page
    assert "Needed only where it was published more than 6 months after the decision to start the review." in page
    assert "Needed where the review was not published in full" in page
    # The banner and the three text boxes.
    assert page.count("Do not enter names, dates of birth") == 4


def test_publication_before_the_final_report_is_refused_and_nothing_changes(cast, client_for):
    lcspr = _ready(cast.riverbank)
    response = client_for(cast.manager).post(
        f"{BASE}/{lcspr.pk}/publication/",
        _publication_form(published_on="2025-10-30", publication_url="https://example.org/child-q"),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "The date of publication (30 October 2025) cannot be before the final report (3 November 2025)." in page
    assert _unchanged(lcspr)


def test_a_report_sent_to_the_panel_after_publication_is_refused_and_nothing_changes(cast, client_for):
    lcspr = _ready(cast.riverbank)
    response = client_for(cast.manager).post(
        f"{BASE}/{lcspr.pk}/publication/",
        _publication_form(
            sent_to_panel_on="2025-12-20", published_on="2025-12-10", publication_url="https://example.org/child-q"
        ),
    )
    page = response.content.decode()
    assert (
        "The date of publication (10 December 2025) cannot be before the report was sent to the Panel "
        "(20 December 2025)." in page
    )
    assert 'href="#id_published_on"' in page  # shown on the field it is about
    assert _unchanged(lcspr)


def test_publication_without_sending_the_report_to_the_panel_is_refused(cast, client_for):
    lcspr = _ready(cast.riverbank)
    response = client_for(cast.manager).post(
        f"{BASE}/{lcspr.pk}/publication/",
        _publication_form(published_on="2025-12-10", publication_url="https://example.org/child-q"),
    )
    page = response.content.decode()
    assert "The final report goes to the Panel and the Secretary of State before publication" in page
    assert 'href="#id_sent_to_panel_on"' in page
    assert _unchanged(lcspr)


def test_a_review_not_published_in_full_needs_what_was_published_instead(cast, client_for):
    lcspr = _ready(cast.riverbank)
    manager = client_for(cast.manager)
    form = _publication_form(sent_to_panel_on="2025-12-01", published_on="2025-12-10", published_in_full="no")
    page = manager.post(f"{BASE}/{lcspr.pk}/publication/", form).content.decode()
    assert "record what was published instead about the improvements to be made" in page
    assert 'href="#id_published_instead"' in page
    assert _unchanged(lcspr)

    form["published_instead"] = "A summary of the improvements the partners will make."
    assert manager.post(f"{BASE}/{lcspr.pk}/publication/", form).status_code == 302
    lcspr.refresh_from_db()
    assert (lcspr.published_in_full, lcspr.stage) == (False, "Published in summary")


def test_late_publication_without_a_reason_is_refused_and_with_one_is_shown_as_met_late(cast, client_for):
    lcspr = _ready(cast.riverbank, decided_on=date(2025, 1, 6), final_report_on=date(2025, 8, 1))
    manager = client_for(cast.manager)
    form = _publication_form(
        sent_to_panel_on="2025-08-20", published_on="2025-09-01", publication_url="https://example.org/child-q"
    )
    page = manager.post(f"{BASE}/{lcspr.pk}/publication/", form).content.decode()
    assert "after the deadline of 6 July 2025 (6 months): say why it was late." in page
    assert 'href="#id_publication_late_reason"' in page
    assert _unchanged(lcspr)

    form["publication_late_reason"] = "A parallel criminal trial delayed publication."
    assert manager.post(f"{BASE}/{lcspr.pk}/publication/", form).status_code == 302
    page = client_for(cast.viewer).get(f"{BASE}/{lcspr.pk}/").content.decode()
    assert "Met late" in page
    assert "A parallel criminal trial delayed publication." in page


def test_a_report_sent_to_the_panel_late_needs_a_reason(cast, client_for):
    lcspr = _ready(cast.riverbank)
    response = client_for(cast.manager).post(
        f"{BASE}/{lcspr.pk}/publication/",
        _publication_form(
            sent_to_panel_on="2025-12-15", published_on="2025-12-19", publication_url="https://example.org/child-q"
        ),
    )
    page = response.content.decode()
    assert "after the latest date of 10 December 2025" in page
    assert 'href="#id_panel_late_reason"' in page
    assert _unchanged(lcspr)


# --- Milestones ---------------------------------------------------------------------------------


def test_the_manager_sets_a_milestone_and_records_it_met_with_its_quality(cast, client_for):
    lcspr = make.lcspr(cast.riverbank)
    manager = client_for(cast.manager)
    response = manager.post(
        f"{BASE}/{lcspr.pk}/milestones/add/",
        {"title": "Chronologies from every agency", "due_on": "2025-08-01", "met_on": "", "quality": "", "note": ""},
    )
    assert response.status_code == 302
    milestone = LcsprMilestone.objects.get()
    assert (milestone.lcspr, milestone.due_on) == (lcspr, date(2025, 8, 1))
    page = manager.get(f"{BASE}/{lcspr.pk}/").content.decode()
    assert "Overdue" in page
    assert f"/p/riverbank/reviews/milestones/{milestone.pk}/edit/" in page

    response = manager.post(
        f"/p/riverbank/reviews/milestones/{milestone.pk}/edit/",
        {
            "title": "Chronologies from every agency",
            "due_on": "2025-08-01",
            "met_on": "2025-08-05",
            "quality": "adequate",
            "note": "Two chronologies were thin on the father's involvement.",
        },
    )
    assert response.status_code == 302
    milestone.refresh_from_db()
    assert (milestone.met_on, milestone.quality) == (date(2025, 8, 5), MilestoneQuality.ADEQUATE)
    page = manager.get(f"{BASE}/{lcspr.pk}/").content.decode()
    assert "Met late" in page
    assert "Adequate" in page
    assert "milestone “Chronologies from every agency”" in page  # in the History tab


def test_the_milestone_form_asks_for_a_note_where_there_are_concerns(cast, client_for):
    lcspr = make.lcspr(cast.riverbank)
    page = client_for(cast.manager).get(f"{BASE}/{lcspr.pk}/milestones/add/").content.decode()
    assert "Needed where there are concerns about quality." in page
    assert page.count("Do not enter names, dates of birth") == 2  # the banner and the note


def test_a_milestone_due_before_the_decision_is_refused(cast, client_for):
    lcspr = make.lcspr(cast.riverbank, decided_on=date(2025, 7, 1))
    response = client_for(cast.manager).post(
        f"{BASE}/{lcspr.pk}/milestones/add/",
        {"title": "Scoping meeting", "due_on": "2025-06-01", "met_on": "", "quality": "", "note": ""},
    )
    page = response.content.decode()
    assert "A milestone cannot be due before the decision to start the review." in page
    assert 'value="Scoping meeting"' in page
    assert not LcsprMilestone.objects.exists()


def test_concerns_about_quality_need_a_note_and_nothing_changes_without_one(cast, client_for):
    lcspr = make.lcspr(cast.riverbank)
    milestone = LcsprMilestone.objects.create(lcspr=lcspr, title="Draft report", due_on=date(2025, 10, 1))
    response = client_for(cast.manager).post(
        f"/p/riverbank/reviews/milestones/{milestone.pk}/edit/",
        {"title": "Draft report", "due_on": "2025-10-01", "met_on": "2025-09-30", "quality": "concerns", "note": ""},
    )
    assert "Say what the concerns about quality are." in response.content.decode()
    milestone.refresh_from_db()
    assert (milestone.met_on, milestone.quality) == (None, "")


# --- The list -----------------------------------------------------------------------------------


def test_the_list_filters_by_reporting_year_and_by_stage(cast, client_for, django_assert_max_num_queries):
    earlier = make.lcspr(
        cast.riverbank,
        "Child P: a local child safeguarding practice review",
        decided_on=date(2024, 7, 1),
        final_report_on=date(2024, 11, 1),
        sent_to_panel_on=date(2024, 11, 20),
        published_on=date(2024, 12, 2),
        publication_url="https://example.org/child-p",
    )
    current = make.lcspr(cast.riverbank, decided_on=date(2025, 7, 1))
    for extra in range(3):
        make.lcspr(cast.riverbank, f"Review {extra}", decided_on=date(2025, 8, 1))
    viewer = client_for(cast.viewer)
    with django_assert_max_num_queries(12):
        page = viewer.get(f"{BASE}/").content.decode()
    assert earlier.title in page
    assert current.title in page
    # The stage of each, in words.
    assert '<td class="govuk-table__cell">Published</td>' in page
    assert '<td class="govuk-table__cell">Commissioned</td>' in page

    by_year = viewer.get(f"{BASE}/?year=2024").content.decode()
    assert earlier.title in by_year
    assert current.title not in by_year
    published = viewer.get(f"{BASE}/?show=published").content.decode()
    assert earlier.title in published
    assert current.title not in published
    in_progress = viewer.get(f"{BASE}/?show=in_progress&year=2025").content.decode()
    assert current.title in in_progress
    assert earlier.title not in in_progress


# --- Who may do what ----------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["manager", "scrutineer", "viewer", "chair", "police_dsp"])
def test_everyone_who_reads_the_room_reads_the_reviews(cast, client_for, who):
    lcspr = make.lcspr(cast.riverbank)
    client = client_for(getattr(cast, who))
    for url in (f"{BASE}/", f"{BASE}/{lcspr.pk}/", f"{BASE}/{lcspr.pk}/export/"):
        assert client.get(url).status_code == 200, url


def test_an_agency_contributor_is_refused_the_reviews(cast, client_for):
    # The matrix gives agency contributors no view of the reviews room beyond their own agency's
    # rapid review contributions: partnership_view answers 403 (they are a member, so not 404).
    lcspr = make.lcspr(cast.riverbank)
    contributor = client_for(cast.contributor)
    for url in (f"{BASE}/", f"{BASE}/{lcspr.pk}/", f"{BASE}/{lcspr.pk}/export/", f"{BASE}/{lcspr.pk}/export.docx"):
        assert contributor.get(url).status_code == 403, url


def test_a_viewer_cannot_commission_change_or_publish_a_review(cast, client_for):
    lcspr = make.lcspr(cast.riverbank)
    milestone = LcsprMilestone.objects.create(lcspr=lcspr, title="Draft report", due_on=date(2025, 10, 1))
    viewer = client_for(cast.viewer)
    for url in (
        f"{BASE}/add/",
        f"{BASE}/{lcspr.pk}/edit/",
        f"{BASE}/{lcspr.pk}/publication/",
        f"{BASE}/{lcspr.pk}/milestones/add/",
        f"/p/riverbank/reviews/milestones/{milestone.pk}/edit/",
    ):
        assert viewer.get(url).status_code == 403, url
    assert viewer.post(f"{BASE}/{lcspr.pk}/edit/", _add_form(title="Changed")).status_code == 403
    assert viewer.post(f"{BASE}/add/", _add_form()).status_code == 403
    assert _unchanged(lcspr)
    assert Lcspr.objects.count() == 1
    page = viewer.get(f"{BASE}/{lcspr.pk}/").content.decode()
    assert "Change the review" not in page
    assert f"/lcsprs/{lcspr.pk}/learning/add/" not in page


def test_the_manager_sees_the_links_to_change_the_review_and_add_its_learning(cast, client_for):
    lcspr = make.lcspr(cast.riverbank)
    page = client_for(cast.manager).get(f"{BASE}/{lcspr.pk}/").content.decode()
    for link in ("edit/", "publication/", "milestones/add/", "learning/add/", "export/", "export.docx"):
        assert f"{BASE}/{lcspr.pk}/{link}" in page, link


def test_someone_from_another_partnership_finds_nothing(cast, client_for):
    lcspr = make.lcspr(cast.riverbank)
    outsider = client_for(cast.outsider)
    for url in (f"{BASE}/", f"{BASE}/add/", f"{BASE}/{lcspr.pk}/", f"{BASE}/{lcspr.pk}/export.docx"):
        assert outsider.get(url).status_code == 404, url


def test_another_partnerships_review_is_not_found_under_this_partnerships_address(cast, client_for):
    theirs = make.lcspr(cast.hillcrest)
    manager = client_for(cast.manager)
    for suffix in ("", "edit/", "publication/", "milestones/add/", "export/", "export.docx"):
        assert manager.get(f"{BASE}/{theirs.pk}/{suffix}").status_code == 404, suffix
    response = manager.post(f"{BASE}/{theirs.pk}/edit/", _add_form(title="Changed"))
    assert response.status_code == 404
    assert _unchanged(theirs)


def test_a_milestone_of_another_partnerships_review_is_not_found(cast, client_for):
    theirs = LcsprMilestone.objects.create(
        lcspr=make.lcspr(cast.hillcrest), title="Draft report", due_on=date(2025, 10, 1)
    )
    manager = client_for(cast.manager)
    url = f"/p/riverbank/reviews/milestones/{theirs.pk}/edit/"
    assert manager.get(url).status_code == 404
    data = {"title": "Changed", "due_on": "2025-10-01", "met_on": "", "quality": "", "note": ""}
    assert manager.post(url, data).status_code == 404
    theirs.refresh_from_db()
    assert theirs.title == "Draft report"
