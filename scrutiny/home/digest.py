"""The daily reminder digest: for each person, what is due in the next 7 days and what is overdue,
in every partnership they belong to, gathered through the figures registry."""

from __future__ import annotations

from datetime import date

from django.db import IntegrityError, transaction
from django.template.loader import render_to_string

from scrutiny.accounts.models import User
from scrutiny.figures.registry import due_for
from scrutiny.home.models import DigestSent
from scrutiny.mail.sending import absolute_url, send_email
from scrutiny.partnerships.access import seat_for
from scrutiny.partnerships.models import Partnership


def digest_sections(user: User, today: date) -> list[dict[str, object]]:
    sections = []
    for partnership in Partnership.objects.filter(memberships__user=user).distinct():
        seat = seat_for(user, partnership)
        if seat is None:
            continue
        due = due_for(seat, today)
        if due.now or due.overdue or due.due_soon:
            sections.append(
                {"partnership": partnership, "now": due.now, "overdue": due.overdue, "due_soon": due.due_soon}
            )
    return sections


def digest_send_to(user: User, today: date) -> bool:
    """Send today's digest to one person if they have something due and have not had one today.

    The DigestSent row is claimed in the same transaction that queues the e-mail, so two workers
    racing on the same person queue one e-mail between them (at most once a day, never twice). The
    task queue sends it, retrying; the business managers of the partnerships it covers see it if
    it cannot be sent.
    """
    sections = digest_sections(user, today)
    if not sections:
        return False
    count = sum(len(s["now"]) + len(s["overdue"]) + len(s["due_soon"]) for s in sections)  # type: ignore[arg-type,misc]
    context = {"user": user, "sections": sections, "today": today, "site_url": absolute_url("")}
    try:
        with transaction.atomic():
            DigestSent.objects.create(user=user, day=today, item_count=count)
            send_email(
                partnership=[section["partnership"] for section in sections],  # type: ignore[misc]
                to=[user.email],
                subject=f"Scrutiny: {count} thing{'s' if count != 1 else ''} due or overdue",
                body=render_to_string("home/email/digest.txt", context),
                kind="digest",
            )
    except IntegrityError:
        return False
    return True


def digests_send(today: date) -> int:
    """Send every digest due today; returns how many were sent."""
    sent = 0
    people = User.objects.filter(is_active=True, receives_daily_digest=True, memberships__isnull=False).distinct()
    for user in people.exclude(digests__day=today):
        sent += int(digest_send_to(user, today))
    return sent
