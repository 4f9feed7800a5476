"""E-mail left waiting is handed to the task worker again by the scheduler's sweep: once per wait,
however many schedulers sweep, never adding a send, and never re-sending an attempt that may have
gone out."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from scrutiny.mail.models import WAITING_TOO_LONG, Delivery, DeliveryStatus
from scrutiny.mail.sending import attempt_delivery, delivery_requeue, requeue_waiting, send_email
from scrutiny.mail.tests.test_sending import REFUSING
from scrutiny.partnerships.models import Partnership

pytestmark = pytest.mark.django_db


def _waiting(partnership: Partnership, *, minutes: int, **fields) -> Delivery:
    """A delivery queued ``minutes`` ago whose task never reached the worker: the task row was lost
    (in a test that does not commit, it was never made)."""
    delivery = send_email(
        partnership=partnership,
        to=["contact@example.org"],
        subject="Scrutiny: a safety concern needs you now",
        body="Someone wrote: a child's words.",
        kind="safety_alert",
    )
    DBTaskResult.objects.all().delete()
    Delivery.objects.filter(pk=delivery.pk).update(queued_at=timezone.now() - timedelta(minutes=minutes), **fields)
    delivery.refresh_from_db()
    return delivery


def _tasks() -> list[dict[str, object]]:
    return [task.args_kwargs for task in DBTaskResult.objects.order_by("enqueued_at")]


def test_an_email_waiting_15_minutes_with_no_attempt_is_handed_to_the_worker_once(
    cast, django_capture_on_commit_callbacks
):
    delivery = _waiting(cast.riverbank, minutes=20)
    with django_capture_on_commit_callbacks(execute=True):
        assert requeue_waiting() == 1
    assert _tasks() == [{"args": [delivery.pk], "kwargs": {"after_attempts": 0}}]
    # The sweep runs again a minute later, and an hour later: still one task.
    with django_capture_on_commit_callbacks(execute=True):
        assert requeue_waiting(timezone.now() + timedelta(minutes=1)) == 0
        assert requeue_waiting(timezone.now() + timedelta(hours=1)) == 0
    assert len(_tasks()) == 1
    # If the worker is down, the business manager is still told after the hour.
    delivery.refresh_from_db()
    assert delivery.queued_at < timezone.now() - timedelta(minutes=19)
    assert Delivery.objects.stuck(timezone.now() + timedelta(hours=1)).filter(pk=delivery.pk).exists()


def test_two_schedulers_sweeping_at_once_requeue_it_once(cast, django_capture_on_commit_callbacks):
    _waiting(cast.riverbank, minutes=20)
    now = timezone.now()
    # Both nodes read the delivery as waiting; the first claims it, then the second tries.
    [read_by_first] = Delivery.objects.waiting_too_long(now)
    [read_by_second] = Delivery.objects.waiting_too_long(now)
    with django_capture_on_commit_callbacks(execute=True):
        assert delivery_requeue(delivery=read_by_first, now=now) is True
        assert delivery_requeue(delivery=read_by_second, now=now + timedelta(seconds=1)) is False
    assert len(_tasks()) == 1


@pytest.mark.parametrize(
    ("minutes", "fields"),
    [
        pytest.param(5, {}, id="queued five minutes ago"),
        pytest.param(120, {"status": DeliveryStatus.SENT, "attempts": 1}, id="sent"),
        pytest.param(120, {"status": DeliveryStatus.FAILED, "attempts": 4}, id="not sent (the manager's)"),
        pytest.param(120, {"status": DeliveryStatus.CANCELLED, "attempts": 4}, id="given up"),
    ],
)
def test_an_email_recent_or_settled_is_left_alone(cast, django_capture_on_commit_callbacks, minutes, fields):
    delivery = _waiting(cast.riverbank, minutes=minutes, **fields)
    with django_capture_on_commit_callbacks(execute=True):
        assert requeue_waiting() == 0
    assert _tasks() == []
    after = Delivery.objects.get(pk=delivery.pk)
    assert (after.status, after.attempts, after.requeued_at) == (delivery.status, delivery.attempts, None)


def test_a_retry_still_to_come_is_left_alone_and_one_long_overdue_is_requeued(cast, django_capture_on_commit_callbacks):
    now = timezone.now()
    delivery = _waiting(
        cast.riverbank,
        minutes=30,
        attempts=1,
        last_attempt_at=now - timedelta(minutes=29),
        next_attempt_at=now - timedelta(minutes=10),
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert requeue_waiting(now) == 0
        assert requeue_waiting(now + timedelta(minutes=6)) == 1
        assert requeue_waiting(now + timedelta(minutes=30)) == 0
    assert _tasks() == [{"args": [delivery.pk], "kwargs": {"after_attempts": 1}}]


def test_the_requeued_task_sends_it(cast, django_capture_on_commit_callbacks, mail_sent_now):
    delivery = _waiting(cast.riverbank, minutes=20)
    assert mail.outbox == []
    with mail_sent_now():
        assert requeue_waiting() == 1
    assert [m.to for m in mail.outbox] == [["contact@example.org"]]
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.body) == (DeliveryStatus.SENT, 1, "")


def test_a_requeued_copy_arriving_after_its_original_ran_adds_no_attempt(
    cast, django_capture_on_commit_callbacks, settings
):
    settings.MAILERS = REFUSING
    delivery = _waiting(cast.riverbank, minutes=20)
    with django_capture_on_commit_callbacks(execute=True):
        requeue_waiting()
        # The worker comes back: the lost original turns up after all and fails (a retry is set)...
        assert attempt_delivery(delivery.pk).attempts == 1  # type: ignore[union-attr]
        # ...then the sweep's copy, for the first attempt, does nothing.
        after = attempt_delivery(delivery.pk, after_attempts=0)
    assert after is not None
    assert (after.status, after.attempts) == (DeliveryStatus.QUEUED, 1)


def test_an_attempt_that_never_finished_is_recorded_as_not_sent_and_not_sent_again(
    cast, client_for, django_capture_on_commit_callbacks
):
    began = timezone.now() - WAITING_TOO_LONG - timedelta(minutes=1)
    delivery = _waiting(cast.riverbank, minutes=17, attempts=1, last_attempt_at=began)
    with django_capture_on_commit_callbacks(execute=True):
        assert requeue_waiting() == 1
        assert requeue_waiting() == 0
    assert _tasks() == []
    assert mail.outbox == []
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.FAILED
    assert "never finished" in delivery.last_error
    assert "E-mail not sent: safety alert to contact@example.org" in (
        client_for(cast.manager).get("/p/riverbank/").content.decode()
    )


def test_an_attempt_under_way_is_left_alone(cast, django_capture_on_commit_callbacks):
    _waiting(
        cast.riverbank,
        minutes=20,
        attempts=1,
        last_attempt_at=timezone.now() - timedelta(minutes=1),
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert requeue_waiting() == 0
    assert Delivery.objects.get().status == DeliveryStatus.QUEUED


def test_an_email_tried_again_by_the_manager_can_be_requeued_again(cast, django_capture_on_commit_callbacks):
    long_ago = timezone.now() - timedelta(hours=3)
    delivery = _waiting(
        cast.riverbank,
        minutes=20,
        attempts=4,
        last_attempt_at=long_ago,
        requeued_at=long_ago,
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert requeue_waiting() == 1
    assert _tasks() == [{"args": [delivery.pk], "kwargs": {"after_attempts": 4}}]


# The worker closes its database connection when it finishes, so outside a wrapping transaction.
@pytest.mark.django_db(transaction=True)
def test_the_database_worker_runs_the_requeued_task_and_sends_it(cast, django_capture_on_commit_callbacks):
    delivery = _waiting(cast.riverbank, minutes=20)
    assert requeue_waiting() == 1  # outside any transaction: enqueued at once
    assert _tasks() == [{"args": [delivery.pk], "kwargs": {"after_attempts": 0}}]
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    assert [m.to for m in mail.outbox] == [["contact@example.org"]]
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.SENT, 1)
