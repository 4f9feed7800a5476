"""What the reviews room puts on people's home pages and in the daily digest.

- The business manager, who runs the room: every open statutory clock of its records (the far-off
  12-month impact checks only once they are within 30 days).
- A lead or delegated partner: each rapid review that is written (its four parts and the LCSPR
  decision) and waits for their body's sign-off.
- Anyone acting for an agency (an agency contributor, or a partner for their own body): their
  agency's rapid review contributions not yet submitted.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from django.urls import reverse

from scrutiny.clocks.tracking import Clock
from scrutiny.figures.registry import DueItem
from scrutiny.partnerships.access import Seat
from scrutiny.partnerships.roles import ROLES_FOR_A_PARTNER_BODY
from scrutiny.reviews.clocks import CONTRIBUTION_RULE, contributions_awaited, record_clocks
from scrutiny.reviews.models import ROOM, RapidReview
from scrutiny.reviews.models.learning import IMPACT_CHECK_RULE

#: How far ahead a recommendation's impact check reaches the business manager's list: the check
#: is set 12 months out, and a year of "later" items would bury what is due now.
IMPACT_CHECK_NOTICE_DAYS = 30


def reviews_due_items(seat: Seat, today: date) -> Iterator[DueItem]:
    # Managing the room is the business manager's alone (the permission matrix).
    if seat.can(ROOM, "manage"):
        yield from _open_clocks(seat, today)
    if seat.can(ROOM, "contribute"):
        yield from _sign_offs_awaited(seat, today)
    yield from _contributions_awaited(seat)


def _open_clocks(seat: Seat, today: date) -> Iterator[DueItem]:
    notice_until = today + timedelta(days=IMPACT_CHECK_NOTICE_DAYS)
    for clock in record_clocks(seat.partnership):
        due = clock.due
        if due is None or not clock.status(today).is_open:
            continue
        if clock.rule_id == IMPACT_CHECK_RULE and due > notice_until:
            continue
        yield _item(clock, due)


def _item(clock: Clock, due: date) -> DueItem:
    return DueItem(
        title=f"{clock.label}: {clock.record}",
        due=due,
        url=clock.url,
        room=ROOM,
        detail=clock.rule.title,
        clock_rule=clock.rule_id,
    )


def _sign_offs_awaited(seat: Seat, today: date) -> Iterator[DueItem]:
    """Written rapid reviews not yet sent that wait for a body this person signs for."""
    bodies = {m.agency_id: m.agency for m in seat.memberships if m.role in ROLES_FOR_A_PARTNER_BODY and m.agency_id}
    if not bodies:
        return
    reviews = (
        RapidReview.objects.filter(partnership=seat.partnership, sent_to_panel_on__isnull=True)
        .exclude(lcspr_decision="")
        .select_related("partnership", "incident")
        .prefetch_related("sign_offs")
    )
    partner_body_ids: set[int] | None = None
    for review in reviews:
        if review.parts_missing():
            continue
        if partner_body_ids is None:
            # The partner bodies depend on the partnership only: work them out once.
            partner_body_ids = set(review.partner_bodies().values_list("pk", flat=True))
        signed = {sign_off.partner_body_id for sign_off in review.sign_offs.all()}
        clock = review.clocks()[0]
        detail = "The four parts and the decision are written; your body has not signed it off."
        due = clock.due
        if due is None:
            # Its clock starts with the notification to the Panel, not yet recorded: the sign-off
            # is still awaited, so it is listed as of today and says why it has no deadline.
            due = today
            detail += " The review has no deadline yet: its clock starts when the notification is sent to the Panel."
        for body_id, body in bodies.items():
            if body_id in partner_body_ids and body_id not in signed:
                yield DueItem(
                    title=f"Sign off the rapid review of {review.incident.reference} for {body}",
                    due=due,
                    url=reverse("rapid_review_sign_off", kwargs={"slug": seat.partnership.slug, "pk": review.pk}),
                    room=ROOM,
                    detail=detail,
                    clock_rule=clock.rule_id,
                )


def _contributions_awaited(seat: Seat) -> Iterator[DueItem]:
    for contribution in contributions_awaited(seat):
        review = contribution.rapid_review
        yield DueItem(
            title=f"Write {contribution.agency}'s contribution to the rapid review of {review.incident.reference}",
            due=contribution.due_on,
            url=reverse("contribution_edit", kwargs={"slug": review.partnership.slug, "pk": contribution.pk}),
            room=ROOM,
            detail=f"{contribution.get_status_display()}; not yet submitted.",
            clock_rule=CONTRIBUTION_RULE,
        )
