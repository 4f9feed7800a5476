"""Consultations and surveys the partnership runs with children, young people and families, and
the sessions of its young people's scrutiny panel: what they looked at, the questions they put to
the partners, and the partners' answers."""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from scrutiny.partnerships.models import Agency, Partnership
from scrutiny.voice.models.feedback import Audience


class QuestionKind(models.TextChoices):
    CHOICE = "choice", "Choose one"
    SCALE = "scale", "Picture scale (1 to 5)"
    TEXT = "text", "Their own words"


class Consultation(models.Model):
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="consultations")
    title = models.CharField(max_length=200)
    introduction = models.TextField(help_text="What it is about and what will happen to the answers")
    audience = models.CharField(max_length=20, choices=Audience.choices)
    opens_on = models.DateField("opens on")
    closes_on = models.DateField("closes on")
    themes = models.ManyToManyField("frameworks.Theme", blank=True, related_name="consultations")
    content_deleted_on = models.DateField(null=True, blank=True)

    history = HistoricalRecords(m2m_fields=[themes])
    partnership_scope: ClassVar[str] = "partnership"

    class Meta:
        ordering = ["-opens_on"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("consultation_detail", kwargs={"slug": self.partnership.slug, "pk": self.pk})

    def is_open(self, today: date) -> bool:
        return self.opens_on <= today <= self.closes_on


class ConsultationQuestion(models.Model):
    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField(default=1)
    text = models.CharField("question", max_length=300)
    kind = models.CharField(max_length=10, choices=QuestionKind.choices)
    choices = models.TextField(blank=True, help_text="For 'choose one': each choice on its own line")
    required = models.BooleanField(default=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.text

    @property
    def choice_list(self) -> list[str]:
        return [line.strip() for line in self.choices.splitlines() if line.strip()]


class ConsultationResponse(models.Model):
    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="responses")
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-received_at"]

    def __str__(self) -> str:
        return f"Response to {self.consultation}"


class ConsultationAnswer(models.Model):
    response = models.ForeignKey(ConsultationResponse, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(ConsultationQuestion, on_delete=models.CASCADE, related_name="answers")
    choice = models.CharField(max_length=200, blank=True)
    scale = models.SmallIntegerField(null=True, blank=True)
    text = models.TextField(blank=True)

    def __str__(self) -> str:
        return f"Answer to {self.question}"


class PanelSession(models.Model):
    """A session of the young people's scrutiny panel."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="panel_sessions")
    held_on = models.DateField("held on")
    topic = models.CharField("what they looked at", max_length=300)
    young_people = models.PositiveSmallIntegerField("young people taking part", default=0)
    notes = models.TextField("what they found", blank=True)
    themes = models.ManyToManyField("frameworks.Theme", blank=True, related_name="panel_sessions")

    history = HistoricalRecords(m2m_fields=[themes])
    partnership_scope: ClassVar[str] = "partnership"

    class Meta:
        ordering = ["-held_on"]

    def __str__(self) -> str:
        return f"Young scrutineers: {self.topic} ({self.held_on:%-d %B %Y})"

    def get_absolute_url(self) -> str:
        return reverse("panel_session", kwargs={"slug": self.partnership.slug, "pk": self.pk})


class PanelQuestion(models.Model):
    """A question the panel put to a partner agency, and the agency's answer."""

    session = models.ForeignKey(PanelSession, on_delete=models.CASCADE, related_name="questions")
    question = models.TextField()
    addressed_to = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="panel_questions")
    answer = models.TextField(blank=True)
    answered_on = models.DateField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"Question to {self.addressed_to}"
