"""Workflows of the assurance room that touch several records or have side effects.

Pages and the API call these, so a rule (no issuing without evidence, no response after closure)
holds however the change arrives.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from scrutiny.assurance import rules
from scrutiny.assurance.models import (
    AssuranceSettings,
    Challenge,
    ChallengeOutcome,
    Disagreement,
    Finding,
    FindingStatus,
    Innovation,
    Recommendation,
    RecommendationResponse,
    RecommendationStatus,
    ResponseDecision,
    StageChange,
)
from scrutiny.assurance.models.disagreements import escalation_policy
from scrutiny.assurance.models.findings import (
    SUPPORTS,
    finding_issue_problem,
    recommendation_response_problem,
    validate_response,
)
from scrutiny.assurance.rules import disagreement_can_act
from scrutiny.clocks.holidays import OutsideHolidayData
from scrutiny.evidence.models import EvidenceItem
from scrutiny.evidence.services import evidence_for, evidence_link, evidence_unlink
from scrutiny.frameworks.models import Requirement, Theme
from scrutiny.partnerships.models import Agency, Partnership
from scrutiny.partnerships.scoping import scoped


def evidence_choices(partnership: Any) -> models.QuerySet[EvidenceItem]:
    """The partnership's current evidence, offered for linking."""
    return scoped(EvidenceItem, partnership).filter(superseded_at__isnull=True).order_by("title")


def set_supporting_evidence(
    *, target: models.Model, partnership: Any, evidence: Iterable[EvidenceItem], by: Any
) -> None:
    """Make ``evidence`` exactly the evidence supporting ``target``, through the evidence room's
    services: new links are added, dropped ones removed (each kept in the link's history)."""
    wanted = {item.pk: item for item in evidence}
    for item in supporting_evidence(target):
        if item.pk in wanted:
            wanted.pop(item.pk)
        else:
            evidence_unlink(evidence=item, target=target, purpose=SUPPORTS, unlinked_by=by)
    for item in wanted.values():
        evidence_link(evidence=item, target=target, purpose=SUPPORTS, linked_by=by)


def supporting_evidence(target: models.Model) -> list[EvidenceItem]:
    return list(evidence_for(target, SUPPORTS).order_by("title"))


def finding_issue(*, finding: Finding, on: date) -> Finding:
    """Issue a draft finding: a change of its status, kept in its history. Refused (ValidationError)
    where ``finding_issue_problem`` names a reason."""
    problem = finding_issue_problem(finding)
    if problem:
        raise ValidationError(problem)
    finding.status = FindingStatus.ISSUED
    finding.issued_on = on
    finding.save()
    return finding


@transaction.atomic
def finding_save(
    *,
    partnership: Partnership,
    by: Any,
    finding: Finding | None = None,
    year: int,
    title: str,
    what_was_found: str,
    kind: str,
    confidence: str,
    agencies: Iterable[Agency] = (),
    requirements: Iterable[Requirement] = (),
    themes: Iterable[Theme] = (),
    innovations: Iterable[Innovation] = (),
    evidence: Iterable[EvidenceItem] = (),
    status: str | None = None,
    on: date | None = None,
) -> Finding:
    """Record a draft finding, or change ``finding``, with exactly ``evidence`` supporting it.

    ``status`` "issued" issues it as well (on ``on``), which is refused without supporting
    evidence; where any rule refuses, nothing of the change is saved.
    """
    chosen = list(evidence)
    if status is not None:
        rules.finding_status_is_draft_or_issued(status)
    if finding is not None:
        if status is not None:
            rules.no_return_to_draft(finding, status)
        rules.issued_finding_keeps_its_evidence(finding, chosen)
    else:
        finding = Finding(partnership=partnership, created_by=by)
    finding.year, finding.title, finding.what_was_found = year, title, what_was_found
    finding.kind, finding.confidence = kind, confidence
    if finding.created_by_id is None:
        finding.created_by = by
    # Who recorded it may be no one (the demo, an import), so that is not checked.
    finding.full_clean(exclude=["created_by"])
    finding.save()
    finding.agencies.set(list(agencies))
    finding.requirements.set(list(requirements))
    finding.themes.set(list(themes))
    finding.innovations.set(list(innovations))
    set_supporting_evidence(target=finding, partnership=partnership, evidence=chosen, by=by)
    if status == FindingStatus.ISSUED and not finding.is_issued:
        finding_issue(finding=finding, on=on or timezone.localdate())
    return finding


def recommendation_due(partnership: Any, made_on: date) -> date:
    return AssuranceSettings.for_partnership(partnership).recommendation_response_due(made_on)


@transaction.atomic
def recommendation_make(
    *, finding: Finding, by: Any, text: str, addressed_to: Iterable[Agency], made_on: date
) -> Recommendation:
    """Make a recommendation from a finding, to the bodies that must respond; the formal response
    falls due by the partnership's setting (2 months unless it says otherwise)."""
    recommendation = Recommendation(
        partnership=finding.partnership,
        finding=finding,
        text=text,
        made_on=made_on,
        response_due=recommendation_due(finding.partnership, made_on),
        created_by=by,
    )
    recommendation.full_clean(exclude=["created_by"])
    recommendation.save()
    recommendation.addressed_to.set(list(addressed_to))
    return recommendation


@transaction.atomic
def recommendation_respond(
    *, recommendation: Recommendation, agency: Agency | None, decision: str, reasons: str, by: Any, on: date
) -> RecommendationResponse:
    """Record (or change) the formal response of one addressed body.

    Refused once the recommendation is closed; reasons are required unless it is accepted. When
    every addressed body has answered, the recommendation moves from awaiting to responded.
    """
    problem = recommendation_response_problem(recommendation, agency)
    if problem:
        raise ValidationError(problem)
    if decision not in ResponseDecision.values:
        raise ValidationError({"decision": "Choose accepted, partly accepted or not accepted."})
    validate_response(decision, reasons)
    response, _ = RecommendationResponse.objects.update_or_create(
        recommendation=recommendation,
        agency=agency,
        defaults={"decision": decision, "reasons": reasons.strip(), "responded_by": by, "responded_on": on},
    )
    addressed = set(recommendation.addressed_to.values_list("pk", flat=True))
    answered = set(recommendation.responses.values_list("agency_id", flat=True))
    if recommendation.status == RecommendationStatus.AWAITING_RESPONSE and addressed <= answered:
        recommendation.status = RecommendationStatus.RESPONDED
        recommendation.save()
    return response


# --- Challenges -------------------------------------------------------------------------------


def challenge_due(partnership: Any, raised_on: date) -> date:
    """The response is due N working days after the day raised (10 unless the partnership says)."""
    try:
        return AssuranceSettings.for_partnership(partnership).challenge_response_due(raised_on)
    except OutsideHolidayData as error:
        raise ValidationError({"raised_on": f"Working days cannot be counted from this date: {error}"}) from None


def challenge_raise(
    *,
    partnership: Any,
    raised_by: Any,
    raised_by_body: Agency | None,
    addressed_to: Agency,
    question: str,
    raised_on: date,
    themes: Iterable[Any] = (),
) -> Challenge:
    challenge = Challenge(
        partnership=partnership,
        raised_by=raised_by,
        raised_by_body=raised_by_body,
        addressed_to=addressed_to,
        question=question,
        raised_on=raised_on,
        response_due=challenge_due(partnership, raised_on),
    )
    with transaction.atomic():
        challenge.save()
        challenge.themes.set(list(themes))
    return challenge


def challenge_response_problem(challenge: Challenge, seat: Any) -> str:
    """Why this person cannot answer the challenge now, or "" where they can."""
    if challenge.is_closed:
        return f"This challenge is closed ({challenge.get_outcome_display().lower()}), so it cannot be answered now."
    if not seat.acts_for(challenge.addressed_to_id):
        return "Only the people of the agency the challenge is addressed to can answer it."
    return ""


def challenge_respond(*, challenge: Challenge, seat: Any, response: str, on: date) -> Challenge:
    problem = challenge_response_problem(challenge, seat)
    if problem:
        raise ValidationError(problem)
    if not response.strip():
        raise ValidationError({"response": "Write the response."})
    if on < challenge.raised_on:
        raise ValidationError({"responded_on": "The response cannot be dated before the challenge was raised."})
    challenge.response = response.strip()
    challenge.responded_on = on
    challenge.responded_by = seat.user
    challenge.save()
    return challenge


def challenge_outcome_problem(challenge: Challenge, seat: Any) -> str:
    if not (seat.can("assurance", "manage") or challenge.raised_by_id == seat.user.pk):
        return "Only the person who raised the challenge, or the scrutineer, records its outcome."
    return ""


def challenge_set_outcome(*, challenge: Challenge, seat: Any, outcome: str, note: str) -> Challenge:
    problem = challenge_outcome_problem(challenge, seat)
    if problem:
        raise ValidationError(problem)
    if outcome not in ChallengeOutcome.values:
        raise ValidationError({"outcome": "Choose resolved, escalated or unresolved."})
    challenge.outcome = outcome
    challenge.outcome_note = note.strip()
    challenge.save()
    return challenge


# --- Disagreements ----------------------------------------------------------------------------


def disagreement_record(
    *,
    partnership: Any,
    by: Any,
    title: str,
    issue: str,
    parties: Iterable[Agency],
    raised_on: date,
    themes: Iterable[Any] = (),
) -> Disagreement:
    """A new disagreement starts at the first stage of the partnership's escalation policy."""
    first = escalation_policy(partnership)[0]
    chosen = list(parties)
    if len(chosen) < 2:
        raise ValidationError({"parties": "A disagreement has at least two parties: choose both sides."})
    with transaction.atomic():
        disagreement = Disagreement.objects.create(
            partnership=partnership,
            title=title,
            issue=issue,
            raised_on=raised_on,
            current_stage=first,
            stage_entered_on=raised_on,
            recorded_by=by,
        )
        disagreement.parties.set(chosen)
        disagreement.themes.set(list(themes))
        StageChange.objects.create(disagreement=disagreement, stage=first, entered_on=raised_on, by=by)
    return disagreement


def disagreement_escalate(*, disagreement: Disagreement, seat: Any, on: date, note: str) -> Disagreement:
    """Move the disagreement to the next stage of the policy, kept in its stage history."""
    if disagreement.is_resolved:
        raise ValidationError("This disagreement is resolved, so it cannot be escalated.")
    if not disagreement_can_act(disagreement, seat):
        raise ValidationError("Only the parties, the scrutineer or the business manager can escalate it.")
    later = [s for s in escalation_policy(disagreement.partnership) if s.order > disagreement.current_stage.order]
    if not later:
        raise ValidationError("This disagreement is already at the last stage of the escalation policy.")
    if on < disagreement.stage_entered_on:
        raise ValidationError("The next stage cannot start before the current one.")
    with transaction.atomic():
        disagreement.current_stage = later[0]
        disagreement.stage_entered_on = on
        disagreement.save()
        StageChange.objects.create(disagreement=disagreement, stage=later[0], entered_on=on, note=note, by=seat.user)
    return disagreement


def disagreement_resolve(*, disagreement: Disagreement, seat: Any, resolution: str, on: date) -> Disagreement:
    if disagreement.is_resolved:
        raise ValidationError("This disagreement is already resolved.")
    if not disagreement_can_act(disagreement, seat):
        raise ValidationError("Only the parties, the scrutineer or the business manager can record the resolution.")
    if on < disagreement.raised_on:
        raise ValidationError({"resolved_on": "The resolution cannot be dated before the disagreement was raised."})
    disagreement.resolution = resolution.strip()
    disagreement.resolved_on = on
    disagreement.save()
    return disagreement


def disagreement_advise(*, disagreement: Disagreement, advice: str, on: date) -> Disagreement:
    """The scrutineer's independent advice to the parties, and the day it was given."""
    if not advice.strip():
        raise ValidationError({"scrutineer_advice": "Write the advice."})
    disagreement.scrutineer_advice = advice
    disagreement.advice_given_on = on
    disagreement.save()
    return disagreement


def disagreement_themes(partnership: Any) -> list[tuple[Any, int, int]]:
    """Each theme tagged on the partnership's disagreements: (theme, all, still open), most first."""
    from django.db.models import Count, Q

    from scrutiny.frameworks.models import Theme

    rows = (
        Theme.objects.filter(disagreements__partnership=partnership)
        .annotate(
            total=Count("disagreements", filter=Q(disagreements__partnership=partnership), distinct=True),
            open=Count(
                "disagreements",
                filter=Q(disagreements__partnership=partnership, disagreements__resolved_on__isnull=True),
                distinct=True,
            ),
        )
        .order_by("-total", "label")
        .distinct()
    )
    return [(t, getattr(t, "total", 0), getattr(t, "open", 0)) for t in rows]
