"""Consultations: taking in an answer from the public page (checked as feedback is), and the
results, with small-number suppression on everything that may be published."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from scrutiny.figures import suppression
from scrutiny.voice.intake import check_text, save_with_safety_route
from scrutiny.voice.models import (
    Consultation,
    ConsultationAnswer,
    ConsultationQuestion,
    ConsultationResponse,
    Feedback,
    QuestionKind,
)
from scrutiny.voice.safety import assess


@dataclass(frozen=True)
class Submitted:
    response: ConsultationResponse
    #: The safety concern raised by what the person wrote, if it was one.
    concern: Feedback | None


@transaction.atomic
def response_submit(*, consultation: Consultation, answers: dict[ConsultationQuestion, Any]) -> Submitted:
    """Save one person's answers; every question is checked before anything is saved. Written
    answers go through the safety route like feedback: a concern becomes a flagged submission in
    the inbox (the consultation's answers stay anonymous and unchanged)."""
    if not consultation.is_open(timezone.localdate()):
        raise ValidationError(_("This consultation is closed, so we cannot take new answers. Thank you for trying."))
    errors: dict[str, str] = {}
    clean: dict[ConsultationQuestion, Any] = {}
    for question, value in answers.items():
        name = f"q{question.pk}"
        try:
            if question.kind == QuestionKind.TEXT:
                value = check_text(name, str(value or ""))
        except ValidationError as error:
            errors.update({k: v[0] for k, v in error.message_dict.items()})
            continue
        if question.required and value in (None, ""):
            errors[name] = _("Please answer this question.")
        clean[question] = value
    if errors:
        raise ValidationError(errors)
    if not any(value not in (None, "") for value in clean.values()):
        raise ValidationError(_("Please answer at least one question before you send."))
    response = ConsultationResponse.objects.create(consultation=consultation)
    ConsultationAnswer.objects.bulk_create(
        ConsultationAnswer(
            response=response,
            question=question,
            choice=str(value) if question.kind == QuestionKind.CHOICE else "",
            scale=int(value) if question.kind == QuestionKind.SCALE and value not in (None, "") else None,
            text=str(value) if question.kind == QuestionKind.TEXT else "",
        )
        for question, value in clean.items()
        if value not in (None, "")
    )
    written = {q: str(v) for q, v in clean.items() if q.kind == QuestionKind.TEXT and v}
    concern = assess(partnership=consultation.partnership, feels_safe="", texts=list(written.values()))
    if not concern:
        return Submitted(response, None)
    # A concern becomes a flagged submission in the inbox; ordinary answers live in the consultation alone.
    feedback = Feedback(
        partnership=consultation.partnership,
        audience=consultation.audience,
        what_could_be_better="\n\n".join(f"{consultation}: {q.text}\n{v}" for q, v in written.items()),
    )
    return Submitted(response, save_with_safety_route(feedback, concern))


@dataclass
class QuestionResult:
    question: ConsultationQuestion
    answered: int
    #: Choice or scale point, with its count as it may be published (1 to 5 shown as "c").
    published: dict[str, suppression.Shown]
    #: The same counts unsuppressed, for staff.
    counts: dict[str, int]
    texts: list[str]


def results(consultation: Consultation) -> tuple[int, list[QuestionResult]]:
    """How many responded, and per question the counts (true and as publishable) and the words."""
    responses = consultation.responses.count()
    answers = ConsultationAnswer.objects.filter(response__consultation=consultation)
    by_question: dict[int, list[ConsultationAnswer]] = {}
    for answer in answers:
        by_question.setdefault(answer.question_id, []).append(answer)
    out = []
    for question in consultation.questions.all():
        given = by_question.get(question.pk, [])
        if question.kind == QuestionKind.CHOICE:
            tally = Counter(a.choice for a in given)
            counts = {choice: tally.get(choice, 0) for choice in question.choice_list}
        elif question.kind == QuestionKind.SCALE:
            tally = Counter(str(a.scale) for a in given)
            counts = {str(point): tally.get(str(point), 0) for point in range(1, 6)}
        else:
            counts = {}
        out.append(
            QuestionResult(
                question=question,
                answered=len(given),
                published=suppression.table(counts) if counts else {},
                counts=counts,
                texts=[a.text for a in given if a.text],
            )
        )
    return responses, out
