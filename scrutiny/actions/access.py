"""Which actions a person reaches, for the pages and the API alike.

Another partnership's action, or (for someone who is only an agency contributor) another agency's,
is not found (404). Of those they see, only the owner, the owner agency's people and those who
manage actions may move one along (403 for the rest).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from scrutiny.actions.models import Action, ActionQuerySet
from scrutiny.partnerships.access import Seat
from scrutiny.partnerships.scoping import get_scoped_or_404, scoped


def visible_actions(seat: Seat) -> ActionQuerySet:
    found = scoped(Action.objects.visible_to(seat), seat.partnership)
    assert isinstance(found, ActionQuerySet)
    return found


def action_or_404(seat: Seat, pk: int) -> Action:
    """One action this person may see."""
    return get_scoped_or_404(
        visible_actions(seat).select_related("owner_agency", "owner", "created_by", "partnership"),
        seat.partnership,
        pk=pk,
    )


def may_update_or_403(seat: Seat, action: Action) -> None:
    """Progress, evidence, completion and impact are for those ``Action.can_update`` names."""
    if not action.can_update(seat):
        raise PermissionDenied("Only the owner, the owner agency's people and those who manage actions may do this.")
