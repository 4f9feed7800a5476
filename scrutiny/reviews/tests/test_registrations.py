"""What the reviews room offers other rooms: its clocks to the deadlines page and calendar feed,
what is due to the home page and digest, and compliance figures to the duty assessments."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.utils import timezone

from scrutiny.clocks.deadlines import clocks_for
from scrutiny.clocks.workdays import add_months, subtract_months
from scrutiny.figures.provided import figure_codes, figures_for
from scrutiny.figures.registry import due_for, due_providers
from scrutiny.partnerships.access import Seat, seat_for
from scrutiny.partnerships.models import reporting_year_starting
from scrutiny.reviews import figures
from scrutiny.reviews.clocks import reviews_clocks
from scrutiny.reviews.due import reviews_due_items
from scrutiny.reviews.models import CriteriaMet, ImpactOutcome, LcsprDecision, RapidReviewSignOff
from scrutiny.reviews.tests import factories as make

pytestmark = pytest.mark.django_db


def _seat(user: Any, partnership: Any) -> Seat:
    seat = seat_for(user, partnership)
    assert seat is not None
    return seat


def _written(**extra: Any) -> dict[str, Any]:
    """The four parts of a rapid review and its LCSPR decision, recorded."""
    return {
        "facts": "The baby was seen by three agencies in the month before.",
        "immediate_action_needed": False,
        "improvements": "Information sharing between health visiting and the school.",
        "lcspr_decision": LcsprDecision.NOT_COMMISSION,
        "decision_rationale": "The learning is already being acted on through the audit programme.",
        **extra,
    }


# --- The clock provider -------------------------------------------------------------------------


@pytest.fixture
def room(cast):
    """Riverbank: an incident with a rapid review asking Oakfield and the police for contributions,
    an LCSPR and a recommendation; an incident the partners found not notifiable. Hillcrest: one
    incident."""
    today = timezone.localdate()
    incident = make.incident(cast.riverbank, "RB-A", aware_on=today, notified_on=None, partners_informed_on=today)
    review = make.rapid_review(cast.riverbank, "RB-A", incident=incident, contributions_due=today)
    oakfield = make.contribution(review, "Oakfield", due_on=today + timedelta(days=3))
    police = make.contribution(review, "Capital Police", due_on=today + timedelta(days=4))
    lcspr = make.lcspr(cast.riverbank, "Child Q review", decided_on=today)
    recommendation = make.recommendation(review, made_on=today)
    make.incident(
        cast.riverbank,
        "RB-NOT",
        aware_on=today,
        notified_on=None,
        partners_informed_on=None,
        criteria_met=CriteriaMet.NO,
    )
    make.incident(cast.hillcrest, "HC-A", aware_on=today, notified_on=None, partners_informed_on=None)
    return {
        "today": today,
        "incident": incident,
        "review": review,
        "oakfield": oakfield,
        "police": police,
        "lcspr": lcspr,
        "recommendation": recommendation,
    }


def _described(clocks: list[Any]) -> set[tuple[str, str]]:
    return {(clock.rule_id, clock.record) for clock in clocks}


def test_those_who_read_the_room_get_every_records_clocks(cast, room):
    found = _described(reviews_clocks(_seat(cast.manager, cast.riverbank)))
    assert found == {
        ("serious-incident-notification", "Serious incident RB-A"),
        ("partners-informed-of-notification", "Serious incident RB-A"),
        ("rapid-review", "Rapid review RB-A"),
        ("lcspr-publication", "Child Q review"),
        ("lcspr-report-to-panel", "Child Q review"),
        ("review-recommendation-impact-check", str(room["recommendation"])),
    }
    # A viewer reads the same records and writes no contribution.
    assert _described(reviews_clocks(_seat(cast.viewer, cast.riverbank))) == found


def test_an_agency_contributor_gets_only_their_own_agencys_contribution_deadline(cast, room):
    (clock,) = reviews_clocks(_seat(cast.contributor, cast.riverbank))
    assert clock.rule_id == "rapid-review-agency-contribution"
    assert clock.label == "Contribution to rapid review"
    assert clock.record == "Rapid review RB-A"
    assert clock.start == room["incident"].notified_on
    assert clock.due == room["oakfield"].due_on
    assert clock.url == f"/p/riverbank/reviews/contributions/{room['oakfield'].pk}/"


def test_a_partner_also_gets_their_own_bodys_contribution_deadline(cast, room):
    clocks = reviews_clocks(_seat(cast.police_dsp, cast.riverbank))
    contributions = [c for c in clocks if c.rule_id == "rapid-review-agency-contribution"]
    assert [c.url for c in contributions] == [f"/p/riverbank/reviews/contributions/{room['police'].pk}/"]
    assert len(clocks) == 7


def test_a_submitted_contribution_has_no_running_deadline(cast, room):
    room["oakfield"].status = "submitted"
    room["oakfield"].submitted_on = room["today"]
    room["oakfield"].save()
    assert reviews_clocks(_seat(cast.contributor, cast.riverbank)) == []


def test_the_clocks_come_through_the_deadlines_registry_and_stay_in_their_partnership(cast, room):
    riverbank = _described(clocks_for(_seat(cast.scrutineer, cast.riverbank)))
    hillcrest = _described(clocks_for(_seat(cast.scrutineer, cast.hillcrest)))
    assert ("serious-incident-notification", "Serious incident RB-A") in riverbank
    assert not any("HC-A" in record for _, record in riverbank)
    assert hillcrest == {
        ("serious-incident-notification", "Serious incident HC-A"),
        ("partners-informed-of-notification", "Serious incident HC-A"),
    }


def test_the_clocks_cost_a_few_queries_however_many_records(cast, room, django_assert_max_num_queries):
    today = room["today"]
    for n in range(6):
        incident = make.incident(
            cast.riverbank, f"RB-N{n}", aware_on=today, notified_on=None, partners_informed_on=None
        )
        review = make.rapid_review(cast.riverbank, f"RB-N{n}", incident=incident, contributions_due=today)
        make.contribution(review, "Capital Police", due_on=today)
        make.recommendation(review, made_on=today)
    seat = _seat(cast.police_dsp, cast.riverbank)
    with django_assert_max_num_queries(5):
        clocks = reviews_clocks(seat)
    assert len(clocks) == 7 + 6 * 5


# --- Due items ---------------------------------------------------------------------------------


def _titles(user: Any, cast: Any, today: date) -> list[str]:
    return [item.title for item in reviews_due_items(_seat(user, cast.riverbank), today)]


def test_the_business_manager_is_due_every_open_clock_and_impact_checks_within_30_days(cast):
    today = timezone.localdate()
    old = make.incident(
        cast.riverbank, "RB-OLD", aware_on=today - timedelta(days=500), notified_on=None, partners_informed_on=None
    )
    review = make.rapid_review(cast.riverbank, "RB-OLD", incident=old, contributions_due=old.aware_on)
    soon = make.recommendation(review, "Check soon.", made_on=subtract_months(today + timedelta(days=10), 12))
    later = make.recommendation(review, "Check later.", made_on=today - timedelta(days=300))
    done = make.incident(
        cast.riverbank,
        "RB-DONE",
        aware_on=today - timedelta(days=30),
        notified_on=today - timedelta(days=29),
        partners_informed_on=today - timedelta(days=29),
    )
    items = list(reviews_due_items(_seat(cast.manager, cast.riverbank), today))
    titles = {item.title for item in items}
    assert titles == {
        "Notification to the Panel: Serious incident RB-OLD",
        "Safeguarding partners told: Serious incident RB-OLD",
        f"Impact check: {soon}",
    }
    # Not notified: the rapid review's clock has not started, so it is not due (or missed) yet.
    assert "Rapid review sent to the Panel: Rapid review RB-OLD" not in titles
    assert f"Impact check: {later}" not in titles
    assert not any(str(done) in title for title in titles)
    impact = next(item for item in items if item.title.startswith("Impact check"))
    assert impact.due == add_months(soon.made_on, 12)
    assert impact.clock_rule == "review-recommendation-impact-check"
    assert impact.url == soon.get_absolute_url()
    assert all(item.room == "reviews" and item.clock_rule for item in items)
    # Nobody else is given the room's clocks.
    for user in (cast.scrutineer, cast.chair, cast.viewer, cast.contributor):
        assert _titles(user, cast, today) == []


def test_a_partner_is_due_to_sign_off_a_written_rapid_review_until_their_body_has(cast):
    today = timezone.localdate()
    three_days_ago = today - timedelta(days=3)
    incident = make.incident(
        cast.riverbank, "RB-RR", aware_on=three_days_ago, notified_on=three_days_ago, partners_informed_on=None
    )
    review = make.rapid_review(
        cast.riverbank, "RB-RR", incident=incident, contributions_due=today, **_written(decided_on=today)
    )
    council = make.agency("Riverbank Borough Council")
    expected = f"Sign off the rapid review of RB-RR for {council}"
    assert _titles(cast.lead_partner, cast, today) == [expected]
    (item,) = reviews_due_items(_seat(cast.lead_partner, cast.riverbank), today)
    assert item.due == review.clocks()[0].due
    assert item.url == f"/p/riverbank/reviews/rapid-reviews/{review.pk}/sign-off/"
    assert item.clock_rule == "rapid-review"
    assert _titles(cast.police_dsp, cast, today) == [
        f"Sign off the rapid review of RB-RR for {make.agency('Capital Police South Area')}"
    ]
    RapidReviewSignOff.objects.create(rapid_review=review, partner_body=council, signed_by=cast.lead_partner)
    assert _titles(cast.lead_partner, cast, today) == []
    assert len(_titles(cast.health_dsp, cast, today)) == 1
    # Viewers, the chair and the scrutineer sign nothing.
    for user in (cast.viewer, cast.chair, cast.scrutineer):
        assert _titles(user, cast, today) == []


def test_a_sign_off_is_awaited_before_the_notification_is_recorded_and_says_there_is_no_deadline_yet(cast):
    today = timezone.localdate()
    incident = make.incident(
        cast.riverbank, "RB-RR", aware_on=today - timedelta(days=3), notified_on=None, partners_informed_on=None
    )
    make.rapid_review(cast.riverbank, "RB-RR", incident=incident, contributions_due=today, **_written(decided_on=today))
    (item,) = reviews_due_items(_seat(cast.lead_partner, cast.riverbank), today)
    assert item.due == today
    assert "its clock starts when the notification is sent to the Panel" in item.detail


def test_a_rapid_review_still_being_written_or_already_sent_asks_nobody_to_sign(cast):
    today = timezone.localdate()
    incident = make.incident(
        cast.riverbank, "RB-RR", aware_on=today - timedelta(days=3), notified_on=None, partners_informed_on=None
    )
    review = make.rapid_review(
        cast.riverbank,
        "RB-RR",
        incident=incident,
        contributions_due=today,
        **_written(decided_on=today, improvements=""),
    )
    assert _titles(cast.lead_partner, cast, today) == []
    review.improvements = "Information sharing."
    review.sent_to_panel_on = today
    review.save()
    assert _titles(cast.lead_partner, cast, today) == []


def test_an_agency_is_due_its_contribution_until_it_is_submitted(cast):
    today = timezone.localdate()
    review = make.rapid_review(
        cast.riverbank,
        "RB-RR",
        incident=make.incident(cast.riverbank, "RB-RR", aware_on=today, notified_on=None, partners_informed_on=None),
        contributions_due=today,
    )
    mine = make.contribution(review, "Oakfield", due_on=today + timedelta(days=2))
    make.contribution(review, "Capital Police", due_on=today + timedelta(days=4))
    (item,) = reviews_due_items(_seat(cast.contributor, cast.riverbank), today)
    assert item.title == "Write Oakfield Academies Trust (demo)'s contribution to the rapid review of RB-RR"
    assert item.due == today + timedelta(days=2)
    assert item.url == f"/p/riverbank/reviews/contributions/{mine.pk}/edit/"
    assert item.clock_rule == "rapid-review-agency-contribution"
    assert any("Capital Police" in title for title in _titles(cast.police_dsp, cast, today))
    # The home page's list has it, through the registry.
    assert [i.title for i in due_for(_seat(cast.contributor, cast.riverbank), today).due_soon] == [item.title]
    mine.status = "submitted"
    mine.submitted_on = today
    mine.save()
    assert _titles(cast.contributor, cast, today) == []


def test_the_due_provider_is_registered():
    assert due_providers()["reviews"] is reviews_due_items


# --- Compliance figures -------------------------------------------------------------------------


def test_a_percentage_is_rounded_half_up():
    assert figures.of(7, 9) == "7 of 9 (78%)"
    assert figures.of(1, 8) == "1 of 8 (13%)"
    assert figures.of(0, 1) == "0 of 1 (0%)"


def test_notifications_on_time_count_the_clocks_due_in_the_year(cast):
    # 2024-25: two notified within 5 working days, one late.
    make.incident(
        cast.riverbank,
        "RB-1",
        aware_on=date(2024, 6, 3),
        notified_on=date(2024, 6, 5),
        partners_informed_on=date(2024, 6, 3),
    )
    make.incident(
        cast.riverbank,
        "RB-2",
        aware_on=date(2024, 9, 2),
        notified_on=date(2024, 9, 9),
        partners_informed_on=date(2024, 9, 3),
    )
    make.incident(
        cast.riverbank,
        "RB-3",
        aware_on=date(2024, 11, 4),
        notified_on=date(2024, 11, 20),
        notification_late_reason="The criteria decision waited for a strategy meeting.",
        partners_informed_on=date(2024, 11, 5),
    )
    # Known on 31 March 2025 and never notified: due on 7 April, so it counts in 2025-26.
    make.incident(cast.riverbank, "RB-4", aware_on=date(2025, 3, 31), notified_on=None, partners_informed_on=None)
    # Another partnership's incident counts only there.
    make.incident(
        cast.hillcrest,
        "HC-1",
        aware_on=date(2024, 6, 3),
        notified_on=date(2024, 6, 20),
        notification_late_reason="Late.",
        partners_informed_on=date(2024, 6, 3),
    )
    figure = figures.notifications_on_time(cast.riverbank, 2024)
    assert figure is not None
    assert figure.value == "2 of 3 (67%)"
    assert figure.label == "Serious incidents notified to the Panel within 5 working days"
    assert figure.url == "/p/riverbank/reviews/incidents/?year=2024"
    assert figures.notifications_on_time(cast.riverbank, 2025).value == "0 of 1 (0%)"  # type: ignore[union-attr]
    assert figures.notifications_on_time(cast.riverbank, 2022) is None
    # The partners were told on 3 June, 3 September and 5 November: all within 5 working days.
    assert figures.partners_told_on_time(cast.riverbank, 2024).value == "3 of 3 (100%)"  # type: ignore[union-attr]


def test_a_year_whose_clocks_are_still_running_has_no_figure(cast):
    today = timezone.localdate()
    make.incident(cast.riverbank, "RB-NOW", aware_on=today, notified_on=None, partners_informed_on=None)
    year = reporting_year_starting(today)
    assert figures.notifications_on_time(cast.riverbank, year) is None


def test_rapid_reviews_sent_within_15_working_days(cast):
    on_time = make.incident(
        cast.riverbank,
        "RB-1",
        aware_on=date(2024, 6, 3),
        notified_on=date(2024, 6, 4),
        partners_informed_on=date(2024, 6, 3),
    )
    late = make.incident(
        cast.riverbank,
        "RB-2",
        aware_on=date(2024, 9, 2),
        notified_on=date(2024, 9, 4),
        partners_informed_on=date(2024, 9, 3),
    )
    make.rapid_review(
        cast.riverbank,
        incident=on_time,
        contributions_due=date(2024, 6, 13),
        sent_to_panel_on=date(2024, 6, 21),
        **_written(decided_on=date(2024, 6, 20)),
    )
    make.rapid_review(
        cast.riverbank,
        incident=late,
        contributions_due=date(2024, 9, 13),
        sent_to_panel_on=date(2024, 10, 30),
        late_reason="The police contribution arrived late.",
        **_written(decided_on=date(2024, 10, 1)),
    )
    figure = figures.rapid_reviews_on_time(cast.riverbank, 2024)
    assert figure is not None
    assert (figure.value, figure.url) == ("1 of 2 (50%)", "/p/riverbank/reviews/rapid-reviews/?year=2024")
    assert figure.label == "Rapid reviews sent to the Panel within 15 working days"
    assert figures.rapid_reviews_on_time(cast.riverbank, 2023) is None


def test_lcsprs_published_within_6_months_and_reported_to_the_panel_first(cast):
    make.lcspr(
        cast.riverbank,
        "Child Q review",
        decided_on=date(2024, 5, 1),
        sent_to_panel_on=date(2024, 10, 1),
        published_on=date(2024, 10, 15),
        publication_url="https://example.org/child-q",
    )
    make.lcspr(
        cast.riverbank,
        "Child R review",
        decided_on=date(2023, 10, 2),
        sent_to_panel_on=date(2024, 5, 30),
        panel_late_reason="The family asked for more time to read the report.",
        published_on=date(2024, 6, 3),
        publication_url="https://example.org/child-r",
        publication_late_reason="The family asked for more time to read the report.",
    )
    published = figures.lcsprs_published_on_time(cast.riverbank, 2024)
    assert published is not None
    assert published.value == "1 of 2 (50%)"
    assert published.url == "/p/riverbank/reviews/lcsprs/?year=2024"
    reported = figures.lcspr_reports_to_panel_on_time(cast.riverbank, 2024)
    assert reported is not None
    assert reported.value == "1 of 2 (50%)"
    assert "at least 7 working days before publication" in reported.label
    assert figures.lcsprs_published_on_time(cast.riverbank, 2025) is None


def test_the_learning_loop_counts_recommendations_whose_impact_was_shown(cast):
    incident = make.incident(
        cast.riverbank,
        "RB-1",
        aware_on=date(2023, 5, 2),
        notified_on=date(2023, 5, 3),
        partners_informed_on=date(2023, 5, 3),
    )
    review = make.rapid_review(cast.riverbank, incident=incident, contributions_due=date(2023, 5, 10))
    checked = {
        "impact_checked_on": date(2024, 5, 31),
        "impact_method": "Re-audit of 20 cases",
        "impact_summary": "Seen.",
    }
    make.recommendation(review, "One.", made_on=date(2023, 6, 1), impact_outcome=ImpactOutcome.CHANGED, **checked)
    make.recommendation(review, "Two.", made_on=date(2023, 6, 1), impact_outcome=ImpactOutcome.NOT_CHANGED, **checked)
    make.recommendation(review, "Three.", made_on=date(2023, 6, 1))  # never checked: missed
    make.recommendation(review, "A finding.", made_on=date(2023, 6, 1), kind="finding")
    figure = figures.recommendations_with_impact_shown(cast.riverbank, 2024)
    assert figure is not None
    assert figure.value == "1 of 3 (33%)"
    assert figure.url == "/p/riverbank/reviews/learning/?year=2024"
    assert figures.recommendations_with_impact_shown(cast.riverbank, 2023) is None


def test_the_figures_reach_the_assessments_through_the_registry(cast):
    make.incident(
        cast.riverbank,
        "RB-1",
        aware_on=date(2024, 6, 3),
        notified_on=date(2024, 6, 5),
        partners_informed_on=date(2024, 6, 3),
    )
    assert set(figures.FIGURES) <= figure_codes()
    found = figures_for(cast.riverbank, 2024, ["statutory-duties:SD-07.1", "statutory-duties:SD-08"])
    assert [f.value for f in found["statutory-duties:SD-07.1"]] == ["1 of 1 (100%)"]
    assert "statutory-duties:SD-08" not in found


def test_every_figure_is_offered_for_a_requirement_the_frameworks_have():
    data = Path(__file__).resolve().parents[2] / "frameworks" / "data"

    def refs(requirements: list[dict[str, Any]]) -> set[str]:
        found: set[str] = set()
        for requirement in requirements:
            found.add(requirement["ref"])
            found |= refs(requirement.get("children", []))
        return found

    known: set[str] = set()
    for name in ("statutory-duties.yaml", "wt2023-scrutiny-functions.yaml"):
        framework = yaml.safe_load((data / name).read_text(encoding="utf-8"))
        known |= {f"{framework['key']}:{ref}" for ref in refs(framework["requirements"])}
    assert set(figures.FIGURES) <= known
