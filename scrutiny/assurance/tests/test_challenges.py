"""The challenge log: a challenge is answered within working days, its time to respond is
measured, and each agency sees and answers what is addressed to it."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from scrutiny.assurance.models import AssuranceSettings, Challenge, ChallengeOutcome
from scrutiny.assurance.tests import factories as make
from scrutiny.figures.registry import due_for
from scrutiny.partnerships.access import Seat, seat_for

pytestmark = pytest.mark.django_db

BASE = "/p/riverbank/assurance/challenges"


def _seat(user: Any, partnership: Any) -> Seat:
    seat = seat_for(user, partnership)
    assert seat is not None
    return seat


def test_a_challenge_is_due_ten_working_days_after_it_is_raised(cast, client_for):
    police = make.agency("Capital Police South Area")
    response = client_for(cast.scrutineer).post(
        f"{BASE}/raise/",
        {"addressed_to": police.pk, "question": "Why are strategy discussions late?", "raised_on": "2025-12-19"},
    )
    assert response.status_code == 302
    challenge = Challenge.objects.get()
    # 22-24 Dec, 29-31 Dec, 2 Jan, 5-7 Jan: Christmas, Boxing Day and New Year's Day are skipped.
    assert challenge.response_due == date(2026, 1, 7)
    assert (challenge.raised_by, challenge.raised_by_body, challenge.partnership) == (
        cast.scrutineer,
        None,
        cast.riverbank,
    )


def test_a_partnership_may_agree_a_different_number_of_working_days(cast):
    AssuranceSettings.objects.create(partnership=cast.riverbank, challenge_response_working_days=5)
    challenge = make.challenge(cast.riverbank, make.agency("Capital Police South Area"), raised_on=date(2026, 3, 2))
    assert challenge.response_due == date(2026, 3, 9)


def test_the_business_manager_changes_the_clocks_and_a_viewer_cannot(cast, client_for):
    data = {
        "challenge_response_working_days": "15",
        "recommendation_response_length": "2",
        "recommendation_response_unit": "months",
    }
    assert client_for(cast.viewer).post("/p/riverbank/assurance/settings/", data).status_code == 403
    assert not AssuranceSettings.objects.exists()
    client_for(cast.manager).post("/p/riverbank/assurance/settings/", data)
    assert AssuranceSettings.objects.get(partnership=cast.riverbank).challenge_response_working_days == 15


def test_the_agency_addressed_answers_and_the_time_to_respond_is_counted_in_working_days(cast, client_for):
    police = make.agency("Capital Police South Area")
    challenge = make.challenge(cast.riverbank, police, raised_on=date(2025, 12, 19))
    response = client_for(cast.police_dsp).post(f"{BASE}/{challenge.pk}/respond/", {"response": "New rota agreed."})
    assert response.status_code == 302
    challenge.refresh_from_db()
    assert challenge.response == "New rota agreed."
    assert challenge.responded_by == cast.police_dsp
    challenge.responded_on = date(2026, 1, 2)
    assert challenge.working_days_to_respond == 7
    assert challenge.responded_on_time


def test_a_challenge_with_a_date_in_the_wrong_format_is_refused(cast, client_for):
    response = client_for(cast.scrutineer).post(
        f"{BASE}/raise/",
        {"addressed_to": make.agency("Capital Police South Area").pk, "question": "Q", "raised_on": "19/12/2025"},
    )
    assert "Enter the date as YYYY-MM-DD" in response.content.decode()
    assert not Challenge.objects.exists()


def test_another_agency_cannot_answer_a_challenge(cast, client_for):
    challenge = make.challenge(cast.riverbank, make.agency("Capital Police South Area"))
    response = client_for(cast.lead_partner).post(
        f"{BASE}/{challenge.pk}/respond/", {"response": "Not ours"}, follow=True
    )
    assert "Only the people of the agency" in response.content.decode()
    challenge.refresh_from_db()
    assert challenge.response == ""


def test_a_closed_challenge_cannot_be_answered(cast, client_for):
    police = make.agency("Capital Police South Area")
    challenge = make.challenge(cast.riverbank, police)
    challenge.outcome = ChallengeOutcome.UNRESOLVED
    challenge.save()
    response = client_for(cast.police_dsp).post(f"{BASE}/{challenge.pk}/respond/", {"response": "Late"}, follow=True)
    assert "This challenge is closed" in response.content.decode()
    challenge.refresh_from_db()
    assert challenge.response == ""


def test_the_scrutineer_records_the_outcome_and_a_partner_not_raising_it_cannot(cast, client_for):
    challenge = make.challenge(cast.riverbank, make.agency("Capital Police South Area"), raised_by=cast.scrutineer)
    client_for(cast.police_dsp).post(f"{BASE}/{challenge.pk}/outcome/", {"outcome": "resolved"})
    challenge.refresh_from_db()
    assert challenge.outcome == ""
    client_for(cast.scrutineer).post(
        f"{BASE}/{challenge.pk}/outcome/", {"outcome": "escalated", "outcome_note": "To LSPs"}
    )
    challenge.refresh_from_db()
    assert challenge.outcome == ChallengeOutcome.ESCALATED
    assert challenge.history.count() == 2


def test_a_contributor_sees_only_challenges_addressed_to_their_agency(cast, client_for):
    ours = make.challenge(cast.riverbank, make.agency("Oakfield Academies Trust"), question="School attendance?")
    other = make.challenge(cast.riverbank, make.agency("Capital Police South Area"), question="Police custody?")
    contributor = client_for(cast.contributor)
    inbox = contributor.get(f"{BASE}/addressed-to-us/").content.decode()
    assert "School attendance?" in inbox
    assert "Police custody?" not in inbox
    assert contributor.get(f"{BASE}/").status_code == 403
    assert contributor.get(f"{BASE}/{ours.pk}/").status_code == 403
    assert contributor.get(f"{BASE}/{ours.pk}/respond/").status_code == 200
    assert contributor.get(f"{BASE}/{other.pk}/respond/").status_code == 404
    assert contributor.post(f"{BASE}/{other.pk}/respond/", {"response": "x"}).status_code == 404
    other.refresh_from_db()
    assert other.response == ""


def test_a_contributor_may_raise_a_challenge_and_follow_it(cast, client_for):
    school = make.agency("Oakfield Academies Trust")
    council = make.agency("Riverbank Borough Council")
    contributor = client_for(cast.contributor)
    contributor.post(
        f"{BASE}/raise/",
        {
            "addressed_to": council.pk,
            "question": "Why no feedback on referrals?",
            "raised_on": "2026-01-12",
            "raised_by_body": school.pk,
        },
    )
    challenge = Challenge.objects.get()
    assert challenge.raised_by_body == school
    assert contributor.get(f"{BASE}/{challenge.pk}/respond/").status_code == 200


def test_a_challenge_of_another_partnership_is_not_found(cast, client_for):
    theirs = make.challenge(cast.hillcrest, make.agency("Capital Police South Area"))
    assert client_for(cast.police_dsp).get(f"{BASE}/{theirs.pk}/").status_code == 404
    assert client_for(cast.police_dsp).post(f"{BASE}/{theirs.pk}/respond/", {"response": "x"}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.response == ""


def test_a_viewer_reads_the_log_but_cannot_raise_or_answer(cast, client_for):
    challenge = make.challenge(cast.riverbank, make.agency("Capital Police South Area"))
    viewer = client_for(cast.viewer)
    assert viewer.get(f"{BASE}/").status_code == 200
    assert "Raise a challenge" not in viewer.get(f"{BASE}/").content.decode()
    assert viewer.post(f"{BASE}/raise/", {}).status_code == 403
    assert viewer.post(f"{BASE}/{challenge.pk}/respond/", {"response": "x"}).status_code == 403


def test_a_challenge_is_due_for_the_agency_and_overdue_for_the_scrutineer(cast):
    challenge = make.challenge(cast.riverbank, make.agency("Capital Police South Area"), raised_on=date(2026, 1, 5))
    police_due = due_for(_seat(cast.police_dsp, cast.riverbank), date(2026, 1, 6))
    assert [i.due for i in police_due.later + police_due.due_soon if "challenge" in i.title.lower()] == [
        challenge.response_due
    ]
    scrutineer_due = due_for(_seat(cast.scrutineer, cast.riverbank), date(2026, 2, 1))
    assert any("Challenge response overdue" in i.title for i in scrutineer_due.overdue)


def test_the_challenge_log_costs_the_same_however_long_it_is(cast, client_for, django_assert_max_num_queries):
    police = make.agency("Capital Police South Area")
    for n in range(8):
        make.challenge(cast.riverbank, police, question=f"Question {n}", raised_by=cast.scrutineer)
    client = client_for(cast.viewer)
    with django_assert_max_num_queries(10):
        response = client.get(f"{BASE}/")
    assert response.content.decode().count("Question ") == 8
