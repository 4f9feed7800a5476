"""The voice room: feedback from the public pages with no account, the safety route that never
waits, kind refusals of bad input and floods, who reads what, "you said, we did", retention."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from scrutiny.figures.provided import figures_for
from scrutiny.frameworks.models import Theme
from scrutiny.partnerships.models import reporting_year_starting
from scrutiny.voice.models import DesignatedContact, Feedback, ThemeResponse, VoiceSettings
from scrutiny.voice.retention import purge_expired

pytestmark = pytest.mark.django_db

FORM = "/feedback/riverbank/children/"


@pytest.fixture(autouse=True)
def fresh_limits() -> None:
    cache.clear()


def _send(client: Client, **fields: str) -> Any:
    return client.post(FORM, fields)


def test_a_child_tells_us_what_they_think_without_an_account(cast):
    page = Client().get(FORM).content.decode()
    assert "What is good?" in page
    assert "You do not have to give your name" in page
    response = _send(Client(), feeling="4", what_is_good="My worker listens")
    assert "Thank you" in response.content.decode()
    feedback = Feedback.objects.get()
    assert (feedback.audience, feedback.feeling, feedback.contact, feedback.safety_flagged) == ("child", 4, "", False)
    assert not any("addr" in field.name or field.name == "ip" for field in Feedback._meta.get_fields())


def test_saying_they_do_not_feel_safe_shows_help_now_and_alerts_the_contacts_at_once(
    cast, client_for, mail_sent_now, always_reading
):
    DesignatedContact.objects.create(partnership=cast.riverbank, person=cast.health_dsp)
    settings = VoiceSettings.of(cast.riverbank)
    settings.front_door_phone = "020 7946 0000"
    settings.save()
    with mail_sent_now():
        with_help = _send(Client(), feels_safe="no", what_could_be_better="Nothing").content.decode()
    assert "999" in with_help
    assert "0800 1111" in with_help
    assert "020 7946 0000" in with_help
    assert "A person will read your message by" in with_help
    feedback = Feedback.objects.get()
    assert feedback.safety_flagged
    assert feedback.safety_alerted_at is not None
    assert [m.to for m in mail.outbox] == [[cast.health_dsp.email]]
    assert "says they do not feel safe" in mail.outbox[0].body
    home = client_for(cast.health_dsp).get("/p/riverbank/").content.decode()
    assert "Needs someone now" in home
    assert f"Safety concern: {feedback}" in home
    # It stays flagged until a named person records what was done.
    contact = client_for(cast.health_dsp)
    assert contact.post(f"/p/riverbank/voice/feedback/{feedback.pk}/close/", {"safety_action": " "}).status_code == 200
    feedback.refresh_from_db()
    assert feedback.concern_open
    contact.post(f"/p/riverbank/voice/feedback/{feedback.pk}/close/", {"safety_action": "Called the front door"})
    feedback = Feedback.objects.get(pk=feedback.pk)
    assert not feedback.concern_open
    assert feedback.safety_closed_by == cast.health_dsp
    assert "Needs someone now" not in client_for(cast.health_dsp).get("/p/riverbank/").content.decode()


def test_words_that_suggest_harm_are_a_concern_even_without_the_question(cast, mail_sent_now):
    with mail_sent_now():
        _send(Client(), what_could_be_better="My dad hits me when he is angry")
    feedback = Feedback.objects.get()
    assert feedback.safety_flagged
    assert "physical abuse" in feedback.safety_reasons
    assert {
        "category": "physical_abuse",
        "label": "Physical abuse",
        "words": "hits me",
        "found_by": "vocabulary",
    } in feedback.matches
    assert feedback.safety_categories.split(",")[0] == "physical_abuse"
    # With no designated contact, the business manager is told.
    assert [m.to for m in mail.outbox] == [[cast.manager.email]]


def test_help_now_is_on_the_form_itself_and_the_vocabulary_is_not_handed_to_the_public(cast):
    settings = VoiceSettings.of(cast.riverbank)
    settings.out_of_hours_phone = "020 7946 0999"
    settings.save()
    page = Client().get(FORM).content.decode()
    assert 'id="safety-help" hidden' not in page
    form_at = page.index("<form")
    assert page.index("0800 1111") < form_at
    assert page.index("020 7946 0999") < form_at
    assert "We read messages Monday to Friday, not bank holidays, 9am to 5pm" in page
    assert "safety-phrases" not in page
    assert "kill myself" not in page


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({}, "Please tell us something before you send"),
        ({"what_is_good": "x" * 3001}, "Please use 3000 characters or fewer"),
        ({"what_is_good": "<script>alert(1)</script> hello"}, "Please write in plain words"),
        ({"what_is_good": "fine", "consent_to_contact": "on"}, "Tell us how to contact you"),
    ],
)
def test_bad_input_gets_a_kind_message_keeps_the_words_and_saves_nothing(cast, fields, message):
    response = _send(Client(), **fields)
    page = response.content.decode()
    assert message in page
    if fields.get("what_is_good", "").startswith("<script>"):
        assert "&lt;script&gt;alert(1)&lt;/script&gt; hello" in page
    assert not Feedback.objects.exists()


def test_a_robot_filling_the_hidden_field_is_thanked_and_nothing_is_saved(cast):
    assert "Thank you" in _send(Client(), what_is_good="Buy now", website="spam.example").content.decode()
    assert not Feedback.objects.exists()


def test_a_flood_from_one_sender_is_refused_kindly_after_the_hourly_limit(cast, settings):
    settings.SCRUTINY_VOICE_PER_HOUR = 2
    client = Client()
    for _ in range(2):
        _send(client, what_is_good="Good")
    refused = _send(client, what_is_good="Again")
    assert refused.status_code == 429
    assert "Please wait a while and try again" in refused.content.decode()
    assert Feedback.objects.count() == 2
    # Someone else is not held up.
    assert _send(Client(REMOTE_ADDR="203.0.113.9"), what_is_good="Me too").status_code == 200


def test_the_pages_are_ready_for_welsh(cast):
    page = Client().get("/feedback/riverbank/?lang=cy").content.decode()
    assert '<html lang="cy"' in page
    assert "English" in page
    assert Client().get("/feedback/nowhere/").status_code == 404
    assert Client().get("/feedback/riverbank/adults/").status_code == 404


def test_who_reads_submissions_and_who_does_not(cast, client_for):
    _send(Client(), what_is_good="Fine")
    feedback = Feedback.objects.get()
    url = f"/p/riverbank/voice/feedback/{feedback.pk}/"
    assert client_for(cast.manager).get(url).status_code == 200
    assert client_for(cast.scrutineer).get(url).status_code == 200
    assert client_for(cast.viewer).get(url).status_code == 403
    assert client_for(cast.viewer).get("/p/riverbank/voice/").status_code == 200
    assert client_for(cast.contributor).get("/p/riverbank/voice/").status_code == 403
    assert client_for(cast.outsider).get(url).status_code == 404
    assert client_for(cast.outsider).get(f"/p/hillcrest/voice/feedback/{feedback.pk}/").status_code == 404
    DesignatedContact.objects.create(partnership=cast.riverbank, person=cast.lead_partner)
    assert client_for(cast.lead_partner).get(url).status_code == 200


def test_you_said_we_did_is_published_only_with_what_changed(cast, client_for):
    theme = Theme.objects.filter(partnership__isnull=True).order_by("code")[0]
    manager = client_for(cast.manager)
    page = manager.post(
        "/p/riverbank/voice/themes/add/", {"theme": theme.pk, "you_said": "Workers change too often", "published": "on"}
    ).content.decode()
    assert "Say what changed before publishing" in page
    manager.post(
        "/p/riverbank/voice/themes/add/",
        {
            "theme": theme.pk,
            "you_said": "Workers change too often",
            "we_did": "Each child keeps one worker for a year",
            "published": "on",
        },
    )
    response = ThemeResponse.objects.get()
    public = Client().get("/feedback/riverbank/you-said-we-did/").content.decode()
    assert "Each child keeps one worker for a year" in public
    assert "Each child keeps" not in Client().get("/feedback/hillcrest/you-said-we-did/").content.decode()
    from scrutiny.actions.models import Action
    from scrutiny.partnerships.models import Agency

    council = Agency.objects.get(name="Riverbank Borough Council (demo)")
    manager.post(
        f"/p/riverbank/voice/themes/{response.pk}/actions/add/",
        {
            "title": "Fewer changes of worker",
            "owner_agency": council.pk,
            "due_date": (timezone.localdate() + timedelta(days=90)).isoformat(),
        },
    )
    action = Action.objects.get(title="Fewer changes of worker")
    assert action.source_room == "voice"
    assert theme in action.themes.all()


def test_after_the_retention_period_only_counts_remain_and_open_concerns_are_kept(cast):
    old = timezone.now() - timedelta(days=800)
    Feedback.objects.create(
        partnership=cast.riverbank, audience="child", feeling=2, what_is_good="Old words", received_at=old
    )
    Feedback.objects.create(
        partnership=cast.riverbank,
        audience="child",
        what_is_good="Unsafe words",
        received_at=old,
        safety_flagged=True,
        safety_reasons="says they do not feel safe",
    )
    closed = Feedback.objects.create(
        partnership=cast.riverbank,
        audience="child",
        what_is_good="im scared of my stepdad",
        received_at=old,
        safety_flagged=True,
        safety_reasons="words that suggest emotional abuse",
        safety_categories="emotional_abuse",
        safety_matches=[{"category": "emotional_abuse", "label": "Emotional abuse", "words": "scared of my stepdad"}],
        safety_closed_at=old + timedelta(hours=2),
        safety_action="Told the front door",
    )
    voice = VoiceSettings.of(cast.riverbank)
    voice.safety_retention_days = 365
    voice.save()
    done = purge_expired(timezone.localdate())
    assert done["feedback"] == 1
    assert done["safety concerns"] == 1
    closed.refresh_from_db()
    assert (closed.what_is_good, closed.safety_matches, closed.safety_categories) == ("", [], "emotional_abuse")
    purged = Feedback.objects.get(feeling=2)
    assert (purged.what_is_good, purged.content_deleted_on) == ("", timezone.localdate())
    assert Feedback.objects.get(safety_flagged=True, safety_closed_at=None).what_is_good == "Unsafe words"
    assert not any("Old words" in str(row.__dict__) for row in Feedback.history.all())


def test_staff_list_submissions_through_the_api_and_the_assurance_room_sees_the_counts(cast, client_for):
    _send(Client(), what_is_good="Good")
    rows = client_for(cast.scrutineer).get("/api/v1/partnerships/riverbank/voice/feedback").json()
    assert rows["count"] == 1
    assert rows["items"][0]["what_is_good"] == "Good"
    assert client_for(cast.viewer).get("/api/v1/partnerships/riverbank/voice/feedback").status_code == 403
    found = figures_for(cast.riverbank, reporting_year_starting(timezone.localdate()), ["founding-duties:D11"])
    assert found["founding-duties:D11"][0].value == "1; 0"


def test_every_string_the_public_sees_is_in_the_welsh_catalogue():
    from pathlib import Path

    catalogue = (Path(__file__).parents[1] / "locale" / "cy" / "LC_MESSAGES" / "django.po").read_text()
    for text in ["Tell us what you think", "Need help now?", "Do you feel safe?", "You said, we did", "Send"]:
        assert f'msgid "{text}"' in catalogue, text


def test_the_public_page_has_a_qr_code_for_posters(cast, client_for):
    response = client_for(cast.viewer).get("/p/riverbank/voice/qr.svg")
    assert response["Content-Type"] == "image/svg+xml"
    assert response.content.startswith(b"<svg")
    assert b"qr-path" in response.content
    assert client_for(cast.outsider).get("/p/riverbank/voice/qr.svg").status_code == 404
