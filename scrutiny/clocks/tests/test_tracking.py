"""The status of a running clock: due, due soon, met on time, met late, missed."""

from datetime import date

import pytest

from scrutiny.clocks.tracking import Clock, ClockStatus, late_reason_problem, on_time_rate

# 2 June 2025 is a Monday: 5 working days later is Monday 9 June.
AWARE = date(2025, 6, 2)


def notification(met_on: date | None = None, late_reason: str = "") -> Clock:
    return Clock("serious-incident-notification", "Notification", AWARE, met_on, late_reason)


@pytest.mark.parametrize(
    ("met_on", "today", "status"),
    [
        (None, date(2025, 5, 1), ClockStatus.DUE),
        (None, date(2025, 6, 3), ClockStatus.DUE_SOON),
        (None, date(2025, 6, 9), ClockStatus.DUE_SOON),
        (None, date(2025, 6, 10), ClockStatus.MISSED),
        (date(2025, 6, 9), date(2025, 7, 1), ClockStatus.MET_ON_TIME),
        (date(2025, 6, 10), date(2025, 7, 1), ClockStatus.MET_LATE),
    ],
)
def test_status_follows_the_rules_deadline(met_on, today, status):
    clock = notification(met_on)
    assert clock.due == date(2025, 6, 9)
    assert clock.status(today) is status


def test_a_clock_far_from_its_deadline_is_due_and_one_with_no_start_has_not_started():
    lcspr = Clock("lcspr-publication", "Published", date(2025, 7, 1))
    assert lcspr.due == date(2026, 1, 1)
    assert lcspr.status(date(2025, 8, 1)) is ClockStatus.DUE
    assert Clock("lcspr-report-to-panel", "To the Panel", None).status(date(2025, 8, 1)) is ClockStatus.NOT_STARTED


def test_a_reverse_clock_counts_back_from_the_planned_date():
    # Publication planned for Friday 16 January 2026: 7 working days earlier is Wednesday 7 January.
    clock = Clock("lcspr-report-to-panel", "To the Panel", date(2026, 1, 16), date(2026, 1, 8))
    assert clock.due == date(2026, 1, 7)
    assert clock.counts_back
    assert clock.status(date(2026, 2, 1)) is ClockStatus.MET_LATE


def test_a_local_deadline_replaces_the_rules_default():
    clock = Clock("rapid-review-agency-contribution", "Contribution", AWARE, deadline=date(2025, 6, 6))
    assert clock.due == date(2025, 6, 6)


def test_late_clocks_need_a_reason_and_the_message_names_the_deadline():
    assert notification(date(2025, 6, 10)).needs_late_reason(date(2025, 7, 1))
    assert not notification(date(2025, 6, 10), "Bank holiday cover").needs_late_reason(date(2025, 7, 1))
    assert notification().needs_late_reason(date(2025, 6, 20))  # missed
    problem = late_reason_problem("serious-incident-notification", AWARE, date(2025, 6, 10), "", partnership=None)
    assert "9 June 2025" in problem
    assert "5 working days" in problem
    assert late_reason_problem("serious-incident-notification", AWARE, date(2025, 6, 9), "", partnership=None) == ""


def test_the_on_time_rate_counts_only_decided_clocks():
    clocks = [
        notification(date(2025, 6, 3)),
        notification(date(2025, 6, 12), "late"),
        notification(),  # missed by 1 July
        Clock("serious-incident-notification", "Running", date(2025, 6, 30)),
    ]
    assert on_time_rate(clocks, date(2025, 7, 1)) == (1, 3)


def test_the_api_form_has_rule_dates_and_status():
    shown = notification(date(2025, 6, 10), "Cover").as_dict(date(2025, 7, 1))
    assert shown["rule"] == "serious-incident-notification"
    assert (shown["start"], shown["due"], shown["met_on"]) == (AWARE, date(2025, 6, 9), date(2025, 6, 10))
    assert (shown["status"], shown["late_reason"]) == ("met_late", "Cover")
