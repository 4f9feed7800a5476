"""What actions put on people's home pages and in the daily digest: their open actions due in the
next 7 days and those overdue, as each person has chosen (ReminderPreference)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from django.urls import reverse

from scrutiny.actions.models import Action, ReminderPreference
from scrutiny.figures.registry import DUE_SOON_DAYS, DueItem
from scrutiny.partnerships.access import Seat


def action_due_items(seat: Seat, today: date) -> Iterator[DueItem]:
    """The person's own open actions (see ActionQuerySet.owned_by) that are overdue or due within
    7 days, leaving out what they chose not to be reminded of."""
    preference = ReminderPreference.for_user(seat.user)
    if not (preference.actions_due_soon or preference.actions_overdue):
        return
    actions = Action.objects.visible_to(seat).owned_by(seat).open()
    actions = actions.filter(due_date__lte=today + timedelta(days=DUE_SOON_DAYS))
    if not preference.actions_overdue:
        actions = actions.filter(due_date__gte=today)
    if not preference.actions_due_soon:
        actions = actions.filter(due_date__lt=today)
    slug = seat.partnership.slug
    for action in actions.select_related("owner_agency").order_by("due_date", "pk"):
        yield DueItem(
            title=f"Action: {action.title}",
            due=action.due_date,
            url=reverse("action_detail", kwargs={"slug": slug, "pk": action.pk}),
            room="actions",
            detail=f"Owned by {action.owner_agency}; {action.get_status_display().lower()}.",
        )
