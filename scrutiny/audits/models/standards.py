"""Audit standards as versioned frameworks: the Section 11 standards, the schools' s175/s157
standards and the case file audit tools, shipped as YAML (scrutiny/audits/data/) and copied into a
partnership's own version when it wants different wording.

A version is never edited once a round or an audit has used it, so every score keeps the words it
was given against. Standard references (``ref``) are stable across versions: carrying answers
forward and comparing rounds match by ``ref``.
"""

from __future__ import annotations

from django.db import models
from simple_history.models import HistoricalRecords

from scrutiny.partnerships.models import Partnership


class AuditKind(models.TextChoices):
    SECTION_11 = "s11", "Section 11 (Children Act 2004)"
    SECTION_175 = "s175", "Schools and colleges (Education Act 2002 s175 and s157)"
    CASE_FILE = "case_file", "Multi-agency case file audit tool"


class StandardsQuerySet(models.QuerySet["StandardsFramework"]):
    def available_to(self, partnership: Partnership) -> StandardsQuerySet:
        """Shipped versions and the partnership's own; never another partnership's."""
        return self.filter(models.Q(partnership__isnull=True) | models.Q(partnership=partnership))


class StandardsFramework(models.Model):
    """One version of a set of audit standards (or of a case file audit tool's domains)."""

    kind = models.CharField(max_length=10, choices=AuditKind.choices)
    key = models.SlugField(max_length=60)
    version = models.CharField(max_length=20)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    source = models.URLField(max_length=500, blank=True)
    # Null for shipped versions; set for a partnership's own.
    partnership = models.ForeignKey(
        Partnership, null=True, blank=True, on_delete=models.CASCADE, related_name="audit_frameworks"
    )
    based_on = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="later_versions"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # SHA-256 of a shipped file's parsed content: the guard that a shipped version never changes.
    content_hash = models.CharField(max_length=64, blank=True)

    history = HistoricalRecords()
    objects = StandardsQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "key", "version"]
        constraints = [
            models.UniqueConstraint(
                fields=["key", "version"], condition=models.Q(partnership__isnull=True), name="one_shipped_standards"
            ),
            models.UniqueConstraint(
                fields=["partnership", "key", "version"],
                condition=models.Q(partnership__isnull=False),
                name="one_local_standards_version",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} (version {self.version})"

    @property
    def is_shipped(self) -> bool:
        return self.partnership_id is None

    @property
    def in_use(self) -> bool:
        """Whether a round or a case file audit has used this version, which freezes it."""
        return self.rounds.exists() or self.case_audits.exists()

    def editable_by(self, partnership: Partnership) -> bool:
        return self.partnership_id == partnership.pk and not self.in_use


class Standard(models.Model):
    """A standard of a Section 11 or s175 framework, or a domain of a case file audit tool (with
    its prompts in ``questions``, one per line)."""

    framework = models.ForeignKey(StandardsFramework, on_delete=models.CASCADE, related_name="standards")
    ref = models.CharField(max_length=20, help_text="Stable across versions, for example 4 or D2")
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    evidence_hint = models.TextField("evidence it typically needs", blank=True)
    questions = models.TextField(blank=True, help_text="Prompts for the auditor, one per line")
    # False where the guidance's numbering or wording is marked "(to verify)".
    verified = models.BooleanField(default=True)
    order = models.PositiveIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["framework", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["framework", "ref"], name="one_standard_ref_per_version")]

    def __str__(self) -> str:
        return f"{self.ref}. {self.title}"

    @property
    def question_list(self) -> list[str]:
        return [line.strip() for line in self.questions.splitlines() if line.strip()]
