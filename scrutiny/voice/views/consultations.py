"""Consultations and the young scrutineers' panel: the staff's pages, and the public page where a
consultation is answered."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation

from scrutiny.forms_govuk import errors_onto, form_page, saved_or_form_page
from scrutiny.partnerships.access import SeatedRequest, partnership_view, public_view
from scrutiny.partnerships.history import entries_for
from scrutiny.partnerships.models import Partnership
from scrutiny.partnerships.scoping import get_scoped_or_404
from scrutiny.voice import intake
from scrutiny.voice.access import reads_submissions
from scrutiny.voice.consulting import response_submit, results
from scrutiny.voice.forms import (
    ConsultationAnswerForm,
    ConsultationForm,
    PanelAnswerForm,
    PanelQuestionForm,
    PanelSessionForm,
    QuestionForm,
)
from scrutiny.voice.models import ROOM, Consultation, PanelQuestion, PanelSession
from scrutiny.voice.views.public import _language, _promise, _render


def _consultation(request: SeatedRequest, pk: int) -> Consultation:
    return get_scoped_or_404(Consultation.objects.all(), request.seat.partnership, pk=pk)


def _consultation_form(request: SeatedRequest, consultation: Consultation | None) -> HttpResponse:
    seat = request.seat
    form = ConsultationForm(request.POST or None, instance=consultation, partnership=seat.partnership)
    return saved_or_form_page(
        request,
        form,
        title=f"Change {consultation}" if consultation else "Start a consultation",
        caption="Voice of children and families",
        back=consultation.get_absolute_url()
        if consultation
        else reverse("voice_home", kwargs={"slug": seat.partnership.slug}),
        back_label="Back",
        button="Save",
        history=entries_for(consultation) if consultation else [],
    )


@partnership_view(ROOM, "manage")
def consultation_add(request: SeatedRequest) -> HttpResponse:
    return _consultation_form(request, None)


@partnership_view(ROOM, "manage")
def consultation_edit(request: SeatedRequest, pk: int) -> HttpResponse:
    return _consultation_form(request, _consultation(request, pk))


@partnership_view(ROOM, "view")
def consultation_detail(request: SeatedRequest, pk: int) -> HttpResponse:
    """The questions and the results: counts as they may be published (small numbers shown as c)
    for everyone; the true counts and people's own words for those who read submissions."""
    seat = request.seat
    consultation = _consultation(request, pk)
    responses, rows = results(consultation)
    return render(
        request,
        "voice/consultation_detail.html",
        {
            "consultation": consultation,
            "responses": responses,
            "rows": rows,
            "reads": reads_submissions(seat),
            "can_manage": seat.can(ROOM, "manage"),
            "open": consultation.is_open(timezone.localdate()),
            "public_url": request.build_absolute_uri(
                reverse("voice_consultation_public", kwargs={"slug": seat.partnership.slug, "pk": consultation.pk})
            ),
            "history": entries_for(consultation),
        },
    )


@partnership_view(ROOM, "manage")
def question_add(request: SeatedRequest, pk: int) -> HttpResponse:
    consultation = _consultation(request, pk)
    if consultation.responses.exists():
        raise PermissionDenied("People have already answered: the questions can no longer change.")
    form = QuestionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        question = form.save(commit=False)
        question.consultation = consultation
        question.order = consultation.questions.count() + 1
        question.save()
        messages.success(request, "Question added.")
        return redirect(consultation)
    return form_page(
        request,
        form,
        title="Add a question",
        caption=str(consultation),
        back=consultation.get_absolute_url(),
        back_label="Back to the consultation",
        button="Add question",
    )


@public_view
def consultation_public(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The public page of one consultation: its questions while it is open, a kind note when not."""
    partnership = get_object_or_404(Partnership, slug=slug)
    consultation = get_object_or_404(Consultation, partnership=partnership, pk=pk)
    questions = list(consultation.questions.all())
    is_open = consultation.is_open(timezone.localdate())
    with translation.override(_language(request)):
        form = ConsultationAnswerForm(request.POST if request.method == "POST" else None, questions=questions)
        limited = False
        if request.method == "POST" and is_open:
            if form.data.get("website"):
                return _render(request, "voice/public/thanks.html", partnership, {"concern": False})
            if intake.over_the_limit(request, partnership):
                limited = True
                form.add_error(
                    None,
                    translation.gettext(
                        "You have sent us a lot of answers in the last hour. Please wait a while and try again."
                    ),
                )
            elif form.is_valid():
                try:
                    submitted = response_submit(consultation=consultation, answers=form.answers())
                    concern = _promise(submitted.concern) if submitted.concern else None
                    return _render(request, "voice/public/thanks.html", partnership, {"concern": concern})
                except ValidationError as error:
                    errors_onto(form, error)
    return _render(
        request,
        "voice/public/consultation.html",
        partnership,
        {"consultation": consultation, "form": form, "open": is_open},
        status=429 if limited else 200,
    )


# --- the young scrutineers' panel -----------------------------------------------------------------


def _session(request: SeatedRequest, pk: int) -> PanelSession:
    return get_scoped_or_404(PanelSession.objects.all(), request.seat.partnership, pk=pk)


def _session_form(request: SeatedRequest, session: PanelSession | None) -> HttpResponse:
    seat = request.seat
    form = PanelSessionForm(request.POST or None, instance=session, partnership=seat.partnership)
    return saved_or_form_page(
        request,
        form,
        title="Change the session" if session else "Record a young scrutineers' session",
        caption="Voice of children and families",
        back=session.get_absolute_url() if session else reverse("voice_home", kwargs={"slug": seat.partnership.slug}),
        back_label="Back",
        button="Save",
        intro="No names: record how many young people took part, not who.",
        history=entries_for(session) if session else [],
    )


@partnership_view(ROOM, "manage")
def panel_add(request: SeatedRequest) -> HttpResponse:
    return _session_form(request, None)


@partnership_view(ROOM, "manage")
def panel_edit(request: SeatedRequest, pk: int) -> HttpResponse:
    return _session_form(request, _session(request, pk))


@partnership_view(ROOM, "view")
def panel_session(request: SeatedRequest, pk: int) -> HttpResponse:
    seat = request.seat
    session = _session(request, pk)
    return render(
        request,
        "voice/panel_session.html",
        {
            "session": session,
            "questions": session.questions.select_related("addressed_to"),
            "agency_ids": seat.agency_ids,
            "can_manage": seat.can(ROOM, "manage"),
            "history": entries_for(session),
        },
    )


@partnership_view(ROOM, "manage")
def panel_question_add(request: SeatedRequest, pk: int) -> HttpResponse:
    seat = request.seat
    session = _session(request, pk)
    form = PanelQuestionForm(request.POST or None, partnership=seat.partnership)
    if request.method == "POST" and form.is_valid():
        PanelQuestion.objects.create(
            session=session,
            question=form.cleaned_data["question"].strip(),
            addressed_to=form.cleaned_data["addressed_to"],
        )
        messages.success(request, "Question recorded.")
        return redirect(session)
    return form_page(
        request,
        form,
        title="Record a question the panel asked",
        caption=str(session),
        back=session.get_absolute_url(),
        back_label="Back to the session",
        button="Save question",
    )


@partnership_view(ROOM, "contribute", row_rules=True)
def panel_question_answer(request: SeatedRequest, pk: int, panel_question: int) -> HttpResponse:
    """The agency asked answers the young people (its own people, or the business manager for it)."""
    seat = request.seat
    session = _session(request, pk)
    found = get_object_or_404(session.questions.select_related("addressed_to"), pk=panel_question)
    if not (seat.can(ROOM, "manage") or (seat.acts_for(found.addressed_to_id) and seat.can(ROOM, "contribute"))):
        raise PermissionDenied(f"Only {found.addressed_to}'s people answer this question.")
    form = PanelAnswerForm(request.POST or None, initial={"answer": found.answer})
    if request.method == "POST" and form.is_valid():
        found.answer = form.cleaned_data["answer"].strip()
        found.answered_on, found.answered_by = timezone.localdate(), seat.user
        found.save(update_fields=["answer", "answered_on", "answered_by"])
        messages.success(request, "Answer saved.")
        return redirect(session)
    return form_page(
        request,
        form,
        title=f"Answer for {found.addressed_to}",
        caption=str(session),
        back=session.get_absolute_url(),
        back_label="Back to the session",
        button="Save answer",
        intro=found.question,
        history=entries_for(found),
    )
