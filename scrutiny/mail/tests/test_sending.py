"""E-mail goes through the task queue: a message the mail server refuses is tried again after a
pause, then recorded as not sent and shown to the business manager, and to nobody else."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from scrutiny.mail.models import Delivery, DeliveryStatus
from scrutiny.mail.sending import attempt_delivery, send_email
from scrutiny.mail.tests.backends import REFUSAL
from scrutiny.partnerships.models import Partnership

pytestmark = pytest.mark.django_db

REFUSING = {"default": {"BACKEND": "scrutiny.mail.tests.backends.RefusingBackend"}}


@pytest.fixture
def refusing_mail_server(settings):
    settings.MAILERS = REFUSING


def _alert(partnership: Partnership, **changes: Any) -> Delivery:
    values = {
        "partnership": partnership,
        "to": ["contact@example.org"],
        "subject": "Scrutiny: a safety concern needs you now",
        "body": "Someone wrote: a child's words.\n\nRead it here: {link}\n",
        "kind": "safety_alert",
        "link": "/p/riverbank/voice/",
    }
    return send_email(**{**values, **changes})


def test_a_sent_email_lands_in_the_outbox_with_its_link_and_its_words_are_not_kept(cast, mail_sent_now, settings):
    settings.SITE_URL = "https://scrutiny.example.org"
    with mail_sent_now():
        delivery = _alert(cast.riverbank)
    [message] = mail.outbox
    assert message.to == ["contact@example.org"]
    assert message.subject == "Scrutiny: a safety concern needs you now"
    assert "Read it here: https://scrutiny.example.org/p/riverbank/voice/\n" in message.body
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT
    assert delivery.attempts == 1
    assert delivery.sent_at is not None
    assert (delivery.body, delivery.link) == ("", "")


def test_a_link_without_a_place_in_the_body_goes_at_the_end(cast, mail_sent_now):
    with mail_sent_now():
        _alert(cast.riverbank, body="A reminder.", link="/account/")
    assert mail.outbox[0].body == "A reminder.\n\nhttp://127.0.0.1:8000/account/\n"


def test_nothing_is_sent_about_work_that_was_rolled_back(cast, mail_sent_now):
    def work_that_fails() -> None:
        with transaction.atomic():
            _alert(cast.riverbank)
            raise RuntimeError("the work failed")

    with mail_sent_now(), pytest.raises(RuntimeError):
        work_that_fails()
    assert mail.outbox == []
    assert not Delivery.objects.exists()


def test_the_email_waits_for_the_worker_until_the_work_commits(cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        delivery = _alert(cast.riverbank)
    assert len(callbacks) == 1
    assert not DBTaskResult.objects.exists()
    callbacks[0]()
    task = DBTaskResult.objects.get()
    assert task.task_path == "scrutiny.mail.sending.deliver"
    assert task.args_kwargs["args"] == [delivery.pk]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"to": []}, "to"),
        ({"to": ["not an address"]}, "to"),
        ({"subject": "Two\nlines"}, "subject"),
        ({"subject": ""}, "subject"),
        ({"kind": "Safety Alert"}, "kind"),
        ({"link": "https://elsewhere.example.org/"}, "link"),
    ],
)
def test_a_malformed_email_is_refused_saying_what_and_nothing_is_recorded(cast, changes, field):
    with pytest.raises(ValidationError) as refused:
        _alert(cast.riverbank, **changes)
    assert field in refused.value.message_dict
    assert not Delivery.objects.exists()


def test_a_refused_email_is_tried_again_after_1_5_and_15_minutes_then_recorded_as_not_sent(
    cast, refusing_mail_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        delivery = _alert(cast.riverbank)
    first = DBTaskResult.objects.get()
    start = timezone.now()
    # Each attempt as the worker would run it when the last one's pause is over.
    moments = [start, start + timedelta(minutes=1), start + timedelta(minutes=6), start + timedelta(minutes=21)]
    for number, moment in enumerate(moments[:3], start=1):
        after = attempt_delivery(delivery.pk, now=moment)
        assert after is not None
        assert (after.status, after.attempts) == (DeliveryStatus.QUEUED, number)
        assert after.last_error == f"ConnectionRefusedError: {REFUSAL}"
        assert after.next_attempt_at == moments[number]
        retry = DBTaskResult.objects.exclude(pk=first.pk).order_by("enqueued_at").last()
        assert retry is not None
        assert retry.run_after == moments[number]
        assert retry.args_kwargs["args"] == [delivery.pk]
    last = attempt_delivery(delivery.pk, now=moments[3])
    assert last is not None
    assert (last.status, last.attempts, last.next_attempt_at) == (DeliveryStatus.FAILED, 4, None)
    assert DBTaskResult.objects.count() == 4  # the first attempt and three retries, no more
    assert mail.outbox == []
    # Kept so that the business manager can try again; blanked once sent or given up.
    assert last.body.startswith("Someone wrote")
    # A stray task for a delivery already settled sends nothing.
    assert attempt_delivery(delivery.pk).status == DeliveryStatus.FAILED  # type: ignore[union-attr]


def test_with_a_backend_that_cannot_wait_the_retries_run_at_once_and_end_not_sent(
    cast, refusing_mail_server, mail_sent_now
):
    with mail_sent_now():
        delivery = _alert(cast.riverbank)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.FAILED, 4)


# The worker closes its database connection when it finishes, so outside a wrapping transaction.
@pytest.mark.django_db(transaction=True)
def test_the_worker_makes_the_first_attempt_and_leaves_the_retry_waiting(
    cast, refusing_mail_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        delivery = _alert(cast.riverbank)
    before = timezone.now()
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.QUEUED, 1)
    waiting = DBTaskResult.objects.get(status="READY")
    assert before + timedelta(seconds=50) < waiting.run_after < before + timedelta(minutes=2)


def _failed(partnership: Partnership) -> Delivery:
    delivery = _alert(partnership)
    Delivery.objects.filter(pk=delivery.pk).update(
        status=DeliveryStatus.FAILED,
        attempts=4,
        last_error=f"ConnectionRefusedError: {REFUSAL}",
        last_attempt_at=timezone.now(),
    )
    return delivery


def test_an_email_not_sent_is_on_the_business_managers_home_page_and_nobody_elses(cast, client_for):
    _failed(cast.riverbank)
    title = "E-mail not sent: safety alert to contact@example.org"
    manager = client_for(cast.manager).get("/p/riverbank/").content.decode()
    assert title in manager
    assert "/p/riverbank/email/" in manager
    for someone in (cast.scrutineer, cast.chair, cast.viewer, cast.lead_partner):
        assert title not in client_for(someone).get("/p/riverbank/").content.decode()
    # Hillcrest's business manager, in their own partnership.
    assert title not in client_for(cast.outsider).get("/p/hillcrest/").content.decode()


def test_the_deliveries_page_shows_what_went_wrong_to_the_business_manager_only(cast, client_for):
    _failed(cast.riverbank)
    page = client_for(cast.manager).get("/p/riverbank/email/")
    text = page.content.decode()
    assert page.status_code == 200
    assert "contact@example.org" in text
    assert REFUSAL in text
    assert "Try again" in text
    # The words of the e-mail are never shown, even while they are kept.
    assert "a child" not in text
    assert client_for(cast.scrutineer).get("/p/riverbank/email/").status_code == 403
    assert client_for(cast.outsider).get("/p/riverbank/email/").status_code == 404
    assert "contact@example.org" not in client_for(cast.outsider).get("/p/hillcrest/email/").content.decode()


def test_trying_again_sends_it_and_takes_it_off_the_home_page(cast, client_for, mail_sent_now):
    delivery = _failed(cast.riverbank)
    manager = client_for(cast.manager)
    with mail_sent_now():
        response = manager.post(f"/p/riverbank/email/{delivery.pk}/try-again/")
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [["contact@example.org"]]
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.body) == (DeliveryStatus.SENT, 5, "")
    assert "E-mail not sent" not in manager.get("/p/riverbank/").content.decode()


def test_trying_again_while_the_server_still_refuses_is_one_attempt_and_says_not_sent(
    cast, client_for, mail_sent_now, refusing_mail_server
):
    delivery = _failed(cast.riverbank)
    with mail_sent_now():
        client_for(cast.manager).post(f"/p/riverbank/email/{delivery.pk}/try-again/")
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.FAILED, 5)


def test_giving_up_forgets_the_words_and_takes_it_off_the_home_page(cast, client_for):
    delivery = _failed(cast.riverbank)
    manager = client_for(cast.manager)
    manager.post(f"/p/riverbank/email/{delivery.pk}/give-up/")
    delivery.refresh_from_db()
    assert (delivery.status, delivery.body, delivery.link) == (DeliveryStatus.CANCELLED, "", "")
    assert "E-mail not sent" not in manager.get("/p/riverbank/").content.decode()
    # Only a delivery not sent can be tried again.
    page = manager.post(f"/p/riverbank/email/{delivery.pk}/try-again/", follow=True).content.decode()
    assert "Only an e-mail that was not sent can be tried again; this one is given up." in page


def test_a_daily_reminder_covering_two_partnerships_shows_to_both_business_managers(cast):
    send_email(
        partnership=[cast.riverbank, cast.hillcrest], to=["x@example.org"], subject="Due", body="b", kind="digest"
    )
    delivery = Delivery.objects.get()
    assert set(delivery.partnerships.all()) == {cast.riverbank, cast.hillcrest}
    assert delivery.kind_label == "Daily reminder"


def test_email_left_waiting_because_no_worker_runs_is_on_the_business_managers_home_page(cast, client_for):
    waiting = _alert(cast.riverbank)
    manager = client_for(cast.manager)
    assert "waiting to be sent" not in manager.get("/p/riverbank/").content.decode()
    Delivery.objects.filter(pk=waiting.pk).update(queued_at=timezone.now() - timedelta(hours=2))
    page = manager.get("/p/riverbank/").content.decode()
    assert "1 e-mail waiting to be sent for over an hour" in page
    assert "waiting to be sent" not in client_for(cast.scrutineer).get("/p/riverbank/").content.decode()
    # One with a retry still to come is not stuck.
    Delivery.objects.filter(pk=waiting.pk).update(next_attempt_at=timezone.now() + timedelta(minutes=5))
    assert "waiting to be sent" not in manager.get("/p/riverbank/").content.decode()
