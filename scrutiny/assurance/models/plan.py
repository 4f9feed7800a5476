"""The yearly scrutiny plan: activities, the method of each, and the functions, steps and
priorities each covers (statutory.md §9.1: a written yearly plan, linked to priorities and JTAI
themes, with agreed methods, covering the seven WT2023 functions)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from scrutiny.assurance.models.findings import ROOM
from scrutiny.partnerships.models import Partnership, reporting_year_label

if TYPE_CHECKING:
    from scrutiny.partnerships.access import Seat


class Method(models.TextChoices):
    DATA_REVIEW = "data_review", "Data review"
    MULTI_AGENCY_AUDIT = "multi_agency_audit", "Multi-agency audit"
    FOCUS_GROUP = "focus_group", "Practitioner focus group"
    BOARD_OBSERVATION = "board_observation", "Observation of a board meeting"
    RAPID_REVIEW = "rapid_review", "Review of a rapid review"
    YOUNG_PEOPLE = "young_people", "Session with young people"
    LEAD_PARTNER_INTERVIEW = "lead_partner_interview", "Interview with a lead partner"
    OTHER = "other", "Other"


class ActivityStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    CANCELLED = "cancelled", "Cancelled"


class ActivityQuerySet(models.QuerySet["ScrutinyActivity"]):
    def visible_to(self, seat: Seat) -> ActivityQuerySet:
        return self if seat.can(ROOM, "view") else self.none()


class ScrutinyActivity(models.Model):
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="scrutiny_activities")
    year = models.PositiveSmallIntegerField("reporting year")
    title = models.CharField(max_length=300)
    method = models.CharField(max_length=30, choices=Method.choices)
    description = models.TextField(blank=True)
    covers = models.ManyToManyField(
        "frameworks.Requirement", blank=True, related_name="scrutiny_activities", verbose_name="functions and steps"
    )
    priorities = models.ManyToManyField(
        "frameworks.Theme", blank=True, related_name="scrutiny_activities", verbose_name="partnership priorities"
    )
    planned_start = models.DateField(null=True, blank=True)
    planned_end = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=ActivityStatus.choices, default=ActivityStatus.PLANNED)
    outputs = models.TextField(blank=True, help_text="What the activity produced and what it found")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    history = HistoricalRecords(m2m_fields=[covers, priorities])
    objects = ActivityQuerySet.as_manager()

    class Meta:
        ordering = ["year", "planned_start", "title"]
        verbose_name = "scrutiny activity"
        verbose_name_plural = "scrutiny activities"

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("activity_detail", kwargs={"slug": self.partnership.slug, "pk": self.pk})

    @property
    def year_label(self) -> str:
        return reporting_year_label(self.year)

    def clean(self) -> None:
        if self.planned_start and self.planned_end and self.planned_end < self.planned_start:
            raise ValidationError({"planned_end": "The planned end cannot be before the planned start."})
