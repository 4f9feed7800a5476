"""Consultations (answered on a public page, results with small numbers suppressed) and the young
scrutineers' panel (questions to the partners and their answers)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from scrutiny.partnerships.models import Agency
from scrutiny.voice.consulting import results
from scrutiny.voice.models import Consultation, ConsultationQuestion, ConsultationResponse, PanelQuestion, PanelSession

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_limits() -> None:
    cache.clear()


@pytest.fixture
def consultation(cast) -> Consultation:
    today = timezone.localdate()
    made = Consultation.objects.create(
        partnership=cast.riverbank,
        title="Your say on child protection meetings",
        introduction="What are meetings about you like?",
        audience="young_person",
        opens_on=today - timedelta(days=5),
        closes_on=today + timedelta(days=20),
    )
    ConsultationQuestion.objects.create(
        consultation=made, order=1, text="Were you asked what you wanted?", kind="choice", choices="Yes\nNo\nSometimes"
    )
    ConsultationQuestion.objects.create(consultation=made, order=2, text="How did the meeting feel?", kind="scale")
    ConsultationQuestion.objects.create(consultation=made, order=3, text="What would make it better?", kind="text")
    return made


def _answer(consultation: Consultation, client: Client | None = None, **values: str) -> Any:
    questions = list(consultation.questions.all())
    data = {f"q{questions[int(k[1:]) - 1].pk}": v for k, v in values.items()}
    return (client or Client(REMOTE_ADDR=f"198.51.100.{ConsultationResponse.objects.count() + 1}")).post(
        f"/feedback/riverbank/consultations/{consultation.pk}/", data
    )


def test_a_young_person_answers_a_consultation_without_an_account(cast, consultation):
    page = Client().get(f"/feedback/riverbank/consultations/{consultation.pk}/").content.decode()
    assert "Were you asked what you wanted?" in page
    response = _answer(consultation, q1="Yes", q2="4", q3="Shorter meetings")
    assert "Thank you" in response.content.decode()
    answers = {a.question.kind: a for a in ConsultationResponse.objects.get().answers.all()}
    assert (answers["choice"].choice, answers["scale"].scale, answers["text"].text) == ("Yes", 4, "Shorter meetings")


def test_an_empty_or_scripted_answer_is_refused_kindly_and_nothing_is_saved(cast, consultation):
    assert "Please answer at least one question" in _answer(consultation).content.decode()
    assert "Please write in plain words" in _answer(consultation, q3="<img src=x onerror=alert(1)>").content.decode()
    assert not ConsultationResponse.objects.exists()


def test_a_closed_consultation_takes_no_answers(cast, consultation):
    consultation.closes_on = timezone.localdate() - timedelta(days=1)
    consultation.save()
    page = _answer(consultation, q1="Yes").content.decode()
    assert "not open at the moment" in page
    assert not ConsultationResponse.objects.exists()


def test_results_suppress_small_numbers_and_only_submission_readers_see_the_words(cast, client_for, consultation):
    for _ in range(7):
        _answer(consultation, q1="Yes", q3="Shorter meetings")
    for _ in range(6):
        _answer(consultation, q1="Sometimes")
    for _ in range(2):
        _answer(consultation, q1="No")
    _total, rows = results(consultation)
    choice = rows[0]
    assert choice.published["Yes"].text == "7"
    assert choice.published["No"].text == "c"
    # With the total published, the next smallest is withheld too, so 2 cannot be worked out.
    assert choice.published["Sometimes"].text == "c"
    assert choice.counts["No"] == 2
    page = client_for(cast.viewer).get(f"/p/riverbank/voice/consultations/{consultation.pk}/").content.decode()
    assert "Shorter meetings" not in page
    assert ">c<" in page
    manager_page = client_for(cast.manager).get(f"/p/riverbank/voice/consultations/{consultation.pk}/").content.decode()
    assert "Shorter meetings" in manager_page
    # Once answered, the questions cannot change.
    assert (
        client_for(cast.manager).get(f"/p/riverbank/voice/consultations/{consultation.pk}/questions/add/").status_code
        == 403
    )


def test_a_choice_question_needs_two_choices(cast, client_for):
    today = timezone.localdate()
    made = Consultation.objects.create(
        partnership=cast.riverbank, title="T", introduction="I", audience="child", opens_on=today, closes_on=today
    )
    page = (
        client_for(cast.manager)
        .post(
            f"/p/riverbank/voice/consultations/{made.pk}/questions/add/",
            {"text": "Pick", "kind": "choice", "choices": "A"},
        )
        .content.decode()
    )
    assert "Give at least two choices" in page
    assert not made.questions.exists()


def test_the_panels_questions_are_answered_by_the_agency_asked_and_no_other(cast, client_for):
    session = PanelSession.objects.create(
        partnership=cast.riverbank, held_on=timezone.localdate(), topic="Going missing from school", young_people=8
    )
    school = Agency.objects.get(name="Oakfield Academies Trust (demo)")
    police = Agency.objects.get(name="Capital Police South Area (demo)")
    to_school = PanelQuestion.objects.create(session=session, question="Who do we tell?", addressed_to=school)
    to_police = PanelQuestion.objects.create(session=session, question="Why were we stopped?", addressed_to=police)
    base = f"/p/riverbank/voice/panel/{session.pk}/questions"
    contributor = client_for(cast.contributor)
    assert contributor.get(f"/p/riverbank/voice/panel/{session.pk}/").status_code == 403  # not partnership-wide
    contributor.post(f"{base}/{to_school.pk}/answer/", {"answer": "Any adult you trust"})
    assert contributor.post(f"{base}/{to_police.pk}/answer/", {"answer": "x"}).status_code == 403
    client_for(cast.police_dsp).post(
        f"{base}/{to_police.pk}/answer/", {"answer": "We will explain at the next session"}
    )
    to_school.refresh_from_db()
    to_police.refresh_from_db()
    assert (to_school.answered_by, to_police.answered_by) == (cast.contributor, cast.police_dsp)
    assert client_for(cast.outsider).get(f"/p/hillcrest/voice/panel/{session.pk}/").status_code == 404


def test_a_written_answer_that_suggests_harm_goes_through_the_safety_route(
    cast, consultation, mail_sent_now, always_reading
):
    from django.core import mail

    from scrutiny.voice.models import Feedback

    with mail_sent_now():
        page = _answer(
            consultation, q1="No", q3="nobody listens and my dad beats me after the meetings"
        ).content.decode()
    assert "You told us something that worries us" in page
    concern = Feedback.objects.get()
    assert concern.safety_flagged
    assert concern.matches[0]["category"] == "physical_abuse"
    assert "Your say on child protection meetings" in concern.what_could_be_better
    assert [m.to for m in mail.outbox] == [[cast.manager.email]]
    # An ordinary answer stays in the consultation only.
    _answer(consultation, q1="Yes", q3="Shorter meetings please")
    assert Feedback.objects.count() == 1
    assert ConsultationResponse.objects.count() == 2
