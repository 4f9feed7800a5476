"""The workflows of a Section 11 or s175 round (statutory.md §8.5): sending it, naming peer
reviewers, an agency starting its return (carrying last round's answers forward), answering,
submitting, sharing one return with another partnership, questions and answers, moderation and
reopening; and who may see and change a return. The pages and the API both go through them.

Each checks its rules first and changes nothing when one fails, raising ``ValidationError`` with a
message that says what is wrong and where.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from scrutiny.audits.models import (
    SCALE_POINTS,
    AuditReturn,
    AuditRound,
    ChallengeQuestion,
    ModeratedScore,
    PeerReviewer,
    ReturnAnswer,
    ReturnShare,
    ReturnStatus,
    RoundStatus,
    Standard,
)
from scrutiny.partnerships.access import Seat, seat_for
from scrutiny.partnerships.models import Agency, PartnershipAgency
from scrutiny.partnerships.scoping import get_scoped_or_404, only_their_agency

ROOM = "audits"


# --- who may do what -----------------------------------------------------------------------------


def acts_for(seat: Seat, agency_id: int) -> bool:
    """Whether the person completes returns for this agency here."""
    return seat.acts_for(agency_id) and seat.can(ROOM, "contribute")


def reviews_as_peer(seat: Seat, audit_round: AuditRound, audit_return: AuditReturn) -> bool:
    return only_their_agency(PeerReviewer.objects.filter(round=audit_round, audit_return=audit_return), seat).exists()


def sees_return(seat: Seat, audit_round: AuditRound, audit_return: AuditReturn) -> bool:
    """Partnership-wide roles read every return of the round; an agency contributor reads their own
    agency's return and those they were asked to review as a peer."""
    return seat.sees_agency(audit_return.agency_id) or reviews_as_peer(seat, audit_round, audit_return)


def may_question(seat: Seat, audit_round: AuditRound, audit_return: AuditReturn) -> bool:
    """The business manager and scrutineer, and a peer agency the partnership named."""
    return seat.can(ROOM, "manage") or reviews_as_peer(seat, audit_round, audit_return)


def return_in_round(audit_round: AuditRound, agency_id: int) -> AuditReturn | None:
    """The agency's return in the round: its own, or the one it shared into it."""
    return (
        AuditReturn.objects.in_round(audit_round)
        .filter(agency_id=agency_id)
        .select_related("round__partnership", "agency")
        .first()
    )


def round_seen_by(seat: Seat, round_id: int) -> AuditRound:
    """The round, if the person may see it (else 404, revealing nothing)."""
    return get_scoped_or_404(
        AuditRound.objects.visible_to(seat).select_related("framework", "partnership", "previous_round"),
        seat.partnership,
        pk=round_id,
    )


def return_seen_by(seat: Seat, audit_round: AuditRound, agency_id: int) -> AuditReturn:
    """The agency's return in the round, if the person may see it (else 404, revealing nothing)."""
    found = return_in_round(audit_round, agency_id)
    if found is None or not sees_return(seat, audit_round, found):
        raise Http404("No such return in this round")
    return found


def writes_return(seat: Seat, audit_round: AuditRound, audit_return: AuditReturn) -> bool:
    """Whether the person changes the return here: they act for its agency, and the return was
    written for this round (a return shared into another partnership's round is changed where it
    was written)."""
    return acts_for(seat, audit_return.agency_id) and audit_return.round_id == audit_round.pk


def check_writes_return(seat: Seat, audit_round: AuditRound, audit_return: AuditReturn) -> None:
    """:func:`writes_return`, refused (403) with the reason."""
    if not acts_for(seat, audit_return.agency_id):
        raise PermissionDenied(f"Only {audit_return.agency}'s own people complete its return.")
    if audit_return.round_id != audit_round.pk:
        raise PermissionDenied(
            f"This return was written for {audit_return.round.partnership} and is shared here: change it there."
        )


# --- the business manager ----------------------------------------------------------------------


def round_send(audit_round: AuditRound) -> None:
    """Open a drafted round to its agencies."""
    if audit_round.status != RoundStatus.DRAFT:
        raise ValidationError(f"{audit_round} has already been sent.")
    if not audit_round.agencies.exists():
        raise ValidationError({"agencies": "Choose the agencies to send the round to before sending it."})
    audit_round.status = RoundStatus.OPEN
    audit_round.save(update_fields=["status"])


def peer_name(*, audit_round: AuditRound, audit_return: AuditReturn, agency: Agency) -> PeerReviewer:
    """Ask one agency of the round to read and question another's return."""
    if agency == audit_return.agency:
        raise ValidationError({"reviewer": "An agency cannot peer review its own return."})
    if not audit_round.agencies.filter(pk=agency.pk).exists():
        raise ValidationError({"reviewer": f"{agency} is not one of the agencies {audit_round} was sent to."})
    if PeerReviewer.objects.filter(round=audit_round, audit_return=audit_return, agency=agency).exists():
        raise ValidationError(f"{agency} already reviews {audit_return.agency}'s return.")
    return PeerReviewer.objects.create(round=audit_round, audit_return=audit_return, agency=agency)


def round_close(audit_round: AuditRound) -> None:
    if audit_round.status != RoundStatus.OPEN:
        raise ValidationError(f"{audit_round} is not open, so it cannot be closed.")
    audit_round.status = RoundStatus.CLOSED
    audit_round.save(update_fields=["status"])


# --- the agency's return -------------------------------------------------------------------------


def _accepting(audit_round: AuditRound, audit_return: AuditReturn | None = None) -> None:
    """A round takes answers while it is open; a return sent back for changes may be finished
    after the round closed."""
    if audit_return is not None and audit_return.status == ReturnStatus.CHANGES_REQUESTED:
        return
    if audit_round.status == RoundStatus.DRAFT:
        raise ValidationError(f"{audit_round} has not been sent to agencies yet.")
    if audit_round.status == RoundStatus.CLOSED:
        raise ValidationError(
            f"{audit_round} is closed (returns were due by {audit_round.deadline:%-d %B %Y}): "
            "it takes no more answers. Ask the business manager to reopen your return."
        )


@transaction.atomic
def return_start(*, audit_round: AuditRound, agency: Agency, started_by: Any, carry_forward: bool) -> AuditReturn:
    """The agency's return for the round, with an empty answer per standard, or last round's
    answers copied in and marked to re-confirm (§8.5 step 7: answers are carried forward but must
    be re-confirmed)."""
    _accepting(audit_round)
    if not audit_round.agencies.filter(pk=agency.pk).exists():
        raise ValidationError(f"{agency} is not one of the agencies {audit_round} was sent to.")
    if return_in_round(audit_round, agency.pk) is not None:
        raise ValidationError(f"{agency} already has a return in {audit_round}.")
    audit_return = AuditReturn.objects.create(round=audit_round, agency=agency, started_by=started_by)
    earlier: dict[str, ReturnAnswer] = {}
    if carry_forward:
        previous = audit_round.previous_round and return_in_round(audit_round.previous_round, agency.pk)
        if not previous:
            raise ValidationError(f"{agency} has no return in the previous round to carry forward.")
        earlier = {a.standard.ref: a for a in previous.answers.select_related("standard")}
    points = SCALE_POINTS[audit_round.scale]
    answers = []
    for standard in audit_round.framework.standards.all():
        copied = earlier.get(standard.ref)
        answers.append(
            ReturnAnswer(
                audit_return=audit_return,
                standard=standard,
                self_score=copied.self_score if copied and copied.self_score in points else None,
                narrative=copied.narrative if copied else "",
                evidence=copied.evidence if copied else "",
                carried_forward=copied is not None,
            )
        )
    ReturnAnswer.objects.bulk_create(answers)
    return audit_return


def check_score(audit_round: AuditRound, score: int | None, where: str) -> None:
    points = SCALE_POINTS[audit_round.scale]
    if score is not None and score not in points:
        allowed = ", ".join(points.values())
        raise ValidationError({where: f"{score} is not on this round's scale. Choose one of: {allowed}."})


def answer_save(*, answer: ReturnAnswer, self_score: int | None, narrative: str, evidence: str) -> ReturnAnswer:
    """Save one standard's answer. Saving re-confirms an answer carried forward."""
    if not narrative.strip():
        raise ValidationError({"narrative": "Say how the agency meets the standard."})
    audit_return = answer.audit_return
    if audit_return.status == ReturnStatus.SUBMITTED:
        raise ValidationError(
            "This return has been submitted. It can be changed only if the partnership asks for changes."
        )
    _accepting(audit_return.round, audit_return)
    check_score(audit_return.round, self_score, "self_score")
    answer.self_score, answer.narrative, answer.evidence = self_score, narrative.strip(), evidence.strip()
    answer.carried_forward = False
    answer.save()
    return answer


def missing_for_submission(audit_return: AuditReturn) -> list[str]:
    """What stops the return being submitted, one line per standard."""
    problems = []
    for answer in audit_return.answers.select_related("standard"):
        lacks = []
        if answer.self_score is None:
            lacks.append("a score")
        if not answer.narrative.strip():
            lacks.append("a narrative")
        if answer.carried_forward:
            lacks.append("re-confirming (it was carried forward from the last round)")
        if lacks:
            problems.append(f"Standard {answer.standard.ref} needs {' and '.join(lacks)}.")
    return problems


@transaction.atomic
def return_submit(*, audit_return: AuditReturn, submitted_by: Any) -> None:
    if audit_return.status == ReturnStatus.SUBMITTED:
        raise ValidationError("This return has already been submitted.")
    _accepting(audit_return.round, audit_return)
    problems = missing_for_submission(audit_return)
    if problems:
        raise ValidationError(problems)
    audit_return.status = ReturnStatus.SUBMITTED
    audit_return.submitted_at = timezone.now()
    audit_return.submitted_by = submitted_by
    audit_return.save(update_fields=["status", "submitted_at", "submitted_by"])


def rounds_to_share_into(seat: Seat, audit_return: AuditReturn) -> list[AuditRound]:
    """Open rounds of the person's other partnerships that could use this return: the same
    standards on the same scale, sent to the agency, which has no return there yet, and where the
    person also acts for the agency (so their consent is the agency's)."""
    candidates = (
        AuditRound.objects.filter(
            status=RoundStatus.OPEN,
            framework=audit_return.round.framework,
            scale=audit_return.round.scale,
            agencies=audit_return.agency,
        )
        .exclude(partnership=audit_return.round.partnership)
        .select_related("partnership")
    )
    return [
        candidate
        for candidate in candidates
        if (other := seat_for(seat.user, candidate.partnership)) is not None
        and acts_for(other, audit_return.agency_id)
        and return_in_round(candidate, audit_return.agency_id) is None
    ]


def return_share(*, seat: Seat, audit_return: AuditReturn, into: AuditRound) -> ReturnShare:
    """Let another partnership's round use this return, with the agency's consent given by a
    person who acts for the agency in both partnerships."""
    if into.partnership_id == audit_return.round.partnership_id:
        raise ValidationError("The return already belongs to this partnership.")
    if into not in rounds_to_share_into(seat, audit_return):
        raise ValidationError(
            f"This return cannot be shared with {into}: the round must be open, use the same standards and scale, "
            f"include {audit_return.agency}, have no return from it yet, and you must act for {audit_return.agency} "
            f"in {into.partnership} too."
        )
    if not PartnershipAgency.objects.filter(partnership=into.partnership, agency=audit_return.agency).exists():
        raise ValidationError(f"{audit_return.agency} does not work with {into.partnership}.")
    return ReturnShare.objects.create(audit_return=audit_return, round=into, consented_by=seat.user)


# --- challenge and moderation -----------------------------------------------------------------------


def question_ask(
    *, seat: Seat, audit_round: AuditRound, audit_return: AuditReturn, standard: Standard | None, question: str
) -> ChallengeQuestion:
    if not question.strip():
        raise ValidationError({"question": "Enter the question."})
    if standard is not None and standard.framework_id != audit_return.round.framework_id:
        raise ValidationError({"standard": "Choose a standard of this round."})
    peer = None
    if not seat.can(ROOM, "manage"):
        peer = Agency.objects.filter(
            pk__in=only_their_agency(
                PeerReviewer.objects.filter(round=audit_round, audit_return=audit_return), seat
            ).values("agency")
        ).first()
    return ChallengeQuestion.objects.create(
        round=audit_round,
        audit_return=audit_return,
        standard=standard,
        question=question.strip(),
        asked_by=seat.user,
        asked_for=peer,
    )


def question_answer(*, question: ChallengeQuestion, answer: str, answered_by: Any) -> None:
    if not answer.strip():
        raise ValidationError({"answer": "Enter the agency's answer."})
    question.answer = answer.strip()
    question.answered_by = answered_by
    question.answered_at = timezone.now()
    question.save(update_fields=["answer", "answered_by", "answered_at"])


def moderate(
    *,
    audit_round: AuditRound,
    audit_return: AuditReturn,
    scores: dict[Standard, int | None],
    reasons: dict[Standard, str],
    moderated_by: Any,
) -> int:
    """Set the moderated scores the meeting agreed; the self-scores stay as they were. A score
    that differs from the agency's own needs the reason. Checked in full before anything is saved;
    returns how many scores were set."""
    if audit_return.status != ReturnStatus.SUBMITTED:
        raise ValidationError("Only a submitted return can be moderated.")
    self_scores = {a.standard_id: a.self_score for a in audit_return.answers.all()}
    errors: dict[str, str] = {}
    for standard, score in scores.items():
        if score is None:
            continue
        field = f"score_{standard.pk}"
        try:
            check_score(audit_round, score, field)
        except ValidationError as error:
            errors.update({k: v[0] for k, v in error.message_dict.items()})
            continue
        if score != self_scores.get(standard.pk) and not reasons.get(standard, "").strip():
            errors[f"reason_{standard.pk}"] = f"Standard {standard.ref}: say why moderation changed the agency's score."
    if errors:
        raise ValidationError(errors)
    saved = 0
    with transaction.atomic():
        for standard, score in scores.items():
            if score is None:
                continue
            ModeratedScore.objects.update_or_create(
                round=audit_round,
                audit_return=audit_return,
                standard=standard,
                defaults={"score": score, "reason": reasons.get(standard, "").strip(), "moderated_by": moderated_by},
            )
            saved += 1
    return saved


def changes_request(*, audit_return: AuditReturn, reason: str) -> None:
    """Send a submitted return back to the agency, which may then change and resubmit it even
    after the round has closed."""
    if audit_return.status != ReturnStatus.SUBMITTED:
        raise ValidationError("Only a submitted return can be sent back for changes.")
    if not reason.strip():
        raise ValidationError({"reason": "Say what the agency should change."})
    audit_return.status = ReturnStatus.CHANGES_REQUESTED
    audit_return.changes_requested = reason.strip()
    audit_return.save(update_fields=["status", "changes_requested"])


def agencies_without_return(audit_round: AuditRound) -> Iterable[Agency]:
    have = set(AuditReturn.objects.in_round(audit_round).values_list("agency_id", flat=True))
    return [agency for agency in audit_round.agencies.all() if agency.pk not in have]
