"""The performance room's records: each import of a return, and the aggregates it produced.

Only aggregates are kept. The one exception is the re-referral look-back (cin.rereferrals_12m_pct
needs to know whether a child was referred in the 12 months before, across census years): for
that, each referral of the year is kept as a salted hash of the child's ID with the referral
date, and nothing else (``ReferralTrace``). The salt is per partnership and never leaves the
database, so the hashes cannot be matched with another partnership's or with the LA's system.
"""

from __future__ import annotations

import secrets
from datetime import date
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from scrutiny.partnerships.models import Area, Partnership, reporting_year_label
from scrutiny.performance.returns.cin_checking import QualityRow, summary_rows

ROOM = "performance"


class ReturnKind(models.TextChoices):
    CIN = "cin", "CIN census"
    SSDA903 = "ssda903", "SSDA903 (children looked after)"
    ANNEX_A = "annex_a", "Ofsted Annex A"


class ImportStatus(models.TextChoices):
    CURRENT = "current", "Current"
    REPLACED = "replaced", "Replaced by a later import"


class ReturnImportQuerySet(models.QuerySet["ReturnImport"]):
    def current(self) -> ReturnImportQuerySet:
        return self.filter(status=ImportStatus.CURRENT)


class ReturnImport(models.Model):
    """One return file (or set of files) imported for an area and year. Importing the same kind
    for the same area and year again replaces it; the earlier import stays, marked replaced,
    with who imported it and when."""

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="return_imports")
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="return_imports")
    kind = models.CharField(max_length=10, choices=ReturnKind.choices)
    year = models.PositiveSmallIntegerField(help_text="Reporting year, labelled by the year it ends: 2025 = 2024-25")
    files = models.TextField(help_text="The file names, one a line")
    sha256 = models.CharField(max_length=64, help_text="Of the file, or of the files' hashes together")
    size = models.PositiveBigIntegerField(default=0)
    records = models.PositiveIntegerField(default=0, help_text="Children (CIN) or rows read")
    tolerated = models.JSONField(default=list, blank=True, help_text="What was accepted but is not DfE's exact form")
    quality = models.JSONField(
        default=dict,
        blank=True,
        help_text="Data-quality summary: children read, children with a record that cannot be true, records by rule",
    )
    problems = models.JSONField(
        default=list, blank=True, help_text="The records that cannot be true (the first 500): line, child, element, why"
    )
    status = models.CharField(max_length=10, choices=ImportStatus.choices, default=ImportStatus.CURRENT)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    imported_at = models.DateTimeField(auto_now_add=True)
    seconds = models.FloatField(default=0, help_text="How long the import took")

    history = HistoricalRecords()
    objects = ReturnImportQuerySet.as_manager()
    partnership_scope: ClassVar[str] = "partnership"

    class Meta:
        ordering = ["-year", "kind", "-imported_at", "-pk"]
        indexes = [models.Index(fields=["partnership", "area", "kind", "year", "status"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.year_label} for {self.area.name}"

    @property
    def year_label(self) -> str:
        return reporting_year_label(self.year - 1)

    @property
    def problem_total(self) -> int:
        return sum(self.quality.get("by_rule", {}).values()) if self.quality else 0

    @property
    def quality_rows(self) -> list[QualityRow]:
        """The data-quality summary by rule, as shown: what the rule finds, how many records, and
        the indicators it leaves them out of."""
        return summary_rows(self.quality)

    @property
    def children_with_problems_pct(self) -> float | None:
        children = int(self.quality.get("children") or 0) if self.quality else 0
        if not children:
            return None
        return round(100 * int(self.quality.get("children_with_problems") or 0) / children, 1)


class IndicatorStatus(models.TextChoices):
    COMPUTED = "computed", "Computed"
    NOT_COMPUTED = "not computed", "Not computed"


class IndicatorValueQuerySet(models.QuerySet["IndicatorValue"]):
    def current_for(self, partnership: Partnership, area: Area) -> IndicatorValueQuerySet:
        """The area's figures from the partnership's current imports (every year's), with their
        import: what the pages and the API show for an area."""
        return self.filter(
            source__partnership=partnership, source__area=area, source__status=ImportStatus.CURRENT
        ).select_related("source")


class IndicatorValue(models.Model):
    """An indicator's figure for an area and year, as one import computed it. The figures of a
    year are those of its current import."""

    source = models.ForeignKey(ReturnImport, on_delete=models.CASCADE, related_name="values")
    code = models.CharField(max_length=60)
    dimension = models.CharField(max_length=20, blank=True, help_text="One value of a dimension, e.g. a factor code")
    value = models.FloatField(null=True, blank=True)
    numerator = models.BigIntegerField(null=True, blank=True)
    denominator = models.BigIntegerField(null=True, blank=True)
    status = models.CharField(max_length=12, choices=IndicatorStatus.choices, default=IndicatorStatus.COMPUTED)
    reason = models.TextField(blank=True, help_text="Why it was not computed")
    note = models.TextField(blank=True, help_text="How it was computed, where that needs saying")

    objects = IndicatorValueQuerySet.as_manager()
    partnership_scope: ClassVar[str] = "source__partnership"

    class Meta:
        ordering = ["code", "dimension"]
        constraints = [
            models.UniqueConstraint(fields=["source", "code", "dimension"], name="one_value_per_code_per_import")
        ]

    def __str__(self) -> str:
        return f"{self.code}{'/' + self.dimension if self.dimension else ''} = {self.value}"


class TraceSalt(models.Model):
    """The partnership's secret salt for hashing child IDs in ``ReferralTrace``."""

    partnership = models.OneToOneField(Partnership, on_delete=models.CASCADE, related_name="trace_salt")
    salt = models.BinaryField(max_length=32)

    def __str__(self) -> str:
        return f"Hashing salt of {self.partnership}"

    @classmethod
    def for_partnership(cls, partnership: Partnership) -> bytes:
        found, _created = cls.objects.get_or_create(partnership=partnership, defaults={"salt": secrets.token_bytes(32)})
        return bytes(found.salt)


class ReferralTrace(models.Model):
    """A referral of the year, as a salted hash of the child's ID and the referral date: the
    minimum the next year's re-referral look-back needs. Deleted with its import."""

    source = models.ForeignKey(ReturnImport, on_delete=models.CASCADE, related_name="referral_traces")
    child = models.CharField(max_length=32, help_text="Salted hash of the LA child ID")
    referred_on = models.DateField()

    class Meta:
        indexes = [models.Index(fields=["source", "child"])]

    def __str__(self) -> str:
        return f"Referral of {self.referred_on:%d/%m/%Y}"


class BenchmarkValue(models.Model):
    """A figure DfE publishes for England, a region or an LA (explore-education-statistics), as
    `scrutiny benchmarks load` read it. ``symbol`` keeps a suppression mark (c, x, u, z, k…) where
    the value is null."""

    code = models.CharField(max_length=60)
    year = models.PositiveSmallIntegerField(help_text="Labelled by the year it ends")
    level = models.CharField(max_length=10)  # national, regional or la
    # Wider than one code: joint returns publish several (Kingston and Richmond's workforce row).
    area_code = models.CharField(max_length=40, help_text="E92000001, a region code, or an LA's 3-digit code")
    new_la_code = models.CharField(max_length=40, blank=True)
    region_code = models.CharField(max_length=40, blank=True)
    name = models.CharField(max_length=120, blank=True)
    value = models.FloatField(null=True, blank=True)
    symbol = models.CharField(max_length=40, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["code", "year", "area_code"], name="one_benchmark_per_area")]
        indexes = [models.Index(fields=["year", "code", "level"])]

    def __str__(self) -> str:
        return f"{self.code} {self.year} {self.name}: {self.value if self.value is not None else self.symbol}"


class StatisticalNeighbour(models.Model):
    """One of an LA's ten statistical neighbours in DfE's model (both by 3-digit LA code)."""

    la = models.CharField(max_length=3)
    neighbour = models.CharField(max_length=3)
    rank = models.PositiveSmallIntegerField()
    closeness = models.CharField(max_length=30, blank=True)

    class Meta:
        ordering = ["la", "rank"]
        constraints = [models.UniqueConstraint(fields=["la", "rank"], name="one_neighbour_per_rank")]

    def __str__(self) -> str:
        return f"{self.la}: {self.rank}. {self.neighbour}"


class UploadStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to start"
    RUNNING = "running", "Importing"
    DONE = "done", "Imported"
    FAILED = "failed", "Not imported"


class ReturnUpload(models.Model):
    """A return uploaded through the website, imported by the task worker. The files are kept
    outside the web root only until the import has run, then deleted (only totals are kept)."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="return_uploads")
    kind = models.CharField(max_length=10, choices=ReturnKind.choices)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    la = models.CharField(max_length=9, blank=True)
    extract_date = models.DateField(null=True, blank=True, help_text="Annex A only: the date the lists run to")
    names = models.JSONField(default=list, help_text="The files' names as uploaded")
    folder = models.CharField(max_length=64, help_text="Where the files wait, under the var folder")
    status = models.CharField(max_length=10, choices=UploadStatus.choices, default=UploadStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0, help_text="Percent of the file read")
    problems = models.JSONField(default=list, blank=True)
    problem_total = models.PositiveIntegerField(default=0)
    message = models.TextField(blank=True)
    result = models.ForeignKey(ReturnImport, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    partnership_scope: ClassVar[str] = "partnership"

    class Meta:
        ordering = ["-uploaded_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} upload of {self.uploaded_at:%d %B %Y %H:%M}"

    @property
    def finished(self) -> bool:
        return self.status in {UploadStatus.DONE, UploadStatus.FAILED}


# --- Agency returns: locally defined measures -----------------------------------------------


class Frequency(models.TextChoices):
    MONTHLY = "monthly", "Monthly"
    QUARTERLY = "quarterly", "Quarterly"
    YEARLY = "yearly", "Yearly"


class MeasureUnit(models.TextChoices):
    COUNT = "count", "Count"
    PERCENT = "percent", "Percentage"


class LocalMeasure(models.Model):
    """A measure the partnership has agreed locally, with no national definition (indicators.md
    §5): its definition, owner agency, frequency and source system, as its data dictionary says."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="local_measures")
    code = models.CharField(
        max_length=60, help_text="A stable code, for example police.missing_children (suggested codes are offered)"
    )
    title = models.CharField(max_length=200)
    definition = models.TextField(help_text="What is counted, and how")
    unit = models.CharField(max_length=10, choices=MeasureUnit.choices, default=MeasureUnit.COUNT)
    numerator = models.TextField(blank=True, help_text="For a percentage: what is counted on top")
    denominator = models.TextField(blank=True, help_text="For a percentage: what it is a share of")
    polarity = models.CharField(
        "which way is better",
        max_length=10,
        choices=[("neither", "Neither (context)"), ("higher", "Higher is better"), ("lower", "Lower is better")],
        default="neither",
    )
    owner = models.ForeignKey(
        "partnerships.Agency",
        on_delete=models.PROTECT,
        related_name="local_measures",
        help_text="The agency that supplies it",
    )
    frequency = models.CharField(max_length=10, choices=Frequency.choices, default=Frequency.QUARTERLY)
    source_system = models.CharField(max_length=200, blank=True)
    first_collected = models.DateField(null=True, blank=True)
    agreed_by = models.CharField(max_length=200, blank=True, help_text="Who agreed it, and when")
    active = models.BooleanField(default=True, help_text="Collected in new rounds")

    history = HistoricalRecords()
    partnership_scope: ClassVar[str] = "partnership"

    class Meta:
        ordering = ["code"]
        constraints = [models.UniqueConstraint(fields=["partnership", "code"], name="one_measure_code_per_partnership")]

    def __str__(self) -> str:
        return f"{self.title} ({self.code})"


class ReturnRound(models.Model):
    """One period's collection of agency returns, with its deadline. Opening a round asks each
    agency that owns an active measure of that frequency for a return."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="return_rounds")
    frequency = models.CharField(max_length=10, choices=Frequency.choices)
    period_start = models.DateField()
    period_end = models.DateField()
    due_on = models.DateField(help_text="The date agencies should submit by")
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    partnership_scope: ClassVar[str] = "partnership"

    class Meta:
        ordering = ["-period_start", "frequency"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "frequency", "period_start"], name="one_round_per_period")
        ]

    def __str__(self) -> str:
        return f"{self.get_frequency_display()} return, {self.period_label}"

    @property
    def period_label(self) -> str:
        if self.frequency == Frequency.MONTHLY:
            return f"{self.period_start:%B %Y}"
        return f"{self.period_start:%-d %B %Y} to {self.period_end:%-d %B %Y}"


class AgencySubmission(models.Model):
    """An agency's return for a round: its figures, when it was submitted and by whom."""

    round = models.ForeignKey(ReturnRound, on_delete=models.CASCADE, related_name="submissions")
    agency = models.ForeignKey("partnerships.Agency", on_delete=models.PROTECT, related_name="measure_submissions")
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords()
    partnership_scope: ClassVar[str] = "round__partnership"

    class Meta:
        ordering = ["round", "agency__name"]
        constraints = [models.UniqueConstraint(fields=["round", "agency"], name="one_submission_per_agency_round")]

    def __str__(self) -> str:
        return f"{self.agency}: {self.round}"

    @property
    def submitted_on(self) -> date | None:
        return timezone.localtime(self.submitted_at).date() if self.submitted_at else None

    def late(self, today: date) -> bool:
        """Submitted after the deadline, or not submitted and past it."""
        if self.submitted_on is not None:
            return self.submitted_on > self.round.due_on
        return today > self.round.due_on


class MeasureValue(models.Model):
    """One measure's figure in an agency's return."""

    submission = models.ForeignKey(AgencySubmission, on_delete=models.CASCADE, related_name="values")
    measure = models.ForeignKey(LocalMeasure, on_delete=models.PROTECT, related_name="values")
    value = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    numerator = models.PositiveIntegerField(null=True, blank=True)
    denominator = models.PositiveIntegerField(null=True, blank=True)
    note = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["submission", "measure"], name="one_value_per_measure")]

    def __str__(self) -> str:
        return f"{self.measure.code} = {self.value}"
