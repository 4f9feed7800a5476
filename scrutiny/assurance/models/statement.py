"""The yearly assurance statement: the scrutineer's judgements by function and step, each linked
to the issued findings behind it and their evidence, for the lead partners to read and answer."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from scrutiny.partnerships.models import Agency, Partnership, reporting_year_label


class StatementStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published to the lead partners"


class AssuranceStatement(models.Model):
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="assurance_statements")
    year = models.PositiveSmallIntegerField("reporting year")
    summary = models.TextField("overall summary", blank=True)
    status = models.CharField(max_length=20, choices=StatementStatus.choices, default=StatementStatus.DRAFT)
    published_on = models.DateField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-year"]
        constraints = [models.UniqueConstraint(fields=["partnership", "year"], name="one_statement_per_year")]

    def __str__(self) -> str:
        return f"Assurance statement {self.year_label}"

    @property
    def year_label(self) -> str:
        return reporting_year_label(self.year)

    @property
    def is_published(self) -> bool:
        return self.status == StatementStatus.PUBLISHED


class StatementSection(models.Model):
    """The scrutineer's statement on one function or step for the year."""

    statement = models.ForeignKey(AssuranceStatement, on_delete=models.CASCADE, related_name="sections")
    requirement = models.ForeignKey("frameworks.Requirement", on_delete=models.PROTECT, related_name="+")
    text = models.TextField(blank=True)

    history = HistoricalRecords()
    partnership_scope: ClassVar[str] = "statement__partnership"

    class Meta:
        constraints = [models.UniqueConstraint(fields=["statement", "requirement"], name="one_section_per_requirement")]

    def __str__(self) -> str:
        return f"{self.statement}: {self.requirement.ref}"


class StatementResponse(models.Model):
    """A lead partner's response to the statement, for their statutory partner body."""

    statement = models.ForeignKey(AssuranceStatement, on_delete=models.CASCADE, related_name="responses")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+", verbose_name="partner body")
    text = models.TextField("response")
    responded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    responded_on = models.DateField()

    history = HistoricalRecords()
    partnership_scope: ClassVar[str] = "statement__partnership"

    class Meta:
        ordering = ["agency__name"]
        constraints = [models.UniqueConstraint(fields=["statement", "agency"], name="one_statement_response_per_body")]

    def __str__(self) -> str:
        return f"{self.agency} on {self.statement}"
