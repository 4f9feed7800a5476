"""What the voice room offers others: open safety concerns on the home page of the people who must
act on them, figures beside the voice duty in the assurance room, and its records on the
partnership's History page. Called from ``VoiceConfig.ready()``; registering again replaces, so
running twice is harmless."""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from datetime import date
from typing import Any

from django.urls import reverse
from django.utils import timezone

from scrutiny.figures.provided import ProvidedFigure, register_figure_provider
from scrutiny.figures.registry import DueItem, register_due_provider
from scrutiny.partnerships.access import Seat
from scrutiny.partnerships.history import model_source, register_history_source
from scrutiny.partnerships.models import Partnership, reporting_year_label
from scrutiny.partnerships.roles import Role
from scrutiny.voice.access import is_contact
from scrutiny.voice.models import ROOM, Consultation, DesignatedContact, Feedback, PanelSession, ThemeResponse

#: The requirements voice evidence serves: the founding page's duty that the voices of children,
#: young people and families are heard (D11), and the Six Steps' step 3.
VOICE_REQUIREMENTS = ("founding-duties:D11", "six-steps:STEP-3")


def concerns_due(seat: Seat, today: date) -> Iterable[DueItem]:
    """Every open safety concern, in the "needs someone now" band at the top of the home page and
    the digest of every designated contact, the business manager and the scrutineer: it never
    waits unseen."""
    if not (seat.has_role(Role.BUSINESS_MANAGER, Role.SCRUTINEER) or is_contact(seat)):
        return
    concerns = (
        Feedback.objects.filter(partnership=seat.partnership).unresolved_concerns().select_related("acknowledged_by")
    )
    for feedback in concerns:
        if feedback.acknowledged_at is None:
            detail = f"Not yet acknowledged. Flagged because the person {feedback.safety_reasons}"
        else:
            detail = f"Acknowledged by {feedback.acknowledged_by}; record what was done to close it"
        yield DueItem(
            title=f"Safety concern: {feedback}",
            due=timezone.localdate(feedback.received_at),
            url=reverse("voice_feedback_detail", kwargs={"slug": seat.partnership.slug, "pk": feedback.pk}),
            room=ROOM,
            detail=detail,
            urgent=True,
        )


def _quarter(day: date) -> str:
    """The reporting year's quarter of a day: Q1 is April to June."""
    quarter = ((day.month - 4) % 12) // 3 + 1
    return f"Q{quarter}"


def _minutes(seconds: float) -> str:
    minutes = round(seconds / 60)
    return f"{minutes} min" if minutes < 120 else f"{minutes / 60:.1f} h"


def concern_timeliness(partnership: Partnership, year: int) -> ProvidedFigure | None:
    """Median time to acknowledge and to act on safety concerns, by quarter of the reporting year:
    how quickly the partnership hears a child who says they are not safe."""
    concerns = Feedback.objects.filter(
        partnership=partnership,
        safety_flagged=True,
        received_at__date__gte=date(year, 4, 1),
        received_at__date__lt=date(year + 1, 4, 1),
    ).only("received_at", "acknowledged_at", "safety_closed_at")
    quarters: dict[str, dict[str, list[float]]] = {}
    for feedback in concerns:
        row = quarters.setdefault(_quarter(timezone.localdate(feedback.received_at)), {"ack": [], "act": []})
        if feedback.time_to_acknowledge is not None:
            row["ack"].append(feedback.time_to_acknowledge.total_seconds())
        if feedback.time_to_act is not None:
            row["act"].append(feedback.time_to_act.total_seconds())
    if not quarters:
        return None
    parts = []
    for quarter in sorted(quarters):
        row = quarters[quarter]
        ack = _minutes(statistics.median(row["ack"])) if row["ack"] else "none acknowledged"
        act = _minutes(statistics.median(row["act"])) if row["act"] else "none closed"
        parts.append(f"{quarter}: {ack} to acknowledge, {act} to act")
    return ProvidedFigure(
        label=f"Safety concerns from the public pages {reporting_year_label(year)}: median time to acknowledge and "
        "to record what was done, by quarter",
        value="; ".join(parts),
        url=reverse("voice_home", kwargs={"slug": partnership.slug}),
        source="Voice room (safety route)",
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


def _submission(row: Any) -> str:
    """Only that a submission or concern changed state: never what the child or family wrote (the
    history keeps no copy of it), nor the reasons it was flagged."""
    kind = "Safety concern" if row.safety_flagged else f"Feedback from {row.get_audience_display().lower()}"
    received = f"{timezone.localtime(row.received_at):%-d %B %Y}"
    if row.safety_flagged:
        state = "closed" if row.safety_closed_at else "acknowledged" if row.acknowledged_at else "not yet acknowledged"
    else:
        state = row.get_status_display().lower()
    return f"{kind} received {received}: {state}"


def register() -> None:
    register_due_provider(ROOM, concerns_due)
    for code in VOICE_REQUIREMENTS:
        register_figure_provider(code, voice_figure)
        register_figure_provider(code, concern_timeliness)
    sources = {
        "voice_responses": model_source(ThemeResponse, "You said, we did", lambda row: str(row.theme), ["theme"]),
        "voice_consultations": model_source(Consultation, "Consultation", lambda row: row.title),
        "voice_panel_sessions": model_source(PanelSession, "Young scrutineers' panel", lambda row: row.topic),
        "voice_contacts": model_source(
            DesignatedContact, "Designated safeguarding contact", lambda row: str(row.person), ["person"]
        ),
    }
    for name, source in sources.items():
        register_history_source(name, source, room=ROOM)
    # What children and families sent: listed only to those who may read submissions.
    register_history_source(
        "voice_submissions", model_source(Feedback, "Submission", _submission), room="voice_submissions"
    )
