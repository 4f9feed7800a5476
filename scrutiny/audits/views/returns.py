"""An agency's return in a round: reading it (self and moderated scores side by side, questions and
answers, the action plan), starting it, answering each standard, submitting, sharing it with
another partnership, questions, moderation and sending it back for changes."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from scrutiny.actions.forms import ActionForm
from scrutiny.actions.models import Action
from scrutiny.audits import returns as workflow
from scrutiny.audits.forms import AnswerForm, AnswerQuestionForm, ChangesForm, ModerationForm, QuestionForm, ShareForm
from scrutiny.audits.models import (
    ROOM,
    AuditReturn,
    AuditRound,
    ChallengeQuestion,
    ModeratedScore,
    ReturnStatus,
    score_label,
)
from scrutiny.audits.views.rounds import round_for
from scrutiny.forms_govuk import errors_onto, form_page
from scrutiny.partnerships.access import SeatedRequest, partnership_view, post_only
from scrutiny.partnerships.history import entries_for


def _return(request: SeatedRequest, pk: int, agency: int) -> tuple[AuditRound, AuditReturn]:
    """The agency's return in the round, if the person may see it (else 404, revealing nothing)."""
    audit_round = round_for(request, pk)
    return audit_round, workflow.return_seen_by(request.seat, audit_round, agency)


def _own_return(request: SeatedRequest, pk: int, agency: int) -> tuple[AuditRound, AuditReturn]:
    """The return, for a person who completes it for the agency, in the partnership it was written for."""
    audit_round, found = _return(request, pk, agency)
    workflow.check_writes_return(request.seat, audit_round, found)
    return audit_round, found


@partnership_view(ROOM, "view", row_rules=True)
def return_detail(request: SeatedRequest, pk: int, agency: int) -> HttpResponse:
    seat = request.seat
    audit_round, audit_return = _return(request, pk, agency)
    moderated = {m.standard_id: m for m in ModeratedScore.objects.filter(round=audit_round, audit_return=audit_return)}
    questions = ChallengeQuestion.objects.filter(round=audit_round, audit_return=audit_return).select_related(
        "standard", "asked_for"
    )
    rows = [
        {
            "answer": answer,
            "self": score_label(audit_round.scale, answer.self_score),
            "moderated": moderated.get(answer.standard_id),
            "moderated_label": score_label(audit_round.scale, m.score)
            if (m := moderated.get(answer.standard_id))
            else "",
            "questions": [q for q in questions if q.standard_id == answer.standard_id],
        }
        for answer in audit_return.answers.select_related("standard")
    ]
    writes = workflow.writes_return(seat, audit_round, audit_return)
    actions = Action.objects.filter(
        partnership=seat.partnership,
        source_type=ContentType.objects.get_for_model(AuditReturn),
        source_id=audit_return.pk,
    ).select_related("owner_agency")
    return render(
        request,
        "audits/return_detail.html",
        {
            "round": audit_round,
            "return": audit_return,
            "rows": rows,
            "general_questions": [q for q in questions if q.standard_id is None],
            "writes": writes,
            "editable": writes and audit_return.status != ReturnStatus.SUBMITTED,
            "answers_questions": workflow.acts_for(seat, audit_return.agency_id),
            "may_question": workflow.may_question(seat, audit_round, audit_return),
            "can_manage": seat.can(ROOM, "manage"),
            "missing": workflow.missing_for_submission(audit_return) if writes else [],
            "share_into": workflow.rounds_to_share_into(seat, audit_return) if writes else [],
            "shares": audit_return.shares.select_related("round__partnership") if writes else [],
            "shared_from": audit_return.round.partnership if audit_return.round_id != audit_round.pk else None,
            "actions": actions,
            "history": entries_for(audit_return),
        },
    )


@partnership_view(ROOM, "contribute", row_rules=True)
def return_start(request: SeatedRequest, pk: int, agency: int) -> HttpResponse:
    """The agency starts its return: empty, or with last round's answers to re-confirm."""
    seat = request.seat
    audit_round = round_for(request, pk)
    found = get_object_or_404(audit_round.agencies, pk=agency)
    if not workflow.acts_for(seat, found.pk):
        raise PermissionDenied(f"Only {found}'s own people start its return.")
    existing = workflow.return_in_round(audit_round, found.pk)
    if existing is not None:
        return render(
            request, "audits/return_start.html", {"round": audit_round, "agency": found, "existing": existing}
        )
    previous = audit_round.previous_round and workflow.return_in_round(audit_round.previous_round, found.pk)
    if request.method == "POST":
        try:
            created = workflow.return_start(
                audit_round=audit_round,
                agency=found,
                started_by=seat.user,
                carry_forward=request.POST.get("carry_forward") == "yes" and bool(previous),
            )
            messages.success(request, f"{found}'s return started.")
            return redirect(created.url_in(audit_round))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    return render(
        request,
        "audits/return_start.html",
        {"round": audit_round, "agency": found, "previous": previous or None},
    )


@partnership_view(ROOM, "contribute", row_rules=True)
def answer_edit(request: SeatedRequest, pk: int, agency: int, answer: int) -> HttpResponse:
    audit_round, audit_return = _own_return(request, pk, agency)
    found = get_object_or_404(audit_return.answers.select_related("standard"), pk=answer)
    form = AnswerForm(request.POST or None, instance=found, scale=audit_round.scale)
    if request.method == "POST" and form.is_valid():
        try:
            workflow.answer_save(
                answer=found,
                self_score=form.cleaned_data.get("self_score"),
                narrative=form.cleaned_data["narrative"],
                evidence=form.cleaned_data.get("evidence") or "",
            )
            messages.success(request, f"Standard {found.standard.ref} saved.")
            return redirect(audit_return.url_in(audit_round))
        except ValidationError as error:
            errors_onto(form, error)
    return form_page(
        request,
        form,
        title=f"Standard {found.standard.ref}: {found.standard.title}",
        caption=f"{audit_return.agency}: {audit_round}",
        back=audit_return.url_in(audit_round),
        back_label="Back to the return",
        button="Save answer",
        intro=found.standard.description,
        warning="This answer was carried forward from the last round: check it and save it to re-confirm it."
        if found.carried_forward
        else "",
        standard=found.standard,
        template="audits/answer_form.html",
        history=entries_for(found),
    )


@partnership_view(ROOM, "contribute", row_rules=True)
@post_only
def return_submit(request: SeatedRequest, pk: int, agency: int) -> HttpResponse:
    seat = request.seat
    audit_round, audit_return = _own_return(request, pk, agency)
    try:
        workflow.return_submit(audit_return=audit_return, submitted_by=seat.user)
        messages.success(request, f"{audit_return.agency}'s return submitted to {audit_round.partnership}.")
    except ValidationError as error:
        messages.error(request, "The return was not submitted. " + " ".join(error.messages))
    return redirect(audit_return.url_in(audit_round))


@partnership_view(ROOM, "contribute", row_rules=True)
def return_share(request: SeatedRequest, pk: int, agency: int) -> HttpResponse:
    """Share the return with another partnership's round, with the agency's consent."""
    seat = request.seat
    audit_round, audit_return = _own_return(request, pk, agency)
    rounds = workflow.rounds_to_share_into(seat, audit_return)
    form = ShareForm(request.POST or None, rounds=rounds)
    if request.method == "POST" and form.is_valid():
        try:
            share = workflow.return_share(seat=seat, audit_return=audit_return, into=form.cleaned_data["into"])
            messages.success(
                request, f"The return is shared with {share.round.partnership}, which moderates it separately."
            )
            return redirect(audit_return.url_in(audit_round))
        except ValidationError as error:
            errors_onto(form, error)
    return form_page(
        request,
        form,
        title="Share this return with another partnership",
        caption=f"{audit_return.agency}: {audit_round}",
        back=audit_return.url_in(audit_round),
        back_label="Back to the return",
        button="Share the return",
        intro=(
            "One return for several partnerships: the partnership you choose sees this return as it stands and as "
            "you change it, asks its own questions and sets its own moderated scores, which this partnership does "
            "not see."
        )
        if rounds
        else "None of your other partnerships has an open round with the same standards and scale that is waiting "
        f"for a return from {audit_return.agency}.",
    )


@partnership_view(ROOM, "contribute", row_rules=True)
def question_add(request: SeatedRequest, pk: int, agency: int) -> HttpResponse:
    seat = request.seat
    audit_round, audit_return = _return(request, pk, agency)
    if not workflow.may_question(seat, audit_round, audit_return):
        raise PermissionDenied("Only the business manager, the scrutineer and named peer agencies question a return.")
    form = QuestionForm(request.POST or None, audit_return=audit_return)
    if request.method == "POST" and form.is_valid():
        try:
            workflow.question_ask(
                seat=seat,
                audit_round=audit_round,
                audit_return=audit_return,
                standard=form.cleaned_data.get("standard"),
                question=form.cleaned_data["question"],
            )
            messages.success(request, f"Question put to {audit_return.agency}.")
            return redirect(audit_return.url_in(audit_round))
        except ValidationError as error:
            errors_onto(form, error)
    return form_page(
        request,
        form,
        title=f"Ask {audit_return.agency} a question",
        caption=str(audit_round),
        back=audit_return.url_in(audit_round),
        back_label="Back to the return",
        button="Ask the question",
    )


@partnership_view(ROOM, "contribute", row_rules=True)
def question_answer(request: SeatedRequest, pk: int, agency: int, question: int) -> HttpResponse:
    seat = request.seat
    audit_round, audit_return = _return(request, pk, agency)
    if not workflow.acts_for(seat, audit_return.agency_id):
        raise PermissionDenied(f"Only {audit_return.agency}'s own people answer its questions.")
    found = get_object_or_404(
        ChallengeQuestion.objects.filter(round=audit_round, audit_return=audit_return), pk=question
    )
    form = AnswerQuestionForm(request.POST or None, initial={"answer": found.answer})
    if request.method == "POST" and form.is_valid():
        workflow.question_answer(question=found, answer=form.cleaned_data["answer"], answered_by=seat.user)
        messages.success(request, "Answer saved.")
        return redirect(audit_return.url_in(audit_round))
    return form_page(
        request,
        form,
        title="Answer the question",
        caption=f"{audit_return.agency}: {audit_round}",
        back=audit_return.url_in(audit_round),
        back_label="Back to the return",
        button="Save answer",
        intro=found.question,
        history=entries_for(found),
    )


@partnership_view(ROOM, "manage")
def return_moderate(request: SeatedRequest, pk: int, agency: int) -> HttpResponse:
    """The moderation meeting's scores, beside the agency's own; the self-scores are never changed."""
    seat = request.seat
    audit_round, audit_return = _return(request, pk, agency)
    answers = list(audit_return.answers.select_related("standard"))
    current = {m.standard_id: m for m in ModeratedScore.objects.filter(round=audit_round, audit_return=audit_return)}
    form = ModerationForm(request.POST or None, answers=answers, scale=audit_round.scale, current=current)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            saved = workflow.moderate(
                audit_round=audit_round,
                audit_return=audit_return,
                scores={a.standard: data.get(f"score_{a.standard_id}") for a in answers},
                reasons={a.standard: data.get(f"reason_{a.standard_id}") or "" for a in answers},
                moderated_by=seat.user,
            )
            messages.success(request, f"{saved} moderated scores saved for {audit_return.agency}.")
            return redirect(audit_return.url_in(audit_round))
        except ValidationError as error:
            errors_onto(form, error)
    return form_page(
        request,
        form,
        title=f"Moderate {audit_return.agency}'s return",
        caption=str(audit_round),
        back=audit_return.url_in(audit_round),
        back_label="Back to the return",
        button="Save moderated scores",
        intro="Set the score moderation agreed for each standard. The agency's own score is kept beside it. Say why "
        "wherever moderation changed it.",
        template="audits/moderation_form.html",
        scale=audit_round.scale,
    )


@partnership_view(ROOM, "manage")
def return_changes(request: SeatedRequest, pk: int, agency: int) -> HttpResponse:
    """Send a submitted return back to the agency to change and resubmit."""
    audit_round, audit_return = _return(request, pk, agency)
    form = ChangesForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            workflow.changes_request(audit_return=audit_return, reason=form.cleaned_data["reason"])
            messages.success(request, f"{audit_return.agency}'s return is reopened for changes.")
            return redirect(audit_return.url_in(audit_round))
        except ValidationError as error:
            errors_onto(form, error)
    return form_page(
        request,
        form,
        title=f"Ask {audit_return.agency} for changes",
        caption=str(audit_round),
        back=audit_return.url_in(audit_round),
        back_label="Back to the return",
        button="Reopen the return",
        intro="The return goes back to the agency, which may change and resubmit it even after the round closes.",
    )


@partnership_view(ROOM, "manage")
def return_action_add(request: SeatedRequest, pk: int, agency: int) -> HttpResponse:
    """An area for improvement from the return, into the action tracker with an owner and a deadline."""
    seat = request.seat
    audit_round, audit_return = _return(request, pk, agency)
    form = ActionForm(request.POST or None, partnership=seat.partnership, initial={"owner_agency": audit_return.agency})
    if request.method == "POST" and form.is_valid():
        action = form.create_action(
            source=audit_return,
            source_label=f"Audit return: {audit_return.agency}, {audit_round}",
            source_room=ROOM,
            created_by=seat.user,
        )
        messages.success(request, f"Action “{action}” added to the action plan and the action tracker.")
        return redirect(audit_return.url_in(audit_round))
    return form_page(
        request,
        form,
        title="Add to the action plan",
        caption=f"{audit_return.agency}: {audit_round}",
        back=audit_return.url_in(audit_round),
        back_label="Back to the return",
        button="Add action",
        intro="Each area for improvement gets an owner and a deadline, and is tracked in the action tracker.",
    )
