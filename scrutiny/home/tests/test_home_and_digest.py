"""Where people land, what is due for them, and the daily reminder digest."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.utils import timezone

from scrutiny.accounts.models import Invitation
from scrutiny.figures.registry import DueItem, due_for, register_due_provider
from scrutiny.home.digest import digests_send
from scrutiny.home.models import DigestSent, ScheduledRun
from scrutiny.home.schedule import enqueue_due_runs
from scrutiny.mail.models import Delivery
from scrutiny.partnerships.access import seat_for
from scrutiny.partnerships.roles import Role

pytestmark = pytest.mark.django_db


def test_the_business_manager_sees_invitations_waiting_and_lapsed(cast, client_for):
    page = client_for(cast.manager).get("/p/riverbank/").content.decode()
    assert "Overdue" in page
    assert "Invitation to late.viewer.riverbank@demo.example.org has lapsed" in page
    assert "Invitation to new.viewer.riverbank@demo.example.org not yet accepted" in page


def test_a_viewer_sees_an_explained_empty_state(cast, client_for):
    page = client_for(cast.viewer).get("/p/riverbank/").content.decode()
    assert "Nothing is due for you" in page
    assert "Invitation to" not in page


def test_a_person_in_two_partnerships_chooses_between_them(cast, client_for):
    page = client_for(cast.scrutineer).get("/").content.decode()
    assert cast.riverbank.name in page
    assert cast.hillcrest.name.replace("'", "&#x27;") in page


def test_a_person_in_one_partnership_goes_straight_to_it(cast, client_for):
    assert client_for(cast.viewer).get("/")["Location"] == "/p/riverbank/"


def test_rooms_built_later_add_due_items_through_the_registry(cast):
    def provider(seat, today):
        if seat.has_role(Role.SCRUTINEER):
            yield DueItem(
                title="Rapid review due",
                due=today + timedelta(days=2),
                url="/x/",
                room="reviews",
                clock_rule="rapid-review",
            )

    register_due_provider("test-reviews", provider)
    try:
        today = timezone.localdate()
        scrutineer_seat = seat_for(cast.scrutineer, cast.riverbank)
        viewer_seat = seat_for(cast.viewer, cast.riverbank)
        assert scrutineer_seat is not None
        assert viewer_seat is not None
        scrutineer = due_for(scrutineer_seat, today)
        viewer = due_for(viewer_seat, today)
        assert [i.title for i in scrutineer.due_soon] == ["Rapid review due"]
        assert viewer.due_soon == []
    finally:
        from scrutiny.figures import registry

        registry._due_providers.pop("test-reviews")


def test_the_digest_goes_once_a_day_to_those_with_something_due(cast, mail_sent_now):
    today = timezone.localdate()
    with mail_sent_now():
        assert digests_send(today) == 2  # the two business managers, each with invitations
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == [cast.outsider.email, cast.manager.email]
    assert "late.viewer.riverbank@demo.example.org" in next(m for m in mail.outbox if m.to == [cast.manager.email]).body
    # Running again the same day sends nothing more.
    with mail_sent_now():
        assert digests_send(today) == 0
    assert len(mail.outbox) == 2
    assert DigestSent.objects.filter(day=today).count() == 2


def test_a_person_who_turned_the_digest_off_gets_none(cast, mail_sent_now):
    cast.manager.receives_daily_digest = False
    cast.manager.save()
    with mail_sent_now():
        digests_send(timezone.localdate())
    assert [m.to for m in mail.outbox] == [[cast.outsider.email]]


def test_nobody_is_emailed_when_nothing_is_due(cast, mail_sent_now):
    Invitation.objects.all().delete()
    with mail_sent_now():
        assert digests_send(timezone.localdate()) == 0
    assert mail.outbox == []
    assert not Delivery.objects.exists()


def test_the_schedule_enqueues_the_digest_once_a_day_after_seven(cast, settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    london = ZoneInfo("Europe/London")
    night = datetime(2026, 11, 26, 1, 59, tzinfo=london)
    early = datetime(2026, 11, 26, 6, 59, tzinfo=london)
    later = datetime(2026, 11, 26, 7, 1, tzinfo=london)
    assert enqueue_due_runs(night) == []
    assert enqueue_due_runs(early) == ["voice-retention"]
    assert enqueue_due_runs(later) == ["daily-digest"]
    assert enqueue_due_runs(later) == []
    assert {run.day for run in ScheduledRun.objects.all()} == {date(2026, 11, 26)}


# The worker closes its database connection when it finishes, as a long-running process should,
# so this test runs outside a wrapping transaction.
@pytest.mark.django_db(transaction=True)
def test_the_digest_task_runs_on_the_database_worker(cast, django_capture_on_commit_callbacks):
    from django.core.management import call_command
    from django_tasks_db.models import DBTaskResult

    from scrutiny.home.tasks import send_daily_digests

    with django_capture_on_commit_callbacks(execute=True):
        send_daily_digests.enqueue(timezone.localdate().isoformat())
    assert DBTaskResult.objects.count() == 1
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    # The digest task, then the two e-mails it queued, each sent by the same worker.
    results = DBTaskResult.objects.order_by("enqueued_at")
    assert [r.task_path for r in results] == ["scrutiny.home.tasks.send_daily_digests"] + [
        "scrutiny.mail.sending.deliver"
    ] * 2
    assert all(r.status == "SUCCESSFUL" for r in results), [r.traceback for r in results]
    assert len(mail.outbox) == 2
    assert set(Delivery.objects.values_list("status", flat=True)) == {"sent"}
