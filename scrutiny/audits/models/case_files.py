"""Multi-agency case file audits: a programme of themed audits, each using a tool (domains graded
outstanding to inadequate, with prompts), a sample of cases known only by pseudonymised reference,
each agency's part, the moderation that agrees grades and learning, and practitioners' feedback.

Privacy (ARCHITECTURE.md, "Privacy by design"): no names, dates of birth or case-system numbers;
every free-text field is checked by ``scrutiny.privacy`` before it is saved.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, ClassVar

from django.conf import settings
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from scrutiny.audits.models.standards import Standard, StandardsFramework
from scrutiny.partnerships.models import Agency, Partnership
from scrutiny.partnerships.scoping import only_their_agency
from scrutiny.privacy import IDENTIFYING_DETAILS_REMINDER

if TYPE_CHECKING:
    from scrutiny.partnerships.access import Seat

#: Shown under every free-text box about a case.
NO_IDENTIFIERS = IDENTIFYING_DETAILS_REMINDER


class Grade(models.IntegerChoices):
    """Ofsted's four-point scale, highest first, stored as a number so grades can be averaged."""

    OUTSTANDING = 4, "Outstanding"
    GOOD = 3, "Good"
    REQUIRES_IMPROVEMENT = 2, "Requires improvement"
    INADEQUATE = 1, "Inadequate"


class CaseAuditStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    AUDITING = "auditing", "Agencies auditing"
    MODERATION = "moderation", "In moderation"
    COMPLETE = "complete", "Complete"


class CaseFileAuditQuerySet(models.QuerySet["CaseFileAudit"]):
    def visible_to(self, seat: Seat) -> CaseFileAuditQuerySet:
        """The partnership's audits; an agency contributor sees the audits their agency takes part in."""
        mine = self.filter(partnership=seat.partnership)
        if seat.partnership_wide:
            return mine
        return only_their_agency(mine, seat, "agencies")


class CaseFileAudit(models.Model):
    """One themed audit of the partnership's programme, for example neglect or exploitation."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="case_file_audits")
    title = models.CharField(max_length=200, help_text="For example, Neglect: children on child protection plans")
    theme = models.ForeignKey(
        "frameworks.Theme", null=True, blank=True, on_delete=models.SET_NULL, related_name="case_file_audits"
    )
    tool = models.ForeignKey(StandardsFramework, on_delete=models.PROTECT, related_name="case_audits")
    planned_for = models.DateField("month planned", help_text="The month of the programme it belongs to")
    deadline = models.DateField("agencies' parts due by")
    moderation_on = models.DateField("moderation meeting", null=True, blank=True)
    status = models.CharField(max_length=12, choices=CaseAuditStatus.choices, default=CaseAuditStatus.PLANNED)
    agencies = models.ManyToManyField(Agency, related_name="case_file_audits", blank=True)
    scope = models.TextField("sample and scope", blank=True, help_text="Which cases, how they were chosen")
    summary = models.TextField("summary of learning", blank=True)

    history = HistoricalRecords(m2m_fields=[agencies])
    objects = CaseFileAuditQuerySet.as_manager()
    partnership_scope: ClassVar[str] = "partnership"

    class Meta:
        ordering = ["-planned_for", "title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("case_audit", kwargs={"slug": self.partnership.slug, "pk": self.pk})

    def is_past_deadline(self, today: date) -> bool:
        return today > self.deadline


class AuditedCase(models.Model):
    """A case in the sample, by pseudonymised reference only."""

    audit = models.ForeignKey(CaseFileAudit, on_delete=models.CASCADE, related_name="cases")
    reference = models.CharField("pseudonymised reference", max_length=40)
    context = models.TextField(blank=True, help_text=NO_IDENTIFIERS)
    moderation_notes = models.TextField("what moderation discussed", blank=True, help_text=NO_IDENTIFIERS)
    learning = models.TextField(blank=True, help_text=NO_IDENTIFIERS)
    moderated_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()
    partnership_scope: ClassVar[str] = "audit__partnership"

    class Meta:
        ordering = ["reference"]
        constraints = [models.UniqueConstraint(fields=["audit", "reference"], name="one_case_reference_per_audit")]

    def __str__(self) -> str:
        return self.reference


class PartStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", "In progress"
    SUBMITTED = "submitted", "Submitted"


class CaseAgencyPart(models.Model):
    """One agency's audit of its own records of a case."""

    case = models.ForeignKey(AuditedCase, on_delete=models.CASCADE, related_name="parts")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    auditor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    status = models.CharField(max_length=12, choices=PartStatus.choices, default=PartStatus.IN_PROGRESS)
    notes = models.TextField("overall notes", blank=True, help_text=NO_IDENTIFIERS)
    submitted_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["agency__name"]
        constraints = [models.UniqueConstraint(fields=["case", "agency"], name="one_part_per_agency_per_case")]

    def __str__(self) -> str:
        return f"{self.agency}: case {self.case}"


class CaseGrade(models.Model):
    """An agency auditor's grade for one domain of the tool, with what they found."""

    part = models.ForeignKey(CaseAgencyPart, on_delete=models.CASCADE, related_name="grades")
    domain = models.ForeignKey(Standard, on_delete=models.PROTECT, related_name="+")
    grade = models.SmallIntegerField(choices=Grade.choices, null=True, blank=True)
    notes = models.TextField(blank=True, help_text=NO_IDENTIFIERS)

    history = HistoricalRecords()

    class Meta:
        ordering = ["domain__order", "domain__pk"]
        constraints = [models.UniqueConstraint(fields=["part", "domain"], name="one_grade_per_domain")]

    def __str__(self) -> str:
        return f"{self.part}, domain {self.domain.ref}"


class AgreedGrade(models.Model):
    """The grade moderation agreed for one domain of a case, across the agencies."""

    case = models.ForeignKey(AuditedCase, on_delete=models.CASCADE, related_name="agreed")
    domain = models.ForeignKey(Standard, on_delete=models.PROTECT, related_name="+")
    grade = models.SmallIntegerField(choices=Grade.choices)

    history = HistoricalRecords()

    class Meta:
        ordering = ["domain__order", "domain__pk"]
        constraints = [models.UniqueConstraint(fields=["case", "domain"], name="one_agreed_grade_per_domain")]

    def __str__(self) -> str:
        return f"Agreed grade for case {self.case}, domain {self.domain.ref}"


class PractitionerFeedback(models.Model):
    """What a practitioner whose work was audited thought of the audit."""

    class Usefulness(models.IntegerChoices):
        VERY = 4, "Very useful"
        QUITE = 3, "Quite useful"
        NOT_VERY = 2, "Not very useful"
        NOT_AT_ALL = 1, "Not useful at all"

    audit = models.ForeignKey(CaseFileAudit, on_delete=models.CASCADE, related_name="feedback")
    agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    practitioner_role = models.CharField("practitioner's role", max_length=120, blank=True)
    usefulness = models.SmallIntegerField("how useful was the audit", choices=Usefulness.choices)
    comment = models.TextField(blank=True, help_text=NO_IDENTIFIERS)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-recorded_at"]

    def __str__(self) -> str:
        return f"Practitioner feedback on {self.audit}"
