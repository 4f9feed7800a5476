"""Riverbank's learning from serious incidents over three reporting years (2023-24 to 2025-26), and
what is under way now.

- 2023-24: a baby seriously injured (RB-2023-02): a rapid review on time, then an LCSPR
  ("Child R") commissioned, monitored at milestones (one late), sent to the Panel and published;
  a young person injured in a road collision (RB-2023-05), which the partners decided did not meet
  the notification criteria.
- 2024-25: a young child neglected (RB-2024-01): a rapid review sent late, with its reason; and a
  national thematic review, one of whose recommendations does not apply locally.
- 2025-26: a teenager exploited and injured (RB-2025-02): a rapid review deciding not to commission
  an LCSPR, with the regulation 11 criteria considered and the rationale.
- Now (dates relative to today, so the clocks run): a baby's death (RB-2026-01) whose LCSPR
  ("Child T") is under way, and an incident a few days old (RB-2026-02) whose agencies are writing
  their contributions, Oakfield Academies Trust's still to write.

Professional curiosity about the adults around a child recurs: recommended after Child R in 2023
and again, in other words, in 2025 (so "similar earlier recommendations" finds the first). The
recommendations are in every state, with real actions in the tracker. Hillcrest has one incident
of its own, so that a partnership's records are seen to stay its own.

Every person, family and event here is invented; no record names or dates a child. Building twice
changes nothing: each record is looked up by its natural key (reference, title, agency, number)
and left as it is when found. Records are made through the rooms' own workflows where those take
a date (sign-off, sending, the Panel's response, an action's progress and completion, the impact
check); where a workflow always acts "today" (starting a review, creating an action, submitting a
contribution), the record is made as that workflow would, with the date it happened, and checked
with ``full_clean()`` first.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone

from scrutiny.accounts.models import User
from scrutiny.actions.models import Action
from scrutiny.actions.services import action_complete, action_evidence_link, action_update_add
from scrutiny.clocks.catalogue import rule_for
from scrutiny.clocks.models import ClockSetting
from scrutiny.clocks.services import clock_setting_save
from scrutiny.clocks.workdays import add_working_days
from scrutiny.evidence.models import EvidenceItem, EvidenceKind, EvidencePurpose
from scrutiny.frameworks.models import Theme
from scrutiny.partnerships.history import save_by
from scrutiny.partnerships.models import Agency, Area, AreaKind, Partnership
from scrutiny.reviews.following_up import action_source_label, learning_impact_record
from scrutiny.reviews.models import (
    ROOM,
    AgencyContribution,
    ContributionStatus,
    CriteriaMet,
    ImpactOutcome,
    IncidentKind,
    Lcspr,
    LcsprDecision,
    LcsprMilestone,
    LearningKind,
    LearningPoint,
    LearningProduct,
    MilestoneQuality,
    NationalReview,
    PanelResponse,
    ProductKind,
    RapidReview,
    SeriousIncident,
)
from scrutiny.reviews.rapid_reviewing import (
    rapid_review_record_panel_response,
    rapid_review_send,
    rapid_review_sign_off,
)

COUNCIL = "Riverbank Borough Council (demo)"
HEALTH = "South Thames Health Board (demo)"
POLICE = "Capital Police South Area (demo)"
COMMUNITY_HEALTH = "Riverbank Community Health Trust (demo)"
SCHOOLS = "Oakfield Academies Trust (demo)"
PROBATION = "South London Probation Delivery Unit (demo)"
YOUTH_JUSTICE = "Riverbank Youth Justice Service (demo)"
HILLCREST_COUNCIL = "Hillcrest Borough Council (demo)"
HILLCREST_SCHOOLS = "Hillcrest Schools Partnership (demo)"

MANAGER = "manager.riverbank@demo.example.org"
LSP = "lsp.council.riverbank@demo.example.org"
HEALTH_DSP = "dsp.health.riverbank@demo.example.org"
POLICE_DSP = "police.dsp@demo.example.org"
CONTRIBUTOR = "contributor.riverbank@demo.example.org"
SCRUTINEER = "scrutineer@demo.example.org"
HILLCREST_MANAGER = "manager.hillcrest@demo.example.org"
HILLCREST_LSP = "lsp.council.hillcrest@demo.example.org"
HILLCREST_HEALTH_DSP = "dsp.health.hillcrest@demo.example.org"

SITE = "https://riverbank-demo.example.org"

#: The regulation 11 criteria, by letter, as the rapid review's fields name them.
A, B, C, D = "criterion_improvements", "criterion_recurrent_themes", "criterion_multi_agency", "criterion_panel_local"


# --- What the demo is made of -----------------------------------------------------------------------


@dataclass(frozen=True)
class DemoContribution:
    agency: str
    #: "submitted", "draft" or "requested" (not started).
    status: str
    involvement: str = ""
    analysis: str = ""
    actions_taken: str = ""
    submitted_on: date | None = None


@dataclass(frozen=True)
class DemoRapidReview:
    requested_on: date
    contributions_due: date
    contributions: tuple[DemoContribution, ...]
    facts: str = ""
    immediate_action_needed: bool | None = None
    immediate_actions: str = ""
    improvements: str = ""
    lcspr_decision: str = LcsprDecision.UNDECIDED
    criteria: tuple[str, ...] = ()
    decision_rationale: str = ""
    decided_on: date | None = None
    #: (partner body, e-mail of its lead or delegated partner, date signed)
    sign_offs: tuple[tuple[str, str, date], ...] = ()
    sent_on: date | None = None
    late_reason: str = ""
    panel_response: str = PanelResponse.NONE
    panel_response_on: date | None = None
    panel_response_note: str = ""


@dataclass(frozen=True)
class DemoIncident:
    reference: str
    age_band: str
    kind: str
    aware_on: date
    partners_informed_on: date
    criteria_met: str
    criteria_decision: str
    summary: str
    agencies: tuple[str, ...]
    themes: tuple[str, ...]
    notified_on: date | None = None
    rapid_review: DemoRapidReview | None = None


@dataclass(frozen=True)
class DemoAction:
    title: str
    agency: str
    owner: str | None
    created_on: date
    #: A fixed due date, or (for an action still open) a number of days from today.
    due: date | int
    #: (date, author e-mail, text, new status)
    updates: tuple[tuple[date, str, str, str], ...] = ()
    #: Evidence of completion: (title, address, date).
    evidence: tuple[str, str, date] | None = None
    completed_on: date | None = None


@dataclass(frozen=True)
class DemoImpact:
    checked_on: date
    method: str
    outcome: str
    summary: str


@dataclass(frozen=True)
class DemoLearning:
    kind: str
    number: str
    text: str
    made_on: date
    themes: tuple[str, ...]
    agencies: tuple[str, ...]
    applies_locally: bool = True
    local_response: str = ""
    actions: tuple[DemoAction, ...] = ()
    impact: DemoImpact | None = None


@dataclass(frozen=True)
class DemoMilestone:
    title: str
    due_on: date
    met_on: date | None = None
    quality: str = MilestoneQuality.NOT_JUDGED
    note: str = ""


@dataclass(frozen=True)
class DemoLcspr:
    title: str
    publication_name: str
    rapid_review_of: str
    decided_on: date
    reviewer: str
    reviewer_organisation: str
    terms_of_reference: str
    milestones: tuple[DemoMilestone, ...]
    learning: tuple[DemoLearning, ...] = ()
    terms_agreed_on: date | None = None
    draft_report_on: date | None = None
    final_report_on: date | None = None
    planned_publication_on: date | None = None
    sent_to_panel_on: date | None = None
    published_on: date | None = None
    publication_url: str = ""
    redaction_terms: str = ""


@dataclass(frozen=True)
class DemoProduct:
    title: str
    kind: str
    delivered_on: date
    description: str
    audience: str
    agencies: tuple[str, ...]
    people_reached: int
    #: (review key, number) of the learning it shared; see ``_learning_key``.
    shares: tuple[tuple[str, str], ...] = field(default_factory=tuple)


# --- 2023-24: a baby seriously injured, and the Child R review ----------------------------------------

CHILD_R = "Child R: a local child safeguarding practice review"
CHILD_T = "Child T: a local child safeguarding practice review"
NATIONAL = "Safeguarding babies from non-accidental injury: a national thematic review (fictional)"

RB_2023_02 = DemoIncident(
    reference="RB-2023-02",
    age_band="under_1",
    kind=IncidentKind.SERIOUS_HARM,
    aware_on=date(2023, 6, 12),
    partners_informed_on=date(2023, 6, 13),
    notified_on=date(2023, 6, 14),
    criteria_met=CriteriaMet.YES,
    criteria_decision="The three partners agreed the next working day that the criteria are met: a baby was "
    "seriously injured and abuse was suspected.",
    summary="A baby of a few weeks was admitted to hospital with injuries that doctors judged were not accidental. "
    "The mother's new partner was living at the home; agencies knew little about him.",
    agencies=(COUNCIL, HEALTH, COMMUNITY_HEALTH, POLICE),
    themes=("safeguarding-infants", "men-in-the-childs-life"),
    rapid_review=DemoRapidReview(
        requested_on=date(2023, 6, 13),
        contributions_due=date(2023, 6, 23),
        contributions=(
            DemoContribution(
                COUNCIL,
                "submitted",
                "Children's social care had no involvement before the injury; an early help referral about the "
                "mother's housing had been closed after one visit.",
                "The early help worker did not ask who else lived at the home. The referral was closed without "
                "checking with health.",
                "The early help service now asks about every adult in the household at the first visit.",
                date(2023, 6, 22),
            ),
            DemoContribution(
                COMMUNITY_HEALTH,
                "submitted",
                "Health visitors saw the mother and baby at the new birth visit and once more at home.",
                "Visits were warm and thorough about the baby's feeding, but the man present at the second visit was "
                "not asked who he was.",
                "Health visitors have been reminded to record every adult present at a contact.",
                date(2023, 6, 23),
            ),
            DemoContribution(
                POLICE,
                "submitted",
                "Police held information about the mother's partner from another area, including violence towards a "
                "previous partner.",
                "The information was not shared because no agency asked and the partner's link to a baby was not "
                "known to police.",
                "Police have arrested the partner and shared what they hold at the strategy discussion.",
                date(2023, 6, 22),
            ),
            DemoContribution(
                HEALTH,
                "submitted",
                "Maternity services booked the mother late in pregnancy after a move into the area.",
                "The father of the baby and the mother's new partner were not recorded at booking.",
                "The maternity booking form now asks about the baby's father and any partner.",
                date(2023, 6, 23),
            ),
        ),
        facts="A baby of a few weeks was brought to hospital with a head injury and older bruising. The mother's new "
        "partner had moved in during the pregnancy. Four agencies had contact with the family in the weeks before.",
        immediate_action_needed=True,
        immediate_actions="The baby's older sibling went to stay with grandparents under a safety plan the same day. "
        "Police arrested the mother's partner. Health visitors were reminded to ask about every adult in the home.",
        improvements="Practitioners did not ask who lived in or visited the home. Police information about the partner "
        "was not shared with health or children's social care.",
        lcspr_decision=LcsprDecision.COMMISSION,
        criteria=(A, B, C),
        decision_rationale="The case meets criteria (a), (b) and (c): it shows improvements needed in how agencies "
        "find out about the men in a baby's life, a theme the Panel reports nationally, and concerns about police and "
        "health sharing information. The partners agreed that a local review would add learning that a rapid review "
        "cannot.",
        decided_on=date(2023, 6, 30),
        sign_offs=(
            (COUNCIL, LSP, date(2023, 6, 30)),
            (HEALTH, HEALTH_DSP, date(2023, 6, 30)),
            (POLICE, POLICE_DSP, date(2023, 7, 3)),
        ),
        sent_on=date(2023, 7, 3),
        panel_response=PanelResponse.AGREES,
        panel_response_on=date(2023, 7, 27),
        panel_response_note="The Panel agreed that a local review is appropriate and asked to receive the final "
        "report.",
    ),
)

RB_2023_05 = DemoIncident(
    reference="RB-2023-05",
    age_band="16_17",
    kind=IncidentKind.SERIOUS_HARM,
    aware_on=date(2023, 11, 20),
    partners_informed_on=date(2023, 11, 21),
    criteria_met=CriteriaMet.NO,
    criteria_decision="The three partners met and agreed that the criteria are not met: the young person was injured "
    "as a passenger in a road collision, and police enquiries found no abuse or neglect known or suspected. No "
    "notification was made; the road safety learning went to the community safety partnership.",
    summary="A young person was seriously injured as a passenger in a road collision late at night.",
    agencies=(POLICE, COUNCIL),
    themes=(),
)

CHILD_R_REVIEW = DemoLcspr(
    title=CHILD_R,
    publication_name="Child R",
    rapid_review_of="RB-2023-02",
    decided_on=date(2023, 6, 30),
    reviewer="Dr Alex Morgan (demo)",
    reviewer_organisation="Independent reviewer",
    terms_of_reference="How well agencies identified and responded to the risk to a young baby from adults in the "
    "household, and how they shared what they knew with each other.",
    terms_agreed_on=date(2023, 7, 27),
    draft_report_on=date(2023, 11, 14),
    final_report_on=date(2023, 12, 6),
    planned_publication_on=date(2023, 12, 19),
    sent_to_panel_on=date(2023, 12, 7),
    published_on=date(2023, 12, 19),
    publication_url=f"{SITE}/reviews/child-r",
    redaction_terms="The family's street\nThe name of the nursery",
    milestones=(
        DemoMilestone("Terms of reference agreed", date(2023, 7, 28), date(2023, 7, 27), MilestoneQuality.GOOD),
        DemoMilestone("Practitioner learning event held", date(2023, 9, 22), date(2023, 9, 20), MilestoneQuality.GOOD),
        DemoMilestone(
            "Draft report to the partners",
            date(2023, 10, 31),
            date(2023, 11, 14),
            MilestoneQuality.ADEQUATE,
            "The draft arrived two weeks late: two practitioners were on leave and were interviewed on their return. "
            "The partners agreed the delay so that their account could be heard.",
        ),
        DemoMilestone(
            "Final report agreed by the partners", date(2023, 12, 8), date(2023, 12, 6), MilestoneQuality.GOOD
        ),
    ),
    learning=(
        DemoLearning(
            LearningKind.FINDING,
            "F1",
            "Agencies focused on the mother and the baby; the mother's new partner, who was often at the home, was "
            "invisible to most practitioners.",
            date(2023, 12, 6),
            ("men-in-the-childs-life", "safeguarding-infants"),
            (HEALTH, COMMUNITY_HEALTH, POLICE),
        ),
        DemoLearning(
            LearningKind.RECOMMENDATION,
            "1",
            "Practitioners in every agency should ask about all the adults who live in or regularly visit the "
            "household, including a parent's new partner, and check with other agencies what is known about them.",
            date(2023, 12, 6),
            ("professional-curiosity", "men-in-the-childs-life"),
            (COUNCIL, COMMUNITY_HEALTH, POLICE),
            actions=(
                DemoAction(
                    "Add a prompt about every adult in the household to health visiting contacts",
                    COMMUNITY_HEALTH,
                    None,
                    date(2023, 12, 20),
                    date(2024, 4, 30),
                    updates=(
                        (
                            date(2024, 2, 15),
                            MANAGER,
                            "Prompt drafted and tested with two health visiting teams.",
                            "in_progress",
                        ),
                    ),
                    evidence=(
                        "Health visiting contact template with the household prompt",
                        f"{SITE}/hv-template",
                        date(2024, 4, 12),
                    ),
                    completed_on=date(2024, 4, 18),
                ),
                DemoAction(
                    "Share what police know about adults in the household at every strategy discussion",
                    POLICE,
                    POLICE_DSP,
                    date(2023, 12, 20),
                    date(2024, 5, 31),
                    evidence=("Strategy discussion guidance, revised", f"{SITE}/strategy-guidance", date(2024, 5, 14)),
                    completed_on=date(2024, 5, 20),
                ),
            ),
            impact=DemoImpact(
                date(2024, 11, 28),
                "Multi-agency audit of twenty cases of babies under one",
                ImpactOutcome.PARTLY,
                "Health visitors now record who lives in the home in most cases, but adults who visit and live "
                "elsewhere were identified in fewer than half of the cases, and checks with police were rare.",
            ),
        ),
        DemoLearning(
            LearningKind.RECOMMENDATION,
            "2",
            "Health visitors and midwives should offer every family with a new baby the coping with crying programme, "
            "and make sure fathers and male carers take part.",
            date(2023, 12, 6),
            ("safeguarding-infants", "men-in-the-childs-life"),
            (HEALTH, COMMUNITY_HEALTH),
            actions=(
                DemoAction(
                    "Offer the coping with crying programme to both parents at every new birth visit",
                    COMMUNITY_HEALTH,
                    None,
                    date(2023, 12, 20),
                    date(2024, 3, 31),
                    evidence=(
                        "Coping with crying: new birth visit checklist",
                        f"{SITE}/coping-with-crying",
                        date(2024, 3, 8),
                    ),
                    completed_on=date(2024, 3, 15),
                ),
            ),
            impact=DemoImpact(
                date(2024, 12, 4),
                "Re-audit of new birth visits and a survey of fathers",
                ImpactOutcome.CHANGED,
                "Nine in ten new birth visits now record that the programme was offered to both parents, against fewer "
                "than half before. Fathers surveyed said they knew what to do when a baby would not stop crying.",
            ),
        ),
    ),
)


# --- 2024-25: a young child neglected (sent late), and a national review ------------------------------

RB_2024_01 = DemoIncident(
    reference="RB-2024-01",
    age_band="1_4",
    kind=IncidentKind.SERIOUS_HARM,
    aware_on=date(2024, 5, 7),
    partners_informed_on=date(2024, 5, 8),
    notified_on=date(2024, 5, 10),
    criteria_met=CriteriaMet.YES,
    criteria_decision="The partners agreed the criteria are met: a young child was seriously harmed and neglect is "
    "known.",
    summary="A young child was admitted to hospital severely underweight and with untreated injuries. The mother had "
    "long-standing low mood, and the family was known to several agencies.",
    agencies=(COUNCIL, HEALTH, COMMUNITY_HEALTH, SCHOOLS, POLICE),
    themes=("neglect", "parental-mental-health"),
    rapid_review=DemoRapidReview(
        requested_on=date(2024, 5, 8),
        contributions_due=date(2024, 5, 17),
        contributions=(
            DemoContribution(
                COUNCIL,
                "submitted",
                "Children's social care assessed the family twice in the past year after referrals from the school.",
                "Both assessments looked at the incident referred, not at the pattern of care. The neglect toolkit was "
                "not used.",
                "The service manager has reviewed every open case of neglect for use of the toolkit.",
                date(2024, 5, 17),
            ),
            DemoContribution(
                SCHOOLS,
                "submitted",
                "The older child's school saw poor attendance, hunger and worn clothes over two terms.",
                "The school referred twice and gave breakfast and uniform, but did not hear what happened to its "
                "referrals and did not escalate.",
                "The designated safeguarding lead now follows up every referral after five working days.",
                date(2024, 5, 16),
            ),
            DemoContribution(
                POLICE,
                "submitted",
                "Police attended the home once for a concern for the mother's welfare.",
                "Officers noted the state of the home but did not record the children's presence in the referral.",
                "A reminder on recording children present at welfare visits has gone to every officer.",
                date(2024, 5, 17),
            ),
            DemoContribution(
                COMMUNITY_HEALTH,
                "submitted",
                "Health visiting missed the young child's two-year review after three cancelled appointments.",
                "The missed appointments were not followed up with a home visit, and the records from the previous "
                "provider were not read.",
                "Health visitors now visit at home after a second missed appointment.",
                date(2024, 5, 29),
            ),
            DemoContribution(
                HEALTH,
                "submitted",
                "Adult mental health services saw the mother for low mood over several years.",
                "Practitioners did not ask whether she cared for children or how her illness affected them.",
                "The adult mental health assessment is being changed to ask about children in the patient's care.",
                date(2024, 5, 29),
            ),
        ),
        facts="A young child was admitted to hospital severely underweight, with untreated injuries. An older brother "
        "attended a local primary school. The mother had been treated for low mood for several years.",
        immediate_action_needed=True,
        immediate_actions="Both children went to live with an aunt under a child protection plan. The school agreed to "
        "check the older child's attendance and wellbeing daily.",
        improvements="Each agency saw part of the picture: the school saw hunger and absence, health saw missed "
        "appointments, adult mental health saw the mother's low mood. Nobody brought it together or used the neglect "
        "toolkit.",
        lcspr_decision=LcsprDecision.NOT_COMMISSION,
        criteria=(B,),
        decision_rationale="Criterion (b) applies: neglect and a parent's mental health are recurring themes locally "
        "and nationally. The partners judged that the learning is clear from the rapid review and is the learning the "
        "neglect strategy already acts on, so a local review would add little. The recommendations below take it "
        "forward, monitored by the quality assurance sub-group.",
        decided_on=date(2024, 6, 6),
        sign_offs=(
            (COUNCIL, LSP, date(2024, 6, 7)),
            (HEALTH, HEALTH_DSP, date(2024, 6, 10)),
            (POLICE, POLICE_DSP, date(2024, 6, 10)),
        ),
        sent_on=date(2024, 6, 11),
        late_reason="Two agencies' contributions arrived after the internal deadline because the health visiting "
        "records were held by a previous provider. The partners chose to wait for them rather than send the Panel an "
        "incomplete review, and told the Panel of the delay in advance.",
        panel_response=PanelResponse.AGREES,
        panel_response_on=date(2024, 7, 9),
        panel_response_note="The Panel agreed with the decision not to commission a local review.",
    ),
)

RB_2024_01_LEARNING = (
    DemoLearning(
        LearningKind.FINDING,
        "F1",
        "Agencies saw each sign of neglect on its own; no one brought together the concerns of the school, health "
        "visiting and adult mental health services.",
        date(2024, 6, 20),
        ("neglect", "multi-agency-risk-assessment"),
        (COUNCIL, SCHOOLS, COMMUNITY_HEALTH, HEALTH),
    ),
    DemoLearning(
        LearningKind.RECOMMENDATION,
        "1",
        "The partnership should make the neglect toolkit the shared assessment tool for every agency, and check how "
        "it is used through multi-agency audit.",
        date(2024, 6, 20),
        ("neglect", "multi-agency-risk-assessment"),
        (COUNCIL, SCHOOLS, COMMUNITY_HEALTH),
        actions=(
            DemoAction(
                "Publish the neglect toolkit as the partnership's shared assessment tool",
                COUNCIL,
                LSP,
                date(2024, 7, 1),
                date(2024, 10, 31),
                evidence=("Neglect toolkit, partnership edition", f"{SITE}/neglect-toolkit", date(2024, 10, 10)),
                completed_on=date(2024, 10, 15),
            ),
            DemoAction(
                "Train designated safeguarding leads in the neglect toolkit",
                SCHOOLS,
                CONTRIBUTOR,
                date(2024, 7, 1),
                date(2024, 12, 20),
                updates=((date(2024, 9, 30), CONTRIBUTOR, "First two sessions held; more booked.", "in_progress"),),
                evidence=(
                    "Neglect toolkit training: attendance record",
                    f"{SITE}/neglect-training",
                    date(2024, 12, 10),
                ),
                completed_on=date(2024, 12, 12),
            ),
        ),
    ),
    DemoLearning(
        LearningKind.RECOMMENDATION,
        "2",
        "Adult mental health services should ask every patient whether they look after children, and tell children's "
        "social care when a parent's illness may be affecting the children's care.",
        date(2024, 6, 20),
        ("parental-mental-health",),
        (HEALTH,),
        actions=(
            DemoAction(
                "Add a question about caring for children to adult mental health assessments",
                HEALTH,
                HEALTH_DSP,
                date(2024, 7, 1),
                45,
                updates=(
                    (
                        date(2024, 11, 15),
                        HEALTH_DSP,
                        "Question agreed by the clinical leads; the change to the electronic record waits for the "
                        "supplier, so the due date has moved.",
                        "in_progress",
                    ),
                ),
            ),
        ),
    ),
)

NATIONAL_REVIEW = {
    "title": NATIONAL,
    "published_on": date(2024, 9, 16),
    "url": "https://national-panel-demo.example.org/thematic/babies",
    "summary": "The Panel's review of serious incidents in which babies under one were injured by a parent or carer, "
    "with recommendations for local partnerships.",
    "considered_on": date(2024, 11, 14),
    "response": "The partners accepted the review. One recommendation applies locally and joins the learning from the "
    "Child R review; the other does not apply, as Riverbank has no maternity unit of its own.",
}

NATIONAL_LEARNING = (
    DemoLearning(
        LearningKind.RECOMMENDATION,
        "1",
        "Local partnerships should make sure pre-birth and early years services routinely assess fathers and male "
        "carers, not only mothers.",
        date(2024, 11, 14),
        ("men-in-the-childs-life", "safeguarding-infants"),
        (COUNCIL, HEALTH),
        local_response="Pre-birth assessments will include fathers and male carers; progress is reported to the "
        "quality assurance sub-group.",
        actions=(
            DemoAction(
                "Include fathers and male carers in every pre-birth assessment",
                COUNCIL,
                LSP,
                date(2024, 11, 20),
                30,
                updates=(
                    (
                        date(2025, 3, 5),
                        LSP,
                        "Assessment template changed; training for social workers under way.",
                        "in_progress",
                    ),
                ),
            ),
        ),
    ),
    DemoLearning(
        LearningKind.RECOMMENDATION,
        "2",
        "Partnerships whose maternity unit serves several areas should agree one pre-birth protocol with the "
        "neighbouring partnerships.",
        date(2024, 11, 14),
        ("safeguarding-infants",),
        (HEALTH,),
        applies_locally=False,
        local_response="Riverbank has no maternity unit of its own: its families give birth at hospitals in "
        "neighbouring areas, whose pre-birth protocols already include Riverbank families. The partners agreed it does "
        "not apply locally.",
    ),
)


# --- 2025-26: a teenager exploited (no LCSPR, with the rationale) -------------------------------------

RB_2025_02 = DemoIncident(
    reference="RB-2025-02",
    age_band="10_15",
    kind=IncidentKind.SERIOUS_HARM,
    aware_on=date(2025, 9, 8),
    partners_informed_on=date(2025, 9, 9),
    notified_on=date(2025, 9, 11),
    criteria_met=CriteriaMet.YES,
    criteria_decision="The partners agreed the criteria are met: a child was seriously harmed and exploitation by "
    "adults is suspected.",
    summary="A young teenager was seriously injured in a knife attack. They had been going missing and were believed "
    "to be carrying drugs for older young people and adults.",
    agencies=(COUNCIL, POLICE, SCHOOLS, YOUTH_JUSTICE, COMMUNITY_HEALTH),
    themes=("exploitation", "professional-curiosity"),
    rapid_review=DemoRapidReview(
        requested_on=date(2025, 9, 9),
        contributions_due=date(2025, 9, 19),
        contributions=(
            DemoContribution(
                POLICE,
                "submitted",
                "Police recorded four missing episodes and found the young person with older males twice.",
                "The older males were not identified or linked to the missing episodes.",
                "A disruption plan is in place against the adults involved.",
                date(2025, 9, 18),
            ),
            DemoContribution(
                SCHOOLS,
                "submitted",
                "The academy saw falling attendance, new expensive clothes and a change of friends over a term.",
                "The academy shared its concerns with the family but did not refer to the exploitation panel.",
                "Designated safeguarding leads have been briefed on referring to the exploitation panel.",
                date(2025, 9, 19),
            ),
            DemoContribution(
                YOUTH_JUSTICE,
                "submitted",
                "The youth justice service worked with the young person after an out-of-court disposal.",
                "The worker heard about new older friends but did not ask who they were.",
                "Screening now asks about the adults around the young person.",
                date(2025, 9, 17),
            ),
            DemoContribution(
                COUNCIL,
                "submitted",
                "Children's social care completed a return home interview after one missing episode.",
                "Only one of four missing episodes led to a return home interview.",
                "Every missing episode now triggers a return home interview.",
                date(2025, 9, 19),
            ),
            DemoContribution(
                COMMUNITY_HEALTH,
                "submitted",
                "The school nurse saw the young person once about sleep and headaches.",
                "The nurse did not know of the missing episodes.",
                "School nurses now receive missing episode notifications for their schools.",
                date(2025, 9, 19),
            ),
        ),
        facts="A young teenager was stabbed and seriously injured. In the months before they went missing four times, "
        "were seen with older males and stopped attending school regularly.",
        immediate_action_needed=True,
        immediate_actions="A disruption plan was put in place against the adults involved. The young person moved to a "
        "relative outside the area with a safety plan.",
        improvements="Practitioners knew the young person was going missing and had new, older friends, but did not "
        "ask who these adults were or share what they knew. The school's concerns did not reach the exploitation "
        "panel.",
        lcspr_decision=LcsprDecision.NOT_COMMISSION,
        criteria=(B, C),
        decision_rationale="The partners considered each regulation 11 criterion. Criteria (b) and (c) apply: the case "
        "shows again that practitioners do not find out who the adults around a child are, and the school's concerns "
        "did not reach the exploitation panel. Criteria (a) and (d) add nothing beyond this. A local review would not "
        "add to what the rapid review found: the learning is specific and acted on at once, and the partnership will "
        "test it through a practitioner learning event and a re-audit in a year.",
        decided_on=date(2025, 9, 25),
        sign_offs=(
            (COUNCIL, LSP, date(2025, 9, 25)),
            (HEALTH, HEALTH_DSP, date(2025, 9, 26)),
            (POLICE, POLICE_DSP, date(2025, 9, 26)),
        ),
        sent_on=date(2025, 9, 29),
        panel_response=PanelResponse.AGREES,
        panel_response_on=date(2025, 10, 28),
        panel_response_note="The Panel agreed with the decision and noted the link with its national learning on "
        "criminal exploitation.",
    ),
)

RB_2025_02_LEARNING = (
    DemoLearning(
        LearningKind.FINDING,
        "F1",
        "Practitioners knew the young person had new, older friends but did not ask who they were; the school's "
        "concerns did not reach the exploitation panel.",
        date(2025, 10, 2),
        ("professional-curiosity", "exploitation"),
        (POLICE, SCHOOLS, YOUTH_JUSTICE),
    ),
    DemoLearning(
        LearningKind.RECOMMENDATION,
        "1",
        # Said before, in other words, after the Child R review in 2023.
        "Every agency should make sure its practitioners find out who the adults around the child are, including new "
        "partners and people who visit the home, and check what other agencies know about them.",
        date(2025, 10, 2),
        ("professional-curiosity", "multi-agency-risk-assessment"),
        (COUNCIL, POLICE, SCHOOLS, YOUTH_JUSTICE),
        actions=(
            DemoAction(
                "Brief designated safeguarding leads on asking about older friends and adults",
                SCHOOLS,
                CONTRIBUTOR,
                date(2025, 10, 15),
                date(2026, 1, 31),
                evidence=(
                    "Briefing for designated safeguarding leads: who are the adults?",
                    f"{SITE}/dsl-briefing",
                    date(2026, 1, 14),
                ),
                completed_on=date(2026, 1, 20),
            ),
            DemoAction(
                "Add the adults around the child to the exploitation screening tool",
                YOUTH_JUSTICE,
                None,
                date(2025, 10, 15),
                40,
                updates=(
                    (date(2025, 12, 10), MANAGER, "Draft tool tested with two youth justice teams.", "in_progress"),
                ),
            ),
        ),
    ),
    DemoLearning(
        LearningKind.RECOMMENDATION,
        "2",
        "Schools should refer concerns about a child's changing friendships, missing episodes or unexplained money to "
        "the exploitation panel, and the panel should tell the school what it decided.",
        date(2025, 10, 2),
        ("exploitation", "multi-agency-risk-assessment"),
        (SCHOOLS, COUNCIL),
        actions=(
            DemoAction(
                "Agree how the exploitation panel tells schools what it decided", COUNCIL, LSP, date(2025, 10, 15), 60
            ),
        ),
    ),
)

PRODUCTS = (
    DemoProduct(
        "Seven-minute briefing: learning from the Child R review",
        ProductKind.SEVEN_MINUTE,
        date(2024, 2, 12),
        "What happened, what the review learned about the adults around a baby, and seven questions to ask at every "
        "contact.",
        "Practitioners in every agency working with babies and their families",
        (COUNCIL, HEALTH, POLICE, COMMUNITY_HEALTH, SCHOOLS, PROBATION, YOUTH_JUSTICE),
        310,
        (("lcspr:" + CHILD_R, "F1"), ("lcspr:" + CHILD_R, "1"), ("lcspr:" + CHILD_R, "2")),
    ),
    DemoProduct(
        "Practitioner learning event: who are the adults around the child?",
        ProductKind.PRACTITIONER_EVENT,
        date(2025, 11, 20),
        "A half-day event on the learning of two reviews: finding out who the adults around a child are, and checking "
        "what other agencies know about them.",
        "Frontline practitioners and their supervisors",
        (COUNCIL, POLICE, SCHOOLS, YOUTH_JUSTICE, COMMUNITY_HEALTH),
        85,
        (("lcspr:" + CHILD_R, "1"), ("rapid_review:RB-2025-02", "1"), ("rapid_review:RB-2025-02", "F1")),
    ),
)


# --- Now: dates relative to today, so the clocks run ----------------------------------------------------


def _current(
    partnership: Partnership, today: date
) -> tuple[DemoIncident, DemoLcspr, tuple[DemoLearning, ...], DemoIncident]:
    """The baby's death whose LCSPR is under way (decided about a hundred days ago) and the incident
    of a few days ago whose agencies are still writing."""
    aware = today - timedelta(days=120)
    informed = add_working_days(aware, 1)
    # The rapid review's 15 working days run from the notification to the Panel (clock C5).
    notified = add_working_days(aware, 2)
    decided = add_working_days(notified, 10)
    sent = add_working_days(notified, 12)
    death = DemoIncident(
        reference="RB-2026-01",
        age_band="under_1",
        kind=IncidentKind.DEATH,
        aware_on=aware,
        partners_informed_on=informed,
        notified_on=notified,
        criteria_met=CriteriaMet.YES,
        criteria_decision="The partners agreed the criteria are met: a baby died and neglect is suspected.",
        summary="A baby died suddenly at home. The family had moved into the area shortly before, and records from the "
        "previous area arrived late.",
        agencies=(COUNCIL, HEALTH, COMMUNITY_HEALTH, POLICE),
        themes=("safeguarding-infants", "multi-agency-risk-assessment"),
        rapid_review=DemoRapidReview(
            requested_on=notified,
            # Set for this review, two days inside the local default, so the partners could meet.
            contributions_due=add_working_days(notified, 8),
            contributions=tuple(
                DemoContribution(
                    agency,
                    "submitted",
                    f"{what} had contact with the family after the move into the area.",
                    "Records from the previous area were asked for but not chased when they did not arrive.",
                    "Records from a previous area are now chased after a week.",
                    add_working_days(notified, 6),
                )
                for agency, what in (
                    (COUNCIL, "Children's social care"),
                    (COMMUNITY_HEALTH, "Health visiting"),
                    (POLICE, "Police"),
                    (HEALTH, "Maternity services"),
                )
            ),
            facts="A baby died suddenly at home a few weeks after the family moved into Riverbank. The previous area "
            "had concerns about the care of an older child that did not reach local agencies until after the death.",
            immediate_action_needed=True,
            immediate_actions="The older child is safe with a relative under a plan. Health visiting has checked every "
            "family with a baby that moved into the area in the last quarter for outstanding records.",
            improvements="Records from the previous area were asked for but not chased. Safer sleep advice was given "
            "but not checked at the second visit.",
            lcspr_decision=LcsprDecision.COMMISSION,
            criteria=(A, C),
            decision_rationale="Criteria (a) and (c) apply: the case shows improvements needed when families move "
            "between areas, and concerns about how health and social care in two areas worked together. A local review "
            "can look at both areas' practice, which the rapid review could not.",
            decided_on=decided,
            sign_offs=(
                (COUNCIL, LSP, decided),
                (HEALTH, HEALTH_DSP, add_working_days(decided, 1)),
                (POLICE, POLICE_DSP, add_working_days(decided, 1)),
            ),
            sent_on=sent,
            panel_response=PanelResponse.AGREES,
            panel_response_on=sent + timedelta(days=20),
            panel_response_note="The Panel agreed that a local review is appropriate.",
        ),
    )
    # Planned a week before the six months are up; the clock, not this, gives the deadline.
    planned = rule_for(partnership, "lcspr-publication").due(decided) - timedelta(days=7)
    child_t = DemoLcspr(
        title=CHILD_T,
        publication_name="Child T",
        rapid_review_of="RB-2026-01",
        decided_on=decided,
        reviewer="Jordan Ellis (demo)",
        reviewer_organisation="Independent reviewer",
        terms_of_reference="How agencies in both areas shared what they knew when the family moved, and how safer "
        "sleep advice was given and checked.",
        terms_agreed_on=decided + timedelta(days=20),
        planned_publication_on=planned,
        milestones=(
            DemoMilestone(
                "Terms of reference agreed",
                decided + timedelta(days=21),
                decided + timedelta(days=20),
                MilestoneQuality.GOOD,
            ),
            DemoMilestone(
                "Practitioner learning event held",
                decided + timedelta(days=60),
                decided + timedelta(days=58),
                MilestoneQuality.GOOD,
            ),
            DemoMilestone("Draft report to the partners", today + timedelta(days=25)),
            DemoMilestone("Final report agreed by the partners", planned - timedelta(days=21)),
        ),
    )
    learning = (
        DemoLearning(
            LearningKind.FINDING,
            "F1",
            "Records from the family's previous area arrived weeks after the move, so the new health visitor did not "
            "know of earlier concerns.",
            sent,
            ("safeguarding-infants", "multi-agency-risk-assessment"),
            (COMMUNITY_HEALTH, HEALTH),
        ),
        DemoLearning(
            LearningKind.RECOMMENDATION,
            "1",
            "When a family with a baby moves into Riverbank, health visiting should ask the previous area for its "
            "records within a week, and escalate if they have not arrived.",
            sent,
            ("safeguarding-infants", "multi-agency-risk-assessment"),
            (COMMUNITY_HEALTH, HEALTH),
        ),
    )
    recent = today - timedelta(days=6)
    told = add_working_days(recent, 1)
    notified_now = add_working_days(recent, 2)
    current = DemoIncident(
        reference="RB-2026-02",
        age_band="5_9",
        kind=IncidentKind.SERIOUS_HARM,
        aware_on=recent,
        partners_informed_on=told,
        notified_on=notified_now,
        criteria_met=CriteriaMet.YES,
        criteria_decision="The partners agreed the criteria are met: a child was seriously harmed and abuse is "
        "suspected.",
        summary="A primary school child was taken to hospital with injuries consistent with an assault at home. A "
        "sibling is being cared for by a relative.",
        agencies=(COUNCIL, POLICE, SCHOOLS, COMMUNITY_HEALTH),
        themes=("professional-curiosity",),
        rapid_review=DemoRapidReview(
            requested_on=notified_now,
            # The local default: agency summaries by working day 10 after the notification.
            contributions_due=rule_for(partnership, "rapid-review-agency-contribution").due(notified_now),
            contributions=(
                DemoContribution(
                    POLICE,
                    "submitted",
                    "Police attended the home once before, after a neighbour reported shouting.",
                    "Officers spoke to the adults but not to the children.",
                    "Officers attending domestic incidents are reminded to speak to children present.",
                    min(today, add_working_days(notified_now, 1)),
                ),
                DemoContribution(
                    COMMUNITY_HEALTH,
                    "submitted",
                    "The school nurse saw the child for a routine check earlier in the year.",
                    "Nothing of concern was seen at that check.",
                    "",
                    min(today, add_working_days(notified_now, 1)),
                ),
                DemoContribution(
                    COUNCIL,
                    "draft",
                    "Early help offered the family parenting support after the police attendance.",
                ),
                DemoContribution(SCHOOLS, "requested"),
            ),
        ),
    )
    return death, child_t, learning, current


# --- Building -----------------------------------------------------------------------------------------


#: A clock not yet confirmed that no demo record runs (clocks.yaml, C3).
LOOKED_AFTER_DEATH = "looked-after-child-death-notification"


class _Demo:
    """What the builders share: the partnership, its people and agencies, and the themes."""

    def __init__(self, partnership: Partnership) -> None:
        self.partnership = partnership
        self.people = {u.email: u for u in User.objects.filter(memberships__partnership=partnership).distinct()}
        self.agencies = {a.name: a for a in Agency.objects.filter(partnership_links__partnership=partnership)}
        self.manager = next((u for e, u in self.people.items() if e.startswith("manager.")), None)

    def themes(self, codes: tuple[str, ...]) -> list[Theme]:
        return list(Theme.objects.filter(partnership__isnull=True, code__in=codes))


def _saved(record: models.Model, by: User | None) -> None:
    record.full_clean()
    save_by(record, by)


def _incident(demo: _Demo, spec: DemoIncident) -> SeriousIncident:
    found = SeriousIncident.objects.filter(partnership=demo.partnership, reference=spec.reference).first()
    if found is not None:
        return found
    council = Area.objects.get(partnership_links__partnership=demo.partnership, kind=AreaKind.LOCAL_AUTHORITY)
    incident = SeriousIncident(
        partnership=demo.partnership,
        reference=spec.reference,
        age_band=spec.age_band,
        kind=spec.kind,
        aware_on=spec.aware_on,
        notifying_area=council,
        criteria_met=spec.criteria_met,
        criteria_decision=spec.criteria_decision,
        notified_on=spec.notified_on,
        partners_informed_on=spec.partners_informed_on,
        summary=spec.summary,
        created_by=demo.manager,
    )
    _saved(incident, demo.manager)
    incident.agencies.set([demo.agencies[name] for name in spec.agencies])
    incident.themes.set(demo.themes(spec.themes))
    if spec.rapid_review is not None:
        _rapid_review(demo, incident, spec.rapid_review)
    return incident


def _rapid_review(demo: _Demo, incident: SeriousIncident, spec: DemoRapidReview) -> RapidReview:
    """The review with each agency's contribution as it stands; then, where the demo has got that
    far, the partners' sign-offs, sending and the Panel's response through the room's workflows."""
    review = RapidReview(
        partnership=demo.partnership,
        incident=incident,
        contributions_due=spec.contributions_due,
        facts=spec.facts,
        immediate_action_needed=spec.immediate_action_needed,
        immediate_actions=spec.immediate_actions,
        improvements=spec.improvements,
        lcspr_decision=spec.lcspr_decision,
        decision_rationale=spec.decision_rationale,
        decided_on=spec.decided_on,
        created_by=demo.manager,
        **{criterion: criterion in spec.criteria for criterion in (A, B, C, D)},
    )
    _saved(review, demo.manager)
    for c in spec.contributions:
        writer = demo.people.get(CONTRIBUTOR) if c.agency == SCHOOLS else demo.manager
        contribution = AgencyContribution(
            rapid_review=review,
            agency=demo.agencies[c.agency],
            requested_on=spec.requested_on,
            due_on=spec.contributions_due,
            status={"submitted": ContributionStatus.SUBMITTED, "draft": ContributionStatus.DRAFT}.get(
                c.status, ContributionStatus.REQUESTED
            ),
            involvement=c.involvement,
            analysis=c.analysis,
            actions_taken=c.actions_taken,
            submitted_on=c.submitted_on,
            submitted_by=writer if c.submitted_on else None,
        )
        _saved(contribution, writer)
    for body, email, on in spec.sign_offs:
        rapid_review_sign_off(
            rapid_review=review, partner_body=demo.agencies[body], by=demo.people[email], signed_on=on
        )
    if spec.sent_on is not None:
        rapid_review_send(rapid_review=review, sent_on=spec.sent_on, late_reason=spec.late_reason, by=demo.manager)
    if spec.panel_response and spec.panel_response_on is not None:
        rapid_review_record_panel_response(
            rapid_review=review,
            response=spec.panel_response,
            responded_on=spec.panel_response_on,
            note=spec.panel_response_note,
            by=demo.manager,
        )
    return review


def _lcspr(demo: _Demo, spec: DemoLcspr) -> Lcspr:
    lcspr = Lcspr.objects.filter(partnership=demo.partnership, title=spec.title).first()
    if lcspr is None:
        lcspr = Lcspr(
            partnership=demo.partnership,
            rapid_review=RapidReview.objects.get(
                partnership=demo.partnership, incident__reference=spec.rapid_review_of
            ),
            title=spec.title,
            publication_name=spec.publication_name,
            decided_on=spec.decided_on,
            reviewer=spec.reviewer,
            reviewer_organisation=spec.reviewer_organisation,
            terms_of_reference=spec.terms_of_reference,
            terms_agreed_on=spec.terms_agreed_on,
            draft_report_on=spec.draft_report_on,
            final_report_on=spec.final_report_on,
            planned_publication_on=spec.planned_publication_on,
            sent_to_panel_on=spec.sent_to_panel_on,
            published_on=spec.published_on,
            publication_url=spec.publication_url,
            redaction_terms=spec.redaction_terms,
            created_by=demo.manager,
        )
        _saved(lcspr, demo.manager)
    for milestone in spec.milestones:
        if not lcspr.milestones.filter(title=milestone.title).exists():
            _saved(
                LcsprMilestone(
                    lcspr=lcspr,
                    title=milestone.title,
                    due_on=milestone.due_on,
                    met_on=milestone.met_on,
                    quality=milestone.quality,
                    note=milestone.note,
                ),
                demo.manager,
            )
    return lcspr


def _learning(demo: _Demo, source: RapidReview | Lcspr | NationalReview, specs: tuple[DemoLearning, ...]) -> None:
    field_name = {RapidReview: "rapid_review", Lcspr: "lcspr", NationalReview: "national_review"}[type(source)]
    for spec in specs:
        point = LearningPoint.objects.filter(
            partnership=demo.partnership, kind=spec.kind, number=spec.number, **{field_name: source}
        ).first()
        if point is not None:
            continue
        point = LearningPoint(
            partnership=demo.partnership,
            kind=spec.kind,
            number=spec.number,
            text=spec.text,
            made_on=spec.made_on,
            applies_locally=spec.applies_locally,
            local_response=spec.local_response,
            created_by=demo.manager,
            **{field_name: source},
        )
        _saved(point, demo.manager)
        point.themes.set(demo.themes(spec.themes))
        point.agencies.set([demo.agencies[name] for name in spec.agencies])
        for action in spec.actions:
            _action(demo, point, action)
        if spec.impact is not None:
            learning_impact_record(
                learning_point=point,
                checked_on=spec.impact.checked_on,
                method=spec.impact.method,
                outcome=spec.impact.outcome,
                summary=spec.impact.summary,
                by=demo.people.get(SCRUTINEER),
            )


def _on(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10, 0)))


def _action(demo: _Demo, point: LearningPoint, spec: DemoAction) -> None:
    """An action in the shared tracker carrying out ``point``, as ``learning_action_create``
    makes one, but agreed on the day it was (that workflow always acts today). Its progress,
    evidence and completion go through the tracker's own workflows, with their dates."""
    if Action.objects.filter(partnership=demo.partnership, title=spec.title).exists():
        return
    today = timezone.localdate()
    owner = demo.people.get(spec.owner) if spec.owner else None
    action = Action(
        partnership=demo.partnership,
        title=spec.title,
        owner_agency=demo.agencies[spec.agency],
        owner=owner,
        due_date=spec.due if isinstance(spec.due, date) else today + timedelta(days=spec.due),
        source_type=ContentType.objects.get_for_model(LearningPoint),
        source_id=point.pk,
        source_label=action_source_label(point),
        source_room=ROOM,
        created_by=demo.manager,
        created_at=_on(spec.created_on),
    )
    _saved(action, demo.manager)
    action.themes.set(point.themes.all())
    for on, author, text, new_status in spec.updates:
        action_update_add(action=action, author=demo.people[author], text=text, new_status=new_status, on=on)
    doer = owner or demo.manager
    if spec.evidence is not None:
        title, url, dated = spec.evidence
        item = EvidenceItem.objects.filter(partnership=demo.partnership, title=title).first()
        if item is None:
            item = EvidenceItem(
                partnership=demo.partnership,
                title=title,
                kind=EvidenceKind.LINK,
                url=url,
                agency=demo.agencies[spec.agency],
                dated=dated,
                added_by=doer,
            )
            item.full_clean(exclude=["requirements", "themes"])
            save_by(item, doer)
        action_evidence_link(action=action, evidence=item, purpose=EvidencePurpose.COMPLETION, by=doer)
    if spec.completed_on is not None:
        action_complete(action=action, by=doer, completed_on=spec.completed_on)


def _national_review(demo: _Demo) -> NationalReview:
    review = NationalReview.objects.filter(partnership=demo.partnership, title=NATIONAL).first()
    if review is None:
        review = NationalReview(partnership=demo.partnership, created_by=demo.manager, **NATIONAL_REVIEW)
        _saved(review, demo.manager)
    return review


def _learning_key(point: LearningPoint) -> str:
    """How ``DemoProduct.shares`` names a learning point's review."""
    if point.rapid_review_id:
        return f"rapid_review:{point.source.incident.reference}"  # type: ignore[union-attr]
    return f"lcspr:{point.source}" if point.lcspr_id else f"national:{point.source}"


def _products(demo: _Demo) -> None:
    points = {
        (_learning_key(p), p.number): p
        for p in LearningPoint.objects.filter(partnership=demo.partnership).select_related(
            "rapid_review__incident", "lcspr", "national_review"
        )
    }
    for spec in PRODUCTS:
        if LearningProduct.objects.filter(partnership=demo.partnership, title=spec.title).exists():
            continue
        product = LearningProduct(
            partnership=demo.partnership,
            title=spec.title,
            kind=spec.kind,
            delivered_on=spec.delivered_on,
            description=spec.description,
            audience=spec.audience,
            people_reached=spec.people_reached,
            created_by=demo.manager,
        )
        _saved(product, demo.manager)
        product.agencies_reached.set([demo.agencies[name] for name in spec.agencies])
        product.learning_points.set([points[key] for key in spec.shares if key in points])


def _riverbank(partnership: Partnership) -> None:
    demo = _Demo(partnership)
    for spec in (RB_2023_02, RB_2023_05, RB_2024_01, RB_2025_02):
        _incident(demo, spec)
    child_r = _lcspr(demo, CHILD_R_REVIEW)
    _learning(demo, child_r, CHILD_R_REVIEW.learning)
    _learning(
        demo,
        RapidReview.objects.get(incident__partnership=partnership, incident__reference="RB-2024-01"),
        RB_2024_01_LEARNING,
    )
    _learning(demo, _national_review(demo), NATIONAL_LEARNING)
    _learning(
        demo,
        RapidReview.objects.get(incident__partnership=partnership, incident__reference="RB-2025-02"),
        RB_2025_02_LEARNING,
    )
    death, child_t, learning, current = _current(partnership, timezone.localdate())
    _incident(demo, death)
    _lcspr(demo, child_t)
    _learning(
        demo, RapidReview.objects.get(incident__partnership=partnership, incident__reference="RB-2026-01"), learning
    )
    _incident(demo, current)
    _products(demo)
    _clock_length(demo)


def _clock_length(demo: _Demo) -> None:
    """Riverbank's own length for a clock not yet confirmed, on a clock none of its records runs,
    so the demo's deadlines are the shipped ones."""
    if ClockSetting.objects.filter(partnership=demo.partnership, rule_id=LOOKED_AFTER_DEATH).exists():
        return
    clock_setting_save(
        partnership=demo.partnership,
        rule_id=LOOKED_AFTER_DEATH,
        length=3,
        reason="The partnership's procedures ask for the Secretary of State and Ofsted to be told within 3 working "
        "days, sooner than the 5 assumed; agreed at the executive (demo).",
        person=demo.manager,
    )


HILLCREST_INCIDENT = DemoIncident(
    reference="HC-2025-01",
    age_band="1_4",
    kind=IncidentKind.SERIOUS_HARM,
    aware_on=date(2025, 11, 3),
    partners_informed_on=date(2025, 11, 4),
    notified_on=date(2025, 11, 6),
    criteria_met=CriteriaMet.YES,
    criteria_decision="The partners agreed the criteria are met: a young child was seriously harmed and neglect is "
    "suspected.",
    summary="A young child was found alone at home with a burn that had not been treated.",
    agencies=(HILLCREST_COUNCIL, HILLCREST_SCHOOLS, POLICE),
    themes=("neglect",),
    rapid_review=DemoRapidReview(
        requested_on=date(2025, 11, 4),
        contributions_due=date(2025, 11, 14),
        contributions=(
            DemoContribution(
                HILLCREST_SCHOOLS,
                "submitted",
                "The nursery class saw the child regularly until a month before.",
                "The nursery noticed the child stopped attending but did not follow it up.",
                "Nursery staff now follow up any unexplained absence after three days.",
                date(2025, 11, 13),
            ),
        ),
        facts="A young child was found alone at home with an untreated burn.",
        immediate_action_needed=True,
        immediate_actions="The child is with foster carers under an interim care order.",
        improvements="Absence from the nursery class was not followed up.",
        lcspr_decision=LcsprDecision.NOT_COMMISSION,
        criteria=(A,),
        decision_rationale="Criterion (a) applies, but the learning is clear and is being acted on; a local review "
        "would add little.",
        decided_on=date(2025, 11, 19),
        sign_offs=(
            (HILLCREST_COUNCIL, HILLCREST_LSP, date(2025, 11, 20)),
            (HEALTH, HILLCREST_HEALTH_DSP, date(2025, 11, 20)),
            (POLICE, POLICE_DSP, date(2025, 11, 20)),
        ),
        sent_on=date(2025, 11, 21),
    ),
)


@transaction.atomic
def build_reviews_demo() -> None:
    """Add Riverbank's history of serious incidents and reviews, and one incident of Hillcrest's
    (the foundation demo must exist). Running it again changes nothing."""
    riverbank = Partnership.objects.filter(slug="riverbank").first()
    if riverbank is not None:
        _riverbank(riverbank)
    hillcrest = Partnership.objects.filter(slug="hillcrest").first()
    if hillcrest is not None:
        _incident(_Demo(hillcrest), HILLCREST_INCIDENT)


__all__ = ["build_reviews_demo"]
