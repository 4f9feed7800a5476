"""The voice room in the API, for staff: submissions (business manager and scrutineer) with the
safety route's record (the words that matched, acknowledgement, escalations), acknowledging a
concern, the partnership's own safety words, and the themes with the partnership's published and
draft answers."""

from datetime import datetime

from ninja import Router, Schema, Status
from ninja.pagination import paginate

from scrutiny.partnerships.access import Seat, SeatedRequest, partnership_endpoint
from scrutiny.voice import alerts
from scrutiny.voice.access import readable_submission, require_safety_word_editor
from scrutiny.voice.models import Feedback, SafetyTerm, ThemeResponse
from scrutiny.voice.safety_words import safety_term_add, safety_word_remove
from scrutiny.voice.vocabulary import shipped
from scrutiny.web.api import ERRORS

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
    #: Each match of the safety vocabulary: category, label and the words as written.
    safety_matches: list[dict[str, str]]
    vocabulary_version: str
    out_of_hours: bool
    acknowledge_by: datetime | None
    acknowledged_at: datetime | None
    acknowledged_by: str
    escalations: int
    safety_closed_at: datetime | None
    content_deleted: bool


class SafetyWordOut(Schema):
    id: str
    category: str
    label: str
    phrase: str
    note: str
    added_at: datetime


class SafetyWordIn(Schema):
    phrase: str
    category: str
    note: str = ""


class VocabularyOut(Schema):
    version: str
    categories: dict[str, str]
    shipped_entries: int
    partnership_words: list[SafetyWordOut]


class ThemeResponseOut(Schema):
    id: int
    theme: str
    you_said: str
    we_did: str
    published: bool


def _feedback_out(f: Feedback) -> FeedbackOut:
    return FeedbackOut(
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
        safety_matches=[{k: str(v) for k, v in m.items()} for m in f.matches],
        vocabulary_version=f.vocabulary_version,
        out_of_hours=f.out_of_hours,
        acknowledge_by=f.acknowledge_by,
        acknowledged_at=f.acknowledged_at,
        acknowledged_by=str(f.acknowledged_by or ""),
        escalations=f.escalations,
        safety_closed_at=f.safety_closed_at,
        content_deleted=f.content_deleted_on is not None,
    )


def _readable_feedback(seat: Seat, feedback_id: int) -> Feedback:
    """One submission, with what its answer shows, for those who read submissions."""
    rows = Feedback.objects.select_related("acknowledged_by").prefetch_related("themes")
    return readable_submission(seat, feedback_id, rows)


def _word_out(term: SafetyTerm) -> SafetyWordOut:
    return SafetyWordOut(
        id=f"local:{term.pk}",
        category=term.category,
        label=shipped().label(term.category),
        phrase=term.phrase,
        note=term.note,
        added_at=term.added_at,
    )


@router.get(
    f"{BASE}/feedback",
    response={200: list[FeedbackOut], **ERRORS},
    url_name="voice_feedback",
)
@paginate
@partnership_endpoint("voice_submissions", "view")
def feedback_list(request: SeatedRequest, slug: str) -> list[FeedbackOut]:
    """Feedback, newest first, with its safety flag. Paginated (limit, offset)."""
    rows = Feedback.objects.filter(partnership=request.seat.partnership).prefetch_related("themes")
    return [_feedback_out(f) for f in rows.select_related("acknowledged_by")]


@router.post(
    f"{BASE}/feedback/{{feedback_id}}/acknowledge",
    response={200: FeedbackOut, **ERRORS},
    url_name="voice_feedback_acknowledge",
)
@partnership_endpoint("voice", "view")
def feedback_acknowledge(request: SeatedRequest, slug: str, feedback_id: int) -> FeedbackOut:
    """Acknowledge an open safety concern (the business manager, the scrutineer or a designated
    contact): escalation stops. Refused with the reason when it is closed or already acknowledged."""
    seat = request.seat
    feedback = _readable_feedback(seat, feedback_id)
    alerts.concern_acknowledge(feedback=feedback, person=seat.user)
    return _feedback_out(_readable_feedback(seat, feedback_id))


@router.get(
    f"{BASE}/safety-words",
    response={200: VocabularyOut, **ERRORS},
    url_name="voice_safety_words",
)
@partnership_endpoint("voice_vocabulary", "view")
def safety_words(request: SeatedRequest, slug: str) -> VocabularyOut:
    """The safety vocabulary's version and categories, and the partnership's own words."""
    seat = request.seat
    vocabulary = shipped()
    return VocabularyOut(
        version=vocabulary.version,
        categories=vocabulary.categories,
        shipped_entries=len(vocabulary.entries),
        partnership_words=[_word_out(t) for t in SafetyTerm.objects.filter(partnership=seat.partnership)],
    )


@router.post(
    f"{BASE}/safety-words",
    response={201: SafetyWordOut, **ERRORS},
    url_name="voice_safety_words_add",
)
@partnership_endpoint("voice_vocabulary", "manage")
def safety_words_add(request: SeatedRequest, slug: str, payload: SafetyWordIn) -> Status[SafetyWordOut]:
    """Add a word or phrase (the business manager or a designated contact); it flags the next
    message in every process. Refused with the reason when it is empty, too common, too long, a
    duplicate, or already read as a risk."""
    seat = request.seat
    require_safety_word_editor(seat)
    term = safety_term_add(
        partnership=seat.partnership,
        phrase=payload.phrase,
        category=payload.category,
        note=payload.note,
        person=seat.user,
    )
    return Status(201, _word_out(term))


@router.delete(
    f"{BASE}/safety-words/{{entry}}",
    response={204: None, **ERRORS},
    url_name="voice_safety_words_remove",
)
@partnership_endpoint("voice_vocabulary", "manage")
def safety_words_remove(request: SeatedRequest, slug: str, entry: str) -> Status[None]:
    """Remove one of the partnership's own words (``local:<id>``). Removing a shipped entry is
    refused: every partnership keeps the shipped vocabulary."""
    seat = request.seat
    require_safety_word_editor(seat)
    safety_word_remove(partnership=seat.partnership, entry=entry)
    return Status(204, None)


@router.get(
    f"{BASE}/themes",
    response={200: list[ThemeResponseOut], **ERRORS},
    url_name="voice_themes",
)
@partnership_endpoint("voice", "view")
def theme_list(request: SeatedRequest, slug: str) -> list[ThemeResponseOut]:
    """The partnership's answers to each theme ("you said, we did"), drafts included."""
    rows = ThemeResponse.objects.filter(partnership=request.seat.partnership).select_related("theme")
    return [
        ThemeResponseOut(id=r.pk, theme=r.theme.label, you_said=r.you_said, we_did=r.we_did, published=r.published)
        for r in rows
    ]
