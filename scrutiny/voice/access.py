"""Who may do what in the voice room beyond the permission matrix's roles: the partnership's
designated safeguarding contacts, whatever their role, read submissions and change the safety
words. Pages and API alike ask these rules."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from scrutiny.partnerships.access import Seat
from scrutiny.partnerships.roles import Role
from scrutiny.partnerships.scoping import get_scoped_or_404
from scrutiny.voice.models import DesignatedContact, Feedback

SUBMISSIONS = "voice_submissions"


def is_contact(seat: Seat) -> bool:
    return DesignatedContact.objects.filter(partnership=seat.partnership, person=seat.user).exists()


def reads_submissions(seat: Seat) -> bool:
    """The business manager and scrutineer read what people sent; so do designated contacts."""
    return seat.can(SUBMISSIONS, "view") or is_contact(seat)


def require_submission_reader(seat: Seat) -> None:
    if not reads_submissions(seat):
        raise PermissionDenied("Only the business manager, the scrutineer and designated contacts read submissions.")


def readable_submission(seat: Seat, pk: int, rows: QuerySet[Feedback] | None = None) -> Feedback:
    """One submission of the seat's partnership, for those who read submissions (else 403; another
    partnership's, 404). ``rows`` says what to load with it."""
    require_submission_reader(seat)
    found: Feedback = get_scoped_or_404(Feedback.objects.all() if rows is None else rows, seat.partnership, pk=pk)
    return found


def edits_safety_words(seat: Seat) -> bool:
    """The business manager and the designated safeguarding contacts add and remove the
    partnership's own safety words (the matrix's "voice_vocabulary", "manage", narrowed by this
    rule on the person)."""
    return seat.has_role(Role.BUSINESS_MANAGER) or is_contact(seat)


def require_safety_word_editor(seat: Seat) -> None:
    if not edits_safety_words(seat):
        raise PermissionDenied("Only the business manager and designated safeguarding contacts change safety words.")
