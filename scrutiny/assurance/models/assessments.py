"""The yearly assessment of every duty: a workflow status kept apart from the judgement.

An assessment names the requirement row it was made against, and a requirement row belongs to
one framework version, so an assessment keeps the version it was judged against when a new
version of the framework is shipped.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from scrutiny.assurance.models.findings import ROOM, Confidence
from scrutiny.partnerships.models import Partnership, reporting_year_label

if TYPE_CHECKING:
    from scrutiny.partnerships.access import Seat


class AssessmentStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    IN_REVIEW = "in_review", "In review"
    DONE = "done", "Done"


class Judgement(models.TextChoices):
    MET = "met", "Met"
    PARTLY_MET = "partly_met", "Partly met"
    NOT_MET = "not_met", "Not met"
    NOT_APPLICABLE = "not_applicable", "Not applicable"
    NOT_ASSESSED = "not_assessed", "Not assessed"


#: How judgements compare from one year to the next (higher is better); the others do not rank.
JUDGEMENT_RANK = {Judgement.NOT_MET: 1, Judgement.PARTLY_MET: 2, Judgement.MET: 3}


class AssessmentQuerySet(models.QuerySet["Assessment"]):
    def visible_to(self, seat: Seat) -> AssessmentQuerySet:
        return self if seat.can(ROOM, "view") else self.none()


class Assessment(models.Model):
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="assessments")
    year = models.PositiveSmallIntegerField("reporting year")
    requirement = models.ForeignKey("frameworks.Requirement", on_delete=models.PROTECT, related_name="assessments")
    status = models.CharField(max_length=20, choices=AssessmentStatus.choices, default=AssessmentStatus.NOT_STARTED)
    judgement = models.CharField(max_length=20, choices=Judgement.choices, default=Judgement.NOT_ASSESSED)
    rationale = models.TextField(blank=True)
    confidence = models.CharField(max_length=10, choices=Confidence.choices, blank=True)
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    assessed_on = models.DateField(null=True, blank=True)

    history = HistoricalRecords()
    objects = AssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["year", "requirement__framework__order", "requirement__order", "requirement__ref"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "year", "requirement"], name="one_assessment_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.requirement.ref} in {self.year_label}"

    def get_absolute_url(self) -> str:
        return reverse("assessment_detail", kwargs={"slug": self.partnership.slug, "pk": self.pk})

    @property
    def year_label(self) -> str:
        return reporting_year_label(self.year)

    def clean(self) -> None:
        validate_assessment(self.status, self.judgement, self.rationale)


def validate_assessment(status: str, judgement: str, rationale: str) -> None:
    """A finished assessment states a judgement and why: the judgement is a person's, and the
    issue asks that every judgement can be traced to its reasons and evidence."""
    if status == AssessmentStatus.DONE:
        if judgement == Judgement.NOT_ASSESSED:
            raise ValidationError({"judgement": "Give a judgement before marking the assessment done."})
        if not rationale.strip():
            raise ValidationError({"rationale": "Give the rationale before marking the assessment done."})


def movement(earlier: str | None, later: str | None) -> str:
    """How a judgement moved between two years: "improved", "declined", "same" or "" where either
    year has no ranked judgement (not assessed, not applicable or missing)."""
    if earlier is None or later is None or earlier not in JUDGEMENT_RANK or later not in JUDGEMENT_RANK:
        return ""
    before, after = JUDGEMENT_RANK[Judgement(earlier)], JUDGEMENT_RANK[Judgement(later)]
    return "improved" if after > before else "declined" if after < before else "same"
