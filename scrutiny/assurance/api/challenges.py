"""The challenge log: raise, answer, record the outcome."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from ninja import Schema
from ninja.responses import Status

from scrutiny.assurance.api.common import BASE, WRITE_ERRORS, router, validated
from scrutiny.assurance.forms import ChallengeForm, own_bodies
from scrutiny.assurance.models import Challenge
from scrutiny.assurance.services import challenge_raise, challenge_respond, challenge_set_outcome
from scrutiny.partnerships.access import SeatedRequest, partnership_endpoint
from scrutiny.partnerships.scoping import get_scoped_or_404, scoped
from scrutiny.web.api import ERRORS

# --- Challenges -------------------------------------------------------------------------------


class ChallengeOut(Schema):
    id: int
    question: str
    raised_on: date
    raised_by_body_id: int | None
    addressed_to_id: int
    response_due: date
    response: str
    responded_on: date | None
    working_days_to_respond: int | None
    outcome: str


class ChallengeIn(Schema):
    addressed_to_id: int
    question: str
    raised_on: str
    raised_by_body_id: int | None = None
    theme_ids: list[int] = []


class ChallengePatch(Schema):
    response: str | None = None
    outcome: str | None = None
    outcome_note: str | None = None


def _challenge_out(c: Challenge) -> ChallengeOut:
    return ChallengeOut(
        id=c.pk,
        question=c.question,
        raised_on=c.raised_on,
        raised_by_body_id=c.raised_by_body_id,
        addressed_to_id=c.addressed_to_id,
        response_due=c.response_due,
        response=c.response,
        responded_on=c.responded_on,
        working_days_to_respond=c.working_days_to_respond,
        outcome=c.outcome,
    )


@router.get(f"{BASE}/challenges", response={200: list[ChallengeOut], **ERRORS}, url_name="assurance_challenges")
@partnership_endpoint("assurance", "view")
def challenges(request: SeatedRequest, slug: str) -> list[ChallengeOut]:
    seat = request.seat
    return [_challenge_out(c) for c in scoped(Challenge.objects.visible_to(seat), seat.partnership)]


@router.get(
    f"{BASE}/challenges/addressed-to-us",
    response={200: list[ChallengeOut], **ERRORS},
    url_name="assurance_challenges_addressed",
)
@partnership_endpoint("assurance", "contribute")
def challenges_addressed(request: SeatedRequest, slug: str) -> list[ChallengeOut]:
    """Challenges addressed to the caller's own agencies or bodies, and those the caller raised."""
    seat = request.seat
    return [_challenge_out(c) for c in scoped(Challenge.objects.inbox(seat), seat.partnership)]


@router.post(f"{BASE}/challenges", response={201: ChallengeOut, **WRITE_ERRORS}, url_name="assurance_challenge_create")
@partnership_endpoint("assurance", "contribute")
def challenge_create(request: SeatedRequest, slug: str, payload: ChallengeIn) -> Status[ChallengeOut]:
    """Raise a challenge; ``raised_on`` is YYYY-MM-DD and the response falls due in working days."""
    seat = request.seat
    form = ChallengeForm(
        {
            "addressed_to": payload.addressed_to_id,
            "question": payload.question,
            "raised_on": payload.raised_on,
            "raised_by_body": payload.raised_by_body_id or "",
            "themes": payload.theme_ids,
        },
        partnership=seat.partnership,
        own_bodies=own_bodies(seat),
    )
    made = challenge_raise(partnership=seat.partnership, raised_by=request.user, **validated(form))
    return Status(201, _challenge_out(made))


@router.get(
    f"{BASE}/challenges/{{challenge_id}}", response={200: ChallengeOut, **ERRORS}, url_name="assurance_challenge"
)
@partnership_endpoint("assurance", "view")
def challenge(request: SeatedRequest, slug: str, challenge_id: int) -> ChallengeOut:
    seat = request.seat
    return _challenge_out(get_scoped_or_404(Challenge.objects.visible_to(seat), seat.partnership, pk=challenge_id))


@router.patch(
    f"{BASE}/challenges/{{challenge_id}}",
    response={200: ChallengeOut, **WRITE_ERRORS},
    url_name="assurance_challenge_update",
)
@partnership_endpoint("assurance", "contribute")
def challenge_update(request: SeatedRequest, slug: str, challenge_id: int, payload: ChallengePatch) -> ChallengeOut:
    """``response``: the answer of the agency it is addressed to (refused once it is closed).
    ``outcome`` (resolved, escalated or unresolved) and ``outcome_note``: recorded by whoever raised
    it or the scrutineer. An agency contributor reaches only challenges addressed to their agency."""
    seat = request.seat
    found = get_scoped_or_404(Challenge.objects.visible_to(seat), seat.partnership, pk=challenge_id)
    changes = payload.dict(exclude_unset=True)
    if not changes:
        raise ValidationError("Send a response, or an outcome.")
    with transaction.atomic():
        if "response" in changes:
            challenge_respond(challenge=found, seat=seat, response=changes["response"] or "", on=timezone.localdate())
        if "outcome" in changes:
            challenge_set_outcome(
                challenge=found, seat=seat, outcome=changes["outcome"], note=changes.get("outcome_note") or ""
            )
    found.refresh_from_db()
    return _challenge_out(found)
