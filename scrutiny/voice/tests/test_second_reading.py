"""The safety route's second reading (``learned.py``): the shipped model reads as it was trained,
flags what the vocabulary did not name and says why, and clears a shipped match only when all but
certain, never the partnership's own words nor a "no" to "do you feel safe?"."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client

from scrutiny.voice import learned
from scrutiny.voice.matching import read
from scrutiny.voice.models import Feedback, SafetyTerm
from scrutiny.voice.reading import CLEARED, FOUND_BY_MODEL, flagged, read_message
from scrutiny.voice.vocabulary import match, shipped

pytestmark = pytest.mark.django_db

FORM = "/feedback/riverbank/young-people/"


@pytest.fixture(autouse=True)
def fresh_limits() -> None:
    cache.clear()


def test_the_product_reads_the_model_exactly_as_training_scored_it():
    model = learned.shipped()
    assert model.checks, "the training script writes messages to check the product's reading by"
    for text, trained in model.checks:
        assert model.score(read(text, shipped().lexicon))[0] == pytest.approx(trained, abs=1e-6), text


def test_the_model_was_trained_on_the_vocabulary_version_it_reads_with():
    # The features come from the vocabulary's reader (its spellings and corrections): a new
    # vocabulary version needs the model retrained (bench/safety_train.py).
    assert learned.shipped().vocabulary_version == shipped().version


def test_the_model_clears_only_far_below_its_threshold():
    model = learned.shipped()
    assert 0 < model.clears_below <= 0.05 < model.threshold


# Said in ways no vocabulary entry names (the test also proves that), each flagged by the model.
UNNAMED = [
    ("i wake up and hes in my bed", "sexual_abuse"),
    ("i have a plan and a date i just havent told anyone", "suicide"),
]


@pytest.mark.parametrize(("text", "category"), UNNAMED)
def test_the_model_flags_what_the_vocabulary_does_not_name_and_shows_its_words(text, category):
    assert not match(text)
    [found] = read_message(text)
    assert found["found_by"] == FOUND_BY_MODEL
    assert found["category"] == category
    # The words that weighed most, as written, so the reader sees why.
    assert found["words"]
    assert all(word in text for word in found["words"].split(" … "))


@pytest.mark.parametrize(
    "text",
    [
        "I'm not going to kill myself",
        "I don't self-harm any more",
        "i dont want to be alive anymore",
        "im not sucidal i just wanna kil myself lol",
        "no one would miss me",
        "I wish I wasn't here",
        "I don't feel safe at home",
    ],
)
def test_negation_and_a_light_tone_never_clear_a_risk(text):
    assert flagged(text)


@pytest.mark.parametrize(
    "text",
    ["I killed it in my exams", "nearly died laughing", "I feel safe with my carers", "he hit his target"],
)
def test_risky_looking_everyday_words_are_not_flagged(text):
    assert not flagged(text)


def test_a_cleared_match_is_not_a_concern_but_stays_beside_the_message(cast, client_for, always_reading):
    text = "we had an assembly about sextortion at school and it was really useful"
    assert match(text)
    assert [f["found_by"] for f in read_message(text)] == [CLEARED]
    Client().post(FORM, {"what_is_good": text})
    feedback = Feedback.objects.get()
    assert not feedback.safety_flagged
    assert feedback.cleared_matches
    assert not feedback.matches
    page = client_for(cast.manager).get(f"/p/riverbank/voice/feedback/{feedback.pk}/").content.decode()
    assert "Words that can look like a risk" in page
    assert "sextortion" in page


def test_a_no_to_feeling_safe_is_a_concern_whatever_the_model_clears(cast, always_reading):
    Client().post(FORM, {"what_is_good": "we had an assembly about sextortion, really useful", "feels_safe": "no"})
    feedback = Feedback.objects.get()
    assert feedback.safety_flagged
    assert "do not feel safe" in feedback.safety_reasons


def test_the_partnerships_own_words_are_never_cleared(cast, always_reading):
    SafetyTerm.objects.create(partnership=cast.riverbank, phrase="blue flats", category="exploitation")
    Client().post(FORM, {"what_is_good": "we had an assembly about sextortion near the blue flats, it was useful"})
    feedback = Feedback.objects.get()
    assert feedback.safety_flagged
    assert {m["found_by"] for m in feedback.matches} == {"vocabulary"}
    # Another partnership's words are not Riverbank's: Hillcrest's page clears the same message.
    Client().post(
        "/feedback/hillcrest/young-people/",
        {"what_is_good": "we had an assembly about sextortion near the blue flats, it was useful"},
    )
    assert not Feedback.objects.get(partnership=cast.hillcrest).safety_flagged


def test_a_flag_from_the_model_reaches_staff_with_its_reason(cast, client_for, always_reading):
    Client().post(FORM, {"what_could_be_better": UNNAMED[0][0]})
    feedback = Feedback.objects.get()
    assert feedback.safety_flagged
    assert "sexual abuse" in feedback.safety_reasons
    page = client_for(cast.manager).get(f"/p/riverbank/voice/feedback/{feedback.pk}/").content.decode()
    assert "Found by the second reading" in page


def test_trying_a_message_shows_the_second_readings_flag_and_what_it_clears(cast, client_for):
    scrutineer = client_for(cast.scrutineer)
    page = scrutineer.get("/p/riverbank/voice/safety-words/", {"try": UNNAMED[0][0]}).content.decode()
    assert "This would be flagged" in page
    assert "(second reading)" in page
    page = scrutineer.get(
        "/p/riverbank/voice/safety-words/", {"try": "we had an assembly about sextortion, really useful"}
    ).content.decode()
    assert "This would not be flagged" in page
    assert not Feedback.objects.exists()
