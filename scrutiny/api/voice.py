"""The voice room in the API, for staff: submissions (business manager and scrutineer), and the
themes with the partnership's published and draft answers."""

from datetime import datetime

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import paginate

from scrutiny.api.endpoints import ERRORS, api_partnership
from scrutiny.partnerships.access import Seat
from scrutiny.voice.models import Feedback, ThemeResponse

router = Router(tags=["voice"])
BASE = "/partnerships/{slug}/voice"


class FeedbackOut(Schema):
    id: int
    audience: str
    feeling: int | None
    what_is_good: str
    what_could_be_better: str
    feels_safe: str
    consent_to_contact: bool
    contact: str
    received_at: datetime
    status: str
    themes: list[str]
    safety_flagged: bool
    safety_reasons: str
    safety_closed_at: datetime | None
    content_deleted: bool


class ThemeResponseOut(Schema):
    id: int
    theme: str
    you_said: str
    we_did: str
    published: bool


def _seat(request: HttpRequest) -> Seat:
    seat: Seat = request.seat  # type: ignore[attr-defined]
    return seat


@router.get(f"{BASE}/feedback", response={200: list[FeedbackOut], **ERRORS}, url_name="voice_feedback")
@paginate
@api_partnership("voice_submissions", "view")
def feedback_list(request: HttpRequest, slug: str) -> list[FeedbackOut]:
    """Feedback, newest first, with its safety flag. Paginated (limit, offset)."""
    rows = Feedback.objects.filter(partnership=_seat(request).partnership).prefetch_related("themes")
    return [
        FeedbackOut(
            id=f.pk,
            audience=f.audience,
            feeling=f.feeling,
            what_is_good=f.what_is_good,
            what_could_be_better=f.what_could_be_better,
            feels_safe=f.feels_safe,
            consent_to_contact=f.consent_to_contact,
            contact=f.contact,
            received_at=f.received_at,
            status=f.status,
            themes=[t.label for t in f.themes.all()],
            safety_flagged=f.safety_flagged,
            safety_reasons=f.safety_reasons,
            safety_closed_at=f.safety_closed_at,
            content_deleted=f.content_deleted_on is not None,
        )
        for f in rows
    ]


@router.get(f"{BASE}/themes", response={200: list[ThemeResponseOut], **ERRORS}, url_name="voice_themes")
@api_partnership("voice", "view")
def theme_list(request: HttpRequest, slug: str) -> list[ThemeResponseOut]:
    """The partnership's answers to each theme ("you said, we did"), drafts included."""
    rows = ThemeResponse.objects.filter(partnership=_seat(request).partnership).select_related("theme")
    return [
        ThemeResponseOut(id=r.pk, theme=r.theme.label, you_said=r.you_said, we_did=r.we_did, published=r.published)
        for r in rows
    ]
