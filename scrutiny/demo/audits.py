"""Audits for each demo partnership: two Section 11 rounds two years apart (the later one
completed, with questions, answers, moderation that changed some scores, a return sent back for
changes and an action plan), the police force's one return shared from Riverbank into Hillcrest,
a schools' round in progress, and two multi-agency case file audits (one complete, one with the
agencies auditing). Everything is fictional; cases are pseudonymised references only."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from scrutiny.actions.models import Action
from scrutiny.audits import case_auditing
from scrutiny.audits import returns as workflow
from scrutiny.audits.models import (
    SCALE_POINTS,
    AuditReturn,
    AuditRound,
    CaseFileAudit,
    ChallengeQuestion,
    Grade,
    PractitionerFeedback,
    ReturnShare,
    RoundStatus,
    Scale,
    Standard,
    StandardsFramework,
)
from scrutiny.demo.foundation import PARTNERSHIPS
from scrutiny.frameworks.models import Theme
from scrutiny.partnerships.models import Agency, Membership, Partnership
from scrutiny.partnerships.roles import Role

POLICE = "Capital Police South Area (demo)"

NARRATIVES = {
    3: "Fully in place and tested: {topic}. Our internal audit in the spring confirmed it.",
    2: "Mostly in place: {topic}. One service is still catching up and has a plan to by March.",
    1: "Partly in place: {topic}. We know this is a gap and have named a lead to close it.",
    0: "Not yet in place: {topic}. It is on our improvement plan.",
}
QUESTIONS = [
    ("5", "You rate training as fully in place: how do you know it changed practice, not just attendance?"),
    ("7", "Conference attendance fell last year. What do your figures show since?"),
    (None, "Which two standards would you most want the partnership's help with?"),
]
CASE_NOTES = [
    "Needs identified at the first contact; history of earlier referrals taken into account.",
    "The child was seen alone at each visit and their words are recorded.",
    "Information shared in time; one delay in health records was escalated and resolved.",
    "The plan has clear outcomes, but reviews slipped by four weeks in the summer.",
    "Supervision records show challenge to drift.",
    "The child is attending school again and says they feel safer at home.",
]


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(11, 0)))


def _user(partnership: Partnership, role: str, agency: Agency | None = None) -> Any:
    found = Membership.objects.filter(partnership=partnership, role=role)
    if agency is not None:
        found = found.filter(agency=agency)
    membership = found.select_related("user").first()
    return membership.user if membership else None


def _agencies(partnership: Partnership) -> list[Agency]:
    return list(Agency.objects.filter(partnership_links__partnership=partnership).order_by("name"))


def build_audits_demo() -> None:
    today = timezone.localdate()
    for spec in PARTNERSHIPS:
        partnership = Partnership.objects.get(slug=spec["slug"])
        if AuditRound.objects.filter(partnership=partnership).exists():
            continue
        rng = random.Random(f"{partnership.slug}-audits")  # noqa: S311 - fictional scores, not secrets
        manager = _user(partnership, Role.BUSINESS_MANAGER)
        scrutineer = _user(partnership, Role.SCRUTINEER)
        earlier = _section_11_round(partnership, today.year - 3, rng, manager, scrutineer, previous=None)
        _section_11_round(partnership, today.year - 1, rng, manager, scrutineer, previous=earlier)
        _schools_round(partnership, today, rng, manager)
        _case_file_audits(partnership, today, rng, manager)


def _section_11_round(
    partnership: Partnership, year: int, rng: random.Random, manager: Any, scrutineer: Any, previous: AuditRound | None
) -> AuditRound:
    """A round issued in September with returns due at the end of October, moderated in November
    and closed. The police force answers once, in Riverbank, and shares its return with Hillcrest."""
    framework = StandardsFramework.objects.get(key="section-11", partnership__isnull=True)
    opens, deadline = date(year, 9, 1), date(year, 10, 31)
    audit_round = AuditRound.objects.create(
        partnership=partnership,
        framework=framework,
        title=f"Section 11 audit {year}",
        scale=Scale.ZERO_TO_THREE,
        opens_on=opens,
        deadline=deadline,
        moderation_on=date(year, 11, 20),
        status=RoundStatus.OPEN,
        previous_round=previous,
    )
    agencies = [a for a in _agencies(partnership) if a.kind != "education"]
    audit_round.agencies.set(agencies)
    police = Agency.objects.get(name=POLICE)
    for agency in agencies:
        if agency == police and partnership.slug != "riverbank":
            source = AuditReturn.objects.filter(
                round__partnership__slug="riverbank", round__title=audit_round.title, agency=police
            ).first()
            if source is not None:
                ReturnShare.objects.create(
                    audit_return=source,
                    round=audit_round,
                    consented_by=_user(partnership, Role.DELEGATED_PARTNER, police),
                )
                _moderate(audit_round, source, rng, manager, scrutineer)
                continue
        author = _user(partnership, Role.DELEGATED_PARTNER, agency) or _user(partnership, Role.LEAD_PARTNER, agency)
        author = author or manager
        audit_return = workflow.return_start(
            audit_round=audit_round, agency=agency, started_by=author, carry_forward=previous is not None
        )
        # A better picture than two years ago, with training and inter-agency working still the gaps.
        for answer in audit_return.answers.select_related("standard"):
            base = 2 if previous is None else 3
            if answer.standard.ref in ("5", "7"):
                base -= 1
            score = max(0, min(3, base + rng.choice([-1, 0, 0, 0])))
            workflow.answer_save(
                answer=answer,
                self_score=score,
                narrative=NARRATIVES[score].format(topic=answer.standard.title.lower()),
                evidence=f"E{answer.standard.ref}-1 {answer.standard.evidence_hint or 'Policy'}",
            )
        workflow.return_submit(audit_return=audit_return, submitted_by=author)
        late = rng.random() < 0.2
        submitted = (
            deadline + timedelta(days=rng.randint(1, 9)) if late else deadline - timedelta(days=rng.randint(1, 20))
        )
        AuditReturn.objects.filter(pk=audit_return.pk).update(submitted_at=_at(submitted))
        audit_return.refresh_from_db()
        if previous is not None:
            _challenge(audit_round, audit_return, scrutineer, author, rng)
            _moderate(audit_round, audit_return, rng, manager, scrutineer)
    if previous is not None:
        _reopened_and_resubmitted(audit_round, manager)
        _action_plan(partnership, audit_round, manager, year)
    audit_round.status = RoundStatus.CLOSED
    audit_round.save(update_fields=["status"])
    return audit_round


def _challenge(audit_round: AuditRound, audit_return: AuditReturn, asker: Any, author: Any, rng: random.Random) -> None:
    for ref, text in QUESTIONS[: rng.randint(1, 3)]:
        standard = audit_round.framework.standards.get(ref=ref) if ref else None
        question = ChallengeQuestion.objects.create(
            round=audit_round, audit_return=audit_return, standard=standard, question=text, asked_by=asker
        )
        workflow.question_answer(
            question=question,
            answer="We will bring the evaluation of last year's training and the attendance figures to moderation.",
            answered_by=author,
        )


def _moderate(
    audit_round: AuditRound, audit_return: AuditReturn, rng: random.Random, manager: Any, scrutineer: Any
) -> None:
    """Moderation agrees most scores and lowers a few self-ratings, with the reason."""
    scores, reasons = {}, {}
    for answer in audit_return.answers.select_related("standard"):
        score = answer.self_score
        if score and score > 1 and rng.random() < 0.25:
            score -= 1
            reasons[answer.standard] = (
                "The evidence shown did not support the self-rating; practitioners' survey answers disagreed."
            )
        scores[answer.standard] = score
    workflow.moderate(
        audit_round=audit_round,
        audit_return=audit_return,
        scores=scores,
        reasons=reasons,
        moderated_by=scrutineer or manager,
    )


def _reopened_and_resubmitted(audit_round: AuditRound, manager: Any) -> None:
    """One return sent back for missing evidence and resubmitted, as its history shows."""
    audit_return = audit_round.returns.order_by("agency__name").last()
    if audit_return is None:
        return
    workflow.changes_request(audit_return=audit_return, reason="Attach the training evaluation you referred to.")
    answer = audit_return.answers.get(standard__ref="5")
    workflow.answer_save(
        answer=answer,
        self_score=answer.self_score,
        narrative=answer.narrative + " The evaluation of training impact is now attached.",
        evidence=answer.evidence + "\nE5-2 Training impact evaluation",
    )
    workflow.return_submit(audit_return=audit_return, submitted_by=manager)


def _action_plan(partnership: Partnership, audit_round: AuditRound, manager: Any, year: int) -> None:
    kind = ContentType.objects.get_for_model(AuditReturn)
    for audit_return in audit_round.returns.select_related("agency")[:3]:
        Action.objects.create(
            partnership=partnership,
            title=f"Evaluate the impact of safeguarding training ({audit_return.agency})",
            owner_agency=audit_return.agency,
            due_date=date(year + 1, 3, 31),
            source_type=kind,
            source_id=audit_return.pk,
            source_label=f"Audit return: {audit_return.agency}, {audit_round}",
            source_room="audits",
            created_by=manager,
        )


def _schools_round(partnership: Partnership, today: date, rng: random.Random, manager: Any) -> None:
    """This year's schools' audit, open, rated red, amber or green: the council's education service
    has submitted; the schools are still writing."""
    framework = StandardsFramework.objects.get(key="section-175", partnership__isnull=True)
    audit_round = AuditRound.objects.create(
        partnership=partnership,
        framework=framework,
        title=f"Schools' safeguarding audit {today.year}",
        scale=Scale.RAG,
        opens_on=today - timedelta(days=21),
        deadline=today + timedelta(days=28),
        status=RoundStatus.OPEN,
    )
    council = Agency.objects.get(name=next(s["council"] for s in PARTNERSHIPS if s["slug"] == partnership.slug))
    schools = [a for a in _agencies(partnership) if a.kind == "education"]
    audit_round.agencies.set([council, *schools])
    for agency, answered, submit in [(council, 99, True), *((school, 4, False) for school in schools)]:
        author = _user(partnership, Role.AGENCY_CONTRIBUTOR, agency) or _user(partnership, Role.LEAD_PARTNER, agency)
        audit_return = workflow.return_start(
            audit_round=audit_round, agency=agency, started_by=author or manager, carry_forward=False
        )
        for answer in audit_return.answers.select_related("standard")[:answered]:
            score = rng.choice([2, 3, 3])
            workflow.answer_save(
                answer=answer,
                self_score=score,
                narrative=f"{SCALE_POINTS[Scale.RAG][score]}: {answer.standard.title.lower()}, checked by governors.",
                evidence=f"S{answer.standard.ref} {answer.standard.evidence_hint or 'Policy'}",
            )
        if submit:
            workflow.return_submit(audit_return=audit_return, submitted_by=author or manager)


def _case_file_audits(partnership: Partnership, today: date, rng: random.Random, manager: Any) -> None:
    tool = StandardsFramework.objects.get(key="case-file-audit", partnership__isnull=True)
    agencies = [a for a in _agencies(partnership) if a.kind in ("la", "health", "police", "education")][:4]
    prefix = partnership.slug[:2].upper()
    specs = [
        ("Neglect: children on child protection plans", "neglect", today - timedelta(days=150), True),
        ("Child exploitation: children who go missing", "exploitation", today - timedelta(days=10), False),
    ]
    for number, (title, theme_word, month, complete) in enumerate(specs, start=1):
        theme = Theme.objects.filter(partnership__isnull=True, label__icontains=theme_word).first()
        audit = CaseFileAudit.objects.create(
            partnership=partnership,
            title=title,
            theme=theme,
            tool=tool,
            planned_for=month.replace(day=1),
            deadline=month + timedelta(days=28),
            moderation_on=month + timedelta(days=42),
            scope="Four children chosen at random from those open to all four agencies in the quarter.",
        )
        audit.agencies.set(agencies)
        domains = list(tool.standards.all())
        for n in range(1, 5 if complete else 4):
            case_auditing.case_add(audit=audit, reference=f"{prefix}-{theme_word[:3].upper()}-{number}{n:02d}")
        case_auditing.audit_advance(audit)
        for case in audit.cases.all():
            agreed: dict[Standard, int | None] = {}
            for index, part in enumerate(case.parts.select_related("agency")):
                if not complete and index >= 2:
                    break  # the last agencies are still auditing
                grades = {
                    d: rng.choice([Grade.GOOD, Grade.GOOD, Grade.REQUIRES_IMPROVEMENT, Grade.OUTSTANDING])
                    for d in domains
                }
                case_auditing.part_save(
                    part=part,
                    grades=grades,
                    notes={d: CASE_NOTES[i % len(CASE_NOTES)] for i, d in enumerate(domains)},
                    overall="Audited from our own records only.",
                    auditor=_user(partnership, Role.AGENCY_CONTRIBUTOR, part.agency) or manager,
                    submit=True,
                )
                for domain, grade in grades.items():
                    agreed[domain] = min(agreed.get(domain) or 4, grade or 4)
            if complete:
                case_auditing.case_moderate(
                    case=case,
                    grades=agreed,
                    notes="Agencies agreed the grades; health and police records told the same story.",
                    learning="Core group reviews slipped when the worker changed; no agency escalated the drift.",
                )
        if complete:
            case_auditing.audit_advance(audit)
            case_auditing.audit_advance(audit)
            audit.summary = "Children were seen and heard; plans drifted at changes of worker, and nobody escalated."
            audit.save(update_fields=["summary"])
            Action.objects.create(
                partnership=partnership,
                title="Add a drift check to core group reviews when the social worker changes",
                owner_agency=agencies[0],
                due_date=today + timedelta(days=60),
                source_type=ContentType.objects.get_for_model(CaseFileAudit),
                source_id=audit.pk,
                source_label=f"Case file audit: {audit}",
                source_room="audits",
                created_by=manager,
            )
            for agency, usefulness, comment in [
                (agencies[0], 4, "Hearing how the school saw the family changed how I plan visits."),
                (agencies[1], 3, "Useful, though the tool's questions overlap."),
                (agencies[-1], 2, "Too little time to prepare."),
            ]:
                PractitionerFeedback.objects.create(
                    audit=audit,
                    agency=agency,
                    practitioner_role="Practitioner",
                    usefulness=usefulness,
                    comment=comment,
                    recorded_by=manager,
                )
