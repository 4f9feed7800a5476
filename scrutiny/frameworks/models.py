"""Requirement frameworks shipped as versioned YAML (statutory duties, the WT2023 scrutiny
functions, the Six Steps, the founding page's duties), local requirements a partnership adds,
and the one theme taxonomy every room tags with.

Shipped frameworks change only through a new version: a framework version and its requirements
are never edited once loaded, so anything judged against them keeps the version it was judged
against. Requirement references (``ref``) are stable across versions.
"""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from simple_history.models import HistoricalRecords

#: The key of every partnership's own framework of local requirements; no shipped file may use it.
LOCAL_KEY = "local"


class FrameworkQuerySet(models.QuerySet["Framework"]):
    def shipped(self) -> FrameworkQuerySet:
        return self.filter(partnership__isnull=True)

    def current(self) -> FrameworkQuerySet:
        return self.filter(is_current=True)

    def available_to(self, partnership: object, *, include_older: bool = False) -> FrameworkQuerySet:
        """Current shipped frameworks and the partnership's own local framework; with
        ``include_older``, older shipped versions too (still open to read, for what was judged
        against them). Another partnership's local framework is never included."""
        shipped = (
            models.Q(partnership__isnull=True) if include_older else models.Q(partnership__isnull=True, is_current=True)
        )
        return self.filter(shipped | models.Q(partnership=partnership))

    def with_counts(self) -> FrameworkQuerySet:
        """Annotate ``requirement_count`` and ``unverified_count`` (those still to verify), in the
        same query, for the frameworks page and the API."""
        return self.annotate(
            requirement_count=models.Count("requirements"),
            unverified_count=models.Count("requirements", filter=models.Q(requirements__verified=False)),
        )


class Framework(models.Model):
    key = models.SlugField(max_length=60, help_text="Stable identifier, for example wt2023-scrutiny-functions")
    version = models.CharField(max_length=20)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    source = models.URLField(max_length=500, blank=True)
    source_note = models.TextField(blank=True)
    # Null for frameworks shipped with Scrutiny; set for a partnership's local requirements.
    partnership = models.ForeignKey(
        "partnerships.Partnership", null=True, blank=True, on_delete=models.CASCADE, related_name="frameworks"
    )
    is_current = models.BooleanField(default=True, help_text="The version new assessments use")
    order = models.PositiveIntegerField(default=0)
    loaded_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    objects = FrameworkQuerySet.as_manager()

    class Meta:
        ordering = ["order", "key", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["key", "version"], condition=models.Q(partnership__isnull=True), name="one_shipped_version"
            ),
            models.UniqueConstraint(
                fields=["partnership", "key"], condition=models.Q(partnership__isnull=False), name="one_local_framework"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} (version {self.version})"

    @property
    def is_local(self) -> bool:
        return self.partnership_id is not None


class RequirementQuerySet(models.QuerySet["Requirement"]):
    def available_to(self, partnership: object, *, include_older: bool = False) -> RequirementQuerySet:
        """Requirements of the current shipped frameworks and the partnership's own local ones;
        with ``include_older``, those of older shipped versions too. Use this (not ``scoped()``,
        which finds only local requirements) for every lookup: another partnership's local
        requirement is not found."""
        shipped = models.Q(framework__partnership__isnull=True)
        if not include_older:
            shipped &= models.Q(framework__is_current=True)
        return self.filter(shipped | models.Q(framework__partnership=partnership))

    def shipped(self) -> RequirementQuerySet:
        return self.filter(framework__partnership__isnull=True)

    def current(self) -> RequirementQuerySet:
        return self.filter(framework__is_current=True)

    def in_catalogue_order(self) -> RequirementQuerySet:
        """Framework by framework, each in its file's order, with the framework for the code."""
        return self.select_related("framework").order_by("framework__order", "order")

    def with_serves(self) -> RequirementQuerySet:
        """Prefetch the requirements each one serves (a founding duty's WT2023 functions and Six
        Steps), in catalogue order, for the framework page and the API."""
        return self.prefetch_related(models.Prefetch("serves", queryset=Requirement.objects.in_catalogue_order()))


class Requirement(models.Model):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="requirements")
    ref = models.CharField(max_length=40, help_text="Stable across versions, for example F3 or SD-05")
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    # A heading that groups requirements, for example "Working with the 3 partners".
    section = models.CharField(max_length=200, blank=True)
    source = models.CharField(max_length=500, blank=True, help_text="Document, paragraph or URL")
    evidence_hint = models.TextField("evidence it typically needs", blank=True)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="children")
    order = models.PositiveIntegerField(default=0)
    # False where the guidance is marked "(to verify)": shown as unverified and editable.
    verified = models.BooleanField(default=True)
    # A founding-page duty serves WT2023 functions and Six Steps (statutory.md §2.4).
    serves = models.ManyToManyField("self", symmetrical=False, blank=True, related_name="served_by")

    history = HistoricalRecords(m2m_fields=[serves])
    objects = RequirementQuerySet.as_manager()
    partnership_scope: ClassVar[str] = "framework__partnership"

    class Meta:
        ordering = ["framework", "order", "ref"]
        constraints = [models.UniqueConstraint(fields=["framework", "ref"], name="one_ref_per_framework_version")]

    def __str__(self) -> str:
        return f"{self.ref} {self.title}"

    @property
    def history_label(self) -> str:
        return self.code

    @property
    def code(self) -> str:
        """Framework key and ref: the identifier other rooms and the API use, for example
        wt2023-scrutiny-functions:F3."""
        return f"{self.framework.key}:{self.ref}"


class ThemeGroup(models.TextChoices):
    JTAI = "jtai", "JTAI deep-dive theme"
    FRONT_DOOR = "front_door", "Front door (response to initial concerns)"
    PRACTICE = "practice", "Practice theme"
    LEARNING = "learning", "Learning theme from reviews (national Panel)"
    PRIORITY = "priority", "Partnership priority"


class ThemeQuerySet(models.QuerySet["Theme"]):
    def available_to(self, partnership: object) -> ThemeQuerySet:
        """The shipped taxonomy and the partnership's own priorities."""
        return self.filter(models.Q(partnership__isnull=True) | models.Q(partnership=partnership))

    def offered(self) -> ThemeQuerySet:
        """Themes that may be used for new tags (retired ones are kept for what was tagged)."""
        return self.filter(retired=False)

    def shipped(self) -> ThemeQuerySet:
        return self.filter(partnership__isnull=True)


class Theme(models.Model):
    """One entry of the theme taxonomy every room tags with. Shipped themes have no partnership;
    a partnership's own priorities do."""

    code = models.SlugField(max_length=60)
    label = models.CharField(max_length=200)
    group = models.CharField(max_length=20, choices=ThemeGroup.choices)
    description = models.TextField(blank=True)
    source = models.CharField(max_length=500, blank=True, help_text="Document, paragraph or URL")
    partnership = models.ForeignKey(
        "partnerships.Partnership", null=True, blank=True, on_delete=models.CASCADE, related_name="themes"
    )
    order = models.PositiveIntegerField(default=0)
    retired = models.BooleanField(default=False, help_text="Kept for what was tagged with it, not offered for new tags")

    history = HistoricalRecords()
    objects = ThemeQuerySet.as_manager()

    class Meta:
        ordering = ["group", "order", "label"]
        constraints = [
            models.UniqueConstraint(
                fields=["code"], condition=models.Q(partnership__isnull=True), name="one_shipped_theme_code"
            ),
            models.UniqueConstraint(
                fields=["partnership", "code"],
                condition=models.Q(partnership__isnull=False),
                name="one_local_theme_code",
            ),
        ]

    def __str__(self) -> str:
        return self.label


class ShippedFile(models.Model):
    """A shipped YAML file as it was loaded: its key, version and a fingerprint of its content.

    The guard that a shipped version never changes in place: loading a file whose (key, version)
    is already here with a different fingerprint fails, naming the file. Reference data of the
    catalogue, not of a partnership, so it keeps no history of its own."""

    key = models.SlugField(max_length=60)
    version = models.CharField(max_length=20)
    file_name = models.CharField(max_length=200)
    content_hash = models.CharField(max_length=64, help_text="SHA-256 of the file's parsed content")
    loaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["key", "loaded_at"]
        constraints = [models.UniqueConstraint(fields=["key", "version"], name="one_shipped_file_version")]

    def __str__(self) -> str:
        return f"{self.file_name} (version {self.version})"
