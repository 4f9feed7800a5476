"""Serious incidents: recorded by the business manager against the notification clocks, read by
everyone who reads the room, never by another partnership; and starting their rapid review."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone

from scrutiny.clocks.catalogue import get_rule
from scrutiny.partnerships.models import Area
from scrutiny.reviews.models import AgencyContribution, CriteriaMet, RapidReview, SeriousIncident
from scrutiny.reviews.tests import factories as make

pytestmark = pytest.mark.django_db

BASE = "/p/riverbank/reviews/incidents"


def _form(**changes: Any) -> dict[str, Any]:
    """A valid incident as the add form posts it: aware 2 June 2025 (a Monday), notified and the
    partners told within 5 working days."""
    bexley = Area.objects.get(code="E09000004")
    data: dict[str, Any] = {
        "reference": "RB-2025-07",
        "age_band": "under_1",
        "kind": "serious_harm",
        "aware_on": "2025-06-02",
        "notifying_area": bexley.pk,
        "home_area": "",
        "criteria_met": "yes",
        "criteria_decision": "The three partners agreed the criteria are met.",
        "notified_on": "2025-06-05",
        "notification_late_reason": "",
        "partners_informed_on": "2025-06-03",
        "partners_informed_late_reason": "",
        "summary": "A baby was admitted to hospital with unexplained injuries.",
        "agencies": [make.agency("Oakfield").pk, make.agency("Capital Police").pk],
    }
    data.update(changes)
    return data


def test_the_business_manager_records_an_incident_and_its_history_names_them(cast, client_for):
    manager = client_for(cast.manager)
    response = manager.post(f"{BASE}/add/", _form())
    incident = SeriousIncident.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{BASE}/{incident.pk}/"
    assert (incident.partnership, incident.created_by, incident.reference) == (
        cast.riverbank,
        cast.manager,
        "RB-2025-07",
    )
    assert set(incident.agencies.values_list("name", flat=True)) == {
        "Oakfield Academies Trust (demo)",
        "Capital Police South Area (demo)",
    }
    assert incident.history.first().history_user == cast.manager
    page = manager.get(f"{BASE}/{incident.pk}/").content.decode()
    assert "Notification to the Panel" in page
    assert "Met on time" in page
    assert "Business Manager" in page  # the History tab


def test_the_add_form_shows_the_privacy_reminder_under_the_free_text(cast, client_for):
    page = client_for(cast.manager).get(f"{BASE}/add/").content.decode()
    assert page.count("Do not enter names, dates of birth") >= 4  # the banner and each text box


def test_a_notified_date_before_the_local_authority_became_aware_is_refused(cast, client_for):
    response = client_for(cast.manager).post(f"{BASE}/add/", _form(notified_on="2025-05-30"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "The date notified to the Panel (30 May 2025) cannot be before the local authority became aware" in page
    assert 'value="RB-2025-07"' in page  # what was typed is kept
    assert SeriousIncident.objects.count() == 0


def test_a_reference_like_a_case_system_number_is_refused(cast, client_for):
    response = client_for(cast.manager).post(f"{BASE}/add/", _form(reference="CASE-12345678"))
    assert "six or more digits in a row" in response.content.decode()
    assert SeriousIncident.objects.count() == 0


def test_a_date_of_birth_in_the_summary_is_refused(cast, client_for):
    response = client_for(cast.manager).post(f"{BASE}/add/", _form(summary="Baby (DOB 3 March 2025) was admitted."))
    assert "mentions a date of birth" in response.content.decode()
    assert SeriousIncident.objects.count() == 0


def test_a_reference_used_before_in_the_partnership_is_refused(cast, client_for):
    make.incident(cast.riverbank, "RB-2025-07")
    response = client_for(cast.manager).post(f"{BASE}/add/", _form(reference="rb-2025-07"))
    assert "already has an incident with the reference" in response.content.decode()
    assert SeriousIncident.objects.count() == 1


def test_an_incident_elsewhere_is_refused_unless_the_child_lives_here(cast, client_for):
    bromley = Area.objects.get(code="E09000006")
    bexley = Area.objects.get(code="E09000004")
    manager = client_for(cast.manager)
    response = manager.post(f"{BASE}/add/", _form(notifying_area=bromley.pk))
    assert "must be one this partnership covers (Bexley)" in response.content.decode()
    assert SeriousIncident.objects.count() == 0
    manager.post(f"{BASE}/add/", _form(notifying_area=bromley.pk, home_area=bexley.pk))
    assert SeriousIncident.objects.get().home_area == bexley


def test_only_local_authorities_are_offered_as_the_notifying_area(cast, client_for):
    page = client_for(cast.manager).get(f"{BASE}/add/").content.decode()
    assert "Bexley" in page
    assert "Metropolitan Police" not in page


def test_a_late_notification_needs_its_reason(cast, client_for):
    manager = client_for(cast.manager)
    # Aware Monday 2 June 2025: due Monday 9 June; notified Tuesday 17 June is late.
    response = manager.post(f"{BASE}/add/", _form(notified_on="2025-06-17"))
    assert "after the deadline of 9 June 2025 (5 working days): say why it was late" in response.content.decode()
    assert SeriousIncident.objects.count() == 0
    manager.post(f"{BASE}/add/", _form(notified_on="2025-06-17", notification_late_reason="The system was down."))
    incident = SeriousIncident.objects.get()
    page = manager.get(f"{BASE}/{incident.pk}/").content.decode()
    assert "Met late" in page
    assert "The system was down." in page


def test_a_missed_notification_shows_that_a_reason_is_needed(cast, client_for):
    incident = make.incident(cast.riverbank, notified_on=None)
    page = client_for(cast.viewer).get(f"{BASE}/{incident.pk}/").content.decode()
    assert "Missed" in page
    assert "Reason needed" in page


def test_an_open_notification_is_due_soon_and_needs_no_reason(cast, client_for):
    yesterday = timezone.localdate() - timedelta(days=1)
    incident = make.incident(cast.riverbank, aware_on=yesterday, notified_on=None, partners_informed_on=None)
    page = client_for(cast.viewer).get(f"{BASE}/{incident.pk}/").content.decode()
    assert "Due soon" in page
    assert "Reason needed" not in page


def test_an_incident_not_meeting_the_criteria_has_no_clocks(cast, client_for):
    incident = make.incident(cast.riverbank, criteria_met=CriteriaMet.NO, notified_on=None)
    page = client_for(cast.manager).get(f"{BASE}/{incident.pk}/").content.decode()
    assert "No notification is due" in page
    assert "does not meet the notification criteria" in page
    assert "Start the rapid review</a>" not in page


def test_the_business_manager_changes_an_incident(cast, client_for):
    incident = make.incident(cast.riverbank)
    response = client_for(cast.manager).post(
        f"{BASE}/{incident.pk}/edit/", _form(reference="RB-2025-01", age_band="1_4")
    )
    assert response.status_code == 302
    incident.refresh_from_db()
    assert incident.age_band == "1_4"
    assert incident.history.first().history_user == cast.manager


def test_an_incident_under_review_cannot_be_recorded_as_not_meeting_the_criteria(cast, client_for):
    review = make.rapid_review(cast.riverbank)
    response = client_for(cast.manager).post(
        f"{BASE}/{review.incident.pk}/edit/", _form(reference="RB-2025-01", criteria_met="no", notified_on="")
    )
    assert "A rapid review of this incident has been started" in response.content.decode()
    review.incident.refresh_from_db()
    assert review.incident.criteria_met == CriteriaMet.YES


def test_the_list_filters_by_reporting_year_and_shows_each_clock_and_review(cast, client_for):
    older = make.incident(
        cast.riverbank,
        "RB-2024-02",
        aware_on=date(2024, 9, 2),
        notified_on=date(2024, 9, 3),
        partners_informed_on=date(2024, 9, 3),
    )
    make.rapid_review(cast.riverbank, incident=make.incident(cast.riverbank, "RB-2025-01"))
    viewer = client_for(cast.viewer)
    page = viewer.get(f"{BASE}/").content.decode()
    assert "RB-2024-02" in page
    assert "RB-2025-01" in page
    assert "Being written" in page  # its rapid review: nobody asked, nothing written yet
    only_2024 = viewer.get(f"{BASE}/?year=2024").content.decode()
    assert "RB-2024-02" in only_2024
    assert "RB-2025-01" not in only_2024
    assert "Serious incidents in 2024-25" in only_2024
    assert older.year == 2024


@pytest.mark.parametrize("who", ["manager", "scrutineer", "police_dsp", "lead_partner", "chair", "viewer"])
def test_everyone_who_reads_the_room_reads_incidents(cast, client_for, who):
    incident = make.incident(cast.riverbank)
    client = client_for(getattr(cast, who))
    assert client.get(f"{BASE}/").status_code == 200
    assert client.get(f"{BASE}/{incident.pk}/").status_code == 200


def test_an_agency_contributor_does_not_read_incidents(cast, client_for):
    incident = make.incident(cast.riverbank)
    contributor = client_for(cast.contributor)
    assert contributor.get(f"{BASE}/").status_code == 403
    assert contributor.get(f"{BASE}/{incident.pk}/").status_code == 403


def test_a_viewer_cannot_record_or_change_an_incident(cast, client_for):
    incident = make.incident(cast.riverbank)
    viewer = client_for(cast.viewer)
    assert viewer.get(f"{BASE}/add/").status_code == 403
    assert viewer.post(f"{BASE}/add/", _form(reference="RB-2025-09")).status_code == 403
    assert viewer.post(f"{BASE}/{incident.pk}/edit/", _form(reference="RB-X")).status_code == 403
    assert viewer.post(f"{BASE}/{incident.pk}/rapid-review/", {}).status_code == 403
    assert SeriousIncident.objects.count() == 1
    incident.refresh_from_db()
    assert incident.reference == "RB-2025-01"
    assert not RapidReview.objects.exists()


def test_an_outsider_finds_no_incident_page(cast, client_for):
    incident = make.incident(cast.riverbank)
    outsider = client_for(cast.outsider)
    for path in ("", "add/", f"{incident.pk}/", f"{incident.pk}/edit/", f"{incident.pk}/rapid-review/"):
        assert outsider.get(f"{BASE}/{path}").status_code == 404, path
    assert outsider.post(f"{BASE}/{incident.pk}/rapid-review/", {}).status_code == 404
    assert not RapidReview.objects.exists()


def test_another_partnerships_incident_is_not_found_under_this_partnerships_address(cast, client_for):
    theirs = make.incident(cast.hillcrest, "HC-2025-01")
    manager = client_for(cast.manager)
    for path in (f"{theirs.pk}/", f"{theirs.pk}/edit/", f"{theirs.pk}/rapid-review/"):
        assert manager.get(f"{BASE}/{path}").status_code == 404, path
    assert manager.post(f"{BASE}/{theirs.pk}/edit/", _form(reference="RB-STOLEN")).status_code == 404
    assert manager.post(f"{BASE}/{theirs.pk}/rapid-review/", {"contributions_due": "2025-06-13"}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.reference == "HC-2025-01"
    assert not RapidReview.objects.exists()


# --- Starting the rapid review ----------------------------------------------------------------


def _recent_incident(partnership: Any, reference: str = "RB-2026-01") -> SeriousIncident:
    """An incident the partners learnt of two days ago and notified the Panel of, involving the
    school and the police."""
    aware = timezone.localdate() - timedelta(days=2)
    incident = make.incident(partnership, reference, aware_on=aware, notified_on=aware, partners_informed_on=aware)
    incident.agencies.set([make.agency("Oakfield"), make.agency("Capital Police")])
    return incident


def test_starting_a_rapid_review_offers_the_default_deadline_and_the_agencies_involved(cast, client_for):
    incident = _recent_incident(cast.riverbank)
    assert incident.notified_on is not None
    due = get_rule("rapid-review-agency-contribution").due(incident.notified_on)
    page = client_for(cast.manager).get(f"{BASE}/{incident.pk}/rapid-review/").content.decode()
    assert f'value="{due.isoformat()}"' in page
    assert page.count("checked") == 2
    assert get_rule("rapid-review").due(incident.notified_on).strftime("%-d %B %Y") in page
    assert "after the notification was sent to the Panel on" in page


def test_starting_a_rapid_review_before_the_notification_suggests_no_date_and_says_when_the_clock_starts(
    cast, client_for
):
    aware = timezone.localdate() - timedelta(days=2)
    incident = make.incident(cast.riverbank, "RB-2025-08", aware_on=aware, notified_on=None, partners_informed_on=aware)
    page = client_for(cast.manager).get(f"{BASE}/{incident.pk}/rapid-review/").content.decode()
    assert "The clock starts when the notification is sent to the Panel." in page
    assert "nothing is late" in page


def test_starting_a_rapid_review_asks_each_chosen_agency_at_once(cast, client_for):
    incident = _recent_incident(cast.riverbank)
    due = timezone.localdate() + timedelta(days=5)
    oakfield, police = make.agency("Oakfield"), make.agency("Capital Police")
    response = client_for(cast.manager).post(
        f"{BASE}/{incident.pk}/rapid-review/",
        {"contributions_due": due.isoformat(), "agencies": [oakfield.pk, police.pk]},
    )
    review = RapidReview.objects.get()
    assert response["Location"] == f"/p/riverbank/reviews/rapid-reviews/{review.pk}/"
    assert (review.incident, review.contributions_due, review.created_by) == (incident, due, cast.manager)
    assert set(review.contributions.values_list("agency", "due_on", "status")) == {
        (oakfield.pk, due, "requested"),
        (police.pk, due, "requested"),
    }
    assert review.history.first().history_user == cast.manager


def test_contributions_due_before_today_are_refused_and_nothing_is_started(cast, client_for):
    incident = _recent_incident(cast.riverbank)
    yesterday = timezone.localdate() - timedelta(days=1)
    response = client_for(cast.manager).post(
        f"{BASE}/{incident.pk}/rapid-review/",
        {"contributions_due": yesterday.isoformat(), "agencies": [make.agency("Oakfield").pk]},
    )
    assert "cannot be due before today" in response.content.decode()
    assert not RapidReview.objects.exists()
    assert not AgencyContribution.objects.exists()


def test_a_rapid_review_is_refused_where_the_criteria_are_not_met(cast, client_for):
    incident = make.incident(cast.riverbank, criteria_met=CriteriaMet.NO, notified_on=None)
    manager = client_for(cast.manager)
    assert (
        "does not meet the notification criteria" in manager.get(f"{BASE}/{incident.pk}/rapid-review/").content.decode()
    )
    response = manager.post(f"{BASE}/{incident.pk}/rapid-review/", {"contributions_due": "2025-06-13"})
    assert "does not meet the notification criteria" in response.content.decode()
    assert not RapidReview.objects.exists()


def test_a_second_rapid_review_of_one_incident_is_refused(cast, client_for):
    review = make.rapid_review(cast.riverbank)
    response = client_for(cast.manager).post(
        f"{BASE}/{review.incident.pk}/rapid-review/", {"contributions_due": "2025-06-13"}
    )
    assert "has already been started" in response.content.decode()
    assert RapidReview.objects.count() == 1


def test_the_incident_list_costs_the_same_however_many_incidents(cast, client_for, django_assert_max_num_queries):
    viewer = client_for(cast.viewer)
    for number in range(1, 4):
        make.rapid_review(cast.riverbank, incident=make.incident(cast.riverbank, f"RB-2025-0{number}"))
    with django_assert_max_num_queries(30) as few:
        viewer.get(f"{BASE}/")
    for number in range(4, 9):
        make.rapid_review(cast.riverbank, incident=make.incident(cast.riverbank, f"RB-2025-0{number}"))
    with django_assert_max_num_queries(len(few.captured_queries)):
        viewer.get(f"{BASE}/")
