"""Recompute the late mark of every rapid review already sent, under the corrected clock C5.

Until now the rapid review's 15 working days ran from when the safeguarding partners were told
(or, before that was recorded, from when the local authority became aware). Working Together 2023,
as quoted by Cambridgeshire and Peterborough SCP, counts them from the date the serious incident
notification was sent to the Panel. A review's status is worked out from its dates, so it follows
the new rule by itself; what is stored is the late mark, the reason a person had to give because
the review went after the old deadline. Where the review was on time under the corrected rule, that
reason no longer applies: it is cleared, and a history entry says why (the words given stay in the
review's history). A review late under both rules keeps its reason; one late only under the new
rule is left for a person to explain (its page asks for a reason).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import migrations
from django.utils import timezone

from scrutiny.clocks.catalogue import get_rule
from scrutiny.clocks.holidays import OutsideHolidayData

#: simple-history keeps at most 100 characters of a change reason.
CHANGE_REASON = "On time under the corrected rapid review clock (from the notification to the Panel)"


def _due(start: date | None) -> date | None:
    if start is None:
        return None
    try:
        return get_rule("rapid-review").due(start)
    except OutsideHolidayData:
        return None


def late_only_under_the_old_rule(review: Any) -> bool:
    """Sent after the old deadline (counted from when the partners were told, or the local
    authority became aware) but not after the corrected one (counted from the notification, and
    not late at all while no notification date is recorded)."""
    incident = review.incident
    sent = review.sent_to_panel_on
    old_due = _due(incident.partners_informed_on or incident.aware_on)
    if sent is None or old_due is None or sent <= old_due:
        return False
    new_due = _due(incident.notified_on)
    if incident.notified_on is not None and new_due is None:
        return False  # outside the working-day calendar: leave it for a person
    return new_due is None or sent <= new_due


def clear_late_marks(apps: Any, schema_editor: Any) -> None:
    RapidReview = apps.get_model("reviews", "RapidReview")
    HistoricalRapidReview = apps.get_model("reviews", "HistoricalRapidReview")
    now = timezone.now()
    fields = [field.attname for field in RapidReview._meta.concrete_fields]
    reviews = RapidReview.objects.select_related("incident").exclude(late_reason="")
    for review in reviews.filter(sent_to_panel_on__isnull=False).order_by("pk"):
        if not late_only_under_the_old_rule(review):
            continue
        review.late_reason = ""
        review.save(update_fields=["late_reason"])
        # The historical models of a migration have no signals: the entry is written here.
        HistoricalRapidReview.objects.create(
            **{name: getattr(review, name) for name in fields},
            history_date=now,
            history_type="~",
            history_change_reason=CHANGE_REASON,
            history_user=None,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0002_rapid_review_clock_from_notification"),
    ]

    # Not reversible in meaning (the old rule was wrong), but harmless to step back over: the
    # cleared reasons stay readable in each review's history.
    operations = [migrations.RunPython(clear_late_marks, migrations.RunPython.noop)]
