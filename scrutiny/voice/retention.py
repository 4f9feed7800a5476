"""Deleting what people wrote once the partnership's retention period has passed: the words and
contact details go, and only counts remain (audience, feeling, whether they felt safe, themes, the
date). An open safety concern is never deleted; a closed one is kept for its own, longer period
counted from when it was closed."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction

from scrutiny.partnerships.models import Partnership
from scrutiny.voice.models import ConsultationAnswer, Feedback, VoiceSettings


@transaction.atomic
def purge_expired(today: date) -> dict[str, int]:
    """Delete the words of every submission past its retention period; return how many, by kind."""
    done = {"feedback": 0, "safety concerns": 0, "consultation answers": 0}
    for partnership in Partnership.objects.all():
        # Partnerships that never changed their settings keep the defaults.
        settings = VoiceSettings.of(partnership)
        keep = Feedback.objects.filter(partnership=partnership, content_deleted_on__isnull=True)
        ordinary = keep.filter(
            safety_flagged=False, received_at__date__lt=today - timedelta(days=settings.feedback_retention_days)
        )
        concerns = keep.filter(
            safety_flagged=True,
            safety_closed_at__isnull=False,
            safety_closed_at__date__lt=today - timedelta(days=settings.safety_retention_days),
        )
        for queryset, kind in ((ordinary, "feedback"), (concerns, "safety concerns")):
            # The matched words go with the rest of the words; the categories stay, for counts.
            done[kind] += queryset.update(
                what_is_good="",
                what_could_be_better="",
                contact="",
                safety_action="",
                safety_matches=[],
                content_deleted_on=today,
            )
        answers = ConsultationAnswer.objects.filter(
            response__consultation__partnership=partnership,
            response__consultation__closes_on__lt=today - timedelta(days=settings.consultation_retention_days),
        ).exclude(text="")
        done["consultation answers"] += answers.update(text="")
    return done
