"""The safety route never leaves a concern waiting unseen: reading hours the pages tell the truth
about, the out-of-hours contact, the "needs someone now" band, escalation when nobody acknowledges
(tested with a moved clock), the partnership's own safety words, and the figures it leaves."""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from scrutiny.figures.provided import figures_for
from scrutiny.partnerships.models import reporting_year_starting
from scrutiny.voice import alerts
from scrutiny.voice.models import (
    AlertKind,
    ConcernAlert,
    DesignatedContact,
    Feedback,
    ReadingDays,
    SafetyTerm,
    VoiceSettings,
)
from scrutiny.voice.reading_hours import add_reading_minutes, is_open, next_opening

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
FORM = "/feedback/riverbank/young-people/"


@pytest.fixture(autouse=True)
def fresh_limits() -> None:
    cache.clear()


def _at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 12, day, hour, minute, tzinfo=LONDON)


def _weekday_hours(cast) -> VoiceSettings:
    voice = VoiceSettings.of(cast.riverbank)
    voice.reading_days, voice.reading_starts, voice.reading_ends = ReadingDays.WORKING_DAYS, time(9), time(17)
    voice.acknowledge_within_minutes = 60
    return voice


def test_reading_hours_skip_weekends_and_bank_holidays(cast):
    voice = _weekday_hours(cast)
    assert is_open(voice, _at(24, 10))  # Thursday 24 December 2026
    assert not is_open(voice, _at(24, 17, 30))
    assert not is_open(voice, _at(28, 10))  # the substitute Boxing Day bank holiday
    # Christmas Eve after five: the next opening is Tuesday 29 December, past the holidays.
    assert next_opening(voice, _at(24, 17, 30)) == _at(29, 9)


def test_the_time_to_acknowledge_counts_reading_time_only(cast):
    voice = _weekday_hours(cast)
    assert add_reading_minutes(voice, _at(22, 10), 60) == _at(22, 11)
    # 30 minutes before closing: the other 30 minutes are counted from the next morning.
    assert add_reading_minutes(voice, _at(22, 16, 30), 60) == _at(23, 9, 30)
    # Sent on a Saturday: counted from Monday's opening.
    assert add_reading_minutes(voice, _at(19, 23), 60) == _at(21, 10)


def test_a_concern_sent_outside_reading_hours_says_so_and_alerts_the_out_of_hours_contact_at_once(
    cast, django_capture_on_commit_callbacks
):
    voice = VoiceSettings.of(cast.riverbank)
    now = timezone.localtime()
    # A window of reading hours far from now, so now is outside it whenever the test runs.
    voice.reading_days = ReadingDays.EVERY_DAY
    voice.reading_starts, voice.reading_ends = (time(20), time(21)) if now.hour < 12 else (time(4), time(5))
    voice.out_of_hours_phone = "020 7946 0999"
    voice.out_of_hours_email = "edt@riverbank.example"
    voice.save()
    DesignatedContact.objects.create(partnership=cast.riverbank, person=cast.health_dsp, order=1)
    with django_capture_on_commit_callbacks(execute=True):
        page = Client().post(FORM, {"what_could_be_better": "i dont want to be alive anymore"}).content.decode()
    assert "Nobody is reading messages right now" in page
    for number in ("999", "0800 1111", "020 7946 0999"):
        assert number in page
    assert "We have also told the out-of-hours team" in page
    feedback = Feedback.objects.get()
    assert feedback.safety_flagged
    assert feedback.out_of_hours
    assert feedback.acknowledge_by is not None
    assert feedback.acknowledge_by > timezone.now()
    assert sorted(m.to[0] for m in mail.outbox) == sorted([cast.health_dsp.email, "edt@riverbank.example"])
    assert "dont want to be alive anymore" in mail.outbox[0].body
    assert {a.kind for a in feedback.alerts.all()} == {AlertKind.ARRIVAL, AlertKind.OUT_OF_HOURS}


def _concern(cast, *, at: datetime | None = None) -> Feedback:
    feedback = Feedback(
        partnership=cast.riverbank,
        audience="young_person",
        what_could_be_better="my stepdad hurts me",
        safety_flagged=True,
        safety_reasons="words that suggest physical abuse",
        received_at=at or timezone.now(),
    )
    alerts.start_clock(feedback)
    feedback.save()
    return feedback


def test_a_concern_nobody_acknowledges_is_escalated_to_the_next_contact_and_the_business_manager_once(
    cast, always_reading
):
    DesignatedContact.objects.create(partnership=cast.riverbank, person=cast.health_dsp, order=1)
    DesignatedContact.objects.create(partnership=cast.riverbank, person=cast.lead_partner, order=2)
    feedback = _concern(cast)
    assert alerts.escalate_due(feedback.received_at + timedelta(minutes=59)) == 0
    later = feedback.received_at + timedelta(minutes=61)
    assert alerts.escalate_due(later) == 1
    assert sorted(m.to[0] for m in mail.outbox) == sorted([cast.lead_partner.email, cast.manager.email])
    assert "Nobody has acknowledged" in mail.outbox[0].body
    feedback.refresh_from_db()
    assert feedback.escalations == 1
    assert feedback.acknowledge_by == later + timedelta(minutes=60)
    escalation = ConcernAlert.objects.get(feedback=feedback, kind=AlertKind.ESCALATION)
    assert cast.lead_partner.email in escalation.recipients
    assert "Escalation 1" in feedback.history.first().history_change_reason
    # Running the check again, on this node or another, changes nothing.
    assert alerts.escalate_due(later) == 0
    assert len(mail.outbox) == 2


def test_two_schedulers_racing_on_the_same_concern_escalate_it_once(cast, always_reading):
    feedback = _concern(cast)
    later = feedback.received_at + timedelta(minutes=90)
    first, second = Feedback.objects.get(pk=feedback.pk), Feedback.objects.get(pk=feedback.pk)
    assert alerts.escalate(first, later) is True
    assert alerts.escalate(second, later) is False  # the other node's copy is stale: its alert exists
    assert ConcernAlert.objects.filter(feedback=feedback, kind=AlertKind.ESCALATION).count() == 1


def test_acknowledging_stops_escalation_and_the_figures_keep_the_times(cast, client_for, always_reading):
    DesignatedContact.objects.create(partnership=cast.riverbank, person=cast.health_dsp, order=1)
    feedback = _concern(cast)
    contact = client_for(cast.health_dsp)
    detail = f"/p/riverbank/voice/feedback/{feedback.pk}/"
    assert "I have read this and am dealing with it" in contact.get(detail).content.decode()
    contact.post(detail + "acknowledge/")
    feedback.refresh_from_db()
    assert feedback.acknowledged_by == cast.health_dsp
    assert alerts.escalate_due(feedback.received_at + timedelta(hours=3)) == 0
    # Acknowledging twice is refused with who did it first.
    again = contact.post(detail + "acknowledge/", follow=True).content.decode()
    assert "already acknowledged it" in again
    contact.post(detail + "close/", {"safety_action": "Rang the young person's social worker"})
    feedback.refresh_from_db()
    assert not feedback.concern_open
    found = figures_for(cast.riverbank, reporting_year_starting(timezone.localdate()), ["founding-duties:D11"])
    timeliness = [f for f in found["founding-duties:D11"] if "median time to acknowledge" in f.label]
    assert timeliness
    assert "to acknowledge" in timeliness[0].value
    # Someone who may not read submissions cannot acknowledge.
    other = _concern(cast)
    assert client_for(cast.viewer).post(f"/p/riverbank/voice/feedback/{other.pk}/acknowledge/").status_code == 403
    assert client_for(cast.outsider).post(f"/p/riverbank/voice/feedback/{other.pk}/acknowledge/").status_code == 404


def test_open_concerns_need_someone_now_on_the_home_page_of_those_who_act(cast, client_for, always_reading):
    DesignatedContact.objects.create(partnership=cast.riverbank, person=cast.health_dsp, order=1)
    feedback = _concern(cast)
    for person in (cast.health_dsp, cast.manager, cast.scrutineer):
        home = client_for(person).get("/p/riverbank/").content.decode()
        band = home.index("Needs someone now")
        assert band < home.index(f"Safety concern: {feedback}")
        assert "Not yet acknowledged" in home
    assert "Needs someone now" not in client_for(cast.viewer).get("/p/riverbank/").content.decode()


def test_the_link_in_an_alert_opens_the_concern(cast, client_for, django_capture_on_commit_callbacks, always_reading):
    DesignatedContact.objects.create(partnership=cast.riverbank, person=cast.health_dsp, order=1)
    with django_capture_on_commit_callbacks(execute=True):
        Client().post(FORM, {"feels_safe": "no"})
    link = re.search(r"https?://\S+", str(mail.outbox[0].body))
    assert link is not None
    assert link.group().startswith(django_settings.SITE_URL.rstrip("/"))
    path = link.group().removeprefix(django_settings.SITE_URL.rstrip("/"))
    page = client_for(cast.health_dsp).get(path).content.decode()
    assert "says they do not feel safe" in page


def test_the_partnership_adds_its_own_words_and_the_next_message_is_flagged(cast, client_for, always_reading):
    manager = client_for(cast.manager)
    Client().post(FORM, {"what_is_good": "i go round the blue flats most nights now"})
    assert not Feedback.objects.get().safety_flagged
    page = manager.post(
        "/p/riverbank/voice/safety-words/add/",
        {"phrase": "Blue flats", "category": "exploitation", "note": "Where older boys meet children locally"},
        follow=True,
    ).content.decode()
    assert "is added" in page
    Client().post(FORM, {"what_is_good": "me n my mate went 2 the blue flat again"})
    flagged = Feedback.objects.order_by("-received_at").first()
    assert flagged is not None
    assert flagged.safety_flagged
    assert flagged.matches[0]["category"] == "exploitation"
    # Hillcrest's page does not use Riverbank's words.
    term = SafetyTerm.objects.get()
    assert term.partnership == cast.riverbank


@pytest.mark.parametrize(
    ("phrase", "message"),
    [
        ("", "This field is required"),
        ("the and of", "too common on its own"),
        ("kill myself", "already read as a risk"),
        ("one two three four five six seven eight nine", "Use at most 8 words"),
    ],
)
def test_a_safety_word_that_cannot_help_is_refused_with_the_reason_and_kept_on_the_form(
    cast, client_for, phrase, message
):
    page = (
        client_for(cast.manager)
        .post("/p/riverbank/voice/safety-words/add/", {"phrase": phrase, "category": "suicide"})
        .content.decode()
    )
    assert message in page
    if phrase:
        assert f'value="{phrase}"' in page
    assert not SafetyTerm.objects.exists()


def test_who_may_change_the_safety_words(cast, client_for):
    url = "/p/riverbank/voice/safety-words/"
    assert client_for(cast.viewer).get(url).status_code == 200
    assert (
        client_for(cast.viewer).post(url + "add/", {"phrase": "ops", "category": "weapons_threats"}).status_code == 403
    )
    assert client_for(cast.contributor).get(url).status_code == 403
    assert client_for(cast.outsider).get(url).status_code == 404
    # A designated contact may, whatever their role.
    DesignatedContact.objects.create(partnership=cast.riverbank, person=cast.health_dsp, order=1)
    client_for(cast.health_dsp).post(url + "add/", {"phrase": "on the run", "category": "missing"})
    assert SafetyTerm.objects.filter(phrase="on the run", added_by=cast.health_dsp).exists()


def test_removing_a_shipped_entry_is_refused_and_removing_an_own_word_works(cast, client_for):
    manager = client_for(cast.manager)
    refused = manager.post(
        "/p/riverbank/voice/safety-words/remove/", {"entry": "suicide:(rope|noose|ligature)"}, follow=True
    ).content.decode()
    assert "The shipped vocabulary cannot be removed here" in refused
    term = SafetyTerm.objects.create(partnership=cast.riverbank, phrase="plugged", category="exploitation")
    manager.post("/p/riverbank/voice/safety-words/remove/", {"entry": f"local:{term.pk}"})
    assert not SafetyTerm.objects.exists()
    # Another partnership's word cannot be removed from here.
    theirs = SafetyTerm.objects.create(partnership=cast.hillcrest, phrase="plugged", category="exploitation")
    manager.post("/p/riverbank/voice/safety-words/remove/", {"entry": f"local:{theirs.pk}"})
    assert SafetyTerm.objects.filter(pk=theirs.pk).exists()


def test_trying_a_message_on_the_safety_words_page_saves_nothing(cast, client_for):
    page = client_for(cast.scrutineer).get("/p/riverbank/voice/safety-words/", {"try": "im gonna kms"}).content.decode()
    assert "This would be flagged" in page
    assert "Suicidal thoughts" in page
    assert not Feedback.objects.exists()
