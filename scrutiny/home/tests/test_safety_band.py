"""The home room's part in the safety route: open concerns lead the digest, and the scheduler's
frequent check escalates a concern nobody acknowledged (once, however often it runs)."""

from __future__ import annotations

from datetime import time, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from scrutiny.home.digest import digest_send_to
from scrutiny.home.schedule import run_frequent_checks
from scrutiny.voice.alerts import start_clock
from scrutiny.voice.models import Feedback, ReadingDays, VoiceSettings

pytestmark = pytest.mark.django_db


@pytest.fixture
def concern(cast) -> Feedback:
    voice = VoiceSettings.of(cast.riverbank)
    voice.reading_days, voice.reading_starts, voice.reading_ends = ReadingDays.EVERY_DAY, time(0), time(23, 59, 59)
    voice.save()
    feedback = Feedback(
        partnership=cast.riverbank,
        audience="child",
        feels_safe="no",
        safety_flagged=True,
        safety_reasons="says they do not feel safe",
    )
    start_clock(feedback)
    feedback.save()
    return feedback


def test_an_open_concern_leads_the_digest_as_needing_someone_now(cast, concern, mail_sent_now):
    with mail_sent_now():
        assert digest_send_to(cast.scrutineer, timezone.localdate())
    body = mail.outbox[0].body
    assert body.index("NEEDS SOMEONE NOW") < body.index(f"Safety concern: {concern}")


def test_the_schedulers_frequent_check_escalates_an_unacknowledged_concern_once(cast, concern, mail_sent_now):
    later = concern.received_at + timedelta(minutes=61)
    with mail_sent_now():
        assert run_frequent_checks(concern.received_at)["safety-concern-escalation"] == 0
        assert run_frequent_checks(later)["safety-concern-escalation"] == 1
        assert run_frequent_checks(later)["safety-concern-escalation"] == 0
    assert [m.to for m in mail.outbox] == [[cast.manager.email]]
