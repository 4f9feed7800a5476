"""Fixtures of the voice room's tests."""

from __future__ import annotations

from datetime import time

import pytest

from scrutiny.voice.models import ReadingDays, VoiceSettings


@pytest.fixture
def always_reading(cast) -> VoiceSettings:
    """Riverbank reads messages all day, every day, so a concern sent during a test is inside
    reading hours whenever the test runs."""
    settings = VoiceSettings.of(cast.riverbank)
    settings.reading_days = ReadingDays.EVERY_DAY
    settings.reading_starts, settings.reading_ends = time(0, 0), time(23, 59, 59)
    settings.save()
    return settings
