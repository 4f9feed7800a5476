"""Progress on recommendations through the one action tracker (scrutiny.actions): each action
created here names the recommendation as its source, so the recommendation shows the state of
every action and whether impact has been evidenced."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib.contenttypes.models import ContentType

from scrutiny.actions.models import Action
from scrutiny.actions.services import action_create
from scrutiny.assurance.models import Recommendation
from scrutiny.partnerships.access import Seat
from scrutiny.partnerships.models import Agency

SOURCE_ROOM = "assurance"


def actions_for(source: Recommendation) -> list[Action]:
    """The actions tracking ``source``, soonest due first."""
    return list(
        Action.objects.filter(
            source_type=ContentType.objects.get_for_model(source), source_id=source.pk
        ).select_related("owner_agency", "partnership")
    )


def can_create_action(seat: Seat, recommendation: Recommendation) -> bool:
    """The scrutineer, and the people of a body the recommendation is addressed to."""
    if seat.can(SOURCE_ROOM, "manage"):
        return True
    return seat.can(SOURCE_ROOM, "contribute") and any(seat.acts_for(a.pk) for a in recommendation.addressed_to.all())


def create_action_for(
    recommendation: Recommendation, *, seat: Seat, title: str, owner_agency: Agency, due_date: date, by: Any
) -> Action:
    return action_create(
        partnership=seat.partnership,
        title=title,
        owner_agency=owner_agency,
        due_date=due_date,
        source=recommendation,
        source_label=f"Scrutiny recommendation: {recommendation}",
        source_room=SOURCE_ROOM,
        created_by=by,
    )
