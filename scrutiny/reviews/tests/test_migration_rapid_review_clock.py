"""The data migration that recomputes rapid reviews' late marks under the corrected clock C5
(15 working days from the notification to the Panel, not from when the partners were told)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from scrutiny.reviews.models import RapidReview
from scrutiny.reviews.tests import factories as make

BEFORE = [("reviews", "0002_rapid_review_clock_from_notification")]
AFTER = [("reviews", "0003_rapid_review_late_marks")]
REASON = "The police summary arrived after the internal deadline."


@pytest.fixture
def migrator() -> Iterator[MigrationExecutor]:
    """Steps the reviews app back to just before the data migration; puts every app back at its
    latest migration afterwards, whatever the test did."""
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    executor.loader.build_graph()
    yield executor
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def _sent_review(cast: Any, reference: str, *, told: date, notified: date | None, sent: date) -> RapidReview:
    """A review sent on ``sent`` with a late reason, as the old rule (from ``told``) demanded."""
    incident = make.incident(
        cast.riverbank, reference, aware_on=date(2025, 6, 2), partners_informed_on=told, notified_on=notified
    )
    review = make.rapid_review(cast.riverbank, incident=incident)
    # Saved without the model's checks: the reason was required under the old rule, and the model
    # now judges lateness by the new one.
    review.sent_to_panel_on = sent
    review.late_reason = REASON
    review.save()
    return review


def _migrate(executor: MigrationExecutor) -> None:
    executor.migrate(AFTER)


@pytest.mark.django_db(transaction=True)
def test_a_review_late_only_under_the_old_rule_loses_its_late_mark_and_the_history_says_why(
    cast: Any, migrator: MigrationExecutor
) -> None:
    # Told on Monday 2 June: old deadline 23 June. Notified on Friday 6 June: new deadline 27 June.
    review = _sent_review(cast, "RB-2025-11", told=date(2025, 6, 2), notified=date(2025, 6, 6), sent=date(2025, 6, 25))

    _migrate(migrator)

    review.refresh_from_db()
    assert review.late_reason == ""
    assert review.clocks()[0].status(date(2025, 7, 1)).value == "met_on_time"
    latest, before = review.history.all()[:2]
    assert "corrected rapid review clock" in latest.history_change_reason
    assert "notification to the Panel" in latest.history_change_reason
    assert before.late_reason == REASON  # the words given are kept in the history


@pytest.mark.django_db(transaction=True)
def test_a_review_late_under_both_rules_stays_late_with_its_reason(cast: Any, migrator: MigrationExecutor) -> None:
    review = _sent_review(cast, "RB-2025-12", told=date(2025, 6, 2), notified=date(2025, 6, 6), sent=date(2025, 7, 1))
    entries = review.history.count()

    _migrate(migrator)

    review.refresh_from_db()
    assert review.late_reason == REASON
    assert review.clocks()[0].status(date(2025, 7, 2)).value == "met_late"
    assert review.history.count() == entries


@pytest.mark.django_db(transaction=True)
def test_a_review_with_no_notification_date_is_not_late_and_loses_its_old_late_mark(
    cast: Any, migrator: MigrationExecutor
) -> None:
    review = _sent_review(cast, "RB-2025-13", told=date(2025, 6, 2), notified=None, sent=date(2025, 6, 25))

    _migrate(migrator)

    review.refresh_from_db()
    assert review.late_reason == ""
    assert not review.clocks()[0].status(date(2025, 7, 1)).is_late


@pytest.mark.django_db(transaction=True)
def test_a_reason_given_for_a_review_on_time_under_both_rules_is_left_alone(
    cast: Any, migrator: MigrationExecutor
) -> None:
    review = _sent_review(cast, "RB-2025-14", told=date(2025, 6, 2), notified=date(2025, 6, 6), sent=date(2025, 6, 20))

    _migrate(migrator)

    review.refresh_from_db()
    assert review.late_reason == REASON
