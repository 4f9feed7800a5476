"""The safety route's rules: when a submission is a safety concern, and alerting the partnership's
designated safeguarding contacts at once.

A submission is a concern when the person says they do not feel safe (or are not sure), or when
its words match a phrase in ``data/safety-words.yaml`` (to verify with the partnership's
safeguarding lead). Either way a person reads it now; the rule never decides anything else.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import yaml
from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import timezone

from scrutiny.voice.models import DesignatedContact, Feedback, FeelsSafe

WORDS_FILE = Path(__file__).with_name("data") / "safety-words.yaml"

#: Numbers shown to everyone who may need help now. Childline: NSPCC, https://www.childline.org.uk
#: (free, 24 hours). 999 for an emergency.
EMERGENCY = "999"
CHILDLINE = "0800 1111"


@cache
def safety_phrases() -> tuple[str, ...]:
    data = yaml.safe_load(WORDS_FILE.read_text(encoding="utf-8"))
    return tuple(_normalise(str(p)) for p in data["phrases"])


def _normalise(text: str) -> str:
    return " " + re.sub(r"[^a-z0-9]+", " ", text.lower().replace("\u2019", "").replace("'", "")).strip() + " "


def concern_reasons(*, feels_safe: str, texts: list[str]) -> list[str]:
    """Why this submission is a safety concern: empty when it is not."""
    reasons = []
    if feels_safe == FeelsSafe.NO:
        reasons.append("says they do not feel safe")
    elif feels_safe == FeelsSafe.NOT_SURE:
        reasons.append("is not sure they feel safe")
    joined = _normalise(" ".join(texts))
    matched = [p.strip() for p in safety_phrases() if p in joined]
    if matched:
        reasons.append("words that suggest a risk of harm: " + ", ".join(matched[:5]))
    return reasons


def alert_contacts(feedback: Feedback) -> int:
    """E-mail each designated safeguarding contact now, with the submission's words, and note when.
    The flag on their home page stays until someone records what was done. Returns how many were
    told; where there is no contact, the business manager is told instead so no concern waits."""
    from scrutiny.partnerships.models import Membership
    from scrutiny.partnerships.roles import Role

    people = [
        c.person for c in DesignatedContact.objects.filter(partnership=feedback.partnership).select_related("person")
    ]
    if not people:
        people = [
            m.user
            for m in Membership.objects.filter(
                partnership=feedback.partnership, role=Role.BUSINESS_MANAGER
            ).select_related("user")
        ]
    link = settings.SITE_URL.rstrip("/") + reverse(
        "voice_feedback_detail", kwargs={"slug": feedback.partnership.slug, "pk": feedback.pk}
    )
    contact = feedback.contact if feedback.consent_to_contact and feedback.contact else "none given (anonymous)"
    body = (
        f"A safety concern came in through {feedback.partnership}'s feedback page at "
        f"{timezone.localtime(feedback.received_at):%H:%M on %-d %B %Y}.\n\n"
        f"Why it was flagged: {feedback.safety_reasons}.\n"
        f"From: {feedback.get_audience_display()}\n"
        f"Feels safe: {feedback.get_feels_safe_display() or 'not answered'}\n\n"
        f"What is good:\n{feedback.what_is_good or '-'}\n\n"
        f"What could be better:\n{feedback.what_could_be_better or '-'}\n\n"
        f"Contact: {contact}\n\n"
        f"Read it and record what was done: {link}\n"
    )
    for person in people:
        send_mail(
            subject=f"Safety concern from {feedback.partnership}'s feedback page",
            message=body,
            from_email=None,
            recipient_list=[person.email],
        )
    Feedback.objects.filter(pk=feedback.pk).update(safety_alerted_at=timezone.now())
    return len(people)
