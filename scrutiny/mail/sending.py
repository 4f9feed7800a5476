"""Sending e-mail through the task queue: record the delivery, send it from the worker, try again
after a pause when the mail server refuses, and record the failure for the business manager.

How to call it is in the package docstring (``scrutiny/mail/__init__.py``). Django's task framework
does not retry on its own: a failed attempt enqueues the next one with ``run_after``, which the
database worker honours.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime, timedelta
from functools import partial

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.core.validators import validate_email
from django.db import transaction
from django.tasks import task
from django.utils import timezone

from scrutiny.mail.models import Delivery, DeliveryStatus
from scrutiny.partnerships.models import Partnership

logger = logging.getLogger(__name__)

#: The longest subject a delivery keeps (the model's field).
SUBJECT_MAX = 300


def absolute_url(path: str) -> str:
    """The full address of a path inside Scrutiny, for an e-mail: ``SITE_URL`` and the path."""
    return settings.SITE_URL.rstrip("/") + path


def send_email(
    *,
    partnership: Partnership | Iterable[Partnership] | None,
    to: list[str],
    subject: str,
    body: str,
    kind: str,
    link: str = "",
) -> Delivery:
    """Record an e-mail and hand it to the task worker once the current transaction commits.

    ``partnership``: the partnership (or partnerships) whose business manager sees the delivery and
    any failure; None for mail that belongs to no partnership. ``link``: a path inside Scrutiny
    (``reverse(...)``), made a full address when sent and put where the body says ``{link}``, or at
    the end. Refuses (``ValidationError``) a message with no or a malformed address, a subject that
    is empty, too long or spans lines, a kind that is not a short code, or a link that is not a path.
    """
    recipients = [address.strip() for address in to]
    errors: dict[str, list[str]] = {}
    if not recipients:
        errors["to"] = ["An e-mail needs at least one address to go to."]
    for address in recipients:
        try:
            validate_email(address)
        except ValidationError:
            errors.setdefault("to", []).append(f"{address!r} is not an e-mail address.")
    if not subject.strip() or len(subject) > SUBJECT_MAX or "\n" in subject or "\r" in subject:
        errors["subject"] = [f"The subject must be one line of 1 to {SUBJECT_MAX} characters."]
    if not kind or len(kind) > 40 or not kind.replace("_", "").replace("-", "").isalnum() or not kind.islower():
        errors["kind"] = [f"The kind must be a short code in lower case, such as 'safety_alert', not {kind!r}."]
    if link and not link.startswith("/"):
        errors["link"] = [f"The link must be a path inside Scrutiny, starting with '/', not {link!r}."]
    if errors:
        raise ValidationError(errors)
    if partnership is None:
        partnerships: list[Partnership] = []
    elif isinstance(partnership, Partnership):
        partnerships = [partnership]
    else:
        partnerships = list(partnership)
    with transaction.atomic():
        delivery = Delivery.objects.create(
            kind=kind, recipients=recipients, subject=subject.strip(), body=body, link=link
        )
        delivery.partnerships.set(partnerships)
        transaction.on_commit(partial(_enqueue, delivery.pk))
    return delivery


def _enqueue(delivery_id: int, run_after: datetime | None = None, after_attempts: int | None = None) -> None:
    """Hand an attempt to the task worker; at ``run_after`` where the backend can wait (the database
    worker can; the immediate backend of some tests cannot, and tries again at once)."""
    attempt = deliver
    if run_after is not None and attempt.get_backend().supports_defer:
        attempt = attempt.using(run_after=run_after)
    if after_attempts is None:
        attempt.enqueue(delivery_id)
    else:
        attempt.enqueue(delivery_id, after_attempts=after_attempts)


@task
def deliver(delivery_id: int, after_attempts: int | None = None) -> str:
    """One attempt at sending a delivery, run by the task worker. Returns the delivery's status.
    ``after_attempts``: this task is for the attempt after that many (see ``attempt_delivery``)."""
    delivery = attempt_delivery(delivery_id, after_attempts=after_attempts)
    return delivery.status if delivery else "missing"


def retry_delays() -> list[timedelta]:
    """The pauses before each retry: 1, 5 and 15 minutes unless ``SCRUTINY_MAIL_RETRY_MINUTES`` says."""
    return [timedelta(minutes=minutes) for minutes in settings.SCRUTINY_MAIL_RETRY_MINUTES]


def attempt_delivery(
    delivery_id: int, *, now: datetime | None = None, after_attempts: int | None = None
) -> Delivery | None:
    """Try to send a waiting delivery once.

    The attempt is claimed by bumping the count of attempts only if nobody else has, so two workers
    holding the same task never send it twice. On success the body and link are blanked; on failure
    the next attempt is enqueued after the next pause in ``retry_delays()``, and after the last one
    the delivery is marked not sent, which puts it on the business manager's home page.
    ``after_attempts`` (given by the sweep that re-queues a delivery left waiting) makes a task for
    an attempt that has already been made do nothing, so a re-queued copy arriving after its lost
    original turned up after all does not use up a retry early.
    """
    now = now or timezone.now()
    delivery = Delivery.objects.filter(pk=delivery_id).first()
    if delivery is None or delivery.status != DeliveryStatus.QUEUED:
        return delivery
    if after_attempts is not None and delivery.attempts != after_attempts:
        return delivery
    claimed = Delivery.objects.filter(pk=delivery.pk, status=DeliveryStatus.QUEUED, attempts=delivery.attempts).update(
        attempts=delivery.attempts + 1, last_attempt_at=now, next_attempt_at=None
    )
    if not claimed:
        return Delivery.objects.get(pk=delivery.pk)
    delivery.attempts += 1
    delivery.last_attempt_at = now
    delivery.next_attempt_at = None
    try:
        EmailMessage(
            subject=delivery.subject,
            body=_body_with_link(delivery.body, delivery.link),
            from_email=None,
            to=delivery.recipients,
        ).send()
    except Exception as error:  # any failure of the mail server is recorded, never lost
        delivery.last_error = f"{type(error).__name__}: {error}"[:500]
        delays = retry_delays()
        if delivery.attempts <= len(delays):
            delivery.next_attempt_at = now + delays[delivery.attempts - 1]
            delivery.save(update_fields=["last_error", "next_attempt_at"])
            _enqueue(delivery.pk, run_after=delivery.next_attempt_at)
        else:
            delivery.status = DeliveryStatus.FAILED
            delivery.save(update_fields=["status", "last_error"])
            logger.warning(
                "E-mail delivery %s (%s) not sent after %s attempts", delivery.pk, delivery.kind, delivery.attempts
            )
        return delivery
    delivery.status = DeliveryStatus.SENT
    delivery.sent_at = timezone.now()
    delivery.body = ""
    delivery.link = ""
    delivery.last_error = ""
    delivery.save(update_fields=["status", "sent_at", "body", "link", "last_error"])
    return delivery


def requeue_waiting(now: datetime | None = None) -> int:
    """The scheduler's sweep for e-mail left waiting (its task was lost, or the worker was down):
    each delivery ``waiting_too_long`` is handed to the task worker once more, and each whose attempt
    never finished (``attempt_unfinished``) is recorded as not sent. Returns how many it changed.

    Each delivery is claimed by a conditional update that only matches while it is still in the
    state the sweep read, so two schedulers sweeping at once re-queue it once; and the re-queued task
    is for the next attempt only (``after_attempts``), so it can never add a send to the original's.
    An unfinished attempt is not tried again because the mail server may have taken the message
    before the worker stopped: the business manager sees it as not sent and decides.
    """
    now = now or timezone.now()
    changed = 0
    for delivery in Delivery.objects.waiting_too_long(now).only("pk", "attempts"):
        changed += delivery_requeue(delivery=delivery, now=now)
    for delivery in Delivery.objects.attempt_unfinished(now).only("pk", "attempts", "last_attempt_at", "kind"):
        changed += delivery_mark_unfinished(delivery=delivery, now=now)
    return changed


def delivery_requeue(*, delivery: Delivery, now: datetime) -> bool:
    """Hand a delivery left waiting to the task worker again, if it still is (as read into
    ``delivery``) and nobody re-queued it meanwhile; True if this call did."""
    with transaction.atomic():
        claimed = (
            Delivery.objects.waiting_too_long(now)
            .filter(pk=delivery.pk, attempts=delivery.attempts)
            .update(requeued_at=now)
        )
        if claimed:
            transaction.on_commit(partial(_enqueue, delivery.pk, after_attempts=delivery.attempts))
    return bool(claimed)


def delivery_mark_unfinished(*, delivery: Delivery, now: datetime) -> bool:
    """Record as not sent a delivery whose attempt began and never finished, if it still is; True if
    this call did."""
    assert delivery.last_attempt_at is not None
    began = timezone.localtime(delivery.last_attempt_at)
    claimed = (
        Delivery.objects.attempt_unfinished(now)
        .filter(pk=delivery.pk, attempts=delivery.attempts)
        .update(
            status=DeliveryStatus.FAILED,
            last_error=f"The attempt begun at {began:%H:%M on %-d %B %Y} never finished (the task worker "
            "stopped during it), so it may or may not have been sent.",
        )
    )
    if claimed:
        logger.warning("E-mail delivery %s (%s): an attempt never finished", delivery.pk, delivery.kind)
    return bool(claimed)


def _body_with_link(body: str, link: str) -> str:
    if not link:
        return body
    url = absolute_url(link)
    return body.replace("{link}", url) if "{link}" in body else f"{body.rstrip()}\n\n{url}\n"


def _status(delivery: Delivery) -> str:
    return delivery.get_status_display().lower()


def delivery_try_again(*, delivery: Delivery) -> Delivery:
    """The business manager's "try again": one more attempt now, for a delivery that was not sent."""
    if delivery.status != DeliveryStatus.FAILED:
        raise ValidationError(
            f"Only an e-mail that was not sent can be tried again; this one is {delivery.get_status_display().lower()}."
        )
    with transaction.atomic():
        Delivery.objects.filter(pk=delivery.pk, status=DeliveryStatus.FAILED).update(
            status=DeliveryStatus.QUEUED, queued_at=timezone.now()
        )
        transaction.on_commit(partial(_enqueue, delivery.pk))
    delivery.refresh_from_db()
    return delivery


def delivery_give_up(*, delivery: Delivery) -> Delivery:
    """Stop trying to send an e-mail that was not sent, and forget its words."""
    if delivery.status != DeliveryStatus.FAILED:
        raise ValidationError(
            f"Only an e-mail that was not sent can be given up; this one is {delivery.get_status_display().lower()}."
        )
    delivery.status = DeliveryStatus.CANCELLED
    delivery.body = ""
    delivery.link = ""
    delivery.save(update_fields=["status", "body", "link"])
    return delivery
