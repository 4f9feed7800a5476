"""Taking in what children, young people and families send through the public pages: checks that
are kind and clear, protection from floods without tracking anyone, and the safety route.

- A salted hash of the sender's address is counted in the shared cache for an hour; the address
  itself is never stored. Over the limit, nothing is saved and the page says to try later.
- A hidden field that people never see (a "honeypot") catches form-filling robots: when it is
  filled, the page thanks them and nothing is saved.
- Markup and scripts are refused with a kind message rather than stored and escaped later.
"""

from __future__ import annotations

import hashlib
import re

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from scrutiny.partnerships.models import Partnership
from scrutiny.voice.alerts import alert_on_arrival, schedule_check, start_clock
from scrutiny.voice.models import Feedback
from scrutiny.voice.safety import Concern, assess

_MARKUP = re.compile(r"<\s*/?\s*[a-z!]|javascript:|\bon[a-z]+\s*=", re.IGNORECASE)
HONEYPOT = "website"


def _sender_key(request: HttpRequest, partnership: Partnership) -> str:
    address = request.META.get("REMOTE_ADDR", "")
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{address}".encode()).hexdigest()[:32]
    return f"voice:{partnership.pk}:{digest}"


def over_the_limit(request: HttpRequest, partnership: Partnership) -> bool:
    """Whether this sender has already sent the most allowed this hour (and count this one)."""
    key = _sender_key(request, partnership)
    if cache.add(key, 1, timeout=3600):
        return False
    try:
        sent = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=3600)
        return False
    return sent > settings.SCRUTINY_VOICE_PER_HOUR


def check_text(name: str, value: str) -> str:
    """The text, trimmed; or a kind refusal that says what to change."""
    text = value.strip()
    if len(text) > settings.SCRUTINY_VOICE_MAX_CHARS:
        raise ValidationError(
            {
                name: _("Please use %(limit)s characters or fewer. You used %(used)s.")
                % {"limit": settings.SCRUTINY_VOICE_MAX_CHARS, "used": len(text)}
            }
        )
    if _MARKUP.search(text):
        raise ValidationError(
            {name: _("Please write in plain words, without < > signs or code. Your words are still in the box.")}
        )
    return text


@transaction.atomic
def feedback_submit(
    *,
    partnership: Partnership,
    audience: str,
    feeling: int | None,
    what_is_good: str,
    what_could_be_better: str,
    feels_safe: str,
    consent_to_contact: bool,
    contact: str,
) -> Feedback:
    """Save the feedback and, where it is a safety concern, flag it and alert the designated
    contacts as soon as it is saved."""
    good = check_text("what_is_good", what_is_good)
    better = check_text("what_could_be_better", what_could_be_better)
    if not (good or better or feeling or feels_safe):
        raise ValidationError(_("Please tell us something before you send: choose a face or write a few words."))
    contact = contact.strip() if consent_to_contact else ""
    if consent_to_contact and not contact:
        raise ValidationError({"contact": _("Tell us how to contact you, or untick the box to stay anonymous.")})
    if contact:
        check_text("contact", contact)
    feedback = Feedback(
        partnership=partnership,
        audience=audience,
        feeling=feeling,
        what_is_good=good,
        what_could_be_better=better,
        feels_safe=feels_safe,
        consent_to_contact=consent_to_contact,
        contact=contact[:200],
    )
    return save_with_safety_route(
        feedback, assess(partnership=partnership, feels_safe=feels_safe, texts=[good, better])
    )


def mark_concern(feedback: Feedback, concern: Concern) -> None:
    """Write what the safety route found onto an unsaved submission; a concern gets its clock."""
    feedback.safety_flagged = bool(concern)
    feedback.safety_reasons = concern.summary[:300]
    feedback.safety_categories = ",".join(concern.categories)[:300]
    feedback.safety_matches = concern.matches
    feedback.vocabulary_version = concern.vocabulary_version if concern.matches else ""
    if concern:
        start_clock(feedback)


def save_with_safety_route(feedback: Feedback, concern: Concern) -> Feedback:
    """Save a submission with what the safety route found; a concern gets its clock started and,
    once saved, its alerts and its escalation check."""
    mark_concern(feedback, concern)
    feedback.save()
    if concern:
        transaction.on_commit(lambda: alert_on_arrival(feedback))
        transaction.on_commit(lambda: schedule_check(feedback))
    return feedback
