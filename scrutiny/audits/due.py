"""What the audits room puts on people's home pages and in the daily digest: the returns their
agencies still owe in open rounds (and those sent back for changes), questions put to their agency
that are not yet answered, and their agencies' case file audit parts still to do. The business
manager and scrutineer see every agency's return still owed once its deadline has passed."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from scrutiny.audits import returns as workflow
from scrutiny.audits.models import (
    ROOM,
    AuditRound,
    CaseAgencyPart,
    CaseAuditStatus,
    ChallengeQuestion,
    PartStatus,
    ReturnStatus,
    RoundStatus,
)
from scrutiny.figures.registry import DueItem
from scrutiny.partnerships.access import Seat
from scrutiny.partnerships.scoping import only_their_agency


def audits_due(seat: Seat, today: date) -> Iterable[DueItem]:
    slug = seat.partnership.slug
    rounds = AuditRound.objects.filter(partnership=seat.partnership, status=RoundStatus.OPEN).prefetch_related(
        "agencies"
    )
    for audit_round in rounds:
        for agency in audit_round.agencies.all():
            mine = workflow.acts_for(seat, agency.pk)
            chasing = seat.can(ROOM, "manage") and audit_round.is_past_deadline(today)
            if not (mine or chasing):
                continue
            audit_return = workflow.return_in_round(audit_round, agency.pk)
            if audit_return is not None and audit_return.status == ReturnStatus.SUBMITTED:
                continue
            path = "" if audit_return else "start/"
            yield DueItem(
                title=f"{agency.name}: {audit_round}",
                due=audit_round.deadline,
                url=f"/p/{slug}/audits/rounds/{audit_round.pk}/agencies/{agency.pk}/{path}",
                room=ROOM,
                detail="Self-assessment return" if mine else "Return not yet submitted",
            )
    if seat.agency_ids and seat.can(ROOM, "contribute"):
        waiting = only_their_agency(
            ChallengeQuestion.objects.filter(round__partnership=seat.partnership, answered_at__isnull=True),
            seat,
            "audit_return__agency",
        ).select_related("round", "audit_return__agency")
        for question in waiting:
            yield DueItem(
                title=f"Answer a question on {question.audit_return.agency.name}'s return",
                due=question.round.moderation_on or question.round.deadline,
                url=f"/p/{slug}/audits/rounds/{question.round_id}/agencies/{question.audit_return.agency_id}/",
                room=ROOM,
                detail=str(question.round),
            )
        parts = only_their_agency(
            CaseAgencyPart.objects.filter(
                case__audit__partnership=seat.partnership,
                case__audit__status=CaseAuditStatus.AUDITING,
                status=PartStatus.IN_PROGRESS,
            ),
            seat,
        ).select_related("case__audit", "agency")
        for part in parts:
            audit = part.case.audit
            yield DueItem(
                title=f"{part.agency.name}: case {part.case} in {audit}",
                due=audit.deadline,
                url=f"/p/{slug}/audits/case-files/{audit.pk}/cases/{part.case_id}/parts/{part.pk}/",
                room=ROOM,
                detail="Case file audit",
            )
