"""``scrutiny manage voice_purge``: delete the words of submissions past their retention period."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from scrutiny.voice.retention import purge_expired


class Command(BaseCommand):
    help = "Delete the words of feedback and consultation answers past the partnership's retention period."

    def handle(self, *args: Any, **options: Any) -> None:
        done = purge_expired(timezone.localdate())
        self.stdout.write(", ".join(f"{kind}: {count}" for kind, count in done.items()))
