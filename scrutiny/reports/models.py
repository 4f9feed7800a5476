"""The yearly report's records: a version of the report for one reporting year, its sections,
the sources behind each section (shown as numbered footnotes), each lead partner's sign-off, and
the files a published version was frozen into.

A published version is never edited: a correction is a new version that names the one it
corrects and says why, and the old version stays readable, marked as replaced.
"""

from __future__ import annotations

import hashlib
from datetime import date
from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from scrutiny.partnerships.models import Agency, Partnership, reporting_year_label
from scrutiny.reports.sections import SectionSpec, section_keys, spec_for

ROOM = "reports"


class ReportStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"
    SUPERSEDED = "superseded", "Replaced by a correction"


class ScrutinyPlacement(models.TextChoices):
    INSIDE = "inside", "Inside the report, as one of its sections"
    SEPARATE = "separate", "As a separate document, linked from the report"


class YearlyReportQuerySet(models.QuerySet["YearlyReport"]):
    def published(self) -> YearlyReportQuerySet:
        """Every version that was published, including those since replaced by a correction."""
        return self.filter(published_on__isnull=False)

    def current(self) -> YearlyReportQuerySet:
        """Per year, the version the public reads: published and not replaced."""
        return self.filter(status=ReportStatus.PUBLISHED)


class YearlyReport(models.Model):
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="yearly_reports")
    year = models.PositiveSmallIntegerField("reporting year", help_text="The year the reporting year starts (1 April)")
    version = models.PositiveSmallIntegerField(default=1)
    status = models.CharField(max_length=20, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    plain_summary = models.TextField(
        "summary for children and families",
        blank=True,
        help_text="A short summary in plain words: what the partnership did and what changed for children",
    )
    scrutiny_placement = models.CharField(
        "where the scrutineer's evaluation is published",
        max_length=10,
        choices=ScrutinyPlacement.choices,
        default=ScrutinyPlacement.INSIDE,
    )
    corrects = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="corrections", editable=False
    )
    correction_reason = models.TextField("reason for the correction", blank=True)
    published_on = models.DateField("published on", null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    replaced_on = models.DateField("replaced on", null=True, blank=True)
    panel_copy_sent_on = models.DateField("copy sent to the Panel on", null=True, blank=True)
    foundations_copy_sent_on = models.DateField("copy sent to Foundations on", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    objects = YearlyReportQuerySet.as_manager()
    partnership_scope: ClassVar[str] = "partnership"

    class Meta:
        ordering = ["-year", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "year", "version"], name="one_report_per_year_version"),
            # Two people drafting the same year would each sign off a different text.
            models.UniqueConstraint(
                fields=["partnership", "year"],
                condition=models.Q(status="draft"),
                name="one_draft_report_per_year",
            ),
        ]

    def __str__(self) -> str:
        suffix = f", version {self.version}" if self.version > 1 else ""
        return f"Yearly report {self.year_label}{suffix}"

    def get_absolute_url(self) -> str:
        return reverse("report_detail", kwargs={"slug": self.partnership.slug, "pk": self.pk})

    def public_url(self, fmt: str = "") -> str:
        """The public address of this version: ``fmt`` "pdf" or "docx" for its files, "statement" and
        "statement_pdf" for the scrutineer's evaluation published apart."""
        kwargs = {"slug": self.partnership.slug, "year": self.year, "version": self.version}
        names = {
            "": "report_public_version",
            "pdf": "report_public_pdf",
            "docx": "report_public_docx",
            "statement": "report_public_statement",
            "statement_pdf": "report_public_statement_pdf",
        }
        return reverse(names[fmt], kwargs=kwargs)

    @property
    def year_label(self) -> str:
        return reporting_year_label(self.year)

    @property
    def title(self) -> str:
        return f"{self.partnership.name}: yearly report {self.year_label}"

    @property
    def period(self) -> tuple[date, date]:
        return date(self.year, 4, 1), date(self.year + 1, 3, 31)

    @property
    def is_draft(self) -> bool:
        return self.status == ReportStatus.DRAFT

    @property
    def is_published(self) -> bool:
        return self.published_on is not None

    @property
    def scrutiny_separate(self) -> bool:
        return self.scrutiny_placement == ScrutinyPlacement.SEPARATE

    def ordered_sections(self) -> list[ReportSection]:
        """The sections in the order the catalogue prints them (prefetch ``sections`` first)."""
        order = {key: index for index, key in enumerate(section_keys())}
        return sorted(self.sections.all(), key=lambda s: order.get(s.key, len(order)))


class ReportSection(models.Model):
    report = models.ForeignKey(YearlyReport, on_delete=models.CASCADE, related_name="sections")
    key = models.CharField(max_length=40)
    text = models.TextField(blank=True, help_text="Leave a blank line between paragraphs")
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    partnership_scope: ClassVar[str] = "report__partnership"

    class Meta:
        constraints = [models.UniqueConstraint(fields=["report", "key"], name="one_report_section_per_key")]

    def __str__(self) -> str:
        return f"{self.report}: {self.spec.title}"

    @property
    def spec(self) -> SectionSpec:
        return spec_for(self.key)

    @property
    def paragraphs(self) -> list[str]:
        return [part.strip() for part in self.text.replace("\r\n", "\n").split("\n\n") if part.strip()]


class SourceKind(models.TextChoices):
    #: A figure from a room, as it may be published (small numbers withheld).
    FIGURE = "figure", "Figure"
    #: A figure over the years, drawn as a chart with its data table as the text alternative.
    CHART = "chart", "Chart"
    #: A record the section rests on (a review, an action, a published answer…).
    RECORD = "record", "Record"
    #: A lead partner's formal response to the scrutineer's evaluation, quoted in full.
    RESPONSE = "response", "Response"


class ReportSource(models.Model):
    """One footnote: a figure or record a section rests on, with the address of the record."""

    section = models.ForeignKey(ReportSection, on_delete=models.CASCADE, related_name="sources")
    kind = models.CharField(max_length=10, choices=SourceKind.choices, default=SourceKind.RECORD)
    label = models.CharField("what it is", max_length=400)
    value = models.CharField("figure", max_length=200, blank=True, help_text="As published: small numbers as c")
    text = models.TextField(blank=True)
    note = models.CharField(max_length=300, blank=True)
    url = models.CharField("address of the record", max_length=500, blank=True)
    room = models.CharField(max_length=40, blank=True)
    is_outcome = models.BooleanField(
        "evidence of outcomes for children", default=False, help_text="Not a count of activity"
    )
    #: For a chart: {"title", "unit", "labels": [...], "values": [number or null], "texts": [...]}.
    chart = models.JSONField(null=True, blank=True)
    #: Added by a person rather than read from a room: kept when the figures are refreshed.
    added_by_hand = models.BooleanField(default=False)
    position = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()
    partnership_scope: ClassVar[str] = "section__report__partnership"

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.label


class ReportSignOff(models.Model):
    """A lead safeguarding partner's sign-off of one version, for their statutory partner body."""

    report = models.ForeignKey(YearlyReport, on_delete=models.CASCADE, related_name="sign_offs")
    partner_body = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    #: As they were when signing, so the record stands if the person later changes job.
    signer_name = models.CharField(max_length=200)
    signer_title = models.CharField(max_length=200, blank=True)
    signed_on = models.DateField()

    history = HistoricalRecords()
    partnership_scope: ClassVar[str] = "report__partnership"

    class Meta:
        ordering = ["partner_body__name"]
        constraints = [models.UniqueConstraint(fields=["report", "partner_body"], name="one_report_sign_off_per_body")]

    def __str__(self) -> str:
        return f"{self.partner_body} signed off {self.report}"


class FileFormat(models.TextChoices):
    HTML = "html", "Web page"
    PDF = "pdf", "PDF"
    DOCX = "docx", "Word"
    STATEMENT_HTML = "statement_html", "Scrutineer's statement (web page)"
    STATEMENT_PDF = "statement_pdf", "Scrutineer's statement (PDF)"


CONTENT_TYPES = {
    FileFormat.HTML: "text/html; charset=utf-8",
    FileFormat.PDF: "application/pdf",
    FileFormat.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    FileFormat.STATEMENT_HTML: "text/html; charset=utf-8",
    FileFormat.STATEMENT_PDF: "application/pdf",
}


class ReportFile(models.Model):
    """A published version frozen into one format when it was published: what the public reads is
    these bytes, so later changes in the rooms cannot change a published report."""

    report = models.ForeignKey(YearlyReport, on_delete=models.CASCADE, related_name="files")
    format = models.CharField(max_length=20, choices=FileFormat.choices)
    content = models.BinaryField()
    sha256 = models.CharField(max_length=64)
    generated_at = models.DateTimeField(auto_now_add=True)

    partnership_scope: ClassVar[str] = "report__partnership"

    class Meta:
        constraints = [models.UniqueConstraint(fields=["report", "format"], name="one_report_file_per_format")]

    def __str__(self) -> str:
        return f"{self.report} ({self.get_format_display()})"

    @classmethod
    def freeze(cls, report: YearlyReport, fmt: str, content: bytes) -> ReportFile:
        return cls.objects.create(
            report=report, format=fmt, content=content, sha256=hashlib.sha256(content).hexdigest()
        )

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[FileFormat(self.format)]

    def as_bytes(self) -> bytes:
        value: Any = self.content
        return bytes(value)
