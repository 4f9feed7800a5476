"""The public pages children, young people and families use without an account: choosing who they
are, the feedback form worded for them, the thank-you page (with the safety route where needed),
and the partnership's "you said, we did" page. Strings go through Django's translation framework;
``?lang=cy`` asks for Welsh where a translation exists."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone, translation

from scrutiny.forms_govuk import errors_onto
from scrutiny.partnerships.access import public_view
from scrutiny.partnerships.models import Partnership
from scrutiny.voice import intake
from scrutiny.voice.forms import FeedbackForm
from scrutiny.voice.models import Audience, Feedback, ThemeResponse, VoiceSettings
from scrutiny.voice.reading_hours import clock, describe, next_opening
from scrutiny.voice.safety import CHILDLINE, EMERGENCY

AUDIENCE_SLUGS = {"children": Audience.CHILD, "young-people": Audience.YOUNG_PERSON, "parents": Audience.PARENT_CARER}


def _language(request: HttpRequest) -> str:
    wanted = request.GET.get("lang", "")
    return wanted if wanted in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def _render(
    request: HttpRequest, template: str, partnership: Partnership, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    language = _language(request)
    voice = VoiceSettings.of(partnership)
    with translation.override(language):
        return render(
            request,
            template,
            {
                "partnership": partnership,
                "voice": voice,
                "language": language,
                "emergency": EMERGENCY,
                "childline": CHILDLINE,
                "reading_hours": describe(voice),
                **context,
            },
            status=status,
        )


@public_view
def feedback_start(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = get_object_or_404(Partnership, slug=slug)
    return _render(request, "voice/public/start.html", partnership, {"audiences": AUDIENCE_SLUGS})


@public_view
def feedback_form(request: HttpRequest, slug: str, audience: str) -> HttpResponse:
    """The form, and on sending: thanks, with how to get help now where it was a safety concern."""
    partnership = get_object_or_404(Partnership, slug=slug)
    if audience not in AUDIENCE_SLUGS:
        raise Http404("No such page")
    kind = AUDIENCE_SLUGS[audience]
    with translation.override(_language(request)):
        form = FeedbackForm(request.POST if request.method == "POST" else None, audience=kind)
        if request.method == "POST":
            if form.honeypot_filled:
                return _render(request, "voice/public/thanks.html", partnership, {"concern": False})
            if intake.over_the_limit(request, partnership):
                form.add_error(
                    None,
                    translation.gettext(
                        "You have sent us a lot of messages in the last hour. Please wait a while and try again. "
                        "If you need help now, the numbers are below."
                    ),
                )
                return _render(
                    request,
                    "voice/public/form.html",
                    partnership,
                    {"form": form, "audience": audience},
                    429,
                )
            if form.is_valid():
                data = form.cleaned_data
                try:
                    feedback = intake.feedback_submit(
                        partnership=partnership,
                        audience=kind,
                        feeling=data.get("feeling"),
                        what_is_good=data.get("what_is_good") or "",
                        what_could_be_better=data.get("what_could_be_better") or "",
                        feels_safe=data.get("feels_safe") or "",
                        consent_to_contact=bool(data.get("consent_to_contact")),
                        contact=data.get("contact") or "",
                    )
                    return _render(request, "voice/public/thanks.html", partnership, {"concern": _promise(feedback)})
                except ValidationError as error:
                    errors_onto(form, error)
    return _render(
        request,
        "voice/public/form.html",
        partnership,
        {"form": form, "audience": audience},
    )


def _when(moment: datetime) -> str:
    local = timezone.localtime(moment)
    return f"{clock(local)} on {local:%A} {local.day} {local:%B}"


def _promise(feedback: Feedback) -> dict[str, Any] | None:
    """What the thank-you page may truthfully promise about a concern: when it will first be read."""
    if not feedback.safety_flagged:
        return None
    voice = VoiceSettings.of(feedback.partnership)
    by = timezone.localtime(feedback.acknowledge_by) if feedback.acknowledge_by else None
    same_day = by is not None and by.date() == timezone.localdate(feedback.received_at)
    return {
        "out_of_hours": feedback.out_of_hours,
        "opens": _when(next_opening(voice, feedback.received_at)),
        # "by 10:15am", or "by 9:30am on Tuesday 29 December" when that is another day.
        "by": "" if by is None else (clock(by) if same_day else _when(by)),
    }


@public_view
def you_said_we_did(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = get_object_or_404(Partnership, slug=slug)
    answers = ThemeResponse.objects.filter(partnership=partnership, published=True).select_related("theme")
    return _render(request, "voice/public/you_said_we_did.html", partnership, {"answers": answers})
