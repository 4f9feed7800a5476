"""Never waiting unseen: alerting people to a safety concern, escalating one nobody acknowledges,
and recording who acknowledged it and what was done.

- On arrival the first designated contact in the partnership's order is alerted (the business
  manager where there are none); outside reading hours the out-of-hours contact is alerted too.
- Every open concern sits at the top of the home page of every designated contact, the business
  manager and the scrutineer, in its own "needs someone now" band, and in their digest.
- A concern nobody acknowledges within the partnership's time (in reading hours) is escalated: the
  next contact in order and the business manager are alerted, the escalation is recorded, and the
  clock starts again, up to ``MAX_ESCALATIONS`` times. The scheduler checks every minute and a task
  is also scheduled for the moment the time runs out; a unique alert record per level makes both,
  on any number of nodes, escalate once.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from scrutiny.accounts.models import User
from scrutiny.mail.sending import send_email
from scrutiny.partnerships.history import save_by
from scrutiny.partnerships.models import Membership
from scrutiny.partnerships.roles import Role
from scrutiny.voice.models import AlertKind, ConcernAlert, DesignatedContact, Feedback, VoiceSettings
from scrutiny.voice.reading_hours import add_reading_minutes, describe, is_open

#: After this many escalations a concern stays at the top of everyone's home page and in their
#: digest, but no more e-mails are sent about it.
MAX_ESCALATIONS = 5


def contacts_in_order(feedback: Feedback) -> list[User]:
    return [
        c.person
        for c in DesignatedContact.objects.filter(partnership=feedback.partnership).select_related("person")
        if c.person.is_active
    ]


def business_managers(feedback: Feedback) -> list[User]:
    return [
        m.user
        for m in Membership.objects.filter(
            partnership=feedback.partnership, role=Role.BUSINESS_MANAGER, user__is_active=True
        ).select_related("user")
    ]


def _unique(people: Iterable[User]) -> list[User]:
    return list({person.pk: person for person in people}.values())


def _message(feedback: Feedback, why: str) -> str:
    contact = feedback.contact if feedback.consent_to_contact and feedback.contact else "none given (anonymous)"
    matched = (
        "\n".join(
            f"- {m['label']}: “{m['words']}”" + (" (second reading)" if m.get("found_by") == "model" else "")
            for m in feedback.matches
        )
        or "-"
    )
    return (
        f"{why}\n\n"
        f"It came in through {feedback.partnership}'s feedback page at "
        f"{timezone.localtime(feedback.received_at):%H:%M on %-d %B %Y}"
        f"{' (outside reading hours)' if feedback.out_of_hours else ''}.\n\n"
        f"Why it was flagged: {feedback.safety_reasons}.\n"
        f"Words that matched:\n{matched}\n"
        f"From: {feedback.get_audience_display()}\n"
        f"Feels safe: {feedback.get_feels_safe_display() or 'not answered'}\n\n"
        f"What is good:\n{feedback.what_is_good or '-'}\n\n"
        f"What could be better:\n{feedback.what_could_be_better or '-'}\n\n"
        f"Contact: {contact}\n\n"
        "Acknowledge it and record what was done: {link}\n"
    )


def _send(feedback: Feedback, addresses: list[str], subject: str, body: str) -> None:
    """One e-mail per person, through the task queue with retries; a failure shows to the business
    manager. The subject carries no child's words (it is kept); the body is blanked once sent."""
    link = reverse("voice_feedback_detail", kwargs={"slug": feedback.partnership.slug, "pk": feedback.pk})
    for address in addresses:
        send_email(
            partnership=feedback.partnership, to=[address], subject=subject, body=body, kind="safety_alert", link=link
        )


def _record_and_send(
    feedback: Feedback, *, kind: str, level: int, addresses: list[str], names: str, subject: str, why: str
) -> ConcernAlert | None:
    """Record the alert, then send it; None when this alert was already recorded (by another
    node, or an earlier run), in which case nothing is sent."""
    try:
        with transaction.atomic():
            alert = ConcernAlert.objects.create(
                feedback=feedback, kind=kind, level=level, recipients=names, reason=why[:300]
            )
    except IntegrityError:
        return None
    if addresses:
        _send(feedback, addresses, subject, _message(feedback, why))
    return alert


def alert_on_arrival(feedback: Feedback) -> int:
    """Alert the first designated contact (or the business manager) at once and, outside reading
    hours, the out-of-hours contact. Returns how many people or mailboxes were alerted."""
    voice = VoiceSettings.of(feedback.partnership)
    contacts = contacts_in_order(feedback)
    people = contacts[:1] or business_managers(feedback)
    subject = f"Safety concern from {feedback.partnership}'s feedback page"
    _record_and_send(
        feedback,
        kind=AlertKind.ARRIVAL,
        level=0,
        addresses=[p.email for p in people],
        names=", ".join(f"{p} <{p.email}>" for p in people) or "nobody: no contact or business manager",
        subject=subject,
        why=f"A safety concern came in. Please acknowledge it within {voice.acknowledge_within_minutes} minutes "
        f"of reading hours ({describe(voice)}).",
    )
    told = len(people)
    if feedback.out_of_hours and voice.out_of_hours_email:
        _record_and_send(
            feedback,
            kind=AlertKind.OUT_OF_HOURS,
            level=0,
            addresses=[voice.out_of_hours_email],
            names=voice.out_of_hours_email,
            subject=f"Out of hours: {subject}",
            why="A safety concern came in outside the partnership's reading hours "
            f"({describe(voice)}). You are the out-of-hours contact.",
        )
        told += 1
    feedback.safety_alerted_at = timezone.now()
    feedback.save(update_fields=["safety_alerted_at"])
    return told


def schedule_check(feedback: Feedback) -> None:
    """Ask the task worker to check the concern the moment its time to acknowledge runs out (the
    scheduler's minute-by-minute check is the safety net)."""
    from scrutiny.voice.tasks import escalate_concern

    if feedback.acknowledge_by is not None and escalate_concern.get_backend().supports_defer:
        escalate_concern.using(run_after=feedback.acknowledge_by).enqueue(feedback.pk)


def escalate(feedback: Feedback, now: datetime) -> bool:
    """Escalate one concern whose time has run out: alert the next designated contact in order
    and the business manager, record it, and start the clock again. False when there was nothing
    to do, or another node did it first."""
    if not feedback.awaiting_acknowledgement or feedback.acknowledge_by is None or feedback.acknowledge_by > now:
        return False
    level = feedback.escalations + 1
    if level > MAX_ESCALATIONS:
        return False
    voice = VoiceSettings.of(feedback.partnership)
    contacts = contacts_in_order(feedback)
    people = _unique([*contacts[level : level + 1], *business_managers(feedback)])
    waited = voice.acknowledge_within_minutes
    why = (
        f"Nobody has acknowledged this safety concern within {waited} minutes of reading hours "
        f"(escalation {level} of at most {MAX_ESCALATIONS})."
    )
    alert = _record_and_send(
        feedback,
        kind=AlertKind.ESCALATION,
        level=level,
        addresses=[p.email for p in people],
        names=", ".join(f"{p} <{p.email}>" for p in people) or "nobody: no contact or business manager",
        subject=f"Not yet acknowledged: safety concern from {feedback.partnership}'s feedback page",
        why=why,
    )
    if alert is None:
        return False
    feedback.escalations = level
    feedback.acknowledge_by = add_reading_minutes(voice, now, waited)
    reason = f"Escalation {level}: not acknowledged within {waited} minutes; alerted {alert.recipients}"
    save_by(feedback, None, reason=reason, update_fields=["escalations", "acknowledge_by"])
    schedule_check(feedback)
    return True


def escalate_due(now: datetime | None = None) -> int:
    """Escalate every concern whose time to acknowledge has run out; returns how many."""
    moment = now or timezone.now()
    due = Feedback.objects.unacknowledged_concerns().filter(acknowledge_by__lte=moment, escalations__lt=MAX_ESCALATIONS)
    return sum(escalate(feedback, moment) for feedback in due.select_related("partnership"))


def start_clock(feedback: Feedback) -> None:
    """Set when the concern must be acknowledged, and whether it came in outside reading hours."""
    voice = VoiceSettings.of(feedback.partnership)
    feedback.out_of_hours = not is_open(voice, feedback.received_at)
    feedback.acknowledge_by = add_reading_minutes(voice, feedback.received_at, voice.acknowledge_within_minutes)


def concern_acknowledge(*, feedback: Feedback, person: Any) -> Feedback:
    """A named person says they have read the concern and are dealing with it: escalation stops."""
    if not feedback.concern_open:
        raise ValidationError("This is not an open safety concern.")
    if feedback.acknowledged_at is not None:
        raise ValidationError(
            f"{feedback.acknowledged_by} already acknowledged it at "
            f"{timezone.localtime(feedback.acknowledged_at):%H:%M on %-d %B %Y}."
        )
    feedback.acknowledged_at, feedback.acknowledged_by = timezone.now(), person
    feedback.save(update_fields=["acknowledged_at", "acknowledged_by"])
    return feedback


def concern_close(*, feedback: Feedback, person: Any, action: str) -> Feedback:
    """A named person records what was done; only then does the concern stop being flagged.
    Closing a concern nobody acknowledged acknowledges it too."""
    if not feedback.concern_open:
        raise ValidationError("This is not an open safety concern.")
    if not action.strip():
        raise ValidationError({"safety_action": "Say what was done: who was contacted and what they did."})
    now = timezone.now()
    feedback.safety_action = action.strip()
    feedback.safety_closed_at, feedback.safety_closed_by = now, person
    fields = ["safety_action", "safety_closed_at", "safety_closed_by"]
    if feedback.acknowledged_at is None:
        feedback.acknowledged_at, feedback.acknowledged_by = now, person
        fields += ["acknowledged_at", "acknowledged_by"]
    feedback.save(update_fields=fields)
    return feedback
