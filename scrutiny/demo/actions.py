"""A year of actions for the fictional Riverbank partnership, in every state: not started, in
progress, overdue, due soon, completed with evidence of completion, completed with evidence of
impact, and closed with a reason. Dates are relative to today so the flags are always live.

Every person, agency and event here is invented. Building twice changes nothing: an action that
already exists (by title) is left as it is.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from scrutiny.accounts.models import User
from scrutiny.actions.models import Action, ActionStatus
from scrutiny.actions.services import (
    action_close,
    action_complete,
    action_evidence_link,
    action_impact_record,
    action_update_add,
)
from scrutiny.evidence.models import EvidenceItem, EvidenceKind, EvidencePurpose
from scrutiny.frameworks.models import Theme
from scrutiny.partnerships.history import save_by
from scrutiny.partnerships.models import Agency, Partnership

COUNCIL = "Riverbank Borough Council (demo)"
HEALTH = "South Thames Health Board (demo)"
POLICE = "Capital Police South Area (demo)"
COMMUNITY_HEALTH = "Riverbank Community Health Trust (demo)"
SCHOOLS = "Oakfield Academies Trust (demo)"
PROBATION = "South London Probation Delivery Unit (demo)"
YOUTH_JUSTICE = "Riverbank Youth Justice Service (demo)"

MANAGER = "manager.riverbank@demo.example.org"
LSP = "lsp.council.riverbank@demo.example.org"
HEALTH_DSP = "dsp.health.riverbank@demo.example.org"
POLICE_DSP = "police.dsp@demo.example.org"
CONTRIBUTOR = "contributor.riverbank@demo.example.org"
SCRUTINEER = "scrutineer@demo.example.org"


@dataclass(frozen=True)
class Evidence:
    title: str
    url: str
    days_ago: int


@dataclass(frozen=True)
class DemoAction:
    title: str
    description: str
    agency: str
    owner: str | None
    created_days_ago: int
    due_in_days: int  # negative: the due date has passed
    source_room: str = ""
    source_label: str = ""
    themes: tuple[str, ...] = ()
    #: (days ago, author e-mail, text, new status)
    updates: tuple[tuple[int, str, str, str], ...] = ()
    completion: tuple[Evidence, ...] = ()
    completed_days_ago: int | None = None
    impact: str = ""
    impact_evidence: tuple[Evidence, ...] = ()
    impact_days_ago: int | None = None
    closed_reason: str = ""
    closed_days_ago: int | None = None


SITE = "https://riverbank-demo.example.org"

ACTIONS: list[DemoAction] = [
    DemoAction(
        title="Publish a refreshed multi-agency threshold document",
        description="Revise the threshold document with schools and health, test it with practitioners and publish it "
        "on the partnership website.",
        agency=COUNCIL,
        owner=LSP,
        created_days_ago=20,
        due_in_days=45,
        source_room="assurance",
        source_label="Scrutineer's recommendation: thresholds are understood differently across agencies",
        themes=("front-door", "front-door-referral-decisions"),
    ),
    DemoAction(
        title="Agree how Oakfield schools share attendance concerns with early help",
        description="A short protocol for designated safeguarding leads: when a pattern of absence is shared, with "
        "whom, and how quickly.",
        agency=SCHOOLS,
        owner=CONTRIBUTOR,
        created_days_ago=10,
        due_in_days=30,
        source_room="governance",
        source_label="Education sub-group, decision 3",
        themes=("education", "early-help"),
    ),
    DemoAction(
        title="Audit the quality of strategy discussions",
        description="Dip-sample strategy discussions for police, health and social care attendance and recorded "
        "rationale.",
        agency=POLICE,
        owner=POLICE_DSP,
        created_days_ago=90,
        due_in_days=60,
        source_room="audits",
        source_label="Multi-agency case file audit on neglect",
        themes=("front-door-strategy-and-enquiries", "quality-assurance"),
        updates=(
            (70, POLICE_DSP, "Audit tool agreed with health and children's social care.", ActionStatus.IN_PROGRESS),
            (25, POLICE_DSP, "Twelve of twenty discussions sampled; findings to the next quality sub-group.", ""),
        ),
    ),
    DemoAction(
        title="Embed the voice of the child in initial health assessments",
        description="Add a prompt and a recorded quote to the assessment template; check a sample after three months.",
        agency=HEALTH,
        owner=HEALTH_DSP,
        created_days_ago=60,
        due_in_days=100,
        source_room="assurance",
        source_label="Scrutineer's finding: the child's own words are rarely recorded",
        themes=("voice", "children-in-care"),
        updates=((30, HEALTH_DSP, "Template change approved by the designated nurse.", ActionStatus.IN_PROGRESS),),
    ),
    DemoAction(
        title="Complete neglect toolkit training for designated safeguarding leads",
        description="Every designated safeguarding lead in the trust attends the half-day neglect toolkit session.",
        agency=SCHOOLS,
        owner=None,
        created_days_ago=120,
        due_in_days=-12,
        source_room="reviews",
        source_label="Rapid review learning, autumn: neglect recognised late",
        themes=("neglect", "training"),
        updates=(
            (80, CONTRIBUTOR, "Two sessions booked; places offered to every school.", ActionStatus.IN_PROGRESS),
            (20, CONTRIBUTOR, "Eleven of fifteen leads trained. A catch-up session is needed.", ""),
        ),
    ),
    DemoAction(
        title="Review how missing-from-home episodes are escalated",
        description="Check that repeat missing episodes trigger a strategy discussion, and agree a joint escalation "
        "route.",
        agency=POLICE,
        owner=POLICE_DSP,
        created_days_ago=75,
        due_in_days=-5,
        source_room="assurance",
        source_label="Challenge log: escalation of repeat missing episodes",
        themes=("jtai-cse-missing", "exploitation"),
    ),
    DemoAction(
        title="Introduce a single referral form for the front door",
        description="One form for all agencies, with the threshold prompts built in.",
        agency=COUNCIL,
        owner=LSP,
        created_days_ago=100,
        due_in_days=4,
        themes=("front-door",),
        updates=(
            (60, LSP, "Draft form shared with agencies for comment.", ActionStatus.IN_PROGRESS),
            (9, MANAGER, "Comments received from police and schools; final version with the web team.", ""),
        ),
    ),
    DemoAction(
        title="Share the learning brief from the rapid review with GPs",
        description="A two-page brief through the GP safeguarding leads' network and the practice newsletter.",
        agency=COMMUNITY_HEALTH,
        owner=None,
        created_days_ago=15,
        due_in_days=6,
        source_room="reviews",
        source_label="Rapid review learning, winter: information from GPs not sought",
        themes=("learning-from-reviews", "information-sharing"),
    ),
    DemoAction(
        title="Publish the partnership's escalation and resolution policy",
        description="The policy for resolving professional disagreements, agreed by all three partners.",
        agency=COUNCIL,
        owner=LSP,
        created_days_ago=200,
        due_in_days=-60,
        source_room="governance",
        source_label="Board meeting, decision 4",
        themes=("partnership-governance",),
        updates=((150, LSP, "Draft agreed by the executive group.", ActionStatus.IN_PROGRESS),),
        completion=(Evidence("Escalation and resolution policy (published)", f"{SITE}/escalation-policy", 45),),
        completed_days_ago=40,
    ),
    DemoAction(
        title="Set up a joint domestic abuse triage with police and children's social care",
        description="A daily triage of domestic abuse notifications involving children, with health and schools "
        "informed the next morning.",
        agency=POLICE,
        owner=POLICE_DSP,
        created_days_ago=330,
        due_in_days=-160,
        source_room="assurance",
        source_label="Scrutineer's recommendation: domestic abuse notifications reach schools too late",
        themes=("domestic-abuse", "jtai-domestic-abuse", "information-sharing"),
        updates=(
            (300, POLICE_DSP, "Triage terms of reference agreed.", ActionStatus.IN_PROGRESS),
            (200, POLICE_DSP, "Triage running daily since the start of the month.", ""),
        ),
        completion=(Evidence("Domestic abuse triage terms of reference", f"{SITE}/da-triage-terms", 190),),
        completed_days_ago=180,
        impact="Schools now hear of domestic abuse incidents by the next school day in nearly every case, against "
        "about half before the triage. Designated safeguarding leads say they can plan support the same morning.",
        impact_evidence=(Evidence("Domestic abuse triage: six-month evaluation", f"{SITE}/da-triage-evaluation", 35),),
        impact_days_ago=30,
    ),
    DemoAction(
        title="Run practitioner focus groups on adolescent exploitation",
        description="Three focus groups with youth justice, schools and police to test how the exploitation pathway "
        "works in practice.",
        agency=YOUTH_JUSTICE,
        owner=None,
        created_days_ago=260,
        due_in_days=-110,
        source_room="assurance",
        source_label="Scrutiny plan: practitioner focus groups",
        themes=("exploitation", "jtai-criminal-exploitation", "relationship-based-practice"),
        updates=((200, MANAGER, "Dates set; invitations sent to practitioners.", ActionStatus.IN_PROGRESS),),
        completion=(Evidence("Focus groups on exploitation: summary of what practitioners said", f"{SITE}/fg", 125),),
        completed_days_ago=120,
        impact="The exploitation pathway was simplified to one referral route, and practitioners now name a "
        "trusted adult for each young person at the first meeting.",
        impact_evidence=(Evidence("Exploitation pathway, revised version", f"{SITE}/exploitation-pathway", 25),),
        impact_days_ago=20,
    ),
    DemoAction(
        title="Commission an external review of the multi-agency safeguarding hub",
        description="An external review of the hub's decision-making and timeliness.",
        agency=COUNCIL,
        owner=None,
        created_days_ago=180,
        due_in_days=-30,
        source_room="governance",
        source_label="Executive group, decision 2",
        themes=("front-door-leadership",),
        closed_reason="Superseded: the partnership's own front-door audit, agreed at the board, covers the same "
        "ground sooner and at no extra cost.",
        closed_days_ago=60,
    ),
]


def _when(days_ago: int) -> datetime:
    day = timezone.localdate() - timedelta(days=days_ago)
    return timezone.make_aware(datetime.combine(day, time(10, 0)))


def _day(days_ago: int) -> date:
    return timezone.localdate() - timedelta(days=days_ago)


def _evidence(partnership: Partnership, spec: Evidence, agency: Agency, added_by: User | None) -> EvidenceItem:
    """The demo's evidence item of this title, made as a link the first time it is needed."""
    found = EvidenceItem.objects.filter(partnership=partnership, title=spec.title).first()
    if found is not None:
        return found
    item = EvidenceItem(
        partnership=partnership,
        title=spec.title,
        kind=EvidenceKind.LINK,
        url=spec.url,
        agency=agency,
        dated=_day(spec.days_ago),
        added_by=added_by,
    )
    item.full_clean(exclude=["requirements", "themes"])
    save_by(item, added_by)
    return item


def _build(partnership: Partnership, spec: DemoAction, people: dict[str, User], agencies: dict[str, Agency]) -> None:
    manager = people[MANAGER]
    owner = people.get(spec.owner) if spec.owner else None
    agency = agencies[spec.agency]
    action = Action(
        partnership=partnership,
        title=spec.title,
        description=spec.description,
        owner_agency=agency,
        owner=owner,
        due_date=timezone.localdate() + timedelta(days=spec.due_in_days),
        source_room=spec.source_room,
        source_label=spec.source_label,
        created_by=manager,
        # Agreed in the course of the year, not today.
        created_at=_when(spec.created_days_ago),
    )
    action.full_clean()
    save_by(action, manager, when=action.created_at)
    themes = list(Theme.objects.available_to(partnership).filter(code__in=spec.themes))
    if themes:
        action.themes.set(themes)
    for days_ago, author, text, new_status in spec.updates:
        action_update_add(action=action, author=people[author], text=text, new_status=new_status, on=_day(days_ago))
    doer = owner or manager
    for evidence in spec.completion:
        item = _evidence(partnership, evidence, agency, doer)
        action_evidence_link(action=action, evidence=item, purpose=EvidencePurpose.COMPLETION, by=doer)
    if spec.completed_days_ago is not None:
        action_complete(action=action, by=doer, completed_on=_day(spec.completed_days_ago))
    if spec.impact:
        items = [_evidence(partnership, evidence, agency, doer) for evidence in spec.impact_evidence]
        action_impact_record(
            action=action,
            by=people[SCRUTINEER],
            summary=spec.impact,
            assessed_on=_day(spec.impact_days_ago or 0),
            evidence=items,
        )
    if spec.closed_reason:
        action_close(action=action, by=manager, reason=spec.closed_reason, on=_day(spec.closed_days_ago or 0))


@transaction.atomic
def build_actions_demo() -> None:
    """Add Riverbank's actions (the foundation demo must exist). Running it again changes nothing."""
    partnership = Partnership.objects.filter(slug="riverbank").first()
    if partnership is None:
        return
    people = {
        u.email: u
        for u in User.objects.filter(email__in=[MANAGER, LSP, HEALTH_DSP, POLICE_DSP, CONTRIBUTOR, SCRUTINEER])
    }
    agencies = {a.name: a for a in Agency.objects.filter(partnership_links__partnership=partnership)}
    existing = set(Action.objects.filter(partnership=partnership).values_list("title", flat=True))
    for spec in ACTIONS:
        if spec.title not in existing:
            _build(partnership, spec, people, agencies)
