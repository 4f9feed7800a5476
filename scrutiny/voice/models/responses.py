"""The partnership's answer to what children and families said about one theme: "you said, we
did". Published answers appear on the partnership's public page; actions go into the one tracker
with this record as their source."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from scrutiny.partnerships.models import Partnership


class ThemeResponse(models.Model):
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="theme_responses")
    theme = models.ForeignKey("frameworks.Theme", on_delete=models.PROTECT, related_name="voice_responses")
    you_said = models.TextField(
        "you said", help_text="What children and families told us, in their words where possible"
    )
    we_did = models.TextField("we did", blank=True, help_text="What changed as a result, in plain words")
    published = models.BooleanField(default=False, help_text="Show it on the public 'you said, we did' page")
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    partnership_scope: ClassVar[str] = "partnership"

    class Meta:
        ordering = ["theme__label"]
        constraints = [models.UniqueConstraint(fields=["partnership", "theme"], name="one_response_per_theme")]

    def __str__(self) -> str:
        return f"You said, we did: {self.theme}"

    def get_absolute_url(self) -> str:
        return reverse("theme_response", kwargs={"slug": self.partnership.slug, "pk": self.pk})
