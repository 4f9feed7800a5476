"""What invitations put on people's home pages: invitations about to lapse, and lapsed ones."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone

from scrutiny.accounts.models import Invitation
from scrutiny.figures.registry import DueItem
from scrutiny.partnerships.access import Seat

#: Lapsed invitations stay on the list for a month, then drop off quietly.
LAPSED_INVITATIONS_SHOWN_FOR = timedelta(days=30)


def invitation_due_items(seat: Seat, today: date) -> Iterator[DueItem]:
    """For those who manage people: each open invitation is due by the day its link stops working;
    a lapsed one is overdue until it is sent again or withdrawn."""
    if not seat.can("people", "manage"):
        return
    url = reverse("people", kwargs={"slug": seat.partnership.slug})
    open_or_lapsed = Invitation.objects.filter(
        partnership=seat.partnership,
        accepted_at__isnull=True,
        revoked_at__isnull=True,
        expires_at__gte=timezone.now() - LAPSED_INVITATIONS_SHOWN_FOR,
    ).only("email", "expires_at", "role")
    for invitation in open_or_lapsed:
        expires = timezone.localdate(invitation.expires_at)
        if invitation.is_open:
            title = f"Invitation to {invitation.email} not yet accepted"
            detail = f"The link stops working on {expires:%-d %B %Y}."
        else:
            title = f"Invitation to {invitation.email} has lapsed"
            detail = "Send it again or withdraw it."
        yield DueItem(title=title, due=expires, url=url, room="people", detail=detail)
