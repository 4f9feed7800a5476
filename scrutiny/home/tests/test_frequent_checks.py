"""The scheduler's frequent checks include the mail room's sweep: e-mail left waiting is handed to
the task worker again, once, however often the scheduler runs."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from scrutiny.home.schedule import run_frequent_checks
from scrutiny.mail.models import Delivery, DeliveryStatus
from scrutiny.mail.sending import send_email

pytestmark = pytest.mark.django_db


def test_the_schedulers_frequent_checks_send_email_left_waiting_once(cast, mail_sent_now):
    # Recorded, but its task never reached the worker (this test's transaction never commits).
    delivery = send_email(
        partnership=cast.riverbank, to=["contact@example.org"], subject="Due", body="b", kind="digest"
    )
    Delivery.objects.filter(pk=delivery.pk).update(queued_at=timezone.now() - timedelta(minutes=20))
    with mail_sent_now():
        assert run_frequent_checks()["waiting-email"] == 1
        assert run_frequent_checks()["waiting-email"] == 0
        assert run_frequent_checks(timezone.now() + timedelta(hours=1))["waiting-email"] == 0
    assert [m.to for m in mail.outbox] == [["contact@example.org"]]
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.SENT, 1)
