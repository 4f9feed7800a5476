"""A year of meetings for each demo partnership: the lead partners' meeting, the executive and a
quality assurance subgroup, with attendance (mostly full, some deputies and apologies, one
inquorate meeting when the police could not come), minutes approved for all but the latest, and
the next meetings planned. Everything is fictional."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from scrutiny.accounts.models import User
from scrutiny.actions.models import Action, ActionStatus
from scrutiny.clocks.workdays import add_months, subtract_months
from scrutiny.demo.foundation import PARTNERSHIPS
from scrutiny.evidence.models import EvidenceItem
from scrutiny.governance.meetings import attendance_record, minutes_save
from scrutiny.governance.models import (
    AgendaItem,
    Decision,
    ExpectedMember,
    Meeting,
    MeetingSeries,
    MeetingStatus,
    Observation,
    SurveyAnswer,
)
from scrutiny.partnerships.history import save_by
from scrutiny.partnerships.models import Agency, Membership, Partnership
from scrutiny.partnerships.roles import Role

POLICE = "Capital Police South Area (demo)"
HEALTH = "South Thames Health Board (demo)"

#: (name, kind, every n months, terms of reference, quorum, seats: (agency key, job title, role, seniority, holder))
Seat = tuple[str, str, str, str, str | None]
SERIES: list[tuple[str, str, int, str, int, list[Seat]]] = [
    (
        "Lead safeguarding partners",
        "lead_partners",
        3,
        "The three lead safeguarding partners agree the partnership's priorities, budget and yearly report, "
        "and answer the independent scrutineer's recommendations.",
        3,
        [
            ("council", "Chief Executive", "chair", "executive", "lsp.council"),
            (HEALTH, "Chief Nurse and Director of Quality", "member", "executive", "dsp.health"),
            (POLICE, "Detective Chief Superintendent, Public Protection", "member", "executive", "police.dsp"),
        ],
    ),
    (
        "Partnership executive",
        "executive",
        2,
        "Oversees the partnership's work: performance, reviews, audits and the learning from them. Decides "
        "what the subgroups do and holds agencies to account for their actions.",
        4,
        [
            ("council", "Director of Children's Services", "chair", "executive", "chair"),
            (HEALTH, "Designated Nurse for Safeguarding Children", "member", "senior", None),
            (POLICE, "Detective Chief Superintendent, Public Protection", "member", "executive", "police.dsp"),
            ("contributor_agency", "Designated Safeguarding Lead", "member", "senior", "contributor"),
            ("South London Probation Delivery Unit (demo)", "Head of Service", "member", "senior", None),
            ("council", "Partnership business manager", "adviser", "senior", "manager"),
        ],
    ),
    (
        "Quality assurance subgroup",
        "subgroup",
        2,
        "Runs the multi-agency audit programme and the Section 11 and schools' audits, and reports what they "
        "find to the executive.",
        3,
        [
            ("council", "Head of Quality Assurance", "chair", "senior", None),
            (HEALTH, "Named Nurse for Safeguarding", "member", "operational", None),
            (POLICE, "Detective Inspector, Child Abuse Investigation", "member", "operational", None),
            ("contributor_agency", "Designated Safeguarding Lead", "member", "senior", "contributor"),
        ],
    ),
]

MINUTES = (
    "Present and apologies as recorded.\n\n1. Minutes of the last meeting agreed.\n2. Performance: the "
    "partnership's figures for the quarter were discussed; re-referrals remain above the statistical "
    "neighbours' median and the council will report on its front-door review next time.\n3. Reviews: "
    "progress on the rapid review recommendations was noted.\n4. Any other business: none."
)


def _agency(spec: dict[str, object], key: str) -> Agency:
    name = spec[key] if key in {"council", "contributor_agency"} else key
    return Agency.objects.get(name=name)


def _holder(partnership: Partnership, key: str | None) -> User | None:
    if key is None:
        return None
    email = f"{key}@demo.example.org" if key == "police.dsp" else f"{key}.{partnership.slug}@demo.example.org"
    found = Membership.objects.filter(partnership=partnership, user__email=email).select_related("user").first()
    return found.user if found else None


def build_governance_demo() -> None:
    today = timezone.localdate()
    for spec in PARTNERSHIPS:
        partnership = Partnership.objects.get(slug=spec["slug"])
        if MeetingSeries.objects.filter(partnership=partnership).exists():
            continue
        rng = random.Random(f"{partnership.slug}-meetings")  # noqa: S311 - fictional attendance, not secrets
        manager = Membership.objects.filter(partnership=partnership, role=Role.BUSINESS_MANAGER).first()
        for name, kind, every, terms, quorum, seats in SERIES:
            series = MeetingSeries.objects.create(
                partnership=partnership, name=name, kind=kind, terms_of_reference=terms, quorum_agencies=quorum
            )
            for key, title, role, seniority, holder in seats:
                ExpectedMember.objects.create(
                    series=series,
                    agency=_agency(spec, key),
                    job_title=title,
                    role=role,
                    seniority=seniority,
                    person=_holder(partnership, holder),
                )
            _meetings(series, every, today, rng, manager.user if manager else None)


def _meetings(series: MeetingSeries, every: int, today: date, rng: random.Random, manager: User | None) -> None:
    first = subtract_months(today.replace(day=10), 12)
    days = [add_months(first, n) for n in range(0, 13 + every, every)]
    held = [day for day in days if day < today]
    members = list(series.members.all())
    for index, day in enumerate(days):
        starts = timezone.make_aware(datetime.combine(day, time(10, 0)))
        meeting = Meeting.objects.create(
            series=series, starts_at=starts, ends_at=starts + timedelta(hours=2), location="Civic centre, room 3"
        )
        if day >= today:
            continue
        rows = {}
        for member in members:
            roll = rng.random()
            if series.kind == "executive" and index == 2 and member.agency.name == POLICE:
                rows[member.pk] = ("apologies", "", "")  # the one inquorate meeting
            elif roll < 0.78:
                rows[member.pk] = ("attended", "", "")
            elif roll < 0.9:
                rows[member.pk] = ("deputy", "Deputy to the " + member.job_title, "senior")
            elif roll < 0.97:
                rows[member.pk] = ("apologies", "", "")
            else:
                rows[member.pk] = ("absent", "", "")
        attendance_record(meeting, rows)
        _business(meeting, index, rng, manager)
        latest = day == held[-1]
        minutes_save(
            meeting,
            MINUTES,
            approve=not latest,
            user=manager,
            today=add_months(day, every) if not latest else day,
        )
        if meeting.status != MeetingStatus.HELD:
            meeting.status = MeetingStatus.HELD
            meeting.save(update_fields=["status"])


AGENDA = [
    ("Minutes and actions of the last meeting", "Chair"),
    ("Performance: the quarter's figures", "Head of Performance"),
    ("Reviews and the learning from them", "Partnership business manager"),
    ("Independent scrutiny: findings and recommendations", "Independent scrutineer"),
]
DECISIONS = [
    "Agreed to ask the council for a report on re-referrals at the next meeting.",
    "Agreed the audit programme for the year.",
    "Agreed the response to the scrutineer's recommendation on the voice of children.",
]


def _business(meeting: Meeting, index: int, rng: random.Random, manager: User | None) -> None:
    """Agenda, papers, decisions, an action now and then, members' survey answers and, for the
    executive, the scrutineer's observation of one meeting."""
    partnership = meeting.partnership
    papers = list(EvidenceItem.objects.filter(partnership=partnership).order_by("pk")[:3])
    for order, (title, presenter) in enumerate(AGENDA, start=1):
        item = AgendaItem.objects.create(meeting=meeting, order=order, title=title, presenter=presenter)
        if order == 2 and papers:
            item.papers.add(papers[index % len(papers)])
    Decision.objects.create(meeting=meeting, text=DECISIONS[index % len(DECISIONS)])
    if meeting.series.kind == "executive" and index % 2 == 0 and manager is not None:
        council = meeting.series.members.filter(role="chair").first()
        if council is not None:
            # Agreed at the meeting, not today: made as the tracker would have made it then.
            action = Action(
                partnership=partnership,
                title=f"Report to the executive on re-referrals ({meeting.starts_at:%B %Y})",
                owner_agency=council.agency,
                due_date=add_months(meeting.starts_at.date(), 2),
                source_type=ContentType.objects.get_for_model(Meeting),
                source_id=meeting.pk,
                source_label=str(meeting),
                source_room="governance",
                created_by=manager,
                created_at=meeting.starts_at,
            )
            if action.due_date < timezone.localdate():  # reported at the meeting it was due for
                action.status, action.completed_on = ActionStatus.COMPLETED, action.due_date
            action.full_clean()
            save_by(action, manager, when=meeting.starts_at)
    for row in meeting.attendance.filter(status="attended", member__person__isnull=False).select_related("member"):
        person = row.member.person
        if person is None or SurveyAnswer.objects.filter(meeting=meeting, respondent=person).exists():
            continue
        SurveyAnswer.objects.create(
            meeting=meeting,
            respondent=person,
            purposeful=rng.choice([3, 4, 4]),
            challenge_welcomed=rng.choice([2, 3, 3, 4]),
            decided=rng.choice([3, 3, 4]),
        )
    if meeting.series.kind == "executive" and index == 4:
        scrutineer = Membership.objects.filter(partnership=partnership, role=Role.SCRUTINEER).first()
        if scrutineer is not None:
            Observation.objects.create(
                meeting=meeting,
                observer=scrutineer.user,
                strengths="Well chaired; papers were sent a week ahead and members had read them.",
                improvements="Performance was presented as activity counts; ask what changed for children.",
                challenge_seen="Health asked the police why strategy discussions were late; an action followed.",
            )
