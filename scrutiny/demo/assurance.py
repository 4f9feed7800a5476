"""A fictional year of independent scrutiny in Riverbank (2025-26): the scrutineer's appointment,
the plan, an assessment of every duty (and of some the year before, for the year-on-year view),
findings with evidence, recommendations with the partners' responses and the actions tracking
them, challenges, one disagreement between leaders, the assurance statement and the innovation
register.

Every person, agency and event is invented; nothing refers to a child. Building twice changes
nothing: each record is found by its natural key (title, question or requirement) before it is
made, and many-to-many links are set, which changes nothing when they are already so.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from scrutiny.accounts.models import User
from scrutiny.actions.models import Action, ActionStatus
from scrutiny.actions.services import action_create, action_update_add
from scrutiny.assurance.assessing import assessed_requirements
from scrutiny.assurance.models import (
    Assessment,
    AssessmentStatus,
    AssuranceStatement,
    Challenge,
    ChallengeOutcome,
    Disagreement,
    Finding,
    FindingStatus,
    Innovation,
    Judgement,
    Recommendation,
    RecommendationResponse,
    RecommendationStatus,
    ScrutineerAppointment,
    ScrutinyActivity,
    StageChange,
    StatementResponse,
    StatementSection,
    StatementStatus,
)
from scrutiny.assurance.models.disagreements import escalation_policy
from scrutiny.assurance.services import challenge_due, recommendation_due, set_supporting_evidence
from scrutiny.evidence.models import EvidenceItem
from scrutiny.frameworks.catalogue import UnknownRequirement, requirement_by_code
from scrutiny.frameworks.models import Requirement, Theme
from scrutiny.partnerships.models import Agency, Partnership

YEAR = 2025
COUNCIL = "Riverbank Borough Council (demo)"
HEALTH = "South Thames Health Board (demo)"
POLICE = "Capital Police South Area (demo)"
COMMUNITY_HEALTH = "Riverbank Community Health Trust (demo)"
SCHOOLS = "Oakfield Academies Trust (demo)"
YOUTH_JUSTICE = "Riverbank Youth Justice Service (demo)"

SCRUTINEER = "scrutineer@demo.example.org"
MANAGER = "manager.riverbank@demo.example.org"
LSP = "lsp.council.riverbank@demo.example.org"
POLICE_DSP = "police.dsp@demo.example.org"
HEALTH_DSP = "dsp.health.riverbank@demo.example.org"
CONTRIBUTOR = "contributor.riverbank@demo.example.org"


def _user(email: str) -> User | None:
    return User.objects.filter(email=email).first()


def _agency(name: str) -> Agency:
    return Agency.objects.get(name=name)


def _requirements(codes: list[str]) -> list[Requirement]:
    found = []
    for code in codes:
        try:
            found.append(requirement_by_code(code))
        except UnknownRequirement:
            continue  # a framework not loaded in this deployment: tag what exists
    return found


def _themes(codes: list[str]) -> list[Theme]:
    return list(Theme.objects.filter(partnership__isnull=True, code__in=codes))


def _evidence(partnership: Partnership, titles: list[str]) -> list[EvidenceItem]:
    return list(EvidenceItem.objects.filter(partnership=partnership, title__in=titles))


# --- The plan ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoActivity:
    title: str
    method: str
    covers: list[str]
    priorities: list[str]
    start: date
    end: date
    status: str
    outputs: str = ""
    evidence: list[str] = field(default_factory=list)


F = "wt2023-scrutiny-functions:"
S = "six-steps:"

ACTIVITIES = [
    DemoActivity(
        "Review of the quarterly data pack with the business manager",
        "data_review",
        [F + "F1", F + "F3", S + "STEP-2"],
        ["front-door-referral-decisions"],
        date(2025, 7, 14),
        date(2025, 7, 14),
        "done",
        "Questions on the timeliness of strategy discussions put to the police (see the challenge log).",
        ["Quarterly data pack, Q2 2025-26"],
    ),
    DemoActivity(
        "Multi-agency audit of the front door",
        "multi_agency_audit",
        [F + "F2", F + "F3", S + "STEP-3"],
        ["front-door", "front-door-referral-decisions"],
        date(2025, 9, 1),
        date(2025, 10, 10),
        "done",
        "Audit report; two findings on feedback to referrers and threshold consistency.",
        ["Multi-agency audit of the front door: findings report"],
    ),
    DemoActivity(
        "Practitioner focus group on neglect",
        "focus_group",
        [F + "F2", F + "F6", S + "STEP-3"],
        ["neglect"],
        date(2025, 10, 22),
        date(2025, 10, 22),
        "done",
        "Notes shared with the neglect sub-group.",
        ["Practitioner focus group notes: neglect"],
    ),
    DemoActivity(
        "Observation of the December partnership board",
        "board_observation",
        [F + "F4", F + "F5", S + "STEP-4"],
        [],
        date(2025, 12, 4),
        date(2025, 12, 4),
        "done",
        "Feedback to the chair on the quality of challenge between partners.",
        ["Partnership board minutes, December 2025"],
    ),
    DemoActivity(
        "Review of a rapid review",
        "rapid_review",
        [F + "F3", F + "F7", S + "STEP-3"],
        ["learning-from-reviews"],
        date(2026, 1, 12),
        date(2026, 1, 23),
        "done",
        "The rapid review was sent to the Panel on time; learning was shared within a month.",
        ["Rapid review timeliness, 2025-26"],
    ),
    DemoActivity(
        "Session with the youth forum on feeling safe online",
        "young_people",
        [F + "F6", S + "STEP-1"],
        ["voice", "exploitation"],
        date(2026, 2, 7),
        date(2026, 2, 7),
        "done",
        "Summary fed back to the forum and the board.",
        ["Youth forum summary: feeling safe online"],
    ),
    DemoActivity(
        "Interviews with the three lead safeguarding partners",
        "lead_partner_interview",
        [F + "F4", F + "F5", S + "STEP-6"],
        [],
        date(2026, 3, 2),
        date(2026, 3, 13),
        "in_progress",
        "",
    ),
    DemoActivity(
        "Review of training evaluation beyond attendee feedback",
        "data_review",
        [F + "F1"],
        ["training"],
        date(2026, 3, 16),
        date(2026, 3, 27),
        "cancelled",
        "Moved to next year's plan: the evaluation data were not ready.",
    ),
]


def _plan(partnership: Partnership, scrutineer: User | None) -> None:
    for spec in ACTIVITIES:
        activity, _ = ScrutinyActivity.objects.get_or_create(
            partnership=partnership,
            year=YEAR,
            title=spec.title,
            defaults={
                "method": spec.method,
                "planned_start": spec.start,
                "planned_end": spec.end,
                "status": spec.status,
                "outputs": spec.outputs,
                "created_by": scrutineer,
            },
        )
        activity.covers.set(_requirements(spec.covers))
        activity.priorities.set(_themes(spec.priorities))
        set_supporting_evidence(
            target=activity, partnership=partnership, evidence=_evidence(partnership, spec.evidence), by=scrutineer
        )


# --- Assessments ------------------------------------------------------------------------------

#: The scrutineer's judgements where the year had something to say; every other duty is met.
JUDGEMENTS: dict[str, tuple[str, str]] = {
    "SD-01": ("partly_met", "Published, but the section on relevant agencies predates the 2025 review."),
    "SD-01.6": ("partly_met", "Two relevant agencies named in 2023 no longer take part; the list needs refreshing."),
    "SD-01.9": ("partly_met", "The data set exists but early help outcomes are not yet in it."),
    "SD-01.10": ("partly_met", "Training is commissioned and delivered; its impact is measured only by feedback."),
    "SD-04.4": ("partly_met", "Responses to recommendations are formal, but one is overdue."),
    "SD-05.3": ("not_met", "The 2024-25 report describes activity; it gives little evidence of impact on children."),
    "SD-11": ("met", "The 2025 threshold document is published and signed off by all three lead partners."),
    "SD-12": ("partly_met", "Training reaches most agencies; evaluation of impact is still limited."),
    "SD-14.1": ("not_applicable", "The duty is not yet commenced."),
    "SD-15": ("met", "The youth forum shapes the plan and saw what changed."),
    "SD-16.1": ("not_applicable", "Section 2 is not yet commenced."),
    "SD-18": (
        "not_applicable",
        "No multi-agency child protection team yet: the national roll-out has not reached here.",
    ),
    "D3": ("partly_met", "Challenge is welcomed at the board; outside it, responses to challenge are slow."),
    "D9": ("partly_met", "Innovation is supported, but measures of success are not set at the start."),
}
#: The year before, for the year-on-year view: what has moved since.
LAST_YEAR: dict[str, str] = {
    "SD-01": "partly_met",
    "SD-05.3": "not_met",
    "SD-11": "not_met",
    "SD-12": "not_met",
    "SD-15": "partly_met",
    "SD-08": "met",
    "D3": "met",
}


def _assessments(partnership: Partnership, scrutineer: User | None) -> None:
    evidence = {item.title: item for item in EvidenceItem.objects.filter(partnership=partnership)}
    backing = {
        "SD-01": ["Published safeguarding arrangements"],
        "SD-05": ["Yearly report 2024-25"],
        "SD-05.3": ["Yearly report 2024-25"],
        "SD-08": ["Rapid review timeliness, 2025-26"],
        "SD-11": ["Threshold document 2025"],
        "SD-12": ["Multi-agency training evaluation, 2025"],
        "SD-15": ["Youth forum summary: feeling safe online"],
    }
    for requirement in assessed_requirements(partnership):
        judgement, rationale = JUDGEMENTS.get(
            requirement.ref, ("met", "Seen in the evidence reviewed this year; no concerns raised.")
        )
        assessment, _ = Assessment.objects.get_or_create(
            partnership=partnership,
            year=YEAR,
            requirement=requirement,
            defaults={
                "status": AssessmentStatus.DONE,
                "judgement": judgement,
                "rationale": rationale,
                "confidence": "high" if judgement == Judgement.MET else "medium",
                "assessor": scrutineer,
                "assessed_on": date(2026, 3, 20),
            },
        )
        items = [evidence[t] for t in backing.get(requirement.ref, []) if t in evidence]
        if items:
            set_supporting_evidence(target=assessment, partnership=partnership, evidence=items, by=scrutineer)
        if requirement.ref in LAST_YEAR:
            Assessment.objects.get_or_create(
                partnership=partnership,
                year=YEAR - 1,
                requirement=requirement,
                defaults={
                    "status": AssessmentStatus.DONE,
                    "judgement": LAST_YEAR[requirement.ref],
                    "rationale": "Judged by the previous scrutineer.",
                    "assessed_on": date(2025, 3, 18),
                },
            )


# --- Findings, recommendations, responses and actions ------------------------------------------


@dataclass(frozen=True)
class DemoFinding:
    title: str
    found: str
    kind: str
    confidence: str
    agencies: list[str]
    requirements: list[str]
    themes: list[str]
    evidence: list[str]
    issued_on: date | None


FINDINGS = [
    DemoFinding(
        "Referrers rarely hear what happened to their referral",
        "In 7 of the 10 referrals audited from schools and health visitors, the referrer was not told the "
        "outcome. Practitioners said this makes them less likely to refer early.",
        "improvement",
        "high",
        [COUNCIL, SCHOOLS],
        [F + "F2", "statutory-duties:SD-14"],
        ["front-door-referral-decisions"],
        ["Multi-agency audit of the front door: findings report"],
        date(2025, 11, 3),
    ),
    DemoFinding(
        "Thresholds are understood differently across agencies",
        "Police and health practitioners in the focus group applied the 2023 thresholds; the 2025 document "
        "was not known to them.",
        "concern",
        "medium",
        [POLICE, HEALTH],
        [F + "F3", "statutory-duties:SD-11"],
        ["front-door", "neglect"],
        ["Practitioner focus group notes: neglect", "Threshold document 2025"],
        date(2025, 11, 3),
    ),
    DemoFinding(
        "Rapid reviews are completed on time and their learning is shared",
        "Every rapid review this year reached the Panel within 15 working days; learning briefs followed "
        "within a month.",
        "strength",
        "high",
        [],
        [F + "F7", "statutory-duties:SD-08"],
        ["learning-from-reviews"],
        ["Rapid review timeliness, 2025-26"],
        date(2026, 2, 2),
    ),
    DemoFinding(
        "Young people's views changed the online safety campaign",
        "The youth forum rewrote the campaign's messages; the board adopted them unchanged.",
        "strength",
        "high",
        [],
        [F + "F6", "statutory-duties:SD-15"],
        ["voice"],
        ["Youth forum summary: feeling safe online"],
        date(2026, 2, 20),
    ),
    DemoFinding(
        "The yearly report shows activity rather than impact",
        "The 2024-25 report lists training and meetings but gives no outcome data for children.",
        "improvement",
        "high",
        [COUNCIL, HEALTH, POLICE],
        [F + "F1", "statutory-duties:SD-05.3"],
        ["training"],
        ["Yearly report 2024-25", "Multi-agency training evaluation, 2025"],
        date(2026, 3, 9),
    ),
    DemoFinding(
        "Challenge between leaders is open at the board",
        "Draft: observed at the December board; to be tested in the lead partner interviews.",
        "strength",
        "low",
        [],
        [F + "F5"],
        [],
        ["Partnership board minutes, December 2025"],
        None,
    ),
]


@dataclass(frozen=True)
class DemoRecommendation:
    finding: str
    text: str
    addressed: list[str]
    made_on: date
    status: str
    responses: list[tuple[str, str, str, str, date]]  # agency, decision, reasons, responder e-mail, date
    actions: list[tuple[str, str, int, str]]  # title, owner agency, days from today it is due, status


RECOMMENDATIONS = [
    DemoRecommendation(
        "Referrers rarely hear what happened to their referral",
        "Tell every professional referrer the outcome of their referral within 3 working days, and audit it.",
        [COUNCIL],
        date(2025, 11, 10),
        RecommendationStatus.IN_PROGRESS,
        [(COUNCIL, "accepted", "", LSP, date(2025, 12, 15))],
        [("Send outcome letters to professional referrers", COUNCIL, 45, "in_progress")],
    ),
    DemoRecommendation(
        "Thresholds are understood differently across agencies",
        "Launch the 2025 threshold document in every agency, with a briefing for front-line staff.",
        [POLICE, HEALTH],
        date(2025, 11, 10),
        RecommendationStatus.RESPONDED,
        [
            (
                POLICE,
                "partly",
                "We will brief supervisors; briefing all officers is not possible this year.",
                POLICE_DSP,
                date(2026, 1, 8),
            ),
            (HEALTH, "accepted", "", HEALTH_DSP, date(2026, 1, 9)),
        ],
        [("Brief police supervisors on the 2025 threshold document", POLICE, 90, "not_started")],
    ),
    DemoRecommendation(
        "The yearly report shows activity rather than impact",
        "Build the 2025-26 yearly report around outcome data for children, from early help to care leavers.",
        [COUNCIL, HEALTH, POLICE],
        date(2026, 3, 16),
        RecommendationStatus.AWAITING_RESPONSE,
        [(COUNCIL, "accepted", "", LSP, date(2026, 4, 20))],
        [],
    ),
    DemoRecommendation(
        "Referrers rarely hear what happened to their referral",
        "Designated safeguarding leads log every referral they make and ask for the outcome after 3 working days.",
        [SCHOOLS],
        date(2026, 3, 16),
        RecommendationStatus.AWAITING_RESPONSE,
        [],
        [],
    ),
]


def _findings(partnership: Partnership, scrutineer: User | None) -> dict[str, Finding]:
    made: dict[str, Finding] = {}
    for spec in FINDINGS:
        finding, _ = Finding.objects.get_or_create(
            partnership=partnership,
            year=YEAR,
            title=spec.title,
            defaults={
                "what_was_found": spec.found,
                "kind": spec.kind,
                "confidence": spec.confidence,
                "status": FindingStatus.ISSUED if spec.issued_on else FindingStatus.DRAFT,
                "issued_on": spec.issued_on,
                "created_by": scrutineer,
            },
        )
        finding.agencies.set([_agency(name) for name in spec.agencies])
        finding.requirements.set(_requirements(spec.requirements))
        finding.themes.set(_themes(spec.themes))
        set_supporting_evidence(
            target=finding, partnership=partnership, evidence=_evidence(partnership, spec.evidence), by=scrutineer
        )
        made[spec.title] = finding
    return made


def _recommendations(partnership: Partnership, findings: dict[str, Finding], scrutineer: User | None) -> None:
    for spec in RECOMMENDATIONS:
        rec, _ = Recommendation.objects.get_or_create(
            partnership=partnership,
            finding=findings[spec.finding],
            text=spec.text,
            defaults={
                "made_on": spec.made_on,
                "response_due": recommendation_due(partnership, spec.made_on),
                "status": spec.status,
                "created_by": scrutineer,
            },
        )
        rec.addressed_to.set([_agency(name) for name in spec.addressed])
        for agency, decision, reasons, email, on in spec.responses:
            RecommendationResponse.objects.get_or_create(
                recommendation=rec,
                agency=_agency(agency),
                defaults={"decision": decision, "reasons": reasons, "responded_by": _user(email), "responded_on": on},
            )
        for title, owner, days, status in spec.actions:
            if Action.objects.filter(partnership=partnership, title=title).exists():
                continue
            # Action due dates cannot be in the past when made: they are set from today.
            action = action_create(
                partnership=partnership,
                title=title,
                owner_agency=_agency(owner),
                due_date=timezone.localdate() + timedelta(days=days),
                source=rec,
                source_label=f"Scrutiny recommendation: {rec}",
                source_room="assurance",
                created_by=scrutineer,
            )
            if status == ActionStatus.IN_PROGRESS:
                action_update_add(
                    action=action,
                    author=_user(LSP),
                    text="Letters drafted; sending starts next month.",
                    new_status=status,
                )


# --- Challenges and the disagreement ------------------------------------------------------------


@dataclass(frozen=True)
class DemoChallenge:
    question: str
    raised_by: str
    raised_by_body: str
    addressed: str
    raised_on: date
    response: str = ""
    responder: str = ""
    responded_on: date | None = None
    outcome: str = ""
    note: str = ""


CHALLENGES = [
    DemoChallenge(
        "Why did only 61% of strategy discussions this quarter include the police within 3 working days?",
        SCRUTINEER,
        "",
        POLICE,
        date(2025, 7, 15),
        "Rota gaps over the summer; a duty sergeant now joins every strategy discussion from 1 September.",
        POLICE_DSP,
        date(2025, 7, 24),
        ChallengeOutcome.RESOLVED,
        "Checked in the Q3 data pack: 89%.",
    ),
    DemoChallenge(
        "How will health visitors learn about the 2025 threshold document?",
        SCRUTINEER,
        "",
        HEALTH,
        date(2025, 11, 12),
        "A briefing at every team meeting by the end of January.",
        HEALTH_DSP,
        date(2025, 12, 9),
        ChallengeOutcome.RESOLVED,
        "Answered after the due date.",
    ),
    DemoChallenge(
        "Why are schools not told the outcome of their referrals?",
        CONTRIBUTOR,
        SCHOOLS,
        COUNCIL,
        date(2025, 10, 6),
        "The case system cannot send letters automatically; staff send them when they can.",
        LSP,
        date(2025, 10, 17),
        ChallengeOutcome.ESCALATED,
        "Escalated to the scrutineer, who made it a recommendation.",
    ),
    DemoChallenge(
        "How many pupils with a child protection plan had a designated safeguarding lead at their conference?",
        SCRUTINEER,
        "",
        SCHOOLS,
        date(2026, 3, 2),
    ),
]


def _challenges(partnership: Partnership) -> None:
    for spec in CHALLENGES:
        if Challenge.objects.filter(partnership=partnership, question=spec.question).exists():
            continue
        challenge = Challenge.objects.create(
            partnership=partnership,
            raised_by=_user(spec.raised_by),
            raised_by_body=_agency(spec.raised_by_body) if spec.raised_by_body else None,
            addressed_to=_agency(spec.addressed),
            question=spec.question,
            raised_on=spec.raised_on,
            response_due=challenge_due(partnership, spec.raised_on),
            response=spec.response,
            responded_on=spec.responded_on,
            responded_by=_user(spec.responder) if spec.responder else None,
            outcome=spec.outcome,
            outcome_note=spec.note,
        )
        challenge.themes.set(_themes(["front-door"]))


DISAGREEMENT = "How the exploitation hub's analyst post is funded"


def _disagreement(partnership: Partnership, scrutineer: User | None) -> None:
    stages = escalation_policy(partnership)
    disagreement, created = Disagreement.objects.get_or_create(
        partnership=partnership,
        title=DISAGREEMENT,
        defaults={
            "issue": "The council and the police disagree on the split of the analyst's cost: the council proposes "
            "equal thirds; the police propose shares by population served.",
            "raised_on": date(2025, 9, 8),
            "current_stage": stages[1],
            "stage_entered_on": date(2025, 9, 22),
            "scrutineer_advice": "Agree a one-year split in equal thirds while the hub's reach is measured, then "
            "revisit it with the data.",
            "advice_given_on": date(2025, 10, 1),
            "resolution": "Equal thirds for 2025-26, reviewed in March with the hub's referral data.",
            "resolved_on": date(2025, 10, 14),
            "recorded_by": _user(MANAGER),
        },
    )
    disagreement.parties.set([_agency(COUNCIL), _agency(POLICE)])
    disagreement.themes.set(_themes(["exploitation"]))
    if created:
        StageChange.objects.create(disagreement=disagreement, stage=stages[0], entered_on=date(2025, 9, 8))
        StageChange.objects.create(
            disagreement=disagreement,
            stage=stages[1],
            entered_on=date(2025, 9, 22),
            note="No agreement between the finance leads.",
            by=_user(POLICE_DSP),
        )


# --- Independence, statement and innovation ----------------------------------------------------


def _appointment(partnership: Partnership, scrutineer: User | None) -> None:
    if scrutineer is None:
        return
    ScrutineerAppointment.objects.get_or_create(
        partnership=partnership,
        person=scrutineer,
        appointed_on=date(2024, 4, 1),
        defaults={
            "term_end": date(2027, 3, 31),
            "funded_by": "The three statutory partners in equal shares",
            "employer": "Self-employed; contracted by the council on behalf of the partnership",
            "declared_conflicts": "Also independent scrutineer for Hillcrest; no other role in either partnership.",
        },
    )


STATEMENT_SUMMARY = (
    "The partners work well together and are open to challenge. The front door is safe but referrers are not "
    "told what happened, and the new thresholds are not yet known to all front-line staff. Rapid reviews are "
    "timely. The yearly report must show impact on children, not only activity."
)
SECTIONS = {
    "F1": "The yearly report describes activity well; it does not yet show impact.",
    "F2": "Practitioners are heard through audits and focus groups; their feedback on the front door is clear.",
    "F3": "Statutory duties are met or partly met; thresholds need relaunching.",
    "F5": "Challenge is welcomed and answered, if sometimes late.",
    "F6": "Children's voices changed a campaign this year.",
    "F7": "Learning from rapid reviews is shared promptly.",
}


def _statement(partnership: Partnership) -> None:
    statement, _ = AssuranceStatement.objects.get_or_create(
        partnership=partnership,
        year=YEAR,
        defaults={
            "summary": STATEMENT_SUMMARY,
            "status": StatementStatus.PUBLISHED,
            "published_on": date(2026, 4, 14),
        },
    )
    for ref, text in SECTIONS.items():
        for requirement in _requirements([F + ref]):
            StatementSection.objects.get_or_create(
                statement=statement, requirement=requirement, defaults={"text": text}
            )
    StatementResponse.objects.get_or_create(
        statement=statement,
        agency=_agency(COUNCIL),
        defaults={
            "text": "We accept the statement. Outcome data will lead the 2025-26 report.",
            "responded_by": _user(LSP),
            "responded_on": date(2026, 4, 28),
        },
    )


INNOVATIONS = [
    (
        "Family group conferencing at first referral",
        COUNCIL,
        "Families are brought in late, after plans are made for them.",
        "Offering a family group conference at the first referral lets families plan early, so fewer children "
        "need a child protection plan.",
        "Rate of child protection plans per 10,000; re-referrals within 12 months; a re-audit of plans.",
        "pilot",
        "Promising early results; set the measures before the pilot ends so the evaluation can judge it.",
        ["early-help"],
    ),
    (
        "Relational practice in Oakfield schools",
        SCHOOLS,
        "Pupils at risk of exclusion are not known to a trusted adult.",
        "A named trusted adult for each pupil at risk keeps them in school and safer.",
        "Suspensions and exclusions; attendance of pupils with a social worker.",
        "idea",
        "",
        ["education"],
    ),
]


def _innovations(partnership: Partnership, findings: dict[str, Finding]) -> None:
    for title, owner, problem, theory, measures, stage, observations, themes in INNOVATIONS:
        innovation, _ = Innovation.objects.get_or_create(
            partnership=partnership,
            title=title,
            defaults={
                "owner_agency": _agency(owner),
                "problem": problem,
                "theory_of_change": theory,
                "measures": measures,
                "stage": stage,
                "scrutineer_observations": observations,
            },
        )
        innovation.themes.set(_themes(themes))
    cited = Innovation.objects.filter(partnership=partnership, title=INNOVATIONS[0][0]).first()
    referrers = findings.get("Referrers rarely hear what happened to their referral")
    if cited is not None and referrers is not None:
        referrers.innovations.set([cited])


@transaction.atomic
def build_assurance_demo() -> None:
    partnership = Partnership.objects.filter(slug="riverbank").first()
    if partnership is None:
        return
    scrutineer = _user(SCRUTINEER)
    _appointment(partnership, scrutineer)
    _plan(partnership, scrutineer)
    _assessments(partnership, scrutineer)
    findings = _findings(partnership, scrutineer)
    _recommendations(partnership, findings, scrutineer)
    _challenges(partnership)
    _disagreement(partnership, scrutineer)
    _statement(partnership)
    _innovations(partnership, findings)


__all__ = ["build_assurance_demo"]
