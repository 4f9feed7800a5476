"""What the voice room offers others: open safety concerns on the home page of the people who must
act on them, and figures beside the voice duty in the assurance room."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.urls import reverse
from django.utils import timezone

from scrutiny.figures.provided import ProvidedFigure
from scrutiny.figures.registry import DueItem
from scrutiny.partnerships.access import Seat
from scrutiny.partnerships.models import Partnership, reporting_year_label
from scrutiny.voice.models import ROOM, DesignatedContact, Feedback, ThemeResponse

#: The requirements voice evidence serves: the founding page's duty that the voices of children,
#: young people and families are heard (D11), and the Six Steps' step 3.
VOICE_REQUIREMENTS = ("founding-duties:D11", "six-steps:STEP-3")


def concerns_due(seat: Seat, today: date) -> Iterable[DueItem]:
    """Every open safety concern, due the day it came in, for the designated contacts (or, where
    there are none, the business manager): it never waits unseen."""
    contacts = DesignatedContact.objects.filter(partnership=seat.partnership)
    alerted = contacts.filter(person=seat.user).exists() or (
        not contacts.exists() and seat.has_role("business_manager")
    )
    if not alerted:
        return
    for feedback in Feedback.objects.filter(partnership=seat.partnership).unresolved_concerns():
        yield DueItem(
            title=f"Safety concern: {feedback}",
            due=timezone.localdate(feedback.received_at),
            url=reverse("voice_feedback_detail", kwargs={"slug": seat.partnership.slug, "pk": feedback.pk}),
            room=ROOM,
            detail="Read it and record what was done",
        )


def voice_figure(partnership: Partnership, year: int) -> ProvidedFigure | None:
    """Feedback received in the reporting year and the themes with a published answer."""
    received = Feedback.objects.filter(
        partnership=partnership, received_at__date__gte=date(year, 4, 1), received_at__date__lt=date(year + 1, 4, 1)
    ).count()
    answered = ThemeResponse.objects.filter(partnership=partnership, published=True).count()
    if not received and not answered:
        return None
    return ProvidedFigure(
        label=f"Voice of children and families {reporting_year_label(year)}: feedback received; themes answered "
        "publicly ('you said, we did')",
        value=f"{received}; {answered}",
        url=reverse("voice_home", kwargs={"slug": partnership.slug}),
        source="Voice room (public feedback pages)",
    )
