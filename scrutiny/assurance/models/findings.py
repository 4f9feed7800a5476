"""Findings, the recommendations made from them, and the formal responses of the bodies addressed.

A finding can be issued only with evidence behind it; a recommendation is answered by each body
it is addressed to (accepted, partly accepted or not accepted, with reasons) by a due date.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from scrutiny.evidence.models import EvidenceLink
from scrutiny.partnerships.models import Agency, Partnership, reporting_year_label
from scrutiny.partnerships.scoping import only_their_agency

if TYPE_CHECKING:
    from scrutiny.partnerships.access import Seat

#: The room whose "view" action lets a person read every record of the room.
ROOM = "assurance"
#: The purpose of an evidence link that supports a finding or a judgement.
SUPPORTS = "supports"


class Confidence(models.TextChoices):
    HIGH = "high", "High"
    MEDIUM = "medium", "Medium"
    LOW = "low", "Low"


class FindingKind(models.TextChoices):
    STRENGTH = "strength", "Strength"
    AREA_FOR_IMPROVEMENT = "improvement", "Area for improvement"
    CONCERN = "concern", "Concern"


class FindingStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    ISSUED = "issued", "Issued"


class FindingQuerySet(models.QuerySet["Finding"]):
    def visible_to(self, seat: Seat) -> FindingQuerySet:
        """Findings are the partnership's: those who may view the room read all; others none."""
        return self if seat.can(ROOM, "view") else self.none()

    def issued(self) -> FindingQuerySet:
        return self.filter(status=FindingStatus.ISSUED)


class Finding(models.Model):
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="findings")
    year = models.PositiveSmallIntegerField("reporting year", help_text="The year the reporting year starts (1 April)")
    title = models.CharField(max_length=300)
    what_was_found = models.TextField("what was found")
    kind = models.CharField(max_length=20, choices=FindingKind.choices)
    confidence = models.CharField(max_length=10, choices=Confidence.choices, default=Confidence.MEDIUM)
    agencies = models.ManyToManyField(Agency, blank=True, related_name="findings", verbose_name="agencies concerned")
    requirements = models.ManyToManyField("frameworks.Requirement", blank=True, related_name="findings")
    themes = models.ManyToManyField("frameworks.Theme", blank=True, related_name="findings")
    innovations = models.ManyToManyField(
        "assurance.Innovation", blank=True, related_name="findings", verbose_name="innovations cited"
    )
    status = models.CharField(max_length=10, choices=FindingStatus.choices, default=FindingStatus.DRAFT)
    issued_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords(m2m_fields=[agencies, requirements, themes, innovations])
    objects = FindingQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("finding_detail", kwargs={"slug": self.partnership.slug, "pk": self.pk})

    @property
    def year_label(self) -> str:
        return reporting_year_label(self.year)

    @property
    def is_issued(self) -> bool:
        return self.status == FindingStatus.ISSUED

    def supporting_links(self) -> models.QuerySet[EvidenceLink]:
        return EvidenceLink.objects.for_object(self).filter(purpose=SUPPORTS)


def finding_issue_problem(finding: Finding) -> str:
    """Why the finding cannot be issued yet, or "" where it can.

    The issue (§ "Findings, recommendations and responses") requires "at least one piece of
    evidence before it can be issued": every issued finding is traceable to what supports it.
    """
    if finding.is_issued:
        return "This finding has already been issued."
    if not finding.supporting_links().exists():
        return "A finding cannot be issued without evidence: link at least one piece of supporting evidence first."
    return ""


class RecommendationStatus(models.TextChoices):
    AWAITING_RESPONSE = "awaiting", "Awaiting response"
    RESPONDED = "responded", "Responded"
    IN_PROGRESS = "in_progress", "In progress"
    COMPLETED = "completed", "Completed"
    CLOSED = "closed", "Closed"


class RecommendationQuerySet(models.QuerySet["Recommendation"]):
    def visible_to(self, seat: Seat) -> RecommendationQuerySet:
        """Everyone who may view the room reads every recommendation; an agency contributor only
        those addressed to their agency."""
        if seat.can(ROOM, "view"):
            return self
        return self.addressed_to_seat(seat)

    def addressed_to_seat(self, seat: Seat) -> RecommendationQuerySet:
        """The recommendations addressed to the person's own agencies or partner bodies."""
        return only_their_agency(self, seat, "addressed_to")

    def open(self) -> RecommendationQuerySet:
        return self.exclude(status=RecommendationStatus.CLOSED)


class Recommendation(models.Model):
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="recommendations")
    finding = models.ForeignKey(Finding, on_delete=models.PROTECT, related_name="recommendations")
    text = models.TextField("recommendation")
    addressed_to = models.ManyToManyField(
        Agency, related_name="recommendations", help_text="The partner bodies or agencies that must respond"
    )
    made_on = models.DateField()
    response_due = models.DateField("formal response due")
    status = models.CharField(
        max_length=20, choices=RecommendationStatus.choices, default=RecommendationStatus.AWAITING_RESPONSE
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    history = HistoricalRecords(m2m_fields=[addressed_to])
    objects = RecommendationQuerySet.as_manager()

    class Meta:
        ordering = ["-made_on", "pk"]

    def __str__(self) -> str:
        return self.text if len(self.text) <= 80 else f"{self.text[:77]}…"

    def get_absolute_url(self) -> str:
        return reverse("recommendation_detail", kwargs={"slug": self.partnership.slug, "pk": self.pk})

    @property
    def is_closed(self) -> bool:
        return self.status == RecommendationStatus.CLOSED

    def is_overdue(self, today: date) -> bool:
        return self.status == RecommendationStatus.AWAITING_RESPONSE and self.response_due < today


class ResponseDecision(models.TextChoices):
    ACCEPTED = "accepted", "Accepted"
    PARTLY_ACCEPTED = "partly", "Partly accepted"
    NOT_ACCEPTED = "not_accepted", "Not accepted"


class RecommendationResponse(models.Model):
    """The formal response of one addressed body. A body answers once; a change is kept in history."""

    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="responses")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+", verbose_name="responding body")
    decision = models.CharField(max_length=20, choices=ResponseDecision.choices)
    reasons = models.TextField(blank=True, help_text="Required unless the recommendation is accepted")
    responded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    responded_on = models.DateField()

    history = HistoricalRecords()
    partnership_scope: ClassVar[str] = "recommendation__partnership"

    class Meta:
        ordering = ["recommendation", "agency__name"]
        constraints = [models.UniqueConstraint(fields=["recommendation", "agency"], name="one_response_per_body")]

    def __str__(self) -> str:
        return f"{self.agency}: {self.get_decision_display()}"

    def clean(self) -> None:
        validate_response(self.decision, self.reasons)


def validate_response(decision: str, reasons: str) -> None:
    """A response that does not simply accept must say why (issue 3: "not accepted — with reasons")."""
    if decision != ResponseDecision.ACCEPTED and not reasons.strip():
        raise ValidationError({"reasons": "Give the reasons: they are required unless the recommendation is accepted."})


def recommendation_response_problem(recommendation: Recommendation, agency: Agency | None) -> str:
    """Why a response cannot be recorded now, or "" where it can."""
    if recommendation.is_closed:
        return "This recommendation is closed, so no further response can be recorded."
    if agency is None or not recommendation.addressed_to.filter(pk=agency.pk).exists():
        return "This recommendation is not addressed to that body."
    return ""


def responding_bodies(recommendation: Recommendation, seat: Seat) -> list[Agency]:
    """The addressed bodies this person may answer for: those of their own memberships."""
    return [a for a in recommendation.addressed_to.all() if seat.acts_for(a.pk)]
