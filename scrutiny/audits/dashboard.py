"""The round dashboard: which returns are outstanding or late, how agencies scored themselves and
how moderation scored them per standard, the gap between the two per agency, and how each
standard moved since the last round.

Everything is computed from a handful of queries, however many agencies and standards a round has.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

from scrutiny.audits.models import (
    SCALE_POINTS,
    AuditReturn,
    AuditRound,
    ModeratedScore,
    ReturnAnswer,
    ReturnStatus,
    Standard,
)
from scrutiny.partnerships.models import Agency


@dataclass
class AgencyRow:
    agency: Agency
    audit_return: AuditReturn | None
    shared_from: str = ""
    late: bool = False
    moderated: int = 0
    #: Mean of (self-score minus moderated score) over the standards moderated: above 0, the agency
    #: rated itself higher than moderation did.
    gap: float | None = None

    @property
    def status_label(self) -> str:
        if self.audit_return is None:
            return "Not started"
        return str(self.audit_return.get_status_display())


@dataclass
class StandardRow:
    standard: Standard
    self_counts: dict[int, int] = field(default_factory=dict)
    moderated_counts: dict[int, int] = field(default_factory=dict)
    mean_now: float | None = None
    mean_before: float | None = None

    @property
    def change(self) -> float | None:
        if self.mean_now is None or self.mean_before is None:
            return None
        return round(self.mean_now - self.mean_before, 2)


@dataclass
class Dashboard:
    audit_round: AuditRound
    agencies: list[AgencyRow]
    standards: list[StandardRow]
    points: dict[int, str]

    @property
    def outstanding(self) -> list[AgencyRow]:
        return [row for row in self.agencies if row.audit_return is None or row.audit_return.status != "submitted"]

    @property
    def late(self) -> list[AgencyRow]:
        return [row for row in self.agencies if row.late]

    @property
    def submitted_count(self) -> int:
        return len(self.agencies) - len(self.outstanding)


def _mean(values: list[int]) -> float | None:
    return round(sum(values) / len(values), 2) if values else None


def _final_scores(audit_round: AuditRound) -> dict[str, list[int]]:
    """Per standard ref, each submitted return's moderated score where set, else its self-score:
    the round's best view of each standard, used to compare rounds."""
    returns = AuditReturn.objects.in_round(audit_round).filter(status=ReturnStatus.SUBMITTED)
    moderated = {
        (m.audit_return_id, m.standard_id): m.score
        for m in ModeratedScore.objects.filter(round=audit_round, audit_return__in=returns)
    }
    scores: dict[str, list[int]] = defaultdict(list)
    for answer in ReturnAnswer.objects.filter(audit_return__in=returns).select_related("standard"):
        score = moderated.get((answer.audit_return_id, answer.standard_id), answer.self_score)
        if score is not None:
            scores[answer.standard.ref].append(score)
    return scores


def round_dashboard(audit_round: AuditRound, today: date) -> Dashboard:
    returns = {r.agency_id: r for r in AuditReturn.objects.in_round(audit_round).select_related("round__partnership")}
    answers = list(
        ReturnAnswer.objects.filter(audit_return__in=returns.values(), audit_return__status=ReturnStatus.SUBMITTED)
    )
    moderated = list(ModeratedScore.objects.filter(round=audit_round))
    self_by_key = {(a.audit_return_id, a.standard_id): a.self_score for a in answers}

    agencies = []
    for agency in audit_round.agencies.all():
        audit_return = returns.get(agency.pk)
        row = AgencyRow(agency=agency, audit_return=audit_return)
        if audit_return is not None and audit_return.round_id != audit_round.pk:
            row.shared_from = str(audit_return.round.partnership)
        on_time = audit_return.submitted_on_time() if audit_return else None
        row.late = (on_time is False) or (on_time is None and audit_round.is_past_deadline(today))
        if audit_return is not None:
            gaps = [
                self_score - m.score
                for m in moderated
                if m.audit_return_id == audit_return.pk
                and (self_score := self_by_key.get((audit_return.pk, m.standard_id))) is not None
            ]
            row.moderated = len(gaps)
            row.gap = round(sum(gaps) / len(gaps), 2) if gaps else None
        agencies.append(row)

    self_counts: dict[int, Counter[int]] = defaultdict(Counter)
    for answer in answers:
        if answer.self_score is not None:
            self_counts[answer.standard_id][answer.self_score] += 1
    moderated_counts: dict[int, Counter[int]] = defaultdict(Counter)
    for m in moderated:
        moderated_counts[m.standard_id][m.score] += 1
    now = _final_scores(audit_round)
    before = _final_scores(audit_round.previous_round) if audit_round.previous_round else {}
    points = SCALE_POINTS[audit_round.scale]
    standards = [
        StandardRow(
            standard=standard,
            self_counts={point: self_counts[standard.pk][point] for point in points},
            moderated_counts={point: moderated_counts[standard.pk][point] for point in points},
            mean_now=_mean(now.get(standard.ref, [])),
            mean_before=_mean(before.get(standard.ref, [])),
        )
        for standard in audit_round.framework.standards.all()
    ]
    return Dashboard(audit_round=audit_round, agencies=agencies, standards=standards, points=points)
