"""What e-mail puts on the business manager's home page: each e-mail that could not be sent, and
any left waiting because nothing is sending (the task worker is not running)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from django.urls import reverse
from django.utils import timezone

from scrutiny.figures.registry import DueItem
from scrutiny.mail.models import Delivery
from scrutiny.partnerships.access import Seat

ROOM = "deliveries"


def failed_deliveries_due(seat: Seat, today: date) -> Iterator[DueItem]:
    """For those who run the partnership: an e-mail not sent is overdue from the day of its last
    attempt until it is sent or given up, so nobody is left believing they were told."""
    if not seat.can(ROOM, "manage"):
        return
    url = reverse("deliveries", kwargs={"slug": seat.partnership.slug})
    for delivery in Delivery.objects.failed().filter(partnerships=seat.partnership):
        attempted = timezone.localdate(delivery.last_attempt_at or delivery.queued_at)
        yield DueItem(
            title=f"E-mail not sent: {delivery.kind_label.lower()} to {', '.join(delivery.recipients)}",
            due=attempted,
            url=url,
            room=ROOM,
            detail="Check the address or the mail server, then try again.",
        )
    stuck = Delivery.objects.stuck(timezone.now()).filter(partnerships=seat.partnership)
    if stuck.exists():
        oldest = stuck.order_by("queued_at").first()
        assert oldest is not None
        count = stuck.count()
        yield DueItem(
            title=f"{count} e-mail{'s' if count != 1 else ''} waiting to be sent for over an hour",
            due=timezone.localdate(oldest.queued_at),
            url=url,
            room=ROOM,
            detail="Scrutiny's task worker may not be running: ask whoever runs Scrutiny to check it.",
        )
