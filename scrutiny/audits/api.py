"""The audits room in the API: Section 11 and schools' rounds with their dashboard, an agency's
return (answers, self and moderated scores, questions), answering and submitting a return,
moderating it, and case file audits with their findings. The same seats, matrix, scoping and
row rules as the pages: an agency contributor reads and writes only its own agency's return."""

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone
from ninja import Router, Schema

from scrutiny.audits import case_auditing
from scrutiny.audits import returns as workflow
from scrutiny.audits.dashboard import round_dashboard
from scrutiny.audits.models import (
    ROOM,
    AuditReturn,
    AuditRound,
    CaseFileAudit,
    ChallengeQuestion,
    Grade,
    ModeratedScore,
    Standard,
    score_label,
)
from scrutiny.partnerships.access import Seat, SeatedRequest, partnership_endpoint
from scrutiny.web.api import ERRORS, ErrorOut, renamed

router = Router(tags=["audits"])
BASE = "/partnerships/{slug}/audits"
BAD_INPUT: dict[int, Any] = {**ERRORS, 400: ErrorOut, 422: ErrorOut}


class AgencyRowOut(Schema):
    agency_id: int
    agency: str
    status: str
    late: bool
    shared_from: str
    standards_moderated: int
    self_minus_moderated: float | None


class StandardRowOut(Schema):
    ref: str
    title: str
    self_counts: dict[str, int]
    moderated_counts: dict[str, int]
    mean_now: float | None
    mean_last_round: float | None


class RoundOut(Schema):
    id: int
    title: str
    standards: str
    kind: str
    scale: str
    scale_points: dict[str, str]
    opens_on: date
    deadline: date
    status: str
    previous_round_id: int | None
    agencies: list[AgencyRowOut] | None = None
    by_standard: list[StandardRowOut] | None = None


class AnswerOut(Schema):
    ref: str
    title: str
    self_score: int | None
    self_label: str
    moderated_score: int | None
    moderated_reason: str
    narrative: str
    evidence: str
    carried_forward: bool


class QuestionOut(Schema):
    id: int
    standard_ref: str | None
    question: str
    asked_for_agency: str | None
    answer: str
    answered_at: datetime | None


class ReturnOut(Schema):
    round_id: int
    agency_id: int
    agency: str
    status: str
    submitted_at: datetime | None
    written_for: str
    changes_requested: str
    answers: list[AnswerOut]
    questions: list[QuestionOut]


class AnswerIn(Schema):
    self_score: int | None = None
    narrative: str
    evidence: str = ""


class ModeratedIn(Schema):
    standard_ref: str
    score: int
    reason: str = ""


class CaseAuditOut(Schema):
    id: int
    title: str
    theme: str | None
    tool: str
    planned_for: date
    deadline: date
    status: str
    agencies: list[str]
    cases: int
    cases_moderated: int
    cases_by_agreed_grade: dict[str, dict[str, int]] | None = None


def _round_out(audit_round: AuditRound, seat: Seat) -> RoundOut:
    out = RoundOut(
        id=audit_round.pk,
        title=audit_round.title,
        standards=str(audit_round.framework),
        kind=audit_round.framework.kind,
        scale=audit_round.scale,
        scale_points={str(k): v for k, v in audit_round.points.items()},
        opens_on=audit_round.opens_on,
        deadline=audit_round.deadline,
        status=audit_round.status,
        previous_round_id=audit_round.previous_round_id,
    )
    if seat.partnership_wide:
        board = round_dashboard(audit_round, timezone.localdate())
        out.agencies = [
            AgencyRowOut(
                agency_id=row.agency.pk,
                agency=row.agency.name,
                status=row.audit_return.status if row.audit_return else "not_started",
                late=row.late,
                shared_from=row.shared_from,
                standards_moderated=row.moderated,
                self_minus_moderated=row.gap,
            )
            for row in board.agencies
        ]
        out.by_standard = [
            StandardRowOut(
                ref=row.standard.ref,
                title=row.standard.title,
                self_counts={str(k): v for k, v in row.self_counts.items()},
                moderated_counts={str(k): v for k, v in row.moderated_counts.items()},
                mean_now=row.mean_now,
                mean_last_round=row.mean_before,
            )
            for row in board.standards
        ]
    return out


def _return(seat: Seat, round_id: int, agency_id: int) -> tuple[AuditRound, AuditReturn]:
    audit_round = workflow.round_seen_by(seat, round_id)
    return audit_round, workflow.return_seen_by(seat, audit_round, agency_id)


def _return_out(audit_round: AuditRound, audit_return: AuditReturn) -> ReturnOut:
    moderated = {m.standard_id: m for m in ModeratedScore.objects.filter(round=audit_round, audit_return=audit_return)}
    questions = ChallengeQuestion.objects.filter(round=audit_round, audit_return=audit_return).select_related(
        "standard", "asked_for"
    )
    return ReturnOut(
        round_id=audit_round.pk,
        agency_id=audit_return.agency_id,
        agency=audit_return.agency.name,
        status=audit_return.status,
        submitted_at=audit_return.submitted_at,
        written_for=audit_return.round.partnership.slug,
        changes_requested=audit_return.changes_requested,
        answers=[
            AnswerOut(
                ref=answer.standard.ref,
                title=answer.standard.title,
                self_score=answer.self_score,
                self_label=score_label(audit_round.scale, answer.self_score),
                moderated_score=m.score if (m := moderated.get(answer.standard_id)) else None,
                moderated_reason=m.reason if m else "",
                narrative=answer.narrative,
                evidence=answer.evidence,
                carried_forward=answer.carried_forward,
            )
            for answer in audit_return.answers.select_related("standard")
        ],
        questions=[
            QuestionOut(
                id=q.pk,
                standard_ref=q.standard.ref if q.standard else None,
                question=q.question,
                asked_for_agency=q.asked_for.name if q.asked_for else None,
                answer=q.answer,
                answered_at=q.answered_at,
            )
            for q in questions
        ],
    )


@router.get(
    f"{BASE}/rounds",
    response={200: list[RoundOut], **ERRORS},
    url_name="audits_rounds",
)
@partnership_endpoint(ROOM, "view")
def round_list(request: SeatedRequest, slug: str) -> list[RoundOut]:
    """Audit rounds this person may see, newest first (without each round's dashboard)."""
    seat = request.seat
    return [
        RoundOut(
            id=r.pk,
            title=r.title,
            standards=str(r.framework),
            kind=r.framework.kind,
            scale=r.scale,
            scale_points={str(k): v for k, v in r.points.items()},
            opens_on=r.opens_on,
            deadline=r.deadline,
            status=r.status,
            previous_round_id=r.previous_round_id,
        )
        for r in AuditRound.objects.visible_to(seat).select_related("framework")
    ]


@router.get(
    f"{BASE}/rounds/{{round_id}}",
    response={200: RoundOut, **ERRORS},
    url_name="audits_round",
)
@partnership_endpoint(ROOM, "view")
def round_detail(request: SeatedRequest, slug: str, round_id: int) -> RoundOut:
    """A round, with each agency's return status, the self-to-moderated gap and the scores by
    standard against the last round (for partnership-wide roles; agencies see the round only)."""
    seat = request.seat
    return _round_out(workflow.round_seen_by(seat, round_id), seat)


@router.get(
    f"{BASE}/rounds/{{round_id}}/returns/{{return_agency_id}}",
    response={200: ReturnOut, **ERRORS},
    url_name="audits_return",
)
@partnership_endpoint(ROOM, "view")
def return_detail(request: SeatedRequest, slug: str, round_id: int, return_agency_id: int) -> ReturnOut:
    """An agency's return in the round: its own or one shared into it."""
    return _return_out(*_return(request.seat, round_id, return_agency_id))


@router.put(
    f"{BASE}/rounds/{{round_id}}/returns/{{return_agency_id}}/answers/{{standard_ref}}",
    response={200: ReturnOut, **BAD_INPUT},
    url_name="audits_return_answer",
)
@partnership_endpoint(ROOM, "contribute")
def answer_put(
    request: SeatedRequest, slug: str, round_id: int, return_agency_id: int, standard_ref: str, payload: AnswerIn
) -> ReturnOut:
    """Answer one standard (the agency's own people). A score off the round's scale, a closed
    round or a submitted return is answered 400 with the reason, and nothing changes."""
    seat = request.seat
    audit_round, audit_return = _return(seat, round_id, return_agency_id)
    workflow.check_writes_return(seat, audit_round, audit_return)
    answer = audit_return.answers.filter(standard__ref=standard_ref).first()
    if answer is None:
        raise Http404
    workflow.answer_save(
        answer=answer, self_score=payload.self_score, narrative=payload.narrative, evidence=payload.evidence
    )
    return _return_out(audit_round, audit_return)


@router.post(
    f"{BASE}/rounds/{{round_id}}/returns/{{return_agency_id}}/submit",
    response={200: ReturnOut, **BAD_INPUT},
    url_name="audits_return_submit",
)
@partnership_endpoint(ROOM, "contribute")
def return_submit(request: SeatedRequest, slug: str, round_id: int, return_agency_id: int) -> ReturnOut:
    """Submit the return; what is missing is answered 400, one standard per line."""
    seat = request.seat
    audit_round, audit_return = _return(seat, round_id, return_agency_id)
    workflow.check_writes_return(seat, audit_round, audit_return)
    workflow.return_submit(audit_return=audit_return, submitted_by=seat.user)
    return _return_out(audit_round, audit_return)


@router.put(
    f"{BASE}/rounds/{{round_id}}/returns/{{return_agency_id}}/moderation",
    response={200: ReturnOut, **BAD_INPUT},
    url_name="audits_return_moderation",
)
@partnership_endpoint(ROOM, "manage")
def return_moderation(
    request: SeatedRequest, slug: str, round_id: int, return_agency_id: int, payload: list[ModeratedIn]
) -> ReturnOut:
    """Set moderated scores, standard by standard; the self-scores are kept. A changed score with
    no reason, a score off the scale or an unknown standard is answered 400, and nothing changes."""
    seat = request.seat
    audit_round, audit_return = _return(seat, round_id, return_agency_id)
    standards = {s.ref: s for s in audit_return.round.framework.standards.all()}
    unknown = [item.standard_ref for item in payload if item.standard_ref not in standards]
    if unknown:
        raise ValidationError({"standard_ref": f"this round has no standard {', '.join(unknown)}."})
    try:
        workflow.moderate(
            audit_round=audit_round,
            audit_return=audit_return,
            scores={standards[item.standard_ref]: item.score for item in payload},
            reasons={standards[item.standard_ref]: item.reason for item in payload},
            moderated_by=seat.user,
        )
    except ValidationError as problem:
        raise _moderation_refused(problem, standards.values()) from None
    return _return_out(audit_round, audit_return)


def _moderation_refused(problem: ValidationError, standards: Iterable[Standard]) -> ValidationError:
    """The moderation service names its fields as the page's form does (``score_<id>``,
    ``reason_<id>``); the API's are the ``score`` and ``reason`` of each standard in the list."""
    names = {f"{kind}_{standard.pk}": kind for standard in standards for kind in ("score", "reason")}
    return renamed(problem, names)


@router.get(
    f"{BASE}/case-files",
    response={200: list[CaseAuditOut], **ERRORS},
    url_name="audits_case_files",
)
@partnership_endpoint(ROOM, "view")
def case_audit_list(request: SeatedRequest, slug: str) -> list[CaseAuditOut]:
    """Case file audits this person may see; partnership-wide roles also get the agreed grades by
    domain (counts of cases, never the cases themselves)."""
    seat = request.seat
    out = []
    for audit in CaseFileAudit.objects.visible_to(seat).select_related("theme", "tool").prefetch_related("agencies"):
        found = case_auditing.findings(audit)
        labels = {g.value: g.label for g in Grade}
        out.append(
            CaseAuditOut(
                id=audit.pk,
                title=audit.title,
                theme=str(audit.theme) if audit.theme else None,
                tool=str(audit.tool),
                planned_for=audit.planned_for,
                deadline=audit.deadline,
                status=audit.status,
                agencies=[a.name for a in audit.agencies.all()],
                cases=found.cases,
                cases_moderated=found.moderated,
                cases_by_agreed_grade={
                    d.ref: {labels[g]: n for g, n in found.by_domain[d.pk].items()} for d in found.domains
                }
                if seat.partnership_wide
                else None,
            )
        )
    return out
