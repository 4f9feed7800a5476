"""The voice of children and families in each demo partnership: a year of feedback from the public
pages (children, young people, parents and carers), tagged with themes; safety concerns through
the year, read by the safety vocabulary, acknowledged and closed with what was done (one escalated
when nobody acknowledged it in time), and one that came in this morning before reading hours and
is still flagged; reading hours, out-of-hours numbers and two designated contacts in order; one
consultation with answers; one young scrutineers' session with the partners' answers; and a
"you said, we did" page. Every word is invented and no one is named."""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta

from django.utils import timezone

from scrutiny.accounts.models import User
from scrutiny.actions.models import Action
from scrutiny.demo.foundation import PARTNERSHIPS
from scrutiny.frameworks.models import Theme
from scrutiny.partnerships.models import Agency, Membership, Partnership
from scrutiny.partnerships.roles import Role
from scrutiny.voice.intake import mark_concern
from scrutiny.voice.models import (
    AlertKind,
    ConcernAlert,
    Consultation,
    ConsultationAnswer,
    ConsultationQuestion,
    ConsultationResponse,
    DesignatedContact,
    Feedback,
    PanelQuestion,
    PanelSession,
    ThemeResponse,
    VoiceSettings,
)
from scrutiny.voice.safety import assess

#: (audience, what is good, what could be better, theme codes)
SAYINGS = [
    (
        "child",
        "My worker plays games with me and listens",
        "I don't like when people change",
        ["relationship-based-practice"],
    ),
    ("child", "School lets me have a quiet place", "Meetings are boring and long", ["voice"]),
    (
        "young_person",
        "My social worker texts back",
        "I had four social workers in a year",
        ["relationship-based-practice"],
    ),
    ("young_person", "The youth worker helped me with college", "Nobody asked me before the meeting", ["voice"]),
    (
        "young_person",
        "Police explained things to me properly",
        "Online stuff is scary and adults don't get it",
        ["online-harm"],
    ),
    (
        "parent_carer",
        "Early help came quickly",
        "I had to tell my story again to every service",
        ["information-sharing", "early-help"],
    ),
    ("parent_carer", "The health visitor was kind", "Letters are full of jargon", ["voice"]),
    (
        "parent_carer",
        "The school noticed and rang me",
        "Waiting lists for mental health help are too long",
        ["mental-health"],
    ),
]


def build_voice_demo() -> None:
    for spec in PARTNERSHIPS:
        partnership = Partnership.objects.get(slug=spec["slug"])
        if Feedback.objects.filter(partnership=partnership).exists():
            continue
        rng = random.Random(f"{partnership.slug}-voice")  # noqa: S311 - fictional feedback, not secrets
        manager = Membership.objects.filter(partnership=partnership, role=Role.BUSINESS_MANAGER).first()
        if manager is None:
            continue
        settings = VoiceSettings.of(partnership)
        # Ofcom's numbers reserved for drama: no real service answers them.
        settings.front_door_name = f"{spec['council'].replace(' (demo)', '')} children's services"
        settings.front_door_phone = "020 7946 0999"
        settings.front_door_hours = "weekdays 9am to 5pm"
        settings.out_of_hours_phone = "020 7946 0998"
        settings.out_of_hours_email = f"out-of-hours@{partnership.slug}.example"
        settings.save()
        # The health board's delegated safeguarding partner (its Chief Nurse) is alerted first, then
        # the business manager.
        delegated = Membership.objects.filter(
            partnership=partnership, role=Role.DELEGATED_PARTNER, user__email__startswith="dsp.health."
        ).first()
        first = delegated.user if delegated else manager.user
        DesignatedContact.objects.get_or_create(partnership=partnership, person=first, defaults={"order": 1})
        DesignatedContact.objects.get_or_create(partnership=partnership, person=manager.user, defaults={"order": 2})
        themes = {t.code: t for t in Theme.objects.filter(partnership__isnull=True)}
        _feedback(partnership, rng, themes, manager.user)
        _consultation(partnership, rng)
        _panel(partnership, spec)
        _you_said_we_did(partnership, themes, manager.user, spec)


def _feedback(partnership: Partnership, rng: random.Random, themes: dict[str, Theme], manager: User) -> None:
    now = timezone.now()
    for n in range(60):
        audience, good, better, codes = SAYINGS[n % len(SAYINGS)]
        feedback = Feedback.objects.create(
            partnership=partnership,
            audience=audience,
            feeling=rng.choice([2, 3, 4, 4, 5]),
            what_is_good=good,
            what_could_be_better=better,
            feels_safe="yes",
            received_at=now - timedelta(days=rng.randint(1, 360), hours=rng.randint(0, 12)),
            status="responded" if n % 3 else "read",
        )
        feedback.themes.set([themes[c] for c in codes if c in themes])
    _concerns(partnership, manager)


#: Safety concerns through the year: (days ago, hour, audience, feels safe, words, minutes to
#: acknowledge, hours to act, what was done). Read by the real safety vocabulary when built.
CONCERNS = [
    (
        300,
        10,
        "young_person",
        "no",
        "I don't feel safe going home some nights",
        12,
        2,
        "Passed to the front door within the hour with the contact details the young person gave; a social worker "
        "visited that evening.",
    ),
    (
        230,
        14,
        "child",
        "",
        "my big brother makes me carry bags for his mates and says i owe them",
        25,
        3,
        "Front door and the police exploitation team told; strategy discussion the next morning.",
    ),
    (
        150,
        11,
        "young_person",
        "not_sure",
        "sometimes i think everyone would be better off without me tbh",
        8,
        1,
        "The school's designated safeguarding lead saw the young person that afternoon; CAMHS crisis team involved.",
    ),
    (
        90,
        16,
        "parent_carer",
        "",
        "A man online keeps asking my daughter for pictures and says he will share them",
        40,
        5,
        "Reported to CEOP with the parent's consent; the police contacted the family the same day.",
    ),
    (
        20,
        15,
        "young_person",
        "",
        "im sofa surfing at the moment and have nowhere to stay next week",
        95,
        6,
        "Housing and the front door arranged a place to stay; the young person's worker was told.",
    ),
]


def _concerns(partnership: Partnership, manager: User) -> None:
    """Concerns through the year, as the intake would have made them, acknowledged and closed; the
    fourth was escalated once before anyone acknowledged it. And one from 7:30 this morning,
    before reading hours, still waiting for someone."""
    contacts = list(DesignatedContact.objects.filter(partnership=partnership).select_related("person"))
    first = contacts[0].person if contacts else manager
    today = timezone.localdate()
    for days, hour, audience, safe, words, to_ack, to_act, done in CONCERNS:
        received = timezone.make_aware(datetime.combine(today - timedelta(days=days), time(hour, 5)))
        feedback = _concern(partnership, audience, safe, words, received)
        ConcernAlert.objects.create(
            feedback=feedback, kind=AlertKind.ARRIVAL, sent_at=received, recipients=f"{first} <{first.email}>"
        )
        if to_ack > 60:
            ConcernAlert.objects.create(
                feedback=feedback,
                kind=AlertKind.ESCALATION,
                level=1,
                sent_at=received + timedelta(minutes=61),
                recipients=f"{manager} <{manager.email}>",
                reason="Not acknowledged within 60 minutes of reading hours",
            )
            feedback.escalations = 1
        feedback.acknowledged_at = received + timedelta(minutes=to_ack)
        feedback.acknowledged_by = manager if to_ack > 60 else first
        feedback.safety_closed_at = received + timedelta(hours=to_act)
        feedback.safety_closed_by = feedback.acknowledged_by
        feedback.safety_action = done
        feedback.status = "read"
        feedback.save()
    morning = timezone.make_aware(datetime.combine(today, time(7, 30)))
    waiting = _concern(partnership, "child", "not_sure", "Someone at home hurts me when I get it wrong", morning)
    ConcernAlert.objects.create(
        feedback=waiting, kind=AlertKind.ARRIVAL, sent_at=morning, recipients=f"{first} <{first.email}>"
    )


def _concern(partnership: Partnership, audience: str, feels_safe: str, words: str, received: datetime) -> Feedback:
    """A concern as the intake makes one: assessed by the safety route, its clock started."""
    feedback = Feedback(
        partnership=partnership,
        audience=audience,
        feeling=1,
        what_could_be_better=words,
        feels_safe=feels_safe,
        received_at=received,
        safety_alerted_at=received,
    )
    mark_concern(feedback, assess(partnership=partnership, feels_safe=feels_safe, texts=[words]))
    feedback.save()
    return feedback


def _consultation(partnership: Partnership, rng: random.Random) -> None:
    today = timezone.localdate()
    consultation = Consultation.objects.create(
        partnership=partnership,
        title="Your say on meetings about you",
        introduction="We want to know what child protection and child in need meetings are like for you, so we "
        "can make them better. It takes five minutes and you do not give your name.",
        audience="young_person",
        opens_on=today - timedelta(days=75),
        closes_on=today - timedelta(days=15),
    )
    asked = ConsultationQuestion.objects.create(
        consultation=consultation,
        order=1,
        text="Were you asked what you wanted before the meeting?",
        kind="choice",
        choices="Yes\nSometimes\nNo",
        required=True,
    )
    felt = ConsultationQuestion.objects.create(
        consultation=consultation, order=2, text="How did the meeting feel?", kind="scale"
    )
    better = ConsultationQuestion.objects.create(
        consultation=consultation, order=3, text="What would make meetings better?", kind="text"
    )
    ideas = ["Shorter meetings", "Meet somewhere I know", "Tell me what you will say first", "Fewer people", ""]
    for _ in range(34):
        response = ConsultationResponse.objects.create(consultation=consultation)
        ConsultationAnswer.objects.bulk_create(
            [
                ConsultationAnswer(
                    response=response, question=asked, choice=rng.choice(["Yes", "Sometimes", "No", "No"])
                ),
                ConsultationAnswer(response=response, question=felt, scale=rng.choice([1, 2, 2, 3, 3, 4])),
                ConsultationAnswer(response=response, question=better, text=rng.choice(ideas)),
            ]
        )


def _panel(partnership: Partnership, spec: dict) -> None:  # type: ignore[type-arg]
    today = timezone.localdate()
    session = PanelSession.objects.create(
        partnership=partnership,
        held_on=today - timedelta(days=50),
        topic="How safe young people feel online, and who they would tell",
        young_people=9,
        notes="Most would tell a friend before an adult. They want schools and police to talk about sextortion "
        "without blaming them.",
    )
    council = Agency.objects.get(name=spec["council"])
    police = Agency.objects.get(name="Capital Police South Area (demo)")
    PanelQuestion.objects.create(
        session=session,
        question="If we report something online, will we get in trouble too?",
        addressed_to=police,
        answer="No. If someone is threatening you online, you are the victim. We will help you and we will not "
        "blame you. We will come to your next session to explain how reporting works.",
        answered_on=today - timedelta(days=30),
    )
    PanelQuestion.objects.create(
        session=session,
        question="Why do we have to tell our story to so many people?",
        addressed_to=council,
    )


def _you_said_we_did(partnership: Partnership, themes: dict[str, Theme], manager: object, spec: dict) -> None:  # type: ignore[type-arg]
    council = Agency.objects.get(name=spec["council"])
    answers = [
        (
            "relationship-based-practice",
            "You said you had too many social workers and had to start again each time.",
            "We now keep the same social worker with a child for at least a year wherever we can, and a new worker "
            "meets you with the old one before they change.",
            True,
        ),
        (
            "voice",
            "You said nobody asked you what you wanted before meetings about you.",
            "Every child now gets a 'before the meeting' chat with their worker, and you can send your views in your "
            "own words, a drawing or a voice note.",
            True,
        ),
        ("information-sharing", "Parents said they had to tell their story again to every service.", "", False),
    ]
    for code, said, did, published in answers:
        if code not in themes:
            continue
        response = ThemeResponse.objects.create(
            partnership=partnership, theme=themes[code], you_said=said, we_did=did, published=published
        )
        Action.objects.create(
            partnership=partnership,
            title=f"Act on what children and families said: {themes[code].label}",
            owner_agency=council,
            due_date=timezone.localdate() + timedelta(days=120),
            source_room="voice",
            source_id=response.pk,
            source_label=f"You said, we did: {themes[code]}",
            created_by=manager,  # type: ignore[misc]
        )
